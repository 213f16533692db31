package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// TestLogitMatchesExhaustive checks the bounded logit against evaluating
// every option with rng.Gumbel, removals and ties included.
func TestLogitMatchesExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var l logit
	key := rng.Key(9, "choice")
	exact := 0
	for trial := range 20000 {
		n := 1 + r.IntN(12)
		noise := []float64{0, 0.01, 1, 3}[r.IntN(4)]
		l.size(n, noise)
		v := make([]float64, n)
		for k := range n {
			sys := float64(r.IntN(4)) // coarse, for ties
			if r.IntN(2) == 0 {
				sys = 3 * r.Float64()
			}
			l.set(k, sys, rng.Uniform(key, trial, k, 0))
			v[k] = sys
			if noise != 0 {
				v[k] += noise * rng.Gumbel(key, trial, k, 0)
			}
		}
		for removed := 0; removed < n; removed++ {
			want, wantV := -1, math.Inf(-1)
			for k, x := range v {
				if want < 0 || x > wantV {
					want, wantV = k, x
				}
			}
			if got := l.best(); got != want {
				t.Fatalf("trial %d (n %d, noise %v, %d removed): best %d, want %d (values %v)", trial, n, noise, removed, got, want, v)
			}
			l.remove(want)
			v[want] = math.Inf(-1)
		}
		for _, o := range l.opt {
			if o.exact && !math.IsInf(o.lo, -1) {
				exact++
			}
		}
	}
	t.Logf("%d options evaluated exactly", exact)
}

// TestRestedAlertness checks that the per-slot cache times (1 − fatigue)
// is exactly AlertnessConfig.Alertness.
func TestRestedAlertness(t *testing.T) {
	c := AlertnessConfig{ // the default scenario's
		ArrivalDays: 1, WestRate: 1.5, EastRate: 1, Base: 0.55, Amplitude: 0.38, PeakHour: 14.5,
		Harmonic: 0.12, HarmonicHour: 9.5, Dip: 0.12, DipHour: 14, DipWidth: 1.2, Fatigue: 0.08,
	}
	var e Engine
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		e.rested = e.rested[:0]
		day, hour := r.IntN(3), 8+10*r.Float64()
		for range 20 {
			jetlag := float64(r.IntN(25)-12) / 2
			f := 0.3 * r.Float64()
			if got, want := e.restedAlertness(&c, jetlag, day, hour)*math.Max(0, 1-f), c.Alertness(jetlag, day, hour, f); got != want {
				t.Fatalf("jet lag %v, day %d, hour %v, fatigue %v: %v, want %v", jetlag, day, hour, f, got, want)
			}
		}
	}
}
