package policy

import (
	"math"
	"testing"

	"github.com/unconf/unconf/sim/simtest"
)

// TestAlertnessByLag checks open-space's rested alertness, worked out
// once per jet lag, against the curve itself, for every attendee's jet
// lag of the default-like input (a handful, asked again and again), for
// more jet lags than it keeps, and for NaN.
func TestAlertnessByLag(t *testing.T) {
	in := simtest.Input(simtest.Default)
	a := alertnessByLag{in: in}
	lags := append([]float64{math.NaN()}, in.Jetlag...)
	for k := range 100 {
		lags = append(lags, float64(k)/8-6)
	}
	for round := range 2 {
		for _, jet := range lags {
			got := a.slots(jet)
			for s, sl := range in.Event.Slots {
				want := in.Alertness.Alertness(jet, sl.Day, sl.Hour(), 0)
				if got[s] != want && !(math.IsNaN(got[s]) && math.IsNaN(want)) {
					t.Fatalf("round %d, jet lag %v, slot %d: %v, want %v", round, jet, s, got[s], want)
				}
			}
		}
	}
	if len(a.lags) > 64 {
		t.Errorf("%d jet lags kept, want at most 64", len(a.lags))
	}
}
