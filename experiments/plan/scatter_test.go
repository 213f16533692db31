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

func TestHandsText(t *testing.T) {
	for n, want := range map[int]string{0: "0 hands", 1: "1 hand", 2: "2 hands", 41: "41 hands"} {
		if got := HandsText(n); got != want {
			t.Errorf("HandsText(%d) = %q, want %q", n, got, want)
		}
	}
}
