package choice

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// TestGumbelMaxMatchesExhaustive checks the bounded argmax against evaluating
// every option with rng.Gumbel, ties included, and the choice among the
// options with room (best over them, above for the full ones) against
// trying the options from the best down and setting aside each full one in
// turn.
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
		sys := make([]float64, n)
		full := make([]bool, n)
		for k := range n {
			sys[k] = float64(r.IntN(4)) // coarse, for ties
			if r.IntN(2) == 0 {
				sys[k] = 3 * r.Float64()
			}
			l.set(k, sys[k], rng.Uniform(key, trial, k, 0))
			v[k] = sys[k]
			if noise != 0 {
				v[k] += noise * rng.Gumbel(key, trial, k, 0)
			}
			full[k] = k < n-1 && r.IntN(3) > 0 // the last, a hallway, never
		}
		argmax := func() int {
			best, bestV := -1, math.Inf(-1)
			for k, x := range v {
				if best < 0 || x > bestV {
					best, bestV = k, x
				}
			}
			return best
		}
		if got, want := l.best(n), argmax(); got != want {
			t.Fatalf("trial %d (n %d, noise %v): best %d, want %d (values %v)", trial, n, noise, got, want, v)
		}
		for _, o := range l.opt {
			if o.exact {
				exact++
			}
		}
		// Try from the best down, turning away from full options.
		turned := make([]bool, n)
		want := argmax()
		for full[want] {
			turned[want] = true
			v[want] = math.Inf(-1)
			want = argmax()
		}
		// The options with room alone, in order; then the full ones.
		var room []int
		for k := range n {
			if !full[k] {
				l.set(len(room), sys[k], rng.Uniform(key, trial, k, 0))
				room = append(room, k)
			}
		}
		b := l.best(len(room))
		if room[b] != want {
			t.Fatalf("trial %d (n %d, noise %v, full %v): best with room %d, want %d", trial, n, noise, full, room[b], want)
		}
		for k := range n {
			if !full[k] {
				continue
			}
			if got := l.above(sys[k], rng.Uniform(key, trial, k, 0), k, b, want); got != turned[k] {
				t.Fatalf("trial %d (n %d, noise %v, full %v): full option %d above %d: %v, want %v", trial, n, noise, full, k, want, got, turned[k])
			}
		}
	}
	t.Logf("%d options evaluated exactly", exact)
}

// TestGumbelMaxUnder checks under, Choose's quick test before above: an
// option it finds under the best is below it exactly (above says no, and
// its value is smaller), and it finds most options far below.
func TestGumbelMaxUnder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var l gumbelMax
	key := rng.Key(10, "choice")
	under, trials := 0, 0
	for trial := range 20000 {
		n := 1 + r.IntN(12)
		noise := []float64{0, 0.01, 1, 3}[r.IntN(4)]
		l.size(n, noise)
		for k := range n {
			l.set(k, 3*r.Float64(), rng.Uniform(key, trial, k, 0))
		}
		b := l.best(n)
		vb := l.opt[b].sys
		if noise != 0 {
			vb += noise * gumbel(l.opt[b].unif)
		}
		for k := range 4 {
			sys, u := 3*r.Float64(), rng.Uniform(key, trial, n+k, 0)
			v := sys
			if noise != 0 {
				v += noise * rng.Gumbel(key, trial, n+k, 0)
			}
			trials++
			if !l.under(sys, u, b) {
				continue
			}
			under++
			if v >= vb || l.above(sys, u, n+k, b, b) {
				t.Fatalf("trial %d (n %d, noise %v): option %v + noise·G(%v) = %v under the best's %v, above %v",
					trial, n, noise, sys, u, v, vb, l.above(sys, u, n+k, b, b))
			}
		}
	}
	if under < trials/4 || under == trials {
		t.Errorf("under for %d of %d options: the test needs both", under, trials)
	}
}

// TestGumbelMaxDrawOfOne checks a uniform of exactly 1, which
// rng.UniformOf gives when its 53 bits are all ones ((2⁵³ − 0.5)/2⁵³
// rounds to 1): its value, G(1) = +Inf times the noise, wins, and the
// bounds of set, under and above stay in their table.
func TestGumbelMaxDrawOfOne(t *testing.T) {
	if u := rng.UniformOf(0, 0, 0); u >= 1 {
		t.Fatalf("UniformOf(0, 0, 0) = %v", u) // the test's premise: 1 is rare
	}
	if u := (float64(uint64(1)<<53-1) + 0.5) / (1 << 53); u != 1 {
		t.Fatalf("the largest draw is %v, want 1", u)
	}
	var l gumbelMax
	for _, noise := range []float64{0, 1} {
		l.size(3, noise)
		l.set(0, 5, 0.5)
		l.set(1, 0, 1)
		l.set(2, 4, 0.999)
		want := 1
		if noise == 0 {
			want = 0
		}
		if b := l.best(3); b != want {
			t.Errorf("noise %v: best %d, want %d", noise, b, want)
		}
		// Without noise it is worth 0, under the best (5); with noise,
		// above it (+Inf).
		l.set(0, 5, 0.5)
		if got := l.under(0, 1, 0); got != (noise == 0) {
			t.Errorf("noise %v: under = %v", noise, got)
		}
		if got := l.above(0, 1, 3, 0, 0); got != (noise != 0) {
			t.Errorf("noise %v: above = %v", noise, got)
		}
	}
}
