// Package exptest holds what the tests of compare and sweep share: a tiny
// scenario, a fake model whose metrics the test chooses, a cancel after
// some tasks, and helpers that read, compare and damage output files.
package exptest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// DefaultConfig returns the embedded default scenario.
func DefaultConfig(t testing.TB) *scenario.Config {
	t.Helper()
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TinyConfig is a fast scenario: 30 attendees, one day of two slots,
// three rooms, four replicates, three policies (random, the baseline,
// popularity and spread).
func TinyConfig(t testing.TB) *scenario.Config {
	t.Helper()
	c := DefaultConfig(t)
	c.Run.Seeds = 4
	c.Run.Policies = []string{"random", "popularity", "spread"}
	c.Run.Baseline = "random"
	c.Model.Event.Days = 1
	c.Model.Event.Slots = c.Model.Event.Slots[:2]
	c.Model.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 3, Capacity: 12}}
	c.Model.Attendees.Count = 30
	c.Model.Attendees.Affiliations = 10
	c.Model.Metrics.RandomSchedules = 3
	c.Policy.Spread.Iterations = 200
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// fakePolicy is policy number k of the fake model.
type fakePolicy int

func (fakePolicy) Schedule(*sim.Input, rand.Source) (*sim.Schedule, error) {
	return &sim.Schedule{}, nil
}

// fakeEngine returns satisfaction_mean = table[policy][replicate],
// new_ties = 10·replicate + policy and the metrics of more likewise,
// nothing else.
type fakeEngine struct {
	table [][]float64
	more  map[sim.Metric][][]float64
	rep   map[uint64]int
}

func (e fakeEngine) Run(w *sim.World, p sim.Policy) (*sim.Result, error) {
	k, r := int(p.(fakePolicy)), e.rep[w.Seed]
	res := &sim.Result{}
	for m := range res.Metrics {
		res.Metrics[m] = math.NaN()
	}
	res.Metrics[sim.SatisfactionMean] = e.table[k][r]
	res.Metrics[sim.NewTies] = float64(10*r + k)
	for m, tab := range e.more {
		res.Metrics[m] = tab[k][r]
	}
	return res, nil
}

// FakeModel sets h's model to a fake one on cfg's policies and replicates
// (the same at every point of a sweep): each unit's satisfaction_mean is
// table[policy][replicate], its new_ties 10·replicate + policy, the
// metrics of more likewise from their tables, every other metric NaN.
func FakeModel(h *runner.Hooks, cfg *scenario.Config, table [][]float64, more map[sim.Metric][][]float64) {
	eng := fakeEngine{table: table, more: more, rep: map[uint64]int{}}
	for r := range cfg.Run.Seeds {
		eng.rep[rng.Replicate(cfg.Run.Seed, r)] = r
	}
	h.NewWorld = func(_ *sim.Config, seed uint64) (*sim.World, error) { return &sim.World{Seed: seed}, nil }
	h.NewEngine = func() runner.Engine { return eng }
	h.NewPolicy = func(name string, _ policy.Config) (sim.Policy, error) {
		for k, p := range cfg.Run.Policies {
			if p == name {
				return fakePolicy(k), nil
			}
		}
		panic("unknown policy " + name)
	}
}

// CancelAfter returns a context and a runner.Hooks.AfterTask that
// cancels it once task k is written.
func CancelAfter(k int) (context.Context, func(t int)) {
	ctx, cancel := context.WithCancel(context.Background())
	return ctx, func(t int) {
		if t == k {
			cancel()
		}
	}
}

// MustRead returns the content of the file at path.
func MustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ReadCSV parses a CSV file.
func ReadCSV(t testing.TB, path string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(MustRead(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// SameFiles fails unless every named file is byte-identical in dirs a, b.
func SameFiles(t *testing.T, a, b string, names ...string) {
	t.Helper()
	for _, n := range names {
		x, y := MustRead(t, filepath.Join(a, n)), MustRead(t, filepath.Join(b, n))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s (%d bytes) and %s (%d bytes)", n, a, len(x), b, len(y))
		}
	}
}

// DirFiles lists the regular files in dir, recursively, relative to dir.
func DirFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(dir, p)
			out = append(out, r)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// ListAll lists everything in dir (files, folders, links), recursively,
// relative to dir.
func ListAll(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			r, _ := filepath.Rel(dir, p)
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// EditLines rewrites the file at path with its lines (line ends kept)
// passed through edit.
func EditLines(t *testing.T, path string, edit func(lines []string) []string) {
	t.Helper()
	lines := strings.SplitAfter(string(MustRead(t, path)), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if err := os.WriteFile(path, []byte(strings.Join(edit(lines), "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Damage done to a row file, as an accident or a careless hand would:
// the last n lines cut, line i duplicated, lines i and j swapped.
var (
	CutLast = func(n int) func([]string) []string {
		return func(l []string) []string { return l[:len(l)-n] }
	}
	Duplicate = func(i int) func([]string) []string {
		return func(l []string) []string { return append(l[:i+1:i+1], l[i:]...) }
	}
	Swap = func(i, j int) func([]string) []string {
		return func(l []string) []string { l[i], l[j] = l[j], l[i]; return l }
	}
)

// CopyDir copies the regular files of from into to, recursively.
func CopyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range DirFiles(t, from) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, f), MustRead(t, filepath.Join(from, f)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BigSeed is above 2^53: a JSON number this large loses digits in jq,
// JavaScript and R, which hold numbers as doubles.
const BigSeed uint64 = 1<<63 + 12345

// ReadJSONAsDoubles reads a JSON file as jq or JavaScript would: numbers
// as float64.
func ReadJSONAsDoubles(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(MustRead(t, path), &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// WantSeedString fails unless v is the JSON string of seed.
func WantSeedString(t *testing.T, where string, v any, seed uint64) {
	t.Helper()
	if s, ok := v.(string); !ok || s != strconv.FormatUint(seed, 10) {
		t.Errorf("%s = %#v (%T), want the string %q", where, v, v, strconv.FormatUint(seed, 10))
	}
}

// NoWriteThroughLink plants a symbolic link called name in a fresh output
// folder, pointing outside it (to a folder when dir is set), runs run
// into the folder and checks that the run is refused with an error naming
// the link, that nothing is written outside and that the link is left
// alone.
func NoWriteThroughLink(t *testing.T, name string, dir bool, run func(t *testing.T, out string) error) {
	t.Helper()
	outside := t.TempDir()
	target := filepath.Join(outside, "target")
	if dir {
		if err := os.Mkdir(target, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	link := filepath.Join(out, name)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	err := run(t, out)
	if err == nil || !strings.Contains(err.Error(), link) || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("error %v, want one naming the symbolic link %s", err, link)
	}
	if got := DirFiles(t, outside); len(got) > 0 {
		t.Errorf("wrote %v outside the output folder, through %s", got, name)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link %s was replaced or removed: %v", link, err)
	}
}

// BoundsTables are a fake model's values (FakeModel, TinyConfig with four
// replicates) whose t intervals reach past the metrics' ranges: mean
// satisfaction near 1, collapsed sessions near 0 (random: mean 0.25, sd
// 0.5, t interval 0.25 ± 0.80), a correlation near −1.
func BoundsTables() (satisfaction [][]float64, more map[sim.Metric][][]float64) {
	satisfaction = [][]float64{{1, 1, 1, 0.8}, {0.5, 0.6, 0.7, 0.6}, {0.5, 0.6, 0.7, 0.6}}
	more = map[sim.Metric][][]float64{
		sim.Collapsed:           {{0, 0, 0, 1}, {0, 0, 0, 0}, {1, 2, 1, 2}},
		sim.HandsAttendanceCorr: {{-1, -1, -1, -0.8}, {0, 0.1, 0.2, 0.1}, {0, 0.1, 0.2, 0.1}},
	}
	return satisfaction, more
}

// CheckSummaryBounds checks the summary.csv records recs of a run of
// BoundsTables: every interval inside its metric's range, the paired
// differences not cut (popularity's collapsed reaches below −1), random's
// collapsed mean 0.25 with its interval cut at 0. name labels failures.
func CheckSummaryBounds(t *testing.T, name string, recs [][]string) {
	t.Helper()
	col := func(n string) int { return slices.Index(recs[0], n) }
	for _, r := range recs[1:] {
		m, err := sim.ParseMetric(r[col("metric")])
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := m.Bounds()
		for _, c := range []string{"ci_low", "ci_high"} {
			if v, err := strconv.ParseFloat(r[col(c)], 64); err == nil && (v < lo || v > hi) {
				t.Errorf("%s %s %s %s = %v, outside [%v, %v]", name, r[col("policy")], m, c, v, lo, hi)
			}
		}
		if r[col("policy")] == "popularity" && m == sim.Collapsed {
			// Differences 0, 0, 0, −1: the interval reaches below 0.
			if v, err := strconv.ParseFloat(r[col("diff_ci_low")], 64); err != nil || v > -1 {
				t.Errorf("%s popularity collapsed diff_ci_low %q, want the t interval's, below −1", name, r[col("diff_ci_low")])
			}
		}
		if r[col("policy")] == "random" && m == sim.Collapsed && (r[col("ci_low")] != "0" || r[col("mean")] != "0.25") {
			t.Errorf("%s random collapsed mean %s [%s, %s], want 0.25 [0, …]", name, r[col("mean")], r[col("ci_low")], r[col("ci_high")])
		}
	}
}

// GridSpec is a 2 × 3 grid sweep spec over TinyConfig: 6 points × 3
// replicates × 3 policies = 54 units.
const GridSpec = `
replicates: 3
parameters:
  - key: attendees.count
    values: [20, 40]
  - key: votes.noise
    range: {from: 0, to: 0.4, steps: 3}
`

// Atoi parses s as a whole number.
func Atoi(t testing.TB, s string) int {
	t.Helper()
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// AppendTo appends s to the file at path.
func AppendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// SVGText returns the text elements of the SVG file at path, in order.
func SVGText(t *testing.T, path string) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(MustRead(t, path)))
	var out []string
	in := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch e := tok.(type) {
		case xml.StartElement:
			in = e.Name.Local == "text"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				out = append(out, string(e))
			}
		}
	}
}
