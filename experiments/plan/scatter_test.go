package plan

import (
	"math"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim/prior"
)

// TestScatter: forecast.scatter moves predicted head counts, not the
// policies' metrics; it widens the 80% ranges on the log scale by about
// what √(s² + σ²) says; every count stays within the room (at least the
// moderator, at most the capacity); and every schedule meets the same
// factor for a proposal (the fixed schedule equal to a policy's gets its
// forecasts exactly).
func TestScatter(t *testing.T) {
	d, cfg := smallPlan(t, 11)
	plain := recommend(t, d, cfg, Options{Seeds: 40, Seed: 2, Policies: []string{"popularity"}})
	const sigma = 0.5
	fc := &prior.Config{PriorVoters: prior.DefaultPriorVoters, Scatter: sigma}
	wide := recommend(t, d, cfg, Options{Seeds: 40, Seed: 2, Policies: []string{"popularity"}, Forecast: fc,
		Fixed: plain.Candidates[0].Schedule})
	p, w := &plain.Candidates[0], &wide.Candidates[0]
	for m := range p.Values {
		if !slices.Equal(p.Values[m], w.Values[m]) {
			t.Errorf("metric %d changed with scatter", m)
		}
	}
	var before, after float64
	n := 0
	for i := range p.Sessions {
		fp, fw := &p.Sessions[i], &w.Sessions[i]
		for r, a := range fw.Attendance {
			if a < 1 || a > fw.Capacity {
				t.Fatalf("session %d replicate %d: %d people in a room of %d", i, r, a, fw.Capacity)
			}
		}
		if fp.Median >= 5 {
			before += math.Log(fp.P90 / fp.P10)
			after += math.Log(fw.P90 / fw.P10)
			n++
		}
	}
	if n == 0 {
		t.Fatal("no session of 5 or more people")
	}
	before, after = before/float64(n), after/float64(n)
	// The 80% range of a log-normal spans 2·1.28·sd on the log scale.
	want := math.Sqrt(before*before + (2*1.2816*sigma)*(2*1.2816*sigma))
	if after < 0.75*want || after > 1.25*want {
		t.Errorf("log(P90/P10): %.2f without scatter, %.2f with %.1f; want about %.2f", before, after, sigma, want)
	}
	// The fixed schedule (popularity's own) meets the same factors.
	var fixed *Candidate
	for k := range wide.Candidates {
		if wide.Candidates[k].Name == FixedName {
			fixed = &wide.Candidates[k]
		}
	}
	if fixed == nil {
		t.Fatal("no fixed candidate")
	}
	for i := range w.Sessions {
		if !slices.Equal(w.Sessions[i].Attendance, fixed.Sessions[i].Attendance) {
			t.Errorf("session %d: the policy's schedule and the same schedule given back differ under scatter", i)
		}
	}
}

// TestScatterDrawn: a prior or posterior on forecast.scatter sets each
// replicate's scatter in place of forecast.scatter: a posterior whose rows
// say 0 gives the model's own head counts, a narrow prior around 0.5 about
// the ranges of a fixed 0.5.
func TestScatterDrawn(t *testing.T) {
	d, cfg := smallPlan(t, 11)
	opts := Options{Seeds: 40, Seed: 2, Policies: []string{"popularity"}}
	plain := recommend(t, d, cfg, opts)
	opts.Forecast = &prior.Config{PriorVoters: prior.DefaultPriorVoters, Scatter: 0.5,
		Posterior: prior.Draws{Keys: []string{prior.ScatterKey}, Rows: [][]float64{{0}, {0}}}}
	zero := recommend(t, d, cfg, opts)
	for i := range plain.Candidates[0].Sessions {
		if !slices.Equal(plain.Candidates[0].Sessions[i].Attendance, zero.Candidates[0].Sessions[i].Attendance) {
			t.Fatalf("session %d: a posterior of scatter 0 moved the head counts", i)
		}
	}
	opts.Forecast = &prior.Config{PriorVoters: prior.DefaultPriorVoters, Scatter: 0.5}
	fixed := recommend(t, d, cfg, opts)
	opts.Forecast = &prior.Config{PriorVoters: prior.DefaultPriorVoters,
		Priors: []prior.Dist{{Key: prior.ScatterKey, Uniform: []float64{0.49, 0.51}}}}
	drawn := recommend(t, d, cfg, opts)
	var a, b float64
	for i := range fixed.Candidates[0].Sessions {
		f, g := &fixed.Candidates[0].Sessions[i], &drawn.Candidates[0].Sessions[i]
		a += math.Log(f.P90 / f.P10)
		b += math.Log(g.P90 / g.P10)
	}
	if b < 0.9*a || b > 1.1*a {
		t.Errorf("sum of log(P90/P10): %.2f with forecast.scatter 0.5, %.2f with a prior U(0.49, 0.51) on it", a, b)
	}
	if a == b {
		t.Error("a prior on forecast.scatter gave the very ranges of the fixed value: was it drawn?")
	}
}

func TestHandsText(t *testing.T) {
	for n, want := range map[int]string{0: "0 hands", 1: "1 hand", 2: "2 hands", 41: "41 hands"} {
		if got := HandsText(n); got != want {
			t.Errorf("HandsText(%d) = %q, want %q", n, got, want)
		}
	}
}
