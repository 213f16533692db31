package choice

import "math"

// gumbelBins is the number of equal-probability bins of gumbelMax's bounds.
const gumbelBins = 1024

// gumbelMax finds the largest of v_k = sys_k + noise·G(u_k) over options
// k = 0…n−1, for uniforms u_k in (0, 1] and G(u) = −ln(−ln u) the standard
// Gumbel quantile (so with u_k = rng.Uniform(key, a, b, c), noise·G(u_k) is
// exactly noise·rng.Gumbel(key, a, b, c)), without taking the two
// logarithms of every option: G is increasing, so u_k's bin [j/B, (j+1)/B)
// bounds v_k by sys_k + noise·G(j/B) and sys_k + noise·G((j+1)/B), and only
// options whose upper bound reaches the largest lower bound are evaluated
// exactly. The answer is the one exhaustive evaluation gives, ties included
// (the lowest index wins).
type gumbelMax struct {
	opt   []option
	maxLo float64 // the largest lower bound
	noise float64
	bins  []float64 // G(j/B) for j = 0…B: −Inf … +Inf, and +Inf at B+1
	nbins []float64 // noise·G(j/B)
}

// option is one option of a gumbelMax: its systematic value, uniform and
// bounds (lo = hi = the value once exact).
type option struct {
	sys, unif, lo, hi float64
	exact             bool
}

// size prepares n options with Gumbel scale noise.
func (l *gumbelMax) size(n int, noise float64) {
	if l.bins == nil {
		// A uniform of 1, which rng.UniformOf's rounding can give once in
		// 2⁵³ draws, is bin B, [G(1), +Inf] = [+Inf, +Inf].
		l.bins = make([]float64, gumbelBins+2)
		for j := range gumbelBins + 1 {
			l.bins[j] = gumbel(float64(j) / gumbelBins)
		}
		l.bins[gumbelBins+1] = math.Inf(1)
		l.nbins = make([]float64, gumbelBins+2)
		l.noise = math.NaN() // no table yet
	}
	if noise != l.noise {
		for j, g := range l.bins {
			l.nbins[j] = noise * g
		}
	}
	l.noise = noise
	l.opt = grow(l.opt, n)
	l.maxLo = math.Inf(-1)
}

// gumbel is the standard Gumbel quantile, as in rng.Gumbel.
func gumbel(u float64) float64 { return -math.Log(-math.Log(u)) }

// set makes option k worth sys plus the noise (size's) times G(u). Set
// the options in order, 0 first (which starts a new choice), before best.
func (l *gumbelMax) set(k int, sys, u float64) {
	o := &l.opt[k]
	o.sys = sys
	if l.noise == 0 {
		o.lo, o.hi, o.exact = sys, sys, true
	} else {
		j := int(u * gumbelBins) // exact: B is a power of two
		o.unif, o.lo, o.hi, o.exact = u, sys+l.nbins[j], sys+l.nbins[j+1], false
	}
	if k == 0 || o.lo > l.maxLo {
		l.maxLo = o.lo
	}
}

// under reports whether an option worth sys plus the noise times G(u) is
// surely below option b: its upper bound is under b's lower bound, the
// first test of above, small enough to be inlined where most of the
// options compared are far below.
func (l *gumbelMax) under(sys, u float64, b int) bool {
	hi := sys
	if l.noise != 0 {
		hi += l.nbins[int(u*gumbelBins)+1]
	}
	return hi < l.opt[b].lo
}

// above reports whether an option worth sys plus the noise times G(u), of
// rank k, ranks above option b, of rank kb: a larger value, or an equal
// one and a lower rank (the order in which repeated best calls, each after
// taking out the winner, would offer them). It evaluates either exactly
// only when their bounds overlap.
func (l *gumbelMax) above(sys, u float64, k, b, kb int) bool {
	lo, hi := sys, sys
	if l.noise != 0 {
		j := int(u * gumbelBins)
		lo, hi = sys+l.nbins[j], sys+l.nbins[j+1]
	}
	ob := &l.opt[b]
	if hi < ob.lo {
		return false
	}
	if lo > ob.hi {
		return true
	}
	v, vb := sys, l.exact(b)
	if l.noise != 0 {
		v = sys + l.noise*gumbel(u)
	}
	return v > vb || v == vb && k < kb
}

// best returns the index of the largest value among options 0…n−1, the
// lowest on ties. An option alone in reaching the largest lower bound is
// the largest without being evaluated exactly; otherwise every option that
// reaches it is.
func (l *gumbelMax) best(n int) int {
	maxLo := l.maxLo
	first := -1 // the first option reaching maxLo, not yet evaluated
	best, bestV := -1, math.Inf(-1)
	opt := l.opt[:n]
	for k := range opt {
		o := &opt[k]
		if o.hi < maxLo {
			continue // below some other option's value
		}
		if first < 0 && best < 0 {
			first = k
			continue
		}
		if first >= 0 { // a second one: evaluate both
			best, bestV = first, l.exact(first)
			first = -1
		}
		if v := l.exact(k); v > bestV {
			best, bestV = k, v
		}
	}
	if best < 0 {
		return first
	}
	return best
}

// exact returns option k's value, computing it the first time.
func (l *gumbelMax) exact(k int) float64 {
	o := &l.opt[k]
	if !o.exact {
		v := o.sys + l.noise*gumbel(o.unif)
		o.lo, o.hi, o.exact = v, v, true
	}
	return o.lo
}
