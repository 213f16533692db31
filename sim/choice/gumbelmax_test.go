package choice

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// bits returns the bits of rng.UniformCross(key, a, b, 0), the draws
// the choice gives gumbelMax.
func bits(key uint64, a, b int) uint64 {
	return rng.CrossBits(rng.KeyA(key, a), rng.MixBC(b, 0))
}

// TestGumbelMaxMatchesExhaustive checks the bounded argmax against evaluating
// every option with rng.GumbelCross, ties included, and the choice among the
// options with room (best over them, above for the full ones) against
// trying the options from the best down and setting aside each full one in
// turn.
func TestGumbelMaxMatchesExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var l gumbelMax
	key := rng.Key(9, "choice")
	exact := 0 // choices where bounds did not suffice
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
			l.set(k, sys[k], bits(key, trial, k))
			v[k] = sys[k]
			if noise != 0 {
				v[k] += noise * rng.GumbelCross(key, trial, k, 0)
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
		reach := 0
		for _, o := range l.opt {
			if o.hi >= l.maxLo {
				reach++
			}
		}
		if reach > 1 {
			exact++
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
				l.set(len(room), sys[k], bits(key, trial, k))
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
			if got := l.above(sys[k], bits(key, trial, k), k, b, want); got != turned[k] {
				t.Fatalf("trial %d (n %d, noise %v, full %v): full option %d above %d: %v, want %v", trial, n, noise, full, k, want, got, turned[k])
			}
		}
	}
	t.Logf("%d choices evaluated exactly", exact)
	if exact == 0 {
		t.Error("no choice evaluated exactly: the test needs some")
	}
}

// TestGumbelMaxUnder checks Choose's quick test before above: an option
// whose upper bound is under the best's lower bound (lo) is below it
// exactly (above says no, and its value is smaller), and most options are
// found far below.
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
			l.set(k, 3*r.Float64(), bits(key, trial, k))
		}
		b := l.best(n)
		vb := l.opt[b].sys
		if noise != 0 {
			vb += noise * gumbel(rng.UniformFromBits(l.opt[b].bits))
		}
		for k := range 4 {
			sys, u := 3*r.Float64(), bits(key, trial, n+k)
			v := sys
			if noise != 0 {
				v += noise * rng.GumbelCross(key, trial, n+k, 0)
			}
			trials++
			if _, hi := l.bounds(sys, u); !(hi < l.lo(b)) {
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
// rng.UniformFromBits gives when its 53 bits are all ones ((2⁵³ − 0.5)/2⁵³
// rounds to 1): its value, G(1) = +Inf times the noise, wins, and the
// bounds of set, under and above stay in their table.
func TestGumbelMaxDrawOfOne(t *testing.T) {
	const half, one, nearOne = 1 << 52, 1<<53 - 1, 999 << 53 / 1000
	if u := rng.UniformFromBits(one); u != 1 {
		t.Fatalf("the largest draw is %v, want 1", u)
	}
	if u := rng.UniformFromBits(one - 1); u >= 1 {
		t.Fatalf("the draw of bits 2⁵³ − 2 is %v", u) // the test's premise: 1 is rare
	}
	var l gumbelMax
	for _, noise := range []float64{0, 1} {
		l.size(3, noise)
		l.set(0, 5, half)
		l.set(1, 0, one)
		l.set(2, 4, nearOne)
		want := 1
		if noise == 0 {
			want = 0
		}
		if b := l.best(3); b != want {
			t.Errorf("noise %v: best %d, want %d", noise, b, want)
		}
		// Without noise it is worth 0, under the best (5); with noise,
		// above it (+Inf).
		l.set(0, 5, half)
		if _, hi := l.bounds(0, one); (hi < l.lo(0)) != (noise == 0) {
			t.Errorf("noise %v: upper bound %v, the best's lower bound %v", noise, hi, l.lo(0))
		}
		if got := l.above(0, one, 3, 0, 0); got != (noise != 0) {
			t.Errorf("noise %v: above = %v", noise, got)
		}
	}
}

// TestGumbelMaxBinEdge checks the bounds where a uniform's leading bits
// and its value disagree: bits k·2⁴³ − 1 (bin k − 1) round up to the draw
// k/B, the upper end of their bin, the value of bits k·2⁴³ (bin k). Both
// options are worth the same, whichever comes first, so the first must
// win: the upper end of a bin belongs to it.
func TestGumbelMaxBinEdge(t *testing.T) {
	var l gumbelMax
	for _, k := range []uint64{513, 700, gumbelBins - 1} {
		edge, next := k<<(53-gumbelShift)-1, k<<(53-gumbelShift)
		if ue, un := rng.UniformFromBits(edge), rng.UniformFromBits(next); ue != un || un != float64(k)/gumbelBins {
			t.Fatalf("bin %d: draws %v and %v, want both %v", k, ue, un, float64(k)/gumbelBins)
		}
		for _, noise := range []float64{0.5, 1, 3} {
			for _, order := range [][2]uint64{{edge, next}, {next, edge}} {
				l.size(2, noise)
				l.set(0, 1, order[0])
				l.set(1, 1, order[1])
				if b := l.best(2); b != 0 {
					t.Errorf("bin %d, noise %v, bits %v: best %d, want 0 (values %v, %v)",
						k, noise, order, b, l.exact(0), l.exact(1))
				}
				if _, hi := l.bounds(1, order[1]); hi < l.lo(0) || l.above(1, order[1], 1, 0, 0) {
					t.Errorf("bin %d, noise %v, bits %v: the second above the first", k, noise, order)
				}
			}
		}
	}
}
