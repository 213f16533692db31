package agents

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// Vote draws the show of hands. Each attendee, in order, takes part with
// probability Turnout and then perceives each proposal p other than their
// own as
//
//	perceived = match(a, p) + taste_ap + √(1 − Taste)·Normal(0, Noise)
//	            + SocialBonus·[same affiliation as p's proposer]
//	            + StarBonus·[p's proposer is a star]
//
// and raises a hand when perceived > Threshold; with Budget > 0 only the
// Budget highest perceived of those stay up. A voter whose perceived
// interest falls in (Threshold − Maybe, Threshold] rates the proposal
// maybe (sim.Votes.Maybe, when Maybe > 0). match is Attendee.Match; taste is
// the lasting part of the noise, taste[a·len(props)+p] (see NewWorld; nil
// for none, when Taste is 0). Both views of the hands, and the maybes, are
// sorted ascending. Proposers are indices into attendees.
//
// Each perceived value is drawn (one normal per attendee × proposal, in
// proposal order), except with noise, no lasting taste and at least
// classFrom proposals per topic: the values are then not drawn one by one
// but by classes of proposals a voter perceives alike (see
// perceiveClasses), the same distribution in time linear in the hands and
// maybes drawn (with a budget: the hands kept) rather than in attendees ×
// proposals. Either way the draws come from src alone, in attendee order.
func Vote(c *sim.VotesConfig, attendees []sim.Attendee, props []sim.Proposal, taste []float32, src rand.Source) sim.Votes {
	return new(voter).vote(c, attendees, props, taste, src)
}

// voter is Vote's memory, kept by a Builder from one world to the next:
// the views of the hands, their backing arrays and the scratch of the
// voters' passes.
type voter struct {
	byProposal, byAttendee, maybe [][]int32
	voted                         []bool
	flat, maybes, byProp          []int32 // hands by attendee, maybes, hands by proposal
	count                         []int
	scaled                        []float64
	w                             perceiver
}

// vote is Vote in vr's memory: the Votes it returns are overwritten by
// the next call.
func (vr *voter) vote(c *sim.VotesConfig, attendees []sim.Attendee, props []sim.Proposal, taste []float32, src rand.Source) sim.Votes {
	r := newStream(src)
	defer r.done()
	v := sim.Votes{
		ByProposal: grow(vr.byProposal, len(props)),
		ByAttendee: grow(vr.byAttendee, len(attendees)),
		Voted:      grow(vr.voted, len(attendees)),
	}
	clear(v.ByAttendee) // nil for those without hands
	clear(v.Voted)
	vr.byProposal, vr.byAttendee, vr.voted = v.ByProposal, v.ByAttendee, v.Voted
	if c.Maybe > 0 {
		v.Maybe = grow(vr.maybe, len(attendees))
		clear(v.Maybe)
		vr.maybe = v.Maybe
	}
	w := &vr.w
	w.reset(c, attendees, props, taste != nil)
	flat := vr.flat[:0] // every attendee's hands, back to back
	maybes := vr.maybes[:0]
	count := grow(vr.count, len(props))
	clear(count)
	scaled := vr.scaled[:0] // one voter's interests / MaxInterest
	for i := range attendees {
		if r.float64() >= c.Turnout {
			continue
		}
		v.Voted[i] = true
		var tasteRow []float32
		if taste != nil {
			tasteRow = taste[i*len(props) : (i+1)*len(props)]
		}
		maybeStart := len(maybes)
		var hands []int32
		scaled = scaleInterests(scaled[:0], &attendees[i])
		if aff := attendees[i].Affiliation; w.classy {
			hands, maybes = w.perceiveClasses(i, aff, scaled, &r, maybes)
		} else if w.fastFor(aff, scaled, tasteRow, &r) {
			hands, maybes = w.perceiveFast(i, aff, &r, maybes)
		} else {
			hands, maybes = w.perceive(i, aff, scaled, tasteRow, &r, maybes)
		}
		if len(maybes) > maybeStart {
			v.Maybe[i] = maybes[maybeStart:len(maybes):len(maybes)]
		}
		if c.Budget > 0 && len(hands) > c.Budget && !w.classy {
			hands = w.budget(hands, c.Budget)
		}
		if len(hands) == 0 {
			continue
		}
		start := len(flat)
		flat = append(flat, hands...)
		mine := flat[start:len(flat):len(flat)]
		for _, p := range mine {
			count[p]++
		}
		v.ByAttendee[i] = mine
	}
	// Earlier voters' hands and maybes may lie in arrays that append
	// has since outgrown: kept alive by v, they are never written again.
	vr.flat, vr.maybes, vr.count, vr.scaled = flat, maybes, count, scaled
	vr.byProp = fillByProposal(v.ByProposal, v.ByAttendee, count, len(flat), vr.byProp)
	return v
}

// pinfo is what a voter's pass reads of one proposal: its topics (the main
// one twice without a second), its proposer, their affiliation and the
// star bonus, so that the inner loop reads one small record and has few
// data-dependent branches.
type pinfo struct {
	t1, t2, proposer, affiliation int
	star                          float64
	starred                       bool // the proposer is a star
}

// perceiver holds what every voter's pass over the proposals shares, and
// the buffers it reuses from one voter to the next.
type perceiver struct {
	info                      []pinfo
	hands                     []int32   // one voter's hands, the proposals above the threshold
	xs                        []float64 // one voter's perceived interest per proposal
	cand                      []hand    // the hands a budget chooses among
	noise, threshold, maybeAt float64
	social                    [2]float64 // the colleague bonus by [same affiliation]
	hasNoise, maybe           bool

	// The fast pass (perceiveFast), when fast: info in small records,
	// the voter's scaled interests as bits, and its maybes.
	fast  bool
	small []smallInfo
	keys  [256]uint64
	zs    []float64 // one voter's normals, per proposal
	mb    []int32

	// The class pass (perceiveClasses), when classy: noise, none of it
	// lasting, and classFrom proposals per topic or more.
	classy bool
	cl     classes
}

// smallInfo is pinfo for perceiveFast: topics below 256, affiliation in
// 32 bits.
type smallInfo struct {
	star   float64
	aff    int32
	t1, t2 uint8
}

// reset precomputes the per-proposal records and the constants of Vote's
// inner loop, reusing w's buffers; withTaste says whether a lasting taste
// part takes its share of the noise.
func (w *perceiver) reset(c *sim.VotesConfig, attendees []sim.Attendee, props []sim.Proposal, withTaste bool) {
	noise := c.Noise
	if withTaste {
		noise *= math.Sqrt(1 - c.Taste)
	}
	info := grow(w.info, len(props))
	for j, p := range props {
		by := &attendees[p.Proposer]
		info[j] = pinfo{p.Topic, p.Topic, p.Proposer, by.Affiliation, 0, by.Star}
		if p.Second >= 0 {
			info[j].t2 = p.Second
		}
		if by.Star {
			info[j].star = c.StarBonus
		}
	}
	w.info, w.hands, w.xs = info, grow(w.hands, len(props)+1), grow(w.xs, len(props))
	// keep counts a maybe as above maybeAt but not a hand: maybeAt must
	// not exceed the threshold, nor be NaN unless no hand can be (Maybe
	// NaN, which an unchecked config can hold, would give neither).
	w.noise, w.threshold, w.maybeAt = noise, c.Threshold, c.Threshold
	if c.Maybe > 0 {
		w.maybeAt -= c.Maybe
	}
	w.social = [2]float64{0, c.SocialBonus}
	w.hasNoise, w.maybe = c.Noise > 0, c.Maybe > 0
	// perceiveFast needs small topic and affiliation numbers, and each
	// proposer's proposals side by side (as Propose numbers them).
	w.fast = true
	w.small = grow(w.small, len(info))
	for j, q := range info {
		if q.t1 >= len(w.keys) || q.t2 >= len(w.keys) || q.affiliation != int(int32(q.affiliation)) ||
			(j > 0 && q.proposer < info[j-1].proposer) {
			w.fast = false
			break
		}
		w.small[j] = smallInfo{q.star, int32(q.affiliation), uint8(q.t1), uint8(q.t2)}
	}
	w.mb = grow(w.mb, len(info)+1)
	w.zs = grow(w.zs, len(info))
	nt := 0
	for _, q := range info {
		nt = max(nt, q.t1+1, q.t2+1)
	}
	w.classy = w.hasNoise && !withTaste && len(info) >= classFrom*nt
	if w.classy {
		cl := &w.cl
		cl.group(info, nt)
		cl.thr, cl.cutAt, cl.sigma, cl.social = w.threshold, w.maybeAt, noise, c.SocialBonus
		cl.budget, cl.maybe = max(c.Budget, 0), w.maybe
	}
}

// fastFor reports whether perceiveFast can draw voter i's pass, of
// affiliation aff and interests scaled, from r, and if so sets w.keys to
// the bits of scaled. Bits order as the numbers they hold when these
// are +0 or more, and not NaN: the larger of two interests is then the
// larger of two integers.
func (w *perceiver) fastFor(aff int, scaled []float64, tasteRow []float32, r *stream) bool {
	if !w.fast || !w.hasNoise || tasteRow != nil || r.src != nil || aff != int(int32(aff)) || len(scaled) > len(w.keys) {
		return false
	}
	for t, x := range scaled {
		b := math.Float64bits(x)
		if b > 0x7ff0000000000000 { // −0 or below, or NaN
			return false
		}
		w.keys[t] = b
	}
	return true
}

// perceiveFast is perceive for a voter that passed fastFor: the same
// draws, the same arithmetic, in three tight loops, each with few enough
// values to keep in registers: r.norms draws the voter's normals in
// order, then span perceives (w.xs) and keep keeps the hands and
// maybes. The voter's own proposals, side by side, are skipped as a
// block.
func (w *perceiver) perceiveFast(i, aff int, r *stream, maybes []int32) ([]int32, []int32) {
	// The voter's own proposals: [own, end).
	own, end := 0, len(w.info)
	for own < end { // the first proposal of a proposer ≥ i
		h := int(uint(own+end) >> 1)
		if w.info[h].proposer < i {
			own = h + 1
		} else {
			end = h
		}
	}
	for end = own; end < len(w.info) && w.info[end].proposer == i; end++ {
	}
	spans := [2][2]int{{0, own}, {end, len(w.small)}}
	for _, span := range spans {
		r.norms(w.zs[span[0]:span[1]])
	}
	n, m := 0, 0
	for _, span := range spans {
		w.span(span[0], span[1], int32(aff))
		n, m = w.keep(span[0], span[1], n, m)
	}
	if w.maybe {
		maybes = append(maybes, w.mb[:m]...)
	}
	return w.hands[:n], maybes
}

// span perceives proposals j to end with the voter's normals (w.zs),
// setting w.xs.
func (w *perceiver) span(j, end int, aff int32) {
	info, keys, zs, xs := w.small[j:end], &w.keys, w.zs[j:end], w.xs[j:end]
	noise, social := w.noise, w.social
	zs = zs[:len(info)]
	xs = xs[:len(info)]
	for k := range info {
		q := &info[k]
		x := math.Float64frombits(max(keys[q.t1], keys[q.t2])) + q.star
		x += noise * zs[k]
		xs[k] = x + social[b2i(q.aff == aff)]
	}
}

// keep appends the proposals j to end perceived above the threshold
// (w.xs) to w.hands (from n) and the maybes to w.mb (from m); it
// returns their new lengths.
func (w *perceiver) keep(j, end, n, m int) (int, int) {
	xs, hands, mb := w.xs[j:end], w.hands, w.mb
	threshold, maybeAt := w.threshold, w.maybeAt
	for k, x := range xs {
		hand := b2i(x > threshold)
		hands[n] = int32(j + k)
		n += hand
		// A maybe is above maybeAt (≤ threshold) but not a hand.
		mb[m] = int32(j + k)
		m += b2i(x > maybeAt) - hand
	}
	return n, m
}

// scaleInterests appends to dst a's interests divided by their
// MaxInterest, per topic: max(in[t1], in[t2])/div is max(in[t1]/div,
// in[t2]/div), division by a positive div being monotone, so Vote makes
// one division per topic instead of one per proposal.
func scaleInterests(dst []float64, a *sim.Attendee) []float64 {
	div := a.MaxInterest // as in Attendee.Match: 0 without interests
	if !(div > 0) {
		div = math.Inf(1)
	}
	for _, x := range a.Interests {
		dst = append(dst, x/div)
	}
	return dst
}

// perceive draws how attendee i, of affiliation aff and interests scaled
// (see scaleInterests), perceives each proposal but their own and returns
// the hands above the threshold, in proposal order (in w's buffer, valid
// until the next call), and maybes with the voter's maybes appended (when
// Maybe > 0). tasteRow is the voter's lasting taste per proposal, nil for
// none.
func (w *perceiver) perceive(i, aff int, scaled []float64, tasteRow []float32, r *stream, maybes []int32) ([]int32, []int32) {
	// Loop invariants in locals (the loop's stores could alias w), and
	// the colleague bonus added with no branch: x + 0 is x, as x is never
	// −0 (its first term is an interest ≥ +0).
	info, hands, xs := w.info, w.hands, w.xs[:len(w.info)]
	noise, threshold, maybeAt, social := w.noise, w.threshold, w.maybeAt, w.social
	hasNoise, maybe := w.hasNoise, w.maybe
	if maybe {
		maybes = slices.Grow(maybes, len(info))
	}
	n, m := 0, len(maybes)
	for j := range info {
		q := &info[j]
		if q.proposer == i {
			continue
		}
		x := max(scaled[q.t1], scaled[q.t2]) + q.star
		if hasNoise {
			x += noise * r.norm()
		}
		if tasteRow != nil {
			x += float64(tasteRow[j])
		}
		x += social[b2i(q.affiliation == aff)]
		// Write always, keep when above the threshold (or a maybe):
		// no branch.
		xs[j] = x
		hands[n] = int32(j)
		n += b2i(x > threshold)
		if maybe {
			maybes = maybes[:m+1]
			maybes[m] = int32(j)
			m += b2i(x <= threshold) & b2i(x > maybeAt)
		}
	}
	return hands[:n], maybes[:m]
}

// budget returns the k hands of highest perceived value (w.xs) among
// hands, in proposal order (topHands, in w's buffer).
func (w *perceiver) budget(hands []int32, k int) []int32 {
	cand := w.cand[:0]
	for _, p := range hands {
		cand = append(cand, hand{p, w.xs[p]})
	}
	w.cand = cand
	top := topHands(cand, k)
	slices.SortFunc(top, func(x, y hand) int { return cmp.Compare(x.p, y.p) })
	for k, h := range top {
		hands[k] = h.p
	}
	return hands[:len(top)]
}

// fillByProposal fills byProp, the voters per proposal, from byAttendee,
// in attendee order, so sorted ascending; count is the hands per proposal
// (set to the end of each proposal's voters on return) and total their
// sum: one backing array for all, flat (resized), which it returns.
func fillByProposal(byProp, byAttendee [][]int32, count []int, total int, flat []int32) []int32 {
	flat = grow(flat, total)
	off := 0
	for p, n := range count {
		byProp[p] = flat[off : off+n : off+n]
		count[p] = off // where p's next voter goes
		off += n
	}
	for i, hands := range byAttendee {
		for _, p := range hands {
			flat[count[p]] = int32(i)
			count[p]++
		}
	}
	return flat
}

// hand is a raised hand and how much the voter wants it.
type hand struct {
	p         int32
	perceived float64
}

// topHands moves the k hands of highest perceived value to the front of
// cand, in decreasing order, earlier ones first among equals (the first k
// of a stable sort by decreasing perceived value), and returns them: by
// insertion into the k kept so far, O(len(cand)) when few displace them,
// instead of sorting every hand.
func topHands(cand []hand, k int) []hand {
	top := cand[:0:min(k, len(cand))] // the front of cand, reused: reads stay ahead of writes
	for _, h := range cand {
		if len(top) == k {
			if h.perceived <= top[k-1].perceived {
				continue // not above the k-th (an equal one came earlier)
			}
			top = top[:k-1]
		}
		i := len(top)
		top = append(top, h)
		for i > 0 && top[i-1].perceived < h.perceived {
			top[i] = top[i-1]
			i--
		}
		top[i] = h
	}
	return top
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
