package experiments

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

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

var rowFiles = []string{runner.ResultsFile, runner.SessionsFile, runner.SlotsFile}

func TestCompareSameSeedSameBytes(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, run := range []struct {
		dir     string
		workers int
	}{{a, 1}, {b, 1}, {c, 4}} {
		rep, err := runCompare(t, context.Background(), cfg, run.dir, run.workers, nil)
		if err != nil {
			t.Fatalf("workers %d: %v", run.workers, err)
		}
		if rep.Failed != 0 {
			t.Fatalf("workers %d: %d units failed:\n%s", run.workers, rep.Failed, rep.Summary)
		}
	}
	exptest.SameFiles(t, a, b, runner.ResultsFile)
	// Workers change nothing but meta.json's times and worker count.
	exptest.SameFiles(t, a, c, runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD)

	other := *cfg
	other.Run.Seed++
	d := t.TempDir()
	if _, err := runCompare(t, context.Background(), &other, d, 2, nil); err != nil {
		t.Fatal(err)
	}
	if string(exptest.MustRead(t, filepath.Join(a, runner.ResultsFile))) == string(exptest.MustRead(t, filepath.Join(d, runner.ResultsFile))) {
		t.Error("master seeds 2017 and 2018 gave identical results.csv")
	}
}

func TestCompareFilesAndColumns(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	dir := t.TempDir()
	rep, err := runCompare(t, context.Background(), cfg, dir, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	P, R := len(cfg.Run.Policies), cfg.Run.Seeds
	if rep.Units != P*R || rep.Out != dir {
		t.Errorf("report: units %d out %q, want %d %q", rep.Units, rep.Out, P*R, dir)
	}
	for _, f := range rep.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("report lists %s: %v", f, err)
		}
	}
	for _, f := range exptest.DirFiles(t, dir) {
		if strings.HasSuffix(f, runner.JournalExt) || strings.HasSuffix(f, ".tmp") {
			t.Errorf("left over after a complete run: %s", f)
		}
	}

	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	wantHdr := slices.Concat([]string{"unit", "replicate", "seed", "policy"}, sim.MetricNames(), []string{"error"})
	if !slices.Equal(res[0], wantHdr) {
		t.Errorf("results.csv header\n got %v\nwant %v", res[0], wantHdr)
	}
	if len(res)-1 != P*R {
		t.Fatalf("results.csv: %d rows, want %d", len(res)-1, P*R)
	}
	sessionsPerUnit := map[string]int{}
	for i, row := range res[1:] {
		r, k := i/P, i%P
		want := []string{strconv.Itoa(i), strconv.Itoa(r), strconv.FormatUint(runner.NewLayout(1, R, cfg.Run.Policies, cfg.Run.Seed, nil, nil).Seed(r), 10), cfg.Run.Policies[k]}
		if !slices.Equal(row[:4], want) {
			t.Errorf("results row %d keys %v, want %v", i, row[:4], want)
		}
		if row[len(row)-1] != "" {
			t.Errorf("results row %d: error %q", i, row[len(row)-1])
		}
		sessionsPerUnit[row[0]] = exptest.Atoi(t, row[4+int(sim.Sessions)])
	}

	ses := exptest.ReadCSV(t, filepath.Join(dir, runner.SessionsFile))
	for _, c := range []string{"unit", "replicate", "seed", "policy", "slot", "day", "start", "room", "room_name", "title", "hands", "attendance", "quality"} {
		if !slices.Contains(ses[0], c) {
			t.Errorf("sessions.csv lacks column %q: %v", c, ses[0])
		}
	}
	got := map[string]int{}
	for _, row := range ses[1:] {
		if len(row) != len(ses[0]) {
			t.Fatalf("sessions row %v: %d fields, header %d", row, len(row), len(ses[0]))
		}
		got[row[0]]++
	}
	for u, n := range sessionsPerUnit {
		if got[u] != n {
			t.Errorf("unit %s: %d rows in sessions.csv, results.csv says %d sessions", u, got[u], n)
		}
	}

	slots := exptest.ReadCSV(t, filepath.Join(dir, runner.SlotsFile))
	if want := []string{"unit", "replicate", "seed", "policy", "slot", "day", "start", "group"}; !slices.Equal(slots[0][:len(want)], want) {
		t.Errorf("slots.csv header %v, want it to start with %v", slots[0], want)
	}
	nslots := cfg.Model.Event.Days * len(cfg.Model.Event.Slots)
	if len(slots)-1 != P*R*nslots*3 {
		t.Errorf("slots.csv: %d rows, want %d units × %d slots × 3 groups", len(slots)-1, P*R, nslots)
	}
	gi := slices.Index(slots[0], "group")
	for _, row := range slots[1:] {
		if groupIndex(row[gi]) < 0 {
			t.Errorf("slots.csv group %q", row[gi])
			break
		}
	}

	// Days, slots and rooms count from 1 in every file, as in plan's.
	nrooms := 0
	for _, g := range cfg.Model.Event.Rooms {
		nrooms += g.Count
	}
	for _, f := range []struct {
		name string
		rows [][]string
		max  map[string]int
	}{
		{runner.SessionsFile, ses, map[string]int{"slot": nslots, "day": cfg.Model.Event.Days, "room": nrooms}},
		{runner.SlotsFile, slots, map[string]int{"slot": nslots, "day": cfg.Model.Event.Days}},
	} {
		for c, hi := range f.max {
			i := slices.Index(f.rows[0], c)
			seen := map[int]bool{}
			for _, row := range f.rows[1:] {
				seen[exptest.Atoi(t, row[i])] = true
			}
			for v := range seen {
				if v < 1 || v > hi {
					t.Errorf("%s: %s %d, want 1 to %d", f.name, c, v, hi)
				}
			}
			if !seen[1] || !seen[hi] {
				t.Errorf("%s: %s values %v, want both 1 and %d among them", f.name, c, seen, hi)
			}
		}
	}

	sum := exptest.ReadCSV(t, filepath.Join(dir, runner.SummaryCSV))
	if !slices.Equal(sum[0], summary.CSVHeader) {
		t.Errorf("summary.csv header %v, want %v", sum[0], summary.CSVHeader)
	}
	if len(sum)-1 != P*int(sim.NumMetrics) {
		t.Errorf("summary.csv: %d rows, want %d", len(sum)-1, P*int(sim.NumMetrics))
	}
	md := string(exptest.MustRead(t, filepath.Join(dir, runner.SummaryMD)))
	if md != rep.Summary {
		t.Error("summary.md differs from Report.Summary")
	}
	for _, s := range []string{"tiny test config", "Master seed: 2017", "Replicates (seeds): 4", "version: test", "```yaml", "policies:", "| spread |"} {
		if !strings.Contains(md, s) {
			t.Errorf("summary.md lacks %q:\n%s", s, md)
		}
	}
	meta := string(exptest.MustRead(t, filepath.Join(dir, runner.MetaFile)))
	for _, s := range []string{`"master_seed": "2017"`, `"workers": 2`, `"units": 12`, `"failed": 0`, `"start":`, `"end":`, `"config": {`, `"run": {`, `"seeds": [`} {
		if !strings.Contains(meta, s) {
			t.Errorf("meta.json lacks %s", s)
		}
	}
}

func TestReplayMatchesResults(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	dir := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, dir, 2, nil); err != nil {
		t.Fatal(err)
	}
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	for _, row := range res[1:] {
		if row[1] != "2" {
			continue
		}
		w, r, err := Replay(cfg, row[3], 2)
		if err != nil {
			t.Fatal(err)
		}
		if strconv.FormatUint(w.Seed, 10) != row[2] {
			t.Errorf("Replay(%s, 2) seed %d, results.csv %s", row[3], w.Seed, row[2])
		}
		for m := range sim.NumMetrics {
			if got := csvcell.FormatFloat(r.Metrics[m]); got != row[4+int(m)] {
				t.Errorf("Replay(%s, 2) %s = %s, results.csv %s", row[3], m, got, row[4+int(m)])
			}
		}
	}
	if _, _, err := Replay(cfg, "nonsense", 0); err == nil {
		t.Error("Replay with an unknown policy: no error")
	}
	if _, _, err := Replay(cfg, "random", -1); err == nil {
		t.Error("Replay of replicate -1: no error")
	}
}

func TestCompareResume(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 9
	want := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, want, 3, nil); err != nil {
		t.Fatal(err)
	}
	finals := []string{runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.SummaryCSV, runner.SummaryMD, runner.MetaFile}

	for _, tc := range []struct {
		name string
		stop int // cancel after this task
		tear func(t *testing.T, dir string)
	}{
		{"cancelled", 2, nil},
		{"cancelled at once", 0, nil},
		{"torn last lines", 4, func(t *testing.T, dir string) {
			// A crash mid-write: half a results row, half a sessions
			// row of a later task.
			exptest.AppendTo(t, filepath.Join(dir, runner.ResultsFile+runner.JournalExt), "999,7,123,rand")
			exptest.AppendTo(t, filepath.Join(dir, runner.SessionsFile+runner.JournalExt), "1000,8,1")
		}},
		{"half a task in the ledger", 3, func(t *testing.T, dir string) {
			// The first row of the next task made it, the others not:
			// resume must redo the whole task, and cut sessions back.
			p := filepath.Join(dir, runner.ResultsFile+runner.JournalExt)
			rows := strings.SplitAfter(string(exptest.MustRead(t, filepath.Join(want, runner.ResultsFile))), "\n")
			got := strings.Count(string(exptest.MustRead(t, p)), "\n") - 1
			exptest.AppendTo(t, p, rows[1+got])
			ses := strings.SplitAfter(string(exptest.MustRead(t, filepath.Join(want, runner.SessionsFile))), "\n")
			sp := filepath.Join(dir, runner.SessionsFile+runner.JournalExt)
			n := strings.Count(string(exptest.MustRead(t, sp)), "\n")
			exptest.AppendTo(t, sp, ses[n]+ses[n+1])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ctx, h := cancelAfter(tc.stop)
			_, err := runCompare(t, ctx, cfg, dir, 2, h)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled run: err %v, want context.Canceled", err)
			}
			for _, f := range finals {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s runner.Exists after a cancelled run", f)
				}
			}
			for _, f := range rowFiles {
				if _, err := os.Stat(filepath.Join(dir, f+runner.JournalExt)); err != nil {
					t.Errorf("journal of %s missing after a cancelled run: %v", f, err)
				}
			}
			if tc.tear != nil {
				tc.tear(t, dir)
			}
			rep, err := runCompare(t, context.Background(), cfg, dir, 3, nil)
			if err != nil {
				t.Fatalf("resumed run: %v", err)
			}
			if rep.Resumed == 0 || rep.Resumed%len(cfg.Run.Policies) != 0 || rep.Resumed >= rep.Units {
				t.Errorf("resumed %d of %d units", rep.Resumed, rep.Units)
			}
			exptest.SameFiles(t, want, dir, runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD)
			for _, f := range exptest.DirFiles(t, dir) {
				if strings.HasSuffix(f, runner.JournalExt) {
					t.Errorf("journal %s left after the resumed run completed", f)
				}
			}
		})
	}
}

func TestCompareRerunComplete(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	dir := t.TempDir()
	first, err := runCompare(t, context.Background(), cfg, dir, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := exptest.MustRead(t, filepath.Join(dir, runner.ResultsFile))
	again, err := runCompare(t, context.Background(), cfg, dir, 2, nil)
	if err != nil {
		t.Fatalf("rerun in a complete directory: %v", err)
	}
	if again.Resumed != again.Units || again.Summary != first.Summary {
		t.Errorf("rerun: resumed %d of %d, summary same %v", again.Resumed, again.Units, again.Summary == first.Summary)
	}
	if string(before) != string(exptest.MustRead(t, filepath.Join(dir, runner.ResultsFile))) {
		t.Error("rerun changed results.csv")
	}
}

func TestCompareRefusesOtherRun(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	dir := t.TempDir()
	ctx, h := cancelAfter(0)
	if _, err := runCompare(t, ctx, cfg, dir, 1, h); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	other := *cfg
	other.Run.Seeds = 5
	_, err := runCompare(t, context.Background(), &other, dir, 1, nil)
	if err == nil || !strings.Contains(err.Error(), "different spec") || !strings.Contains(err.Error(), dir) {
		t.Errorf("another spec in the same directory: err %v, want a 'different spec' error naming %s", err, dir)
	}
	// The refused run touched nothing: the first resumes fine.
	if _, err := runCompare(t, context.Background(), cfg, dir, 1, nil); err != nil {
		t.Errorf("resuming the first spec after a refusal: %v", err)
	}

	stray := t.TempDir()
	os.WriteFile(filepath.Join(stray, runner.ResultsFile), []byte("x\n"), 0o644)
	if _, err := runCompare(t, context.Background(), cfg, stray, 1, nil); err == nil || !strings.Contains(err.Error(), "run.json") {
		t.Errorf("directory with results.csv but no run.json: err %v", err)
	}
	if got := string(exptest.MustRead(t, filepath.Join(stray, runner.ResultsFile))); got != "x\n" {
		t.Errorf("refused run overwrote results.csv: %q", got)
	}
}

func TestCompareBadOptions(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	for _, tc := range []struct {
		name string
		opts Options
		cfg  func(c *scenario.Config)
		want string
	}{
		{"format", Options{Format: "gif"}, nil, "chart format"},
		{"seeds", Options{}, func(c *scenario.Config) { c.Run.Seeds = 0 }, "run.seeds"},
		{"unwritable", Options{Out: "/proc/unconf-test/out"}, nil, "output directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := *cfg
			if tc.cfg != nil {
				tc.cfg(&c)
			}
			if tc.opts.Out == "" {
				tc.opts.Out = t.TempDir()
			}
			_, err := Compare(context.Background(), &c, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestCompareRecordsFailedUnits(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	h := testHooks()
	h.NewPolicy = func(name string, c policy.Config) (sim.Policy, error) {
		switch name {
		case "popularity":
			return nil, errors.New("policy: popularity: out of order, on purpose")
		case "spread":
			return sim.PolicyFunc(func(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
				panic("spread exploded\non two lines")
			}), nil
		}
		return policy.New(name, c)
	}
	dir := t.TempDir()
	rep, err := runCompare(t, context.Background(), cfg, dir, 2, &h)
	if err != nil {
		t.Fatal(err)
	}
	R := cfg.Run.Seeds
	if rep.Failed != 2*R {
		t.Errorf("Failed = %d, want %d", rep.Failed, 2*R)
	}
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	for _, row := range res[1:] {
		e := row[len(row)-1]
		switch row[3] {
		case "random":
			if e != "" || row[4] == "" {
				t.Errorf("random row %v: want metrics and no error", row)
			}
		case "popularity":
			if !strings.Contains(e, "on purpose") || row[4] != "" {
				t.Errorf("popularity row: error %q, metric %q", e, row[4])
			}
		case "spread":
			if !strings.Contains(e, "panic: spread exploded on two lines") {
				t.Errorf("spread row: error %q", e)
			}
		}
	}
	for _, row := range exptest.ReadCSV(t, filepath.Join(dir, runner.SessionsFile))[1:] {
		if row[3] != "random" {
			t.Fatalf("sessions.csv has a row of failed policy %s", row[3])
		}
	}
	if !strings.Contains(rep.Summary, fmt.Sprintf("**%d failed**", 2*R)) || !strings.Contains(rep.Summary, "r0/popularity") {
		t.Errorf("summary.md does not report the failures:\n%s", rep.Summary)
	}
}

func TestCompareRefusesBusyDirectory(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	dir := t.TempDir()
	lock, err := runner.TakeDir(dir, runner.State{Kind: "compare"}, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = runCompare(t, context.Background(), cfg, dir, 1, nil)
	if err == nil || !strings.Contains(err.Error(), "another unconf process") {
		t.Errorf("compare into a directory another process writes: err %v", err)
	}
	lock.Release(false)
	if _, err := runCompare(t, context.Background(), cfg, dir, 1, nil); err != nil {
		t.Errorf("after the other process: %v", err)
	}
}
