package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCountRanks checks the engine's ranks of counts against Spearman's
// ranks of the same values as floats, tie for tie, and its correlation
// against Spearman's bit for bit (NaN for fewer than two sessions or
// constant counts): counts with many ties, few, all equal, up to
// thousands, in buffers reused from longer and shorter calls.
func TestCountRanks(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var e Engine
	var k ranker
	for trial := range 3000 {
		n := r.IntN(80)
		top := []int{1, 3, 10, 200, 5000}[r.IntN(5)]
		x, y := make([]int, n), make([]int, n)
		fx, fy := make([]float64, n), make([]float64, n)
		for i := range n {
			x[i], y[i] = r.IntN(top+1), r.IntN(top+1)
			if trial%10 == 0 {
				x[i] = 7 // constant
			}
			fx[i], fy[i] = float64(x[i]), float64(y[i])
		}
		var ranks []float64
		ranks, e.tally = countRanks(x, ranks, e.tally)
		if want := k.ranks(fx, nil); !slices.Equal(ranks, want) {
			t.Fatalf("trial %d: ranks of %v: %v, want %v", trial, x, ranks, want)
		}
		got, want := e.spearmanCounts(x, y), Spearman(fx, fy)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("trial %d: Spearman of %v and %v: %v, want %v", trial, x, y, got, want)
		}
	}
}
