package choice

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// TestGumbelMaxMatchesExhaustive checks the bounded argmax against evaluating
// every option with rng.Gumbel, removals and ties included.
func TestGumbelMaxMatchesExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var l gumbelMax
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
