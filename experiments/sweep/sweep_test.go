package sweep

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

func newSource(seed uint64) rand.Source { return rng.New(seed, "test") }

// tinySpec parses a spec and sets its base to the tiny test config.
func tinySpec(t testing.TB, yamlText string) *Spec {
	t.Helper()
	s, err := ParseSpec([]byte(yamlText), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Settings, err = scenario.Settings(exptest.TinyConfig(t)); err != nil {
		t.Fatal(err)
	}
	s.Source = "test.yaml"
	return s
}

// runSweep runs a sweep with hooks h (default when nil), version "test".
func runSweep(t testing.TB, ctx context.Context, s *Spec, opts Options, h *hooks) (*Report, error) {
	t.Helper()
	hk := defaultHooks()
	if h != nil {
		hk = *h
	}
	if opts.Version == "" {
		opts.Version = "test"
	}
	return sweepWith(ctx, s, opts, hk)
}

// gridSpec is a 2 × 3 grid over the tiny config: 6 points × 3 replicates
// × 3 policies = 54 units.
const gridSpec = exptest.GridSpec

// testHooks are the default hooks without charts.
func testHooks() hooks {
	h := defaultHooks()
	h.skipCharts = true
	return h
}

// cancelAfter returns hooks that cancel the run after task k is written.
func cancelAfter(k int) (context.Context, *hooks) {
	ctx, after := exptest.CancelAfter(k)
	h := testHooks()
	h.AfterTask = after
	return ctx, &h
}

// sweepFiles are the outputs that must not depend on workers, resumes or
// shards.
var sweepFiles = []string{runner.ResultsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD}

func TestSweepGridOutputs(t *testing.T) {
	s := tinySpec(t, gridSpec)
	dir := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2, Sessions: true, Format: "parquet"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Points != 6 || rep.Units != 54 || rep.Failed != 0 {
		t.Fatalf("report: %d points, %d units, %d failed; want 6, 54, 0", rep.Points, rep.Units, rep.Failed)
	}
	for _, f := range rep.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("report lists %s: %v", f, err)
		}
	}
	for _, want := range []string{"sessions.csv", "slots.csv", "results.parquet", "charts/heat-winner-margin.png",
		"charts/heat-satisfaction_mean-spread.png", "charts/heat-diff-spread-vs-random.png"} {
		if !slices.Contains(rep.Files, want) {
			t.Errorf("no %s among %v", want, rep.Files)
		}
	}
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	wantHdr := slices.Concat([]string{"unit", "point", "attendees.count", "votes.noise", "replicate", "seed", "policy"}, sim.MetricNames(), []string{"error"})
	if !slices.Equal(res[0], wantHdr) {
		t.Fatalf("results.csv header\n got %v\nwant %v", res[0], wantHdr)
	}
	if len(res)-1 != 54 {
		t.Fatalf("results.csv: %d rows, want 54", len(res)-1)
	}
	counts := []string{"20", "40"}
	noises := []string{"0", "0.2", "0.4"}
	seeds := map[string]string{}
	for i, row := range res[1:] {
		pt, r, k := i/9, i/3%3, i%3
		want := []string{strconv.Itoa(i), strconv.Itoa(pt), counts[pt/3], noises[pt%3], strconv.Itoa(r)}
		if !slices.Equal(row[:5], want) {
			t.Errorf("row %d keys %v, want %v", i, row[:5], want)
		}
		if row[6] != basePolicy(s, k) {
			t.Errorf("row %d policy %s, want %s", i, row[6], basePolicy(s, k))
		}
		// Common random numbers: replicate r's seed is the same at every point.
		if old, ok := seeds[row[4]]; ok && old != row[5] {
			t.Errorf("replicate %s has seeds %s and %s", row[4], old, row[5])
		}
		seeds[row[4]] = row[5]
	}

	// The override reaches the model: every unit's attendees are on site
	// on day 1 (slot 1: files count slots from 1), as many as the point's
	// attendees.count.
	slots := exptest.ReadCSV(t, filepath.Join(dir, runner.SlotsFile))
	col := func(name string) int { return slices.Index(slots[0], name) }
	onSite := map[string]int{}
	count := map[string]string{}
	for _, row := range slots[1:] {
		if row[col("slot")] == "1" {
			onSite[row[0]] += exptest.Atoi(t, row[col("on_site")])
			count[row[0]] = row[col("attendees.count")]
		}
	}
	if len(onSite) != 54 {
		t.Fatalf("slots.csv covers %d units, want 54", len(onSite))
	}
	for u, n := range onSite {
		if strconv.Itoa(n) != count[u] {
			t.Errorf("unit %s: %d attendees on site, attendees.count %s", u, n, count[u])
		}
	}

	sum := exptest.ReadCSV(t, filepath.Join(dir, runner.SummaryCSV))
	if want := slices.Concat([]string{"point", "attendees.count", "votes.noise"}, summary.CSVHeader); !slices.Equal(sum[0], want) {
		t.Errorf("summary.csv header %v, want %v", sum[0], want)
	}
	if len(sum)-1 != 6*3*int(sim.NumMetrics) {
		t.Errorf("summary.csv: %d rows, want %d", len(sum)-1, 6*3*int(sim.NumMetrics))
	}
	for _, s := range []string{"Full factorial grid", "6 points × 3 replicates × 3 policies = 54 units", "none failed", "| `attendees.count` | 20, 40 |", "Points won:"} {
		if !strings.Contains(rep.Summary, s) {
			t.Errorf("summary.md lacks %q:\n%s", s, rep.Summary)
		}
	}

	// Parquet: the same rows and columns, typed.
	f, err := os.Open(filepath.Join(dir, "results.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if pf.NumRows() != 54 {
		t.Errorf("results.parquet: %d rows, want 54", pf.NumRows())
	}
	var names []string
	for _, c := range pf.Schema().Columns() {
		names = append(names, c[0])
	}
	if !slices.Equal(names, wantHdr) {
		t.Errorf("results.parquet columns\n got %v\nwant %v", names, wantHdr)
	}
	rows := make([]parquet.Row, 54)
	n, err := pf.RowGroups()[0].Rows().ReadRows(rows)
	if n != 54 && err != nil {
		t.Fatalf("reading results.parquet: %d rows, %v", n, err)
	}
	for i, row := range rows[:n] {
		if got := row[2].Int64(); strconv.FormatInt(got, 10) != res[1+i][2] && csvcell.FormatFloat(row[2].Double()) != res[1+i][2] {
			t.Errorf("parquet row %d attendees.count %v, csv %s", i, row[2], res[1+i][2])
		}
		if got := csvcell.FormatFloat(row[7].Double()); got != res[1+i][7] {
			t.Errorf("parquet row %d satisfaction_mean %s, csv %s", i, got, res[1+i][7])
		}
	}
}

// basePolicy returns the k-th policy of the base's run (the spec leaves
// policies to the base).
func basePolicy(s *Spec, k int) string {
	return s.Settings["run"].(map[string]any)["policies"].([]any)[k].(string)
}

func TestSweepWorkersSameBytes(t *testing.T) {
	s := tinySpec(t, gridSpec)
	a, b := t.TempDir(), t.TempDir()
	for _, run := range []struct {
		dir     string
		workers int
	}{{a, 1}, {b, 4}} {
		if _, err := runSweep(t, context.Background(), s, Options{Out: run.dir, Workers: run.workers}, nil); err != nil {
			t.Fatal(err)
		}
	}
	exptest.SameFiles(t, a, b, sweepFiles...)
}

func TestSweepResume(t *testing.T) {
	s := tinySpec(t, gridSpec)
	want := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: want, Workers: 3, Sessions: true}, nil); err != nil {
		t.Fatal(err)
	}
	for _, stop := range []int{0, 7} {
		t.Run(fmt.Sprintf("crash after task %d", stop), func(t *testing.T) {
			dir := t.TempDir()
			ctx, h := cancelAfter(stop)
			if _, err := runSweep(t, ctx, s, Options{Out: dir, Workers: 2, Sessions: true}, h); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled sweep: err %v", err)
			}
			// A crash mid-write: half a row in the ledger and in sessions.
			exptest.AppendTo(t, filepath.Join(dir, runner.ResultsFile+runner.JournalExt), "999,7,20,0.2,1,123,rand")
			exptest.AppendTo(t, filepath.Join(dir, runner.SessionsFile+runner.JournalExt), "1000,8")
			rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 3, Sessions: true}, nil)
			if err != nil {
				t.Fatalf("resumed: %v", err)
			}
			if rep.Resumed == 0 || rep.Resumed >= rep.Units {
				t.Errorf("resumed %d of %d units", rep.Resumed, rep.Units)
			}
			exptest.SameFiles(t, want, dir, runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD)
		})
	}

	// Another spec in the same directory is refused.
	other := tinySpec(t, strings.Replace(gridSpec, "[20, 40]", "[20, 50]", 1))
	_, err := runSweep(t, context.Background(), other, Options{Out: want}, nil)
	if err == nil || !strings.Contains(err.Error(), "different spec") {
		t.Errorf("another spec in a sweep's directory: err %v, want a 'different spec' error", err)
	}
	// The same spec again finds it complete.
	rep, err := runSweep(t, context.Background(), s, Options{Out: want, Sessions: true}, nil)
	if err != nil || rep.Resumed != rep.Units {
		t.Errorf("rerun of a complete sweep: resumed %v, err %v", rep, err)
	}
}

func TestSweepFailingUnit(t *testing.T) {
	s := tinySpec(t, gridSpec)
	h := defaultHooks()
	h.NewWorld = func(c *sim.Config, seed uint64) (*sim.World, error) {
		if c.Attendees.Count == 40 && c.Votes.Noise == 0.2 {
			return nil, errors.New("world: broken on purpose")
		}
		return agents.NewWorld(c, seed)
	}
	dir := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2}, &h)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 9 { // point 4: 3 replicates × 3 policies
		t.Errorf("Failed = %d, want 9", rep.Failed)
	}
	for _, row := range exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))[1:] {
		failed := row[len(row)-1] != ""
		if failed != (row[1] == "4") {
			t.Errorf("point %s row: error %q", row[1], row[len(row)-1])
		}
		if !failed && row[7] == "" {
			t.Errorf("point %s row has no metrics", row[1])
		}
	}
	if !strings.Contains(rep.Summary, "**9 failed**") || !strings.Contains(rep.Summary, "p4/r0/random") {
		t.Errorf("summary.md does not report the failures:\n%s", rep.Summary)
	}
}

func TestParseSweepSpecErrors(t *testing.T) {
	for _, tc := range []struct {
		name, spec, want string
	}{
		{"unknown top key", "replicate: 3\nparameters: [{key: a.b, values: [1]}]", `test.yaml:1: unknown key "replicate"`},
		{"unknown design key", "design: {kind: lhs, sample: 3}\nparameters: [{key: a.b, values: [1]}]", `unknown key "sample" in design`},
		{"unknown parameter key", "parameters:\n  - key: a.b\n    valus: [1]", `test.yaml:3: unknown key "valus" in parameters.0`},
		{"wrong type", "replicates: many\nparameters: [{key: a.b, values: [1]}]", `replicates: "many" is not a whole number`},
		{"no parameters", "replicates: 2", "parameters: none"},
		{"grid with distribution", "parameters: [{key: a.b, distribution: {uniform: [0, 1]}}]", "a grid needs values or a range"},
		{"lhs without samples", "design: {kind: lhs}\nparameters: [{key: a.b, distribution: {uniform: [0, 1]}}]", "design.samples"},
		{"lhs with values", "design: {kind: lhs, samples: 4}\nparameters: [{key: a.b, values: [1, 2]}]", "not a list of values"},
		{"odd levels", "design: {kind: morris, levels: 3}\nparameters: [{key: a.b, range: {from: 0, to: 1}}]", "design.levels: 3"},
		{"bad kind", "design: {kind: sobol}\nparameters: [{key: a.b, values: [1]}]", `design.kind: "sobol"`},
		{"two sources", "parameters: [{key: a.b, values: [1], range: {from: 0, to: 1, steps: 2}}]", "exactly one of values, range or distribution"},
		{"run key", "parameters: [{key: run.seeds, values: [1, 2]}]", "run.* keys cannot be swept"},
		{"repeated key", "parameters: [{key: a.b, values: [1]}, {key: a.b, values: [2]}]", "also swept by parameters.0"},
		{"bad uniform", "design: {kind: lhs, samples: 3}\nparameters: [{key: a.b, distribution: {uniform: [1]}}]", "want [low, high]"},
		{"huge grid", "parameters: [{key: a.b, range: {from: 0, to: 1, steps: 1000000000}}]", "design: more than 1000000 points (grid)"},
		{"huge product", "parameters: [{key: a.b, range: {from: 0, to: 1, steps: 2000}}, {key: a.c, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}, {key: a.d, range: {from: 0, to: 1, steps: 100}}]", "design: more than 1000000 points"},
		{"huge lhs", "design: {kind: lhs, samples: 1000000000}\nparameters: [{key: a.b, distribution: {uniform: [0, 1]}}]", "design: more than 1000000 points (lhs)"},
		{"huge morris", "design: {kind: morris, trajectories: 600000}\nparameters: [{key: a.b, range: {from: 0, to: 1}}]", "design: more than 1000000 points (morris)"},
		{"empty distribution", "design: {kind: lhs, samples: 3}\nparameters: [{key: a.b, distribution: {}}]", "distribution.uniform: []: want [low, high]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(tc.spec), "test.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestSweepRejectsBadPointsBeforeRunning(t *testing.T) {
	for _, tc := range []struct {
		name, spec, want string
	}{
		{"unknown key", "parameters: [{key: attendees.cont, values: [1]}]", `sweep spec test.yaml:1: parameters.0.key: unknown config key "attendees.cont" (did you mean "attendees.count"?)`},
		{"wrong type", "parameters: [{key: attendees.count, values: [10, lots]}]", "point 1 (attendees.count=lots)"},
		{"not whole", "parameters: [{key: attendees.count, values: [10, 12.5]}]", "attendees.count: 12.5 is not a whole number"},
		{"invalid value", "parameters: [{key: votes.noise, values: [0.1, -3]}]", "point 1 (votes.noise=-3)"},
		{"list index", "parameters: [{key: event.rooms.5.count, values: [1]}]", `list index 5 out of range in "event.rooms.5.count"`},
		{"bad baseline", "baseline: jetlag\nparameters: [{key: votes.noise, values: [0.1]}]", "run.baseline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := runSweep(t, context.Background(), tinySpec(t, tc.spec), Options{Out: dir}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one containing %q", err, tc.want)
			}
			if files := exptest.DirFiles(t, dir); len(files) > 0 {
				t.Errorf("a refused sweep wrote %v", files)
			}
		})
	}
}

func BenchmarkSweepPointConfig(b *testing.B) {
	s := tinySpec(b, `
design: {kind: lhs, samples: 10}
parameters:
  - key: votes.noise
    distribution: {uniform: [0, 0.5]}
  - key: attendees.visitor_share
    distribution: {uniform: [0, 0.9]}
`)
	p, err := planSweep(s, false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := p.config(i % 10); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSweepRefusesBusyDirectory(t *testing.T) {
	s := tinySpec(t, gridSpec)
	dir := t.TempDir()
	lock, err := runner.TakeDir(dir, runner.State{Kind: "compare"}, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = runSweep(t, context.Background(), s, Options{Out: dir}, nil)
	if err == nil || !strings.Contains(err.Error(), "another unconf process") {
		t.Errorf("sweep into a directory another process writes: err %v", err)
	}
	lock.Release(false)
	if _, err := runSweep(t, context.Background(), s, Options{Out: dir}, nil); err != nil {
		t.Errorf("after the other process: %v", err)
	}
}
