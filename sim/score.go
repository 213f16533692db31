package sim

import (
	"math"
	"math/bits"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Gini returns the Gini coefficient of the non-negative values x, the mean
// absolute difference over all ordered pairs relative to twice the mean:
//
//	G = Σ_i Σ_j |x_i − x_j| / (2 n² μ)
//
// computed in O(n log n) from the sorted values x_(1) ≤ … ≤ x_(n) as
//
//	G = 2 Σ_i i·x_(i) / (n Σ_i x_i) − (n + 1)/n
//
// G is 0 when everyone has the same and (n−1)/n when one holds everything.
// It is 0 for empty x and when the values sum to 0 or less. x is not
// modified; sorted x costs no allocation.
func Gini(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	s := x
	if !slices.IsSorted(x) { // sorted input (as for quantiles) needs no copy
		s = slices.Clone(x)
		slices.Sort(s)
	}
	sum, weighted := 0.0, 0.0
	for i, v := range s {
		sum += v
		weighted += float64(i+1) * v
	}
	if !(sum > 0) {
		return 0
	}
	g := 2*weighted/(float64(n)*sum) - float64(n+1)/float64(n)
	return math.Max(0, g) // rounding can give −1e-17 for equal values
}

// Spearman returns Spearman's rank correlation of x and y: Pearson's
// correlation (gonum stat.Correlation) of their ranks, tied values sharing
// their average rank. It is NaN with fewer than two points or when either
// side is constant. It panics if the lengths differ.
func Spearman(x, y []float64) float64 {
	var k ranker
	return k.spearman(x, y)
}

// ranker computes Spearman's rank correlation in buffers it keeps. (The
// engine ranks its counts by counting: Engine.spearmanCounts.)
type ranker struct {
	idx    []int
	rx, ry []float64
}

// spearman is Spearman(x, y).
func (k *ranker) spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("sim: Spearman: slice length mismatch")
	}
	if len(x) < 2 {
		return math.NaN()
	}
	k.rx = k.ranks(x, k.rx)
	k.ry = k.ranks(y, k.ry)
	if constant(k.rx) || constant(k.ry) {
		return math.NaN()
	}
	return stat.Correlation(k.rx, k.ry, nil)
}

// ranks returns the 1-based ranks of x in r (reused), ties given their
// average rank.
func (k *ranker) ranks(x, r []float64) []float64 {
	idx := k.idx[:0]
	for i := range x {
		idx = append(idx, i)
	}
	k.idx = idx
	// Stable, so that equal values keep their order (they share a rank
	// anyway); the comparison is x[a] < x[b], as the ranks were defined.
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[b] < x[a]:
			return 1
		}
		return 0
	})
	r = slices.Grow(r[:0], len(x))[:len(x)]
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of the ranks i+1 … j
		for m := i; m < j; m++ {
			r[idx[m]] = avg
		}
		i = j
	}
	return r
}

func constant(x []float64) bool {
	for _, v := range x[1:] {
		if v != x[0] {
			return false
		}
	}
	return true
}

// Quantile returns the p-quantile of the ascending values sorted by linear
// interpolation between order statistics, R's default (type 7, Hyndman and
// Fan 1996):
//
//	h = (n − 1)·p,  Q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋)   (0-based)
//
// so the median of [1 2 3 4] is 2.5 (gonum's stat.Quantile is type 4 and
// gives 2). It is NaN for empty input and panics if p is outside [0, 1].
func Quantile(sorted []float64, p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("sim: Quantile: p outside [0, 1]")
	}
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(h)
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// handSlots returns, per proposal, the slot s schedules it in, or ns (a
// scratch slot) when not scheduled, in at (resized).
func handSlots(at []int32, nprops, ns int, s *Schedule) []int32 {
	at = grow(at, nprops)
	for i := range at {
		at[i] = int32(ns)
	}
	for _, x := range s.Sessions {
		at[x.Proposal] = int32(x.Slot)
	}
	return at
}

// HandCoverage returns the mean, over attendees with at least one hand, of the
// share of their hands they can act on given clashes: the number of distinct
// slots holding at least one scheduled session they raised a hand for,
// divided by their number of hands. It is NaN when nobody raised a hand.
// Unscheduled proposals count as hands that cannot be acted on.
func HandCoverage(ev *Event, v *Votes, s *Schedule) float64 {
	c, _, _ := handCounts(ev, v, s)
	return c
}

// HandConflicts returns the co-voter conflicts of a schedule: summed over slots
// and over unordered pairs of sessions in the same slot, the number of
// attendees who raised hands for both. An attendee with k hands among the
// sessions of one slot contributes k(k−1)/2.
func HandConflicts(ev *Event, v *Votes, s *Schedule) int {
	_, c, _ := handCounts(ev, v, s)
	return c
}

// HandConflictPairs returns the co-voter conflicts of a schedule
// (HandConflicts) and the co-voter pairs it could have had: summed over
// attendees, the pairs of scheduled sessions they raised hands for,
// whatever their slots,
//
//	pairs = Σ_a k_a(k_a − 1)/2,  k_a = a's hands for scheduled sessions,
//
// so that conflicts/pairs is the share of co-voted session pairs that run
// in parallel (the ConflictShare metric). Conflicts alone grow with the
// hands the scheduled sessions drew; the share does not. Cost O(hands).
func HandConflictPairs(ev *Event, v *Votes, s *Schedule) (conflicts, pairs int) {
	_, c, p := handCounts(ev, v, s)
	return c, p
}

// handCounts returns HandCoverage, HandConflicts and the pairs of
// HandConflictPairs.
func handCounts(ev *Event, v *Votes, s *Schedule) (coverage float64, conflicts, pairs int) {
	ns := len(ev.Slots)
	return coverageConflicts(v, handSlots(nil, len(v.ByProposal), ns, s), make([]int32, ns+1))
}

// coverageConflicts returns HandCoverage, HandConflicts and the pairs of
// HandConflictPairs in one pass over the hands, for the schedule that puts
// proposal p in slot at[p] (ns = len(count)−1 when not scheduled). count
// is scratch, zero on entry and on return.
func coverageConflicts(v *Votes, at []int32, count []int32) (coverage float64, conflicts, pairs int) {
	ns := int32(len(count) - 1)
	sum, n := 0.0, 0
	for _, hands := range v.ByAttendee {
		if len(hands) == 0 {
			continue
		}
		slots, k := 0, 0 // distinct slots with a hand; scheduled hands
		for _, p := range hands {
			if sl := at[p]; sl < ns {
				c := count[sl]
				conflicts += int(c) // pairs with the hands already counted
				if c == 0 {
					slots++
				}
				count[sl] = c + 1
				k++
			}
		}
		pairs += k * (k - 1) / 2
		for _, p := range hands {
			count[at[p]] = 0
		}
		sum += float64(slots) / float64(len(hands))
		n++
	}
	if n == 0 {
		return math.NaN(), conflicts, pairs
	}
	return sum / float64(n), conflicts, pairs
}

// HandScore returns the value of a schedule to attendees under the simplest
// attendance model, each attendee going in each slot to the hand-raised
// session they match best:
//
//	score = Σ_a Σ_slots max_{p in slot, a raised a hand for p} match(a, p)
//
// (0 for a slot without such a session), with match = Attendee.Match. It
// is the "score" of quality_vs_random. Cost O(P + hands + attendees ×
// slots), with no data-dependent branch in the loop over hands (the
// schedules it scores vary, so branches would be mispredicted).
func HandScore(w *World, s *Schedule) float64 {
	ns := len(w.Event.Slots)
	return handScore(w, handSlots(nil, len(w.Proposals), ns, s), topicPairs(nil, w.Proposals), make([]uint64, ns+1))
}

// absBits returns the bits of |x|. The bits of non-negative numbers (and
// −0, which becomes +0) order as the numbers do, so the maximum of
// interests can be taken on integers, without NaN checks or branches.
func absBits(x float64) uint64 { return math.Float64bits(x) &^ (1 << 63) }

// topicPairs returns each proposal's two topics, the main one twice when
// there is no second: proposal p's are t[2p] and t[2p+1] (t resized).
func topicPairs(t []int32, props []Proposal) []int32 {
	t = grow(t, 2*len(props))
	for i, p := range props {
		t[2*i], t[2*i+1] = int32(p.Topic), int32(p.Topic)
		if p.Second >= 0 {
			t[2*i+1] = int32(p.Second)
		}
	}
	return t
}

// handScore is HandScore of the schedule that puts proposal p in slot
// at[p] (ns = len(best)−1 when not scheduled), for the proposals' topic
// pairs t2 (topicPairs); best is scratch, zero on entry and on return.
func handScore(w *World, at, t2 []int32, best []uint64) float64 {
	ns := len(best) - 1
	total := 0.0
	for a, hands := range w.Votes.ByAttendee {
		att := &w.Attendees[a]
		if len(hands) == 0 || att.MaxInterest <= 0 {
			continue
		}
		in := att.Interests
		for _, p := range hands {
			m := max(absBits(in[t2[2*p]]), absBits(in[t2[2*p+1]]))
			sl := at[p]
			b := best[sl]
			if m > b {
				b = m
			}
			best[sl] = b
		}
		sum := 0.0
		for _, b := range best[:ns] {
			sum += math.Float64frombits(b)
		}
		clear(best)
		total += sum / att.MaxInterest
	}
	return total
}

// Baseline holds the reference points of quality_vs_random, a schedule's
// HandScore relative to them:
//
//	quality_vs_random = (score − Random)/(Best − Random)
//
// Random is the mean HandScore of random schedules (MeanHandScore of
// policy.Baseline's draws) and Best an upper bound of any schedule's
// (BestHandScore). The metric is NaN when Best equals Random, as for the
// zero Baseline.
type Baseline struct {
	Random, Best float64
}

// MeanHandScore returns the mean HandScore of the schedules ss on w, bit
// for bit: it scores them all in one pass over the hands, each attendee's
// match with a hand taken once for every schedule, and adds in
// HandScore's order (per schedule: slots in order within an attendee,
// attendees in order; then the schedules in order). It is NaN for no
// schedule. Cost O(len(ss)·(P + attendees × slots) + hands) with no
// allocation per schedule. The schedules must pass Schedule.Check.
func MeanHandScore(w *World, ss []Schedule) float64 {
	return new(Scorer).MeanHandScore(w, ss)
}

// Scorer computes MeanHandScore, BestHandScore and both at once
// (Baseline) world after world,
// keeping its buffers from one call to the next, so that a worker that
// scores many worlds allocates nothing once its buffers have grown. Its
// results are the functions', bit for bit. The zero Scorer is ready to
// use; one Scorer serves one goroutine.
type Scorer struct {
	t2     []int32   // the proposals' topics (topicPairs)
	totals []float64 // per schedule, the HandScore so far
	topics *topicFold
	// foldPlaces': proposal p's places are at[first[p]:first[p+1]]; an
	// attendee's best match per place, and per hand.
	first, next, at []int32
	recs            []handRec
	best, ms        []uint64
	top             []uint64
}

// MeanHandScore is MeanHandScore with s's buffers.
func (s *Scorer) MeanHandScore(w *World, ss []Schedule) float64 {
	if len(ss) == 0 {
		return math.NaN()
	}
	mean, _ := s.scores(w, ss, false)
	return mean
}

// Baseline returns the Baseline of w for the random schedules ss:
// MeanHandScore(w, ss) and BestHandScore(w), bit for bit, in one pass
// over the hands (each attendee's interest in a hand is read once for
// both).
func (s *Scorer) Baseline(w *World, ss []Schedule) Baseline {
	mean, best := s.scores(w, ss, true)
	return Baseline{Random: mean, Best: best}
}

// topicFoldCells bounds the schedules × slots that foldTopics scores, as
// bit sets of at most 16 words per proposal; more go to foldPlaces.
const topicFoldCells = 1024

// scores returns MeanHandScore(w, ss) (NaN for no schedule) and, when
// withBest, BestHandScore(w) (else 0).
func (s *Scorer) scores(w *World, ss []Schedule, withBest bool) (mean, best float64) {
	n := len(ss)
	totals := grow(s.totals, n)
	clear(totals)
	s.totals = totals
	s.t2 = topicPairs(s.t2, w.Proposals)
	nt := int32(0)
	for _, t := range s.t2 {
		nt = max(nt, t+1)
	}
	if n*len(w.Event.Slots) <= topicFoldCells && nt <= 256 {
		best = s.foldTopics(w, ss, int(nt), withBest)
	} else {
		best = s.foldPlaces(w, ss, withBest)
	}
	if n == 0 {
		return math.NaN(), best
	}
	for _, v := range totals {
		mean += v
	}
	return mean / float64(n), best
}

// foldTopics adds each attendee's HandScore of each schedule ss[k] to
// s.totals[k] and returns BestHandScore (0 unless withBest), for few
// schedules × slots and proposals' topics below nt ≤ 256. An attendee's match with a hand is their interest in
// one of its topics, the larger, so the best match in a cell (schedule,
// slot) is the largest interest among the topics that the cell's hands
// reach: the hands are gathered per topic, each proposal's places as a
// bit set (one OR per word instead of one max per place), and the topics
// then taken by decreasing interest, each setting the cells that no
// larger one has. The matches and the order of the additions are
// HandScore's and BestHandScore's.
func (s *Scorer) foldTopics(w *World, ss []Schedule, nt int, withBest bool) (best float64) {
	n, ns, P := len(ss), len(w.Event.Slots), len(w.Proposals)
	nw := (n*ns + 63) / 64
	if s.topics == nil {
		s.topics = new(topicFold)
	}
	f := s.topics
	f.nw = nw
	f.props = grow(f.props, P)
	for p := range f.props {
		f.props[p] = topicProp{t: [2]uint8{uint8(s.t2[2*p]), uint8(s.t2[2*p+1])}}
	}
	for k := range ss {
		for _, x := range ss[k].Sessions {
			c := k*ns + x.Slot
			f.props[x.Proposal].places[c>>6] |= 1 << (c & 63)
		}
	}
	totals := s.totals
	for a, hands := range w.Votes.ByAttendee {
		att := &w.Attendees[a]
		if len(hands) == 0 || att.MaxInterest <= 0 {
			continue // matches 0: they add nothing to either
		}
		in := att.Interests
		if len(in) < nt {
			for _, p := range hands { // out of range as in HandScore
				_, _ = in[s.t2[2*p]], in[s.t2[2*p+1]]
			}
		}
		for t, x := range in[:min(len(in), nt)] {
			f.keys[t] = absBits(x)
		}
		f.gather(hands)
		f.sortTopics()
		f.cover(n * ns)
		f.sum(totals, ns, att.MaxInterest)
		if withBest {
			best = f.addLevels(best, ns, att.MaxInterest)
		}
		for _, t := range f.order {
			f.count[t] = 0
		}
	}
	return best
}

// topicFold is foldTopics' scratch: each proposal's places (schedule ×
// slot) as a bit set, and an attendee's interests as bits (see absBits),
// their hands' places per topic, the topics they reach and their best
// matches per place.
type topicFold struct {
	nw      int // words of a set of places
	props   []topicProp
	keys    [256]uint64
	groups  [256][topicFoldWords]uint64 // zero between attendees
	count   [256]int32                  // zero between attendees
	touched [4]uint64                   // zero between attendees
	order   []uint8                     // the topics reached, by decreasing interest
	cov     [topicFoldWords]uint64      // the places with a hand
	cells   [topicFoldCells]uint64      // per place, the best match
}

// topicFoldWords is the words of foldTopics' sets of places.
const topicFoldWords = topicFoldCells / 64

// topicProp is what gather reads of a proposal: its places, as a bit
// set, and its topics.
type topicProp struct {
	places [topicFoldWords]uint64
	t      [2]uint8
}

// gather gathers the places of an attendee's hands by the topic that
// gives each its match, the one of larger interest.
//
//go:noinline
func (f *topicFold) gather(hands []int32) {
	nw := min(f.nw, topicFoldWords)
	for _, p := range hands {
		q := &f.props[p]
		t := q.t[0]
		if f.keys[q.t[1]] > f.keys[t] {
			t = q.t[1]
		}
		g := &f.groups[t]
		for i := range nw {
			g[i] |= q.places[i]
		}
		f.count[t]++
		f.touched[t>>6] |= 1 << (t & 63)
	}
}

// sortTopics lists the topics an attendee's hands reach by decreasing
// interest (by insertion: they are few) and clears their set.
func (f *topicFold) sortTopics() {
	order := f.order[:0]
	for i, word := range f.touched {
		for ; word != 0; word &= word - 1 {
			t := uint8(i*64 + bits.TrailingZeros64(word))
			v := f.keys[t]
			j := len(order)
			order = append(order, t)
			for j > 0 && f.keys[order[j-1]] < v {
				order[j] = order[j-1]
				j--
			}
			order[j] = t
		}
		f.touched[i] = 0
	}
	f.order = order
}

// cover sets each place to the attendee's best match there, the
// interest of the first topic in order that reaches it, or 0 for none,
// and clears the topics' places.
//
//go:noinline
func (f *topicFold) cover(cells int) {
	nw := min(f.nw, topicFoldWords)
	cov := &f.cov
	clear(cov[:])
	for _, t := range f.order {
		v := f.keys[t]
		g := &f.groups[t]
		for i := range nw {
			x := g[i] &^ cov[i]
			cov[i] |= x
			row := (*[64]uint64)(f.cells[i*64:])
			for ; x != 0; x &= x - 1 {
				row[bits.TrailingZeros64(x)&63] = v
			}
			g[i] = 0
		}
	}
	for i := range nw {
		x := ^cov[i]
		if i == cells/64 {
			x &= 1<<(cells%64) - 1 // the places that exist
		}
		row := (*[64]uint64)(f.cells[i*64:])
		for ; x != 0; x &= x - 1 {
			row[bits.TrailingZeros64(x)&63] = 0
		}
	}
}

// sum adds to totals[k] the attendee's HandScore of schedule k, their
// best matches in its ns slots added in slot order and divided by div.
//
//go:noinline
func (f *topicFold) sum(totals []float64, ns int, div float64) {
	cells := &f.cells
	i := 0
	for k := range totals {
		sum := 0.0
		for end := i + ns; i < end; i++ {
			sum += math.Float64frombits(cells[i&(len(cells)-1)]) // a no-op mask that proves the index in range
		}
		totals[k] += sum / div
	}
}

// addLevels adds to best an attendee's top min(#hands, k) matches, in
// ascending order, each divided by div, as addTop does: their hands reach
// the topics order, count[t] of them with the match of topic t. Equal
// matches add the same number whichever hand they come from.
func (f *topicFold) addLevels(best float64, k int, div float64) float64 {
	order := f.order
	j, last := 0, 0 // the topics taken, order[:j]; of the last, last hands
	for ; j < len(order) && k > 0; j++ {
		last = min(int(f.count[order[j]]), k)
		k -= last
	}
	for l := j - 1; l >= 0; l-- {
		c := int(f.count[order[l]])
		if l == j-1 {
			c = last
		}
		q := math.Float64frombits(f.keys[order[l]]) / div
		for range c {
			best += q
		}
	}
	return best
}

// foldPlaces is foldTopics for many schedules × slots: proposal p's places
// are listed, and each hand raises the attendee's best match in each of
// its places.
func (s *Scorer) foldPlaces(w *World, ss []Schedule, withBest bool) (best float64) {
	n := len(ss)
	ns := len(w.Event.Slots)
	P := len(w.Proposals)
	// An attendee's best match per schedule k and slot is in
	// best[k*ns+slot]. Proposal p's places, one per schedule that holds
	// it, are at[first[p]:first[p+1]]: a hand for a proposal a schedule
	// leaves out adds nothing to it, and most proposals of a large event
	// are left out of most schedules.
	first := grow(s.first, P+1)
	clear(first)
	for k := range ss {
		for _, x := range ss[k].Sessions {
			first[x.Proposal+1]++
		}
	}
	for p := range P {
		first[p+1] += first[p]
	}
	next := grow(s.next, P)
	copy(next, first[:P])
	at := grow(s.at, int(first[P]))
	for k := range ss {
		for _, x := range ss[k].Sessions {
			at[next[x.Proposal]] = int32(k*ns + x.Slot)
			next[x.Proposal]++
		}
	}
	// Each proposal's topics and places in one record: a hand reads one.
	t2 := s.t2
	recs := grow(s.recs, P)
	for p := range recs {
		recs[p] = handRec{t2[2*p], t2[2*p+1], first[p], first[p+1]}
	}
	slots := grow(s.best, n*ns) // as bits: see absBits
	clear(slots)
	if cap(s.top) < ns {
		s.top = make([]uint64, 0, ns)
	}
	totals := s.totals
	s.first, s.next, s.at, s.recs, s.best = first, next, at, recs, slots

	for a, hands := range w.Votes.ByAttendee {
		att := &w.Attendees[a]
		if len(hands) == 0 || att.MaxInterest <= 0 {
			continue // matches 0: they add nothing to either
		}
		s.ms = grow(s.ms, len(hands))
		ms := s.ms[:len(hands)]
		foldHands(slots, at, recs, att.Interests, hands, ms)
		sumSlots(totals, slots, ns, att.MaxInterest)
		if withBest {
			best = addTop(best, ms, s.top[:0:ns], att.MaxInterest)
		}
	}
	return best
}

// addTop adds to best the largest len(ms) or cap(top) interests ms (as
// bits: see absBits), each divided by div, in ascending order, keeping
// them in top (empty on entry) by insertion: O(len(ms) × cap(top)) at
// worst, no sort. Division by a positive div keeps the order, so the
// largest interests give the largest matches.
func addTop(best float64, ms, top []uint64, div float64) float64 {
	k := cap(top)
	if k == 0 {
		return best
	}
	for _, v := range ms {
		if len(top) < k {
			i := len(top)
			top = append(top, v)
			for i > 0 && top[i-1] > v {
				top[i] = top[i-1]
				i--
			}
			top[i] = v
			continue
		}
		if v <= top[0] {
			continue
		}
		// Drop the smallest: shift the others below v down.
		i := 0
		for i+1 < k && top[i+1] < v {
			top[i] = top[i+1]
			i++
		}
		top[i] = v
	}
	for _, v := range top {
		best += math.Float64frombits(v) / div
	}
	return best
}

// handRec is what MeanHandScore reads of a proposal for a hand: its two
// topics (topicPairs) and its places, at[lo:hi].
type handRec struct{ t1, t2, lo, hi int32 }

// sumSlots adds to totals[k] the sum of best[k*ns : (k+1)*ns] (as bits:
// see absBits), in slot order, divided by div, and zeroes best.
func sumSlots(totals []float64, best []uint64, ns int, div float64) {
	for k := range totals {
		row := best[k*ns : k*ns+ns]
		sum := 0.0
		for i, v := range row {
			sum += math.Float64frombits(v)
			row[i] = 0
		}
		totals[k] += sum / div
	}
}

// foldHands raises best[i], for each hand p and each of p's places i
// (at[recs[p].lo:recs[p].hi]), to the attendee's interest (ia) in p, for
// MeanHandScore, and sets ms[h] to the interest in hand h. Inlined into
// scores its loop runs out of registers (measured: 2× the instructions),
// hence noinline.
//
//go:noinline
func foldHands(best []uint64, at []int32, recs []handRec, ia []float64, hands []int32, ms []uint64) {
	ms = ms[:len(hands)]
	for h, p := range hands {
		r := recs[p]
		m := max(absBits(ia[r.t1]), absBits(ia[r.t2]))
		ms[h] = m
		for _, i := range at[r.lo:r.hi] {
			best[i] = max(best[i], m)
		}
	}
}

// BestHandScore returns Baseline's Best: per attendee, the sum of their
// top min(#hands, #slots) matches among the proposals they raised a hand
// for,
//
//	best = Σ_a sum of a's top min(#hands_a, #slots) matches,
//
// added in ascending order (kept by insertion: O(hands × slots) at worst,
// no sort). It bounds HandScore from above for every schedule: an
// attendee gains at most one session per slot, each from a distinct hand.
func BestHandScore(w *World) float64 {
	return new(Scorer).BestHandScore(w)
}

// BestHandScore is BestHandScore with s's buffers. It keeps each
// attendee's top interests (the larger of a hand's two topics, as bits:
// see absBits) and divides only those by MaxInterest: division by a
// positive number keeps the order, so the k largest interests give the k
// largest matches, the same numbers added in the same (ascending) order.
func (s *Scorer) BestHandScore(w *World) float64 {
	_, best := s.scores(w, nil, true)
	return best
}
