package agents

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTopHands checks the budget's top hands against the first k of a
// stable sort by decreasing perceived value, with many ties.
func TestTopHands(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 5000 {
		n, k := r.IntN(40), 1+r.IntN(12)
		cand := make([]hand, n)
		for i := range cand {
			cand[i] = hand{int32(i), float64(r.IntN(8)) / 4}
			if r.IntN(2) == 0 {
				cand[i].perceived = r.Float64()
			}
		}
		want := slices.Clone(cand)
		slices.SortStableFunc(want, func(x, y hand) int { return cmp.Compare(y.perceived, x.perceived) })
		want = want[:min(k, n)]
		if got := topHands(slices.Clone(cand), k); !slices.Equal(got, want) {
			t.Fatalf("trial %d: top %d of %v = %v, want %v", trial, k, cand, got, want)
		}
	}
}
