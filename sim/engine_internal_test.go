package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

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
