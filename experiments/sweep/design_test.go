package sweep

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
)

func TestGridAndLHSDesigns(t *testing.T) {
	ps := []ParamSpec{
		{Key: "a", Values: []any{int64(1), int64(2), int64(3)}},
		{Key: "b", Range: &RangeSpec{From: 0, To: 1, Steps: 5}},
		{Key: "c", Values: []any{"x", "y"}},
	}
	d := gridDesign(ps)
	if len(d.values) != 3*5*2 {
		t.Fatalf("grid: %d points, want 30", len(d.values))
	}
	if got := fmt.Sprint(d.values[0], d.values[1], d.values[29]); got != "[1 0 x] [1 0 y] [3 1 y]" {
		t.Errorf("grid order (first parameter slowest): %s", got)
	}
	if got := fmt.Sprint(ps[1].gridValues()); got != "[0 0.25 0.5 0.75 1]" {
		t.Errorf("range values %s", got)
	}

	for _, n := range []int{1, 7, 50} {
		lps := []ParamSpec{
			{Key: "x", Distribution: &DistributionSpec{Uniform: []float64{0, 1}}},
			{Key: "y", Range: &RangeSpec{From: -2, To: 6}},
			{Key: "z", Distribution: &DistributionSpec{Uniform: []float64{10, 10.5}}},
		}
		d := lhsDesign(lps, n, newSource(uint64(n)))
		if len(d.values) != n {
			t.Fatalf("lhs %d: %d points", n, len(d.values))
		}
		for j, p := range lps {
			lo, hi := p.bounds()
			hit := make([]int, n)
			for _, v := range d.values {
				x := v[j].(float64)
				s := int(math.Floor((x - lo) / (hi - lo) * float64(n)))
				if s < 0 || s >= n {
					t.Fatalf("lhs %d: %s = %v outside [%v, %v]", n, p.Key, x, lo, hi)
				}
				hit[s]++
			}
			for s, c := range hit {
				if c != 1 {
					t.Errorf("lhs %d: %s stratum %d hit %d times, want once", n, p.Key, s, c)
				}
			}
		}
	}
}

func TestLHSSweepPointsAndSeed(t *testing.T) {
	spec := `
design: {kind: lhs, samples: 5}
replicates: 2
policies: [random, spread]
baseline: random
parameters:
  - key: votes.noise
    distribution: {uniform: [0, 0.5]}
  - key: attendees.count
    range: {from: 20, to: 40}
    integer: true
`
	a, b := tinySpec(t, spec), tinySpec(t, spec)
	pa, err := planSweep(a, false)
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := planSweep(b, false)
	if pa.l.Points != 5 || pa.l.Units() != 20 || pa.hash != pb.hash {
		t.Errorf("lhs plan: %d points, %d units, hashes equal %v", pa.l.Points, pa.l.Units(), pa.hash == pb.hash)
	}
	for _, v := range pa.d.values {
		if _, ok := v[1].(int64); !ok {
			t.Errorf("integer parameter value %v (%T)", v[1], v[1])
		}
	}
	seed := uint64(99)
	b.Seed = &seed
	pc, _ := planSweep(b, false)
	if fmt.Sprint(pc.d.values) == fmt.Sprint(pa.d.values) {
		t.Error("another master seed gave the same Latin hypercube")
	}
}

func TestMorrisScreening(t *testing.T) {
	// metrics.collapsed only changes the collapsed count, never
	// satisfaction; choice.b_interest drives satisfaction.
	spec := `
design: {kind: morris, trajectories: 4, levels: 4}
replicates: 2
policies: [random, spread]
baseline: random
parameters:
  - key: metrics.collapsed
    range: {from: 0, to: 6}
    integer: true
  - key: choice.b_interest
    distribution: {uniform: [0, 6]}
`
	s := tinySpec(t, spec)
	dir := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Points != 4*3 {
		t.Errorf("morris: %d points, want r(k+1) = 12", rep.Points)
	}
	rows := exptest.ReadCSV(t, filepath.Join(dir, runner.MorrisFile))
	if !slices.Equal(rows[0], morrisHeader) {
		t.Fatalf("morris.csv header %v", rows[0])
	}
	got := map[string]float64{}
	for _, r := range rows[1:] {
		if r[1] == "satisfaction_mean" {
			v, _ := strconv.ParseFloat(r[5], 64)
			got[r[0]+" "+r[2]] = v
			if r[3] != "4" {
				t.Errorf("%v: n = %s, want 4 trajectories", r, r[3])
			}
		}
	}
	for _, pol := range []string{"random", "spread"} {
		if v := got[pol+" metrics.collapsed"]; v > 1e-12 {
			t.Errorf("%s: μ* of metrics.collapsed on satisfaction = %v, want 0", pol, v)
		}
		if v := got[pol+" choice.b_interest"]; v < 0.02 {
			t.Errorf("%s: μ* of choice.b_interest on satisfaction = %v, want large", pol, v)
		}
	}
	var collapsedEffect float64
	for _, r := range rows[1:] {
		if r[1] == "collapsed" && r[2] == "metrics.collapsed" {
			v, _ := strconv.ParseFloat(r[5], 64)
			collapsedEffect += v
		}
	}
	if collapsedEffect == 0 {
		t.Error("metrics.collapsed has no effect on the collapsed count")
	}
	if !strings.Contains(rep.Summary, "Morris screening") || !slices.Contains(rep.Files, "charts/morris-satisfaction_mean-spread.png") {
		t.Errorf("morris report: files %v\n%s", rep.Files, rep.Summary)
	}
}

func TestMorrisDesignStructure(t *testing.T) {
	ps := []ParamSpec{
		{Key: "a", Range: &RangeSpec{From: 0, To: 1}},
		{Key: "b", Range: &RangeSpec{From: 10, To: 20}},
		{Key: "c", Range: &RangeSpec{From: -1, To: 1}},
	}
	const r, p = 20, 4
	d, err := morrisDesign(ps, r, p, newSource(3))
	if err != nil {
		t.Fatal(err)
	}
	k := len(ps)
	if len(d.values) != r*(k+1) {
		t.Fatalf("%d points, want %d", len(d.values), r*(k+1))
	}
	levels := map[string]bool{}
	for t0 := range r {
		seen := map[int]bool{}
		for j := range k {
			a, b := d.values[t0*(k+1)+j], d.values[t0*(k+1)+j+1]
			moved := d.morris.moved[t0][j]
			for i := range k {
				if (i == moved) == (a[i] == b[i]) {
					t.Fatalf("trajectory %d step %d: parameter %d changed %v → %v; moved %d", t0, j, i, a[i], b[i], moved)
				}
			}
			if dl := math.Abs(d.morris.delta[t0][j]); math.Abs(dl-2.0/3) > 1e-9 {
				t.Errorf("step Δ = %v, want 2/3", dl)
			}
			seen[moved] = true
		}
		if len(seen) != k {
			t.Errorf("trajectory %d moves %d distinct parameters, want %d", t0, len(seen), k)
		}
		for _, v := range d.values[t0*(k+1) : (t0+1)*(k+1)] {
			levels[formatValue(v[0])] = true
		}
	}
	if len(levels) != p {
		t.Errorf("parameter a takes levels %v, want %d", levels, p)
	}
	_, err = morrisDesign([]ParamSpec{{Key: "n", Range: &RangeSpec{From: 0, To: 0.6}, Integer: true}}, 4, 4, newSource(1))
	if err == nil || !strings.Contains(err.Error(), "round to the same value") {
		t.Errorf("integer levels that collide: err %v", err)
	}
}
