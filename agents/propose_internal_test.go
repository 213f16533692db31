package agents

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
)

// TestStrongestTopics checks strongestTopics against the first k of
// InterestOrder on random interests with ties, zeros, −0 and NaN.
func TestStrongestTopics(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	values := []float64{0, math.Copysign(0, -1), 0.25, 0.5, 0.5, 1, math.NaN()}
	for trial := range 2000 {
		a := &sim.Attendee{Interests: make([]float64, 1+r.IntN(12))}
		for i := range a.Interests {
			if r.IntN(2) == 0 {
				a.Interests[i] = values[r.IntN(len(values)-1)]
			} else {
				a.Interests[i] = r.Float64()
			}
		}
		if trial%5 == 0 {
			a.Interests[r.IntN(len(a.Interests))] = math.NaN()
		}
		for k := range len(a.Interests) + 2 {
			want := a.InterestOrder(nil)[:min(k, len(a.Interests))]
			if got := strongestTopics(nil, a, k); !slices.Equal(got, want) {
				t.Fatalf("interests %v, k %d: strongestTopics %v, want %v", a.Interests, k, got, want)
			}
		}
	}
}
