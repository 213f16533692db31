package policy

import (
	"math"
	"math/bits"
	"slices"

	"github.com/unconf/unconf/sim"
)

// coVoters fills conf (and, for jetlag, tired) from the hands on the
// chosen proposals (idx: chosen index of each proposal, or −1). Voters of
// equal weights form a class: one for spread (weight 1), one per declared
// jet lag and days on site for jetlag. conf of (i, k) in layer l is
//
//	Σ_c w_c(l) · |voters of both i and k in class c|,
//
// summed in float64 and rounded once to float32 (spread's are the
// integer counts, as float32 running sums of ones were). Cost
// O(hands + N²·C·L + min(Σ_a h_a², N²·(A/64 + C))) for N chosen
// proposals, C classes, L layers, A attendees and h_a the chosen hands of
// attendee a: no worse than linear in hands.
func (st *spreadState) coVoters(in *sim.Input, idx []int, alertWeight float64, method countMethod) {
	n := st.n
	cs := st.classify(in, idx, alertWeight)
	ix := newVoterIndex(n, cs, method)
	C := len(cs.classes)
	count := make([]int32, n*C)
	touched := make([]bool, n)
	var ks []int
	acc := make([]float64, st.layers)
	var w8 [][8]float64
	if alertWeight > 0 {
		w8 = eightWeights(cs, st.layers)
	}
	for i := range n {
		ks = ix.shared(i, cs, count, touched, ks[:0])
		if w8 != nil {
			st.storePairs8(i, ks, C, count, touched, w8)
		} else {
			st.storePairs(i, ks, cs, count, touched, acc, alertWeight > 0)
		}
	}
}

// countMethod is how coVoters counts co-voters.
type countMethod int

const (
	cheaper     countMethod = iota // the cheaper of bitsets and voterPairs
	bitsets                        // popcounts of bitsets of each proposal's voters
	voterPairs                     // each voter's pairs of hands
	bitsByWord                     // bitsets, word by word (see voterIndex)
	bitsByClass                    // bitsets, class by class
)

// voterClass is a class of voters of equal weights.
type voterClass struct {
	w           []float64 // weight per layer
	size        int       // voters
	first, last int       // the class's words in a bitset: first…last−1
}

// voterClasses are the classes of the voters on chosen proposals, and
// each attendee's hands on chosen proposals.
type voterClasses struct {
	classes []voterClass
	classOf []int32 // by attendee; −1: no hand on a chosen proposal
	// Attendee a's chosen hands, as chosen indices in the order of their
	// hands, are hands[handsOff[a]:handsOff[a+1]].
	hands    []int32
	handsOff []int32
}

// classify sorts the attendees with a hand on a chosen proposal into
// classes (one for spread; by declared jet lag and days on site for
// jetlag), lists their chosen hands and, for jetlag, adds each voter's
// tiredness to tired.
func (st *spreadState) classify(in *sim.Input, idx []int, alertWeight float64) voterClasses {
	L, ns := st.layers, st.ns
	jetlag := alertWeight > 0
	type classKey struct {
		jet  float64
		days uint64
	}
	nA := len(in.Hands.ByAttendee)
	cs := voterClasses{classOf: make([]int32, nA), handsOff: make([]int32, nA+1)}
	size := 0 // the chosen hands, to allocate their list once
	for p, i := range idx {
		if i >= 0 {
			size += len(in.Hands.ByProposal[p])
		}
	}
	most := 0 // chosenHands writes up to an attendee's every hand past the end
	for _, hands := range in.Hands.ByAttendee {
		most = max(most, len(hands))
	}
	cs.hands = make([]int32, 0, size+most+1)
	byKey := make(map[classKey]int)
	var tired [][]float64 // by class: alertWeight · (1 − w) per slot
	for a, hands := range in.Hands.ByAttendee {
		cs.classOf[a] = -1
		start := len(cs.hands)
		cs.hands = chosenHands(cs.hands, hands, idx)
		cs.handsOff[a+1] = int32(len(cs.hands))
		if len(cs.hands) == start {
			continue
		}
		var key classKey
		if jetlag {
			key.jet = declaredJetlag(in, a)
			if a < len(in.OnSite) {
				key.days = in.OnSite[a]
			}
		}
		c, ok := byKey[key]
		if !ok {
			c = len(cs.classes)
			byKey[key] = c
			w := make([]float64, L, 2*L)
			if jetlag {
				voterWeights(in, key.jet, key.days, w)
				d := w[L : 2*L : 2*L] // one allocation with w
				for s, x := range w {
					d[s] = alertWeight * (1 - x)
				}
				tired = append(tired, d)
			} else {
				w[0] = 1
			}
			cs.classes = append(cs.classes, voterClass{w: w})
		}
		cs.classOf[a] = int32(c)
		cs.classes[c].size++
		if jetlag {
			addTired(st.tired, cs.hands[start:], tired[c][:ns])
		}
	}
	return cs
}

// chosenHands appends to dst the chosen index idx[p] of each of hands
// that is chosen (idx[p] ≥ 0; −1 otherwise). It writes every index and
// moves on only past the chosen ones, without a branch: there are
// millions of hands at 5,000 attendees, a third of them chosen.
func chosenHands(dst, hands []int32, idx []int) []int32 {
	n := len(dst)
	dst = slices.Grow(dst, len(hands)+1) // room for the last write
	buf := dst[n : n+len(hands)+1]
	k := 0
	for _, p := range hands {
		i := idx[p]
		buf[k] = int32(i)
		k += 1 + i>>63 // i ≥ −1: +1 if chosen, 0 if −1
	}
	return dst[:n+k]
}

// addTired adds d[s] to tired[i*len(d)+s] for each chosen proposal i in
// hands and each slot s: four slots at a time, with no loop or bounds
// check per slot.
func addTired(tired []float64, hands []int32, d []float64) {
	ns := len(d)
	for _, i := range hands {
		row := tired[int(i)*ns : int(i)*ns+ns]
		row = row[:len(d)]
		s := 0
		for ; s+4 <= len(d); s += 4 {
			r, x := row[s:s+4:s+4], d[s:s+4:s+4]
			r[0] += x[0]
			r[1] += x[1]
			r[2] += x[2]
			r[3] += x[3]
		}
		for ; s < len(d); s++ {
			row[s] += d[s]
		}
	}
}

// voterIndex finds the voters two chosen proposals share, class by
// class, either from bitsets of each chosen proposal's voters, class
// after class (each class starting on a new word: N²/2 · words), or from
// each voter's chosen hands (Σ_a h_a²), whichever costs less.
type voterIndex struct {
	n, W    int // chosen proposals; words per proposal
	useBits bool
	// Bitsets: voters[i*W : (i+1)*W] is i's, class after class
	// (voterClass.first, last). With classes of two words or fewer on
	// average, shared counts word by word, word w of class wordClass[w],
	// rather than class by class; nil otherwise.
	voters    []uint64
	wordClass []int32
	// Pairs: i's voters are votersOf[votersOff[i]:votersOff[i+1]], and
	// voter a's chosen hands, ascending, handsOf[handsOff[a]:handsOff[a+1]],
	// i at index votersAt there.
	votersOf, votersAt, handsOf []int32
	votersOff, handsOff         []int32
}

func newVoterIndex(n int, cs voterClasses, method countMethod) *voterIndex {
	ix := &voterIndex{n: n}
	for c := range cs.classes {
		cs.classes[c].first = ix.W
		ix.W += (cs.classes[c].size + 63) / 64
		cs.classes[c].last = ix.W
	}
	pairCost := 0 // Σ_a h_a(h_a − 1)/2
	for a := range cs.classOf {
		h := int(cs.handsOff[a+1] - cs.handsOff[a])
		pairCost += h * (h - 1) / 2
	}
	ix.useBits = method == bitsets || method == bitsByWord || method == bitsByClass ||
		method == cheaper && n*(n-1)/2*ix.W < pairCost
	if ix.useBits {
		byWord := ix.W <= 2*len(cs.classes)
		if method == bitsByWord || method == bitsByClass {
			byWord = method == bitsByWord
		}
		ix.fillBits(cs, byWord)
	} else {
		ix.fillPairs(cs)
	}
	return ix
}

// fillBits builds the bitsets of each chosen proposal's voters, and the
// class of each word for counting word by word.
func (ix *voterIndex) fillBits(cs voterClasses, byWord bool) {
	W := ix.W
	if byWord {
		ix.wordClass = make([]int32, W)
		for c, cl := range cs.classes {
			for w := cl.first; w < cl.last; w++ {
				ix.wordClass[w] = int32(c)
			}
		}
	}
	ix.voters = make([]uint64, ix.n*W)
	next := make([]int, len(cs.classes)) // next free bit of each class
	for a, c := range cs.classOf {
		if c < 0 {
			continue
		}
		pos := cs.classes[c].first*64 + next[c]
		next[c]++
		word, bit := pos/64, uint64(1)<<(pos%64)
		for _, i := range cs.hands[cs.handsOff[a]:cs.handsOff[a+1]] {
			ix.voters[int(i)*W+word] |= bit
		}
	}
}

// fillPairs builds each chosen proposal's voters and each voter's chosen
// hands.
func (ix *voterIndex) fillPairs(cs voterClasses) {
	n, nA := ix.n, len(cs.classOf)
	ix.handsOff = cs.handsOff
	ix.handsOf = slices.Clone(cs.hands)
	ix.votersOff = make([]int32, n+1)
	for a := range nA {
		mine := ix.handsOf[ix.handsOff[a]:ix.handsOff[a+1]]
		slices.Sort(mine)
		for _, i := range mine {
			ix.votersOff[i+1]++
		}
	}
	for i := range n {
		ix.votersOff[i+1] += ix.votersOff[i]
	}
	ix.votersOf = make([]int32, ix.votersOff[n])
	ix.votersAt = make([]int32, ix.votersOff[n])
	fill := slices.Clone(ix.votersOff[:n])
	for a := range nA {
		for x, i := range ix.handsOf[ix.handsOff[a]:ix.handsOff[a+1]] {
			ix.votersOf[fill[i]], ix.votersAt[fill[i]] = int32(a), ix.handsOff[a]+int32(x)
			fill[i]++
		}
	}
}

// shared adds to count[k*C+c] the voters of class c that i shares with
// each k > i, marks each such k in touched and appends it to ks (in any
// order).
func (ix *voterIndex) shared(i int, cs voterClasses, count []int32, touched []bool, ks []int) []int {
	C, W := len(cs.classes), ix.W
	if ix.useBits {
		// Class by class, over the class's words: the popcounts of a
		// class add up in a register, with no test per word.
		bi := ix.voters[i*W : i*W+W]
		for k := i + 1; k < ix.n; k++ {
			bk := ix.voters[k*W : k*W+W]
			bk = bk[:len(bi)]
			row := count[k*C : k*C+C]
			shares := false
			if ix.wordClass != nil { // small classes: word by word
				for w, x := range bi {
					if y := x & bk[w]; y != 0 {
						row[ix.wordClass[w]] += int32(bits.OnesCount64(y))
						shares = true
					}
				}
			} else {
				for c := range row {
					lo, hi := cs.classes[c].first, cs.classes[c].last
					if m := popAnd(bi[lo:hi], bk[lo:hi]); m != 0 {
						row[c] += int32(m)
						shares = true
					}
				}
			}
			if shares && !touched[k] {
				touched[k] = true
				ks = append(ks, k)
			}
		}
		return ks
	}
	for v := ix.votersOff[i]; v < ix.votersOff[i+1]; v++ {
		a := ix.votersOf[v]
		c := int(cs.classOf[a])
		for _, k := range ix.handsOf[ix.votersAt[v]+1 : ix.handsOff[a+1]] {
			count[int(k)*C+c]++
			if !touched[k] {
				touched[k] = true
				ks = append(ks, int(k))
			}
		}
	}
	return ks
}

// popAnd returns the number of bits set in both a and b, words of the
// same length.
func popAnd(a, b []uint64) int {
	b = b[:len(a)]
	// Four words at a time into one sum: with GOAMD64=v1 each popcount
	// tests for the POPCNT instruction, and more sums than one spill.
	m := 0
	w := 0
	for ; w+4 <= len(a); w += 4 {
		x, y := a[w:w+4:w+4], b[w:w+4:w+4]
		m += bits.OnesCount64(x[0]&y[0]) + bits.OnesCount64(x[1]&y[1]) +
			bits.OnesCount64(x[2]&y[2]) + bits.OnesCount64(x[3]&y[3])
	}
	for ; w < len(a); w++ {
		m += bits.OnesCount64(a[w] & b[w])
	}
	return m
}

// storePairs writes conf of (i, k) and (k, i) for each k in ks from
// count, and clears count and touched for them.
func (st *spreadState) storePairs(i int, ks []int, cs voterClasses, count []int32, touched []bool, acc []float64, jetlag bool) {
	n, L, C := st.n, st.layers, len(cs.classes)
	for _, k := range ks {
		touched[k] = false
		ik := st.conf[(i*n+k)*L : (i*n+k+1)*L]
		ki := st.conf[(k*n+i)*L : (k*n+i+1)*L]
		if !jetlag { // one class of weight 1
			ik[0], ki[0] = float32(count[k]), float32(count[k])
			count[k] = 0
			continue
		}
		clear(acc)
		row := count[k*C : k*C+C]
		for c, m := range row {
			if m == 0 {
				continue
			}
			row[c] = 0
			// Resliced to acc's length, so that the loop has no bounds
			// checks.
			fm, w := float64(m), cs.classes[c].w[:len(acc)]
			for l, x := range w {
				acc[l] += fm * x
			}
		}
		ik, ki = ik[:len(acc)], ki[:len(acc)]
		for l, v := range acc {
			ik[l], ki[l] = float32(v), float32(v)
		}
	}
}

// eightWeights returns jetlag's class weights by layer, w8[l][c] =
// w_c(l), zero beyond the last class, for storePairs8; nil with more than
// eight classes or a weight that is not finite.
func eightWeights(cs voterClasses, L int) [][8]float64 {
	if len(cs.classes) > 8 {
		return nil
	}
	w8 := make([][8]float64, L)
	for c, cl := range cs.classes {
		for l, x := range cl.w[:L] {
			if math.IsInf(x, 0) || math.IsNaN(x) {
				return nil
			}
			w8[l][c] = x
		}
	}
	return w8
}

// storePairs8 is jetlag's storePairs for at most eight classes of finite
// weights (eightWeights): conf of layer l is Σ_c count_c · w_c(l) over all
// eight, in class order, in a register. The terms storePairs skips (no
// co-voter in the class, or no class) are zeros, which leave a sum that
// starts at +0 unchanged: the same float64, bit for bit.
func (st *spreadState) storePairs8(i int, ks []int, C int, count []int32, touched []bool, w8 [][8]float64) {
	n, L := st.n, st.layers
	for _, k := range ks {
		touched[k] = false
		var f [8]float64
		row := count[k*C : k*C+C]
		for c, m := range row {
			f[c] = float64(m)
			row[c] = 0
		}
		ik := st.conf[(i*n+k)*L : (i*n+k+1)*L]
		ki := st.conf[(k*n+i)*L : (k*n+i+1)*L]
		ki, w := ki[:len(ik)], w8[:len(ik)]
		for l := range ik {
			x := &w[l]
			v := 0.0
			v += f[0] * x[0]
			v += f[1] * x[1]
			v += f[2] * x[2]
			v += f[3] * x[3]
			v += f[4] * x[4]
			v += f[5] * x[5]
			v += f[6] * x[6]
			v += f[7] * x[7]
			ik[l], ki[l] = float32(v), float32(v)
		}
	}
}

// voterWeights sets w[s] to the predicted rested alertness in slot s of an
// attendee with the given jet lag and days on site (0: every day), or 0 on a
// day they are not on site.
func voterWeights(in *sim.Input, jet float64, days uint64, w []float64) {
	for s, sl := range in.Event.Slots {
		if days != 0 && days&(1<<uint(sl.Day)) == 0 {
			w[s] = 0
			continue
		}
		w[s] = in.Alertness.Alertness(jet, sl.Day, sl.Hour(), 0)
	}
}
