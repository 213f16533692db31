package experiments

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// fakePolicy is policy number k of a fake model.
type fakePolicy int

func (fakePolicy) Schedule(*sim.Input, rand.Source) (*sim.Schedule, error) {
	return &sim.Schedule{}, nil
}

// fakeEngine returns satisfaction_mean = table[policy][replicate] and
// coverage = 10·replicate + policy, nothing else.
type fakeEngine struct {
	table [][]float64
	rep   map[uint64]int
}

func (e fakeEngine) Run(w *sim.World, p sim.Policy) (*sim.Result, error) {
	k, r := int(p.(fakePolicy)), e.rep[w.Seed]
	res := &sim.Result{}
	for m := range res.Metrics {
		res.Metrics[m] = math.NaN()
	}
	res.Metrics[sim.SatisfactionMean] = e.table[k][r]
	res.Metrics[sim.Coverage] = float64(10*r + k)
	return res, nil
}

// fakeHooks runs the fake model on cfg's policies.
func fakeHooks(cfg *Config, table [][]float64) hooks {
	h := testHooks()
	eng := fakeEngine{table: table, rep: map[uint64]int{}}
	for r := range cfg.Run.Seeds {
		eng.rep[rng.Replicate(cfg.Run.Seed, r)] = r
	}
	h.newWorld = func(_ *sim.Config, seed uint64) (*sim.World, error) { return &sim.World{Seed: seed}, nil }
	h.newEngine = func() engine { return eng }
	h.newPolicy = func(name string, _ policy.Config) (sim.Policy, error) {
		for k, p := range cfg.Run.Policies {
			if p == name {
				return fakePolicy(k), nil
			}
		}
		panic("unknown policy " + name)
	}
	return h
}

func TestSummaryHandComputed(t *testing.T) {
	cfg := tinyConfig(t)
	cfg.Run.Seeds = 3
	nan := math.NaN()
	table := [][]float64{
		{1, 2, 3},   // random (baseline)
		{2, 4, 6},   // popularity
		{5, nan, 4}, // spread: replicate 1 undefined
	}
	h := fakeHooks(cfg, table)
	dir := t.TempDir()
	rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2}, h)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 {
		t.Fatalf("%d failed", rep.Failed)
	}
	// t quantiles 0.975: df 2 → 4.30265, df 1 → 12.7062.
	t2, t1 := 4.30265, 12.7062
	type row struct{ n, mean, sd, lo, hi, dn, d, dlo, dhi float64 }
	want := map[string]row{
		// Mean 2, sd 1.
		"random": {3, 2, 1, 2 - t2/math.Sqrt(3), 2 + t2/math.Sqrt(3), nan, nan, nan, nan},
		// Mean 4, sd 2; differences 1, 2, 3: mean 2, sd 1.
		"popularity": {3, 4, 2, 4 - t2*2/math.Sqrt(3), 4 + t2*2/math.Sqrt(3), 3, 2, 2 - t2/math.Sqrt(3), 2 + t2/math.Sqrt(3)},
		// 5 and 4: mean 4.5, sd √0.5; differences 4 and 1: mean 2.5,
		// sd √4.5.
		"spread": {2, 4.5, math.Sqrt(0.5), 4.5 - t1*0.5, 4.5 + t1*0.5, 2, 2.5, 2.5 - t1*1.5, 2.5 + t1*1.5},
	}
	recs := readCSV(t, filepath.Join(dir, summaryCSV))
	seen := 0
	for _, r := range recs[1:] {
		if r[1] != "satisfaction_mean" {
			continue
		}
		seen++
		w := want[r[0]]
		for i, v := range []float64{w.n, w.mean, w.sd, w.lo, w.hi, w.dn, w.d, w.dlo, w.dhi} {
			cell := r[2+i]
			if math.IsNaN(v) {
				if cell != "" {
					t.Errorf("%s %s = %q, want empty", r[0], summaryHeader[2+i], cell)
				}
				continue
			}
			got, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.Abs(got-v) > 1e-4 {
				t.Errorf("%s %s = %q, want %v", r[0], summaryHeader[2+i], cell, v)
			}
		}
	}
	if seen != 3 {
		t.Errorf("summary.csv has %d satisfaction_mean rows, want 3", seen)
	}
	// A metric that is NaN everywhere has n = 0 and empty statistics.
	for _, r := range recs[1:] {
		if r[1] == "hops" && (r[2] != "0" || r[3] != "" || r[6] != "") {
			t.Errorf("all-NaN metric row %v: want n 0, mean and interval empty", r)
		}
	}
	// Coverage is 10·r + k: every difference to random is exactly k, sd 0.
	for _, r := range recs[1:] {
		if r[1] == "coverage" && r[0] == "spread" && (r[8] != "2" || r[9] != "2" || r[10] != "2") {
			t.Errorf("spread coverage difference %v, want exactly 2 [2, 2]", r[7:])
		}
	}
	res := readCSV(t, filepath.Join(dir, resultsFile))
	if got := res[1+5][4]; got != "" {
		t.Errorf("results.csv unit 5 (r1/spread) satisfaction_mean %q, want an empty cell", got)
	}
}

func TestTiedWith(t *testing.T) {
	row := func(k int, m sim.Metric, mean float64) summaryRow {
		r := summaryRow{Policy: k, Metric: m}
		r.Est.Mean = mean
		return r
	}
	rows := []summaryRow{
		row(0, sim.SatisfactionMean, 0.5), row(0, sim.Coverage, 0.9),
		row(1, sim.SatisfactionMean, 0.7), row(1, sim.Coverage, 0.7),
		row(2, sim.SatisfactionMean, 0.7),
	}
	if got := tiedWith(rows, bestPolicy(rows)); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("tiedWith = %v, want [1 2]: policies 1 and 2 share the best mean satisfaction", got)
	}
	rows[4].Est.Mean = 0.6
	if got := tiedWith(rows, bestPolicy(rows)); len(got) != 1 || got[0] != 1 {
		t.Errorf("tiedWith = %v, want [1]", got)
	}
}

// TestEstimateJSON checks that an interval of one replicate (NaN bounds)
// encodes as null, which encoding/json would otherwise refuse.
func TestEstimateJSON(t *testing.T) {
	b, err := json.Marshal(Estimate{N: 1, Mean: 0.5, Low: Number(math.NaN()), High: Number(math.Inf(1))})
	if want := `{"n":1,"mean":0.5,"ci_low":null,"ci_high":null}`; err != nil || string(b) != want {
		t.Errorf("got %s (%v), want %s", b, err, want)
	}
}
