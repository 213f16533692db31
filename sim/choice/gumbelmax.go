package choice

import (
	"math"

	"github.com/unconf/unconf/sim/rng"
)

// gumbelShift is log₂ of the number of equal-probability bins of
// gumbelMax's bounds; a uniform's bin is its bits' leading gumbelShift.
const (
	gumbelShift = 10
	gumbelBins  = 1 << gumbelShift
)

// gumbelMax finds the largest of v_k = sys_k + noise·G(u_k) over options
// k = 0…n−1, for uniforms u_k in (0, 1] given by their 53 bits b_k
// (rng.CrossBits, u_k = rng.UniformFromBits(b_k)) and
// G(u) = −ln(−ln u) the standard Gumbel quantile (so with
// u_k = rng.UniformCross(key, a, b, c), noise·G(u_k) is exactly
// noise·rng.GumbelCross(key, a, b, c)), without taking
// the two logarithms of every option: G is increasing, so the bin j of
// u_k's leading bits, u_k in [j/B, (j+1)/B], bounds v_k by
// sys_k + noise·G(j/B) and sys_k + noise·G((j+1)/B), and only options
// whose upper bound reaches the largest lower bound are evaluated exactly.
// The answer is the one exhaustive evaluation gives, ties included (the
// lowest index wins).
type gumbelMax struct {
	opt   []option
	maxLo float64 // the largest lower bound
	noise float64
	bins  *[gumbelBins + 1]float64 // G(j/B) for j = 0…B: −Inf … +Inf
	nbins *[gumbelBins + 1]float64 // noise·G(j/B), or 0 for noise 0
}

// option is one option of a gumbelMax: its systematic value, uniform's
// bits and upper bound.
type option struct {
	sys  float64
	bits uint64
	hi   float64
}

// size prepares n options with Gumbel scale noise.
func (l *gumbelMax) size(n int, noise float64) {
	if l.bins == nil {
		l.bins = new([gumbelBins + 1]float64)
		for j := range l.bins {
			l.bins[j] = gumbel(float64(j) / gumbelBins)
		}
		l.nbins = new([gumbelBins + 1]float64)
		l.noise = math.NaN() // no table yet
	}
	if noise != l.noise {
		for j, g := range l.bins {
			// Without noise every value is its systematic part, and
			// bounds of 0 (rather than 0·±Inf) say so.
			l.nbins[j] = 0
			if noise != 0 {
				l.nbins[j] = noise * g
			}
		}
	}
	l.noise = noise
	l.opt = grow(l.opt, n)
	l.maxLo = math.Inf(-1)
}

// gumbel is the standard Gumbel quantile, as in rng.GumbelCross.
func gumbel(u float64) float64 { return -math.Log(-math.Log(u)) }

// bounds returns the bounds of sys plus the noise times G of the uniform
// of 53 bits b. The mask only shows the compiler that the bin is in the
// table: b < 2⁵³.
func (l *gumbelMax) bounds(sys float64, b uint64) (lo, hi float64) {
	j := b >> (53 - gumbelShift) & (gumbelBins - 1)
	return sys + l.nbins[j], sys + l.nbins[j+1]
}

// value returns sys plus the noise times G of the uniform of 53 bits b,
// exactly.
func (l *gumbelMax) value(sys float64, b uint64) float64 {
	if l.noise == 0 {
		return sys
	}
	return sys + l.noise*gumbel(rng.UniformFromBits(b))
}

// set makes option k worth sys plus the noise (size's) times G of the
// uniform of 53 bits b. Set the options in order, 0 first (which starts a
// new choice), before best.
func (l *gumbelMax) set(k int, sys float64, b uint64) {
	lo, hi := l.bounds(sys, b)
	l.opt[k] = option{sys, b, hi}
	if k == 0 || lo > l.maxLo {
		l.maxLo = lo
	}
}

// lo returns option k's lower bound: an option whose upper bound is
// under that of the best is below it, the first test of above, which
// Choose makes itself where most of the options compared are far below.
func (l *gumbelMax) lo(k int) float64 {
	o := &l.opt[k]
	lo, _ := l.bounds(o.sys, o.bits)
	return lo
}

// above reports whether an option worth sys plus the noise times G of the
// uniform of bits, of rank k, ranks above option b, of rank kb: a larger
// value, or an equal one and a lower rank (the order in which repeated
// best calls, each after taking out the winner, would offer them). It
// evaluates either exactly only when their bounds overlap.
func (l *gumbelMax) above(sys float64, bits uint64, k, b, kb int) bool {
	lo, hi := l.bounds(sys, bits)
	ob := &l.opt[b]
	lob, hib := l.bounds(ob.sys, ob.bits)
	if hi < lob {
		return false
	}
	if lo > hib {
		return true
	}
	v, vb := l.value(sys, bits), l.exact(b)
	return v > vb || v == vb && k < kb
}

// best returns the index of the largest value among options 0…n−1, the
// lowest on ties. An option alone in reaching the largest lower bound is
// the largest without being evaluated exactly; otherwise every option that
// reaches it is.
func (l *gumbelMax) best(n int) int {
	maxLo := l.maxLo
	opt := l.opt[:n]
	// The first option reaching maxLo, then the second: most options
	// are below some other option's value.
	k := 0
	for k < len(opt) && opt[k].hi < maxLo {
		k++
	}
	first := k
	for k++; k < len(opt) && opt[k].hi < maxLo; k++ {
	}
	if k >= len(opt) {
		if first == len(opt) {
			return -1 // none, as with a negative noise (bounds upside down)
		}
		return first
	}
	best, bestV := first, l.exact(first)
	for ; k < len(opt); k++ {
		if opt[k].hi < maxLo {
			continue
		}
		if v := l.exact(k); v > bestV {
			best, bestV = k, v
		}
	}
	return best
}

// exact returns option k's value.
func (l *gumbelMax) exact(k int) float64 {
	o := &l.opt[k]
	return l.value(o.sys, o.bits)
}
