package agents

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// The class pass: Vote's draws when the noise is all passing (Noise > 0,
// no lasting taste) and the proposals number classFrom per topic or
// more. A voter's perceived interest in proposal p is
//
//	x = μ + σ·Z,  μ = max(s[t1], s[t2]) + StarBonus·[star] + SocialBonus·[colleague]
//
// with Z a standard normal, independent across proposals. Proposals that
// are not a colleague's (nor the voter's own) fall into classes of equal
// μ: the topic of the pair with the voter's higher interest, and whether
// the proposer is a star. Within a class the proposals are independent
// and identically distributed, so the class's hands and maybes are drawn
// without a normal per proposal:
//
//   - without a budget, the members hit (x above the cut: maybeAt, or the
//     threshold without maybes) by geometric skips, each hit a hand with
//     probability P(x > threshold)/P(x > cut), else a maybe;
//   - with a budget, the maybes by geometric skips, then the other
//     members' values from the top down, as order statistics in the upper
//     tail, merged across classes (and with the proposals drawn one by
//     one) until Budget hands are taken, each taken value given to a
//     uniformly random member of its class not yet given one.
//
// Colleagues' proposals (SocialBonus) and the members of small classes,
// where a class's setup would cost more than its normals, are drawn one by
// one: x = μ + σ·Z. Which draws come from the stream, in which order, is
// said in perceiveClasses.

// classFrom is the number of proposals per topic from which Vote draws
// by classes: below it the classes are small, and their setup (the keys
// sorted into classes per voter, two erfc per class) costs more than
// the tight per-pair pass saves (measured with callgrind: the default
// world, about 7 per topic, took twice the instructions by classes).
const classFrom = 32

// smallClass is the class size below which the members are drawn one by
// one: a class costs two erfc, a log and a skip (about 600 instructions
// under callgrind), a member drawn alone 60 to 70.
const smallClass = 8

// pairKey is a group of proposals of equal topics (t1 ≤ t2, equal when
// one topic) and star flag: members[start:end], ascending.
type pairKey struct {
	t1, t2     int
	bonus      float64 // the star bonus, 0 for others
	star       int     // 1 for a star's
	start, end int32
}

// voterClass is one of a voter's classes: its keys are order[k0:k1], n
// members (colleagues' and the voter's own included: they are skipped),
// all perceived at μ + σ·Z.
type voterClass struct {
	id     int // 2·topic + star, the index of slot
	mu     float64
	n      int
	k0, k1 int
	// With a budget: the members excluded (the voter's affiliation's),
	// the maybes, the values taken and the next value's state: its upper
	// tail t (below pHand: a hand), and the tail's end l = P(not maybe).
	excl, maybes, taken int
	pHand, l, t         float64
}

// classes is what the class pass shares across voters, and its scratch.
type classes struct {
	keys    []pairKey
	members []int32 // proposals grouped by key
	keyOf   []int32 // per proposal, its key
	byAff   []int32 // proposals by affiliation, then index
	slot    []int32 // per class id, its index in cls, −1 for none

	// One voter's.
	cls        []voterClass
	keyClass   []int32 // per key, its class's index in cls
	order      []int32 // keys by class
	cum        []int32 // per order entry, the position of its key's first member in its class
	hb, mb     []uint64
	hits       []int32
	zs         [smallClass]float64
	heap       []heapItem
	cutAt, thr float64
	sigma      float64
	social     float64
	budget     int
	maybe      bool
}

// heapItem is a hand's value for the budget's merge: class ≥ 0 is a
// class's next value, class < 0 the proposal −1 − class drawn alone (a
// colleague's, or a member of a class too small for the class pass).
type heapItem struct {
	x     float64
	class int
}

// group precomputes the keys and the proposals by affiliation from info,
// of topics below nt.
func (cl *classes) group(info []pinfo, nt int) {
	idx := grow(cl.members, len(info))
	for j := range idx {
		idx[j] = int32(j)
	}
	lohi := func(q *pinfo) (int, int) { return min(q.t1, q.t2), max(q.t1, q.t2) }
	slices.SortFunc(idx, func(a, b int32) int {
		qa, qb := &info[a], &info[b]
		la, ha := lohi(qa)
		lb, hb := lohi(qb)
		switch {
		case la != lb:
			return la - lb
		case ha != hb:
			return ha - hb
		case b2i(qa.starred) != b2i(qb.starred):
			return b2i(qa.starred) - b2i(qb.starred)
		}
		return int(a - b)
	})
	cl.members = idx
	keys := cl.keys[:0]
	keyOf := grow(cl.keyOf, len(info))
	for k, j := range idx {
		q := &info[j]
		lo, hi := lohi(q)
		if n := len(keys); n == 0 || keys[n-1].t1 != lo || keys[n-1].t2 != hi || keys[n-1].star != b2i(q.starred) {
			keys = append(keys, pairKey{t1: lo, t2: hi, bonus: q.star, star: b2i(q.starred), start: int32(k)})
		}
		keys[len(keys)-1].end = int32(k + 1)
		keyOf[j] = int32(len(keys) - 1)
	}
	cl.keys, cl.keyOf = keys, keyOf
	byAff := grow(cl.byAff, len(info))
	for j := range byAff {
		byAff[j] = int32(j)
	}
	slices.SortFunc(byAff, func(a, b int32) int {
		return cmp.Or(cmp.Compare(info[a].affiliation, info[b].affiliation), cmp.Compare(a, b))
	})
	cl.byAff = byAff
	cl.slot = grow(cl.slot, 2*nt)
	for c := range cl.slot {
		cl.slot[c] = -1
	}
	cl.keyClass = grow(cl.keyClass, len(keys))
	cl.order = grow(cl.order, len(keys))
	cl.cum = grow(cl.cum, len(keys))
	nw := (len(info) + 63) / 64
	cl.hb, cl.mb = grow(cl.hb, nw), grow(cl.mb, nw)
	clear(cl.hb)
	clear(cl.mb)
}

// upper returns P(Z > z) and P(Z ≤ z) for a standard normal Z, each to
// full relative precision: the smaller one from erfc, the larger as one
// less it (at least ½, so without cancellation).
func upper(z float64) (up, low float64) {
	if z >= 0 {
		up = 0.5 * math.Erfc(z/math.Sqrt2)
		return up, 1 - up
	}
	low = 0.5 * math.Erfc(-z/math.Sqrt2)
	return 1 - low, low
}

// perceiveClasses draws voter i's hands and maybes (see the comment at
// the top of this file), for a voter of affiliation aff and interests
// scaled s, from r: first the proposals of the voter's affiliation (but
// their own), one normal each, in proposal order; then each class in the
// order of its first key (keys ordered by their topics and star flag),
// either one normal per member (small classes) or by skips (and, with a
// budget, the order statistics of the merge, then the members given the
// taken values). It returns the hands, ascending (w.hands), and maybes
// with the voter's maybes appended, ascending.
func (w *perceiver) perceiveClasses(i, aff int, s []float64, r *stream, maybes []int32) ([]int32, []int32) {
	cl := &w.cl
	info := w.info
	// The voter's classes, and their keys in class order.
	cls := cl.cls[:0]
	for k := range cl.keys {
		key := &cl.keys[k]
		t := key.t1
		if a, b := s[key.t1], s[key.t2]; !(a >= b) && a == a { // a NaN μ stays NaN
			t = key.t2
		}
		id := 2*t + key.star
		sl := int(cl.slot[id])
		if sl < 0 {
			sl = len(cls)
			cl.slot[id] = int32(sl)
			cls = append(cls, voterClass{id: id, mu: s[t] + key.bonus})
		}
		cl.keyClass[k] = int32(sl)
		cls[sl].n += int(key.end - key.start)
		cls[sl].k1++
	}
	off := 0
	for c := range cls {
		n := cls[c].k1
		cls[c].k0, cls[c].k1 = off, off
		off += n
		cl.slot[cls[c].id] = -1
	}
	for k := range cl.keys {
		c := &cls[cl.keyClass[k]]
		cl.order[c.k1] = int32(k)
		c.k1++
	}
	cl.cls = cls

	// The voter's affiliation's proposals: one normal each.
	a0, _ := slices.BinarySearchFunc(cl.byAff, aff, func(j int32, aff int) int { return cmp.Compare(info[j].affiliation, aff) })
	a1 := a0
	for a1 < len(cl.byAff) && info[cl.byAff[a1]].affiliation == aff {
		a1++
	}
	heap := cl.heap[:0]
	for _, j := range cl.byAff[a0:a1] {
		q := &info[j]
		if cl.budget > 0 {
			cls[cl.keyClass[cl.keyOf[j]]].excl++
		}
		if q.proposer == i {
			continue
		}
		x := max(s[q.t1], s[q.t2]) + q.star
		x += cl.sigma*r.norm() + cl.social
		heap = cl.alone(int(j), x, heap)
	}

	if cl.budget > 0 {
		for c := range cls {
			pos := 0
			for o := cls[c].k0; o < cls[c].k1; o++ {
				cl.cum[o] = int32(pos)
				key := &cl.keys[cl.order[o]]
				pos += int(key.end - key.start)
			}
		}
	}
	for c := range cls {
		heap = cl.drawClass(c, aff, info, r, heap)
	}
	if cl.budget > 0 {
		cl.heap = heap
		cl.merge(r)
		for c := range cls {
			if cls[c].taken > 0 {
				cl.give(&cls[c], aff, info, r)
			}
		}
	}
	cl.heap = heap[:0]
	hands := fromBits(w.hands[:0], cl.hb)
	if w.maybe {
		maybes = fromBits(maybes, cl.mb)
	}
	return hands, maybes
}

// alone records proposal j perceived at x: a hand (without a budget), a
// candidate on the heap (with one), or a maybe.
func (cl *classes) alone(j int, x float64, heap []heapItem) []heapItem {
	switch {
	case x > cl.thr:
		if cl.budget > 0 {
			return pushHeap(heap, heapItem{x, -1 - j})
		}
		setBit(cl.hb, j)
	case x > cl.cutAt:
		setBit(cl.mb, j)
	}
	return heap
}

// drawClass draws class c's members: one by one when small, else by
// skips (the maybes only, and the first value of the merge, with a
// budget).
func (cl *classes) drawClass(ci, aff int, info []pinfo, r *stream, heap []heapItem) []heapItem {
	c := &cl.cls[ci]
	if c.n < smallClass {
		// One normal per member, the excluded ones' unused.
		zs := cl.zs[:c.n]
		r.norms(zs)
		k := 0
		for o := c.k0; o < c.k1; o++ {
			key := &cl.keys[cl.order[o]]
			for _, j := range cl.members[key.start:key.end] {
				x := c.mu + cl.sigma*zs[k]
				k++
				switch {
				case info[j].affiliation == aff:
				case cl.budget > 0 && x > cl.thr:
					heap = pushHeap(heap, heapItem{x, -1 - int(j)})
				case x > cl.thr:
					setBit(cl.hb, int(j))
				case x > cl.cutAt:
					setBit(cl.mb, int(j))
				}
			}
		}
		return heap
	}
	zt := (cl.thr - c.mu) / cl.sigma
	tUp, tLow := upper(zt)
	cUp, cLow := tUp, tLow
	if cl.maybe {
		cUp, cLow = upper((cl.cutAt - c.mu) / cl.sigma)
	}
	if !(tUp >= 0) || !(cUp >= 0) { // μ NaN: never above either
		return heap
	}
	if cl.budget == 0 {
		hits := cl.hit(c, cUp, r)
		if !cl.maybe {
			for _, j := range hits {
				if info[j].affiliation != aff {
					setBit(cl.hb, int(j))
				}
			}
			return heap
		}
		// A hit is a hand with probability tUp/cUp: r.float64, with a
		// PCG's state in a local.
		st, pcg := r.state, r.src == nil
		for _, j := range hits {
			if info[j].affiliation == aff {
				continue
			}
			var u float64
			if pcg {
				var w uint64
				st, w = st.step()
				u = float64(w<<11>>11) / (1 << 53)
			} else {
				u = r.float64()
			}
			if u*cUp >= tUp {
				setBit(cl.mb, int(j))
			} else {
				setBit(cl.hb, int(j))
			}
		}
		r.state = st
		return heap
	}
	if cl.maybe {
		// P(cut < x ≤ threshold), without cancellation.
		var pMaybe float64
		switch {
		case zt <= 0:
			pMaybe = tLow - cLow
		case zt-(cl.thr-cl.cutAt)/cl.sigma >= 0:
			pMaybe = cUp - tUp
		default:
			pMaybe = 1 - tUp - cLow
		}
		for _, j := range cl.hit(c, max(pMaybe, 0), r) {
			if info[j].affiliation != aff {
				setBit(cl.mb, int(j))
				c.maybes++
			}
		}
	}
	// The others are independent, each above the threshold with
	// probability pHand/l (l = P(not a maybe) = P(x ≤ cut) + pHand).
	c.pHand, c.l = tUp, cLow+tUp
	if !cl.maybe {
		c.l = 1
	}
	return cl.next(ci, r, heap)
}

// hit returns class c's members (by position, as proposals, ascending
// within a key) each hit independently with probability p: by geometric
// skips, gap = ⌊E/−log(1−p)⌋ with E exponential, one draw per hit and
// one more; all of them, with no draw, when p is 1.
func (cl *classes) hit(c *voterClass, p float64, r *stream) []int32 {
	hits := cl.hits[:0]
	switch {
	case !(p > 0):
	case p >= 1:
		for o := c.k0; o < c.k1; o++ {
			key := &cl.keys[cl.order[o]]
			hits = append(hits, cl.members[key.start:key.end]...)
		}
	default:
		inv := 1 / -math.Log1p(-p)
		o, base := c.k0, 0
		key := &cl.keys[cl.order[o]]
		end := int(key.end - key.start)
		hits = slices.Grow(hits, min(c.n, 64))
		// r.exp, with a PCG's state in a local (kept in registers).
		st, pcg := r.state, r.src == nil
		for pos := -1; ; {
			var e float64
			if pcg {
				var u uint64
				st, u = st.step()
				if j, i := uint32(u), uint8(u>>32); j < ke[i] {
					e = float64(j) * float64(we[i])
				} else {
					r.state = st
					e = r.expTail(u)
					st = r.state
				}
			} else {
				e = r.exp()
			}
			g := e * inv
			if !(g < float64(c.n-1-pos)) {
				break
			}
			pos += 1 + int(g)
			for pos >= end {
				o++
				base = end
				key = &cl.keys[cl.order[o]]
				end += int(key.end - key.start)
			}
			hits = append(hits, cl.members[int(key.start)+pos-base])
		}
		r.state = st
	}
	cl.hits = hits
	return hits
}

// next draws the next value of class cls[c] for the merge, below the
// one at upper tail c.t (0 before the first): the largest value of the
// members left (not excluded, not maybes, not taken), whose upper tails
// are independent and uniform on (c.t, c.l), so the largest's is
// c.t + (c.l − c.t)·(1 − U^(1/left)), U uniform, in log space for
// precision. Below c.pHand it is a hand, pushed on the heap at its value;
// else no member left is a hand, and the class is done.
func (cl *classes) next(c int, r *stream, heap []heapItem) []heapItem {
	k := &cl.cls[c]
	left := k.n - k.excl - k.maybes - k.taken
	if left <= 0 {
		return heap
	}
	// U^(1/left) = exp(−E/left), E = −log U exponential.
	k.t += (k.l - k.t) * -math.Expm1(-r.exp()/float64(left))
	if !(k.t < k.pHand) {
		return heap
	}
	return pushHeap(heap, heapItem{k.mu - cl.sigma*mathext.NormalQuantile(k.t), c})
}

// merge takes the budget's hands: the largest values on the heap, a
// class's next one pushed when its last is taken. Ties have probability
// zero.
func (cl *classes) merge(r *stream) {
	heap := cl.heap
	for taken := 0; taken < cl.budget && len(heap) > 0; taken++ {
		top := heap[0]
		heap = popHeap(heap)
		if top.class < 0 {
			setBit(cl.hb, -1-top.class)
			continue
		}
		cl.cls[top.class].taken++
		heap = cl.next(top.class, r, heap)
	}
	cl.heap = heap
}

// give gives class c's taken values to members chosen uniformly among
// those left (not excluded, not maybes): by rejection of random members
// when at least half of the class is left for them, else by selection
// sampling over the class (Knuth's algorithm S), whose members are then
// fewer than twice the excluded, maybes and taken.
func (cl *classes) give(c *voterClass, aff int, info []pinfo, r *stream) {
	need := c.taken
	if 2*(c.excl+c.maybes+c.taken) <= c.n {
		for need > 0 {
			j := cl.at(c, int(r.uint64n(uint64(c.n))))
			if info[j].affiliation == aff || hasBit(cl.mb, j) || hasBit(cl.hb, j) {
				continue
			}
			setBit(cl.hb, j)
			need--
		}
		return
	}
	left := c.n - c.excl - c.maybes
	for o := c.k0; o < c.k1; o++ {
		key := &cl.keys[cl.order[o]]
		for _, j := range cl.members[key.start:key.end] {
			if info[j].affiliation == aff || hasBit(cl.mb, int(j)) {
				continue
			}
			if r.float64()*float64(left) < float64(need) {
				setBit(cl.hb, int(j))
				if need--; need == 0 {
					return
				}
			}
			left--
		}
	}
}

// at returns the member at position pos of class c.
func (cl *classes) at(c *voterClass, pos int) int {
	lo, hi := c.k0, c.k1 // the last order entry starting at or before pos
	for hi-lo > 1 {
		h := int(uint(lo+hi) >> 1)
		if int(cl.cum[h]) <= pos {
			lo = h
		} else {
			hi = h
		}
	}
	key := &cl.keys[cl.order[lo]]
	return int(cl.members[int(key.start)+pos-int(cl.cum[lo])])
}

// pushHeap adds it to the max-heap h (by x).
func pushHeap(h []heapItem, it heapItem) []heapItem {
	h = append(h, it)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].x >= h[i].x {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

// popHeap removes the largest of the max-heap h.
func popHeap(h []heapItem) []heapItem {
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		m, l := i, 2*i+1
		if l < n && h[l].x > h[m].x {
			m = l
		}
		if l+1 < n && h[l+1].x > h[m].x {
			m = l + 1
		}
		if m == i {
			return h
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func hasBit(b []uint64, j int) bool { return b[j>>6]&(1<<(j&63)) != 0 }

func setBit(b []uint64, j int) { b[j>>6] |= 1 << (j & 63) }

// fromBits appends the positions of b's bits to dst, ascending, and
// clears b.
func fromBits(dst []int32, b []uint64) []int32 {
	for k, word := range b {
		if word == 0 {
			continue
		}
		b[k] = 0
		for word != 0 {
			dst = append(dst, int32(k<<6+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return dst
}
