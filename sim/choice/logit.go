package choice

import (
	"math"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// Logit is the multinomial logit choice model (McFadden 1974). Arrival i
// values running session k at
//
//	U_ik = Interest·m_ik + Star·[a star is in k]
//	       + Social·sociability_i·(share of i's colleagues on site in k)
//	       − Crowd·max(0, n_k/c_k − CrowdFree)
//	       + Appeal·rng.Normal(rng.Key(seed, "appeal"), proposal_k, 0, 0)
//	       + Noise·rng.GumbelCross(rng.Key(seed, "choice"), i, proposal_k, s)
//
// and the hallway at
//
//	U_i0 = Outside + Arrival.Hallway + Noise·rng.GumbelCross(rng.Key(seed, "choice"), i, −1, s)
//
// where m_ik is World.Match (the proposal's topics and i's lasting taste
// for it), n_k the head count so far and c_k the room's capacity, s the
// slot, and the share of colleagues is 0 for an attendee with none on
// site. The arrival takes the option of largest utility, a logit draw
// since the noise is Gumbel (sessions win exact ties over the hallway,
// earlier rooms over later ones); when that session is full, the room
// turns them away and they take the next best option, session or hallway.
// The noise is counter-based, so a given attendee's taste for a given
// proposal in a given slot is the same number under every policy: common
// random numbers. (A cross draw costs one hash per option, the attendee's
// part and the proposal and slot's hashed once: rng.CrossBits.)
//
// Under the law of two feet (TwoFeet), an attendee in session k moves to
// the session j ≠ k with room to spare of largest value m_ij·q(n_j+1)
// when it beats staying, m_ik·q(n_k), by more than Margin; q is the
// discussion quality (Scene.Quality).
//
// The zero Logit is valid: every option is worth 0 and the first session
// with room wins.
type Logit struct {
	// Interest weighs the match with the session's topics.
	Interest float64
	// Star is the pull of a star in the room.
	Star float64
	// Social weighs the share of colleagues there.
	Social float64
	// Crowd is the penalty per unit of fill above CrowdFree.
	Crowd, CrowdFree float64
	// Outside is the hallway's utility.
	Outside float64
	// Noise is the Gumbel scale: 0 makes choice deterministic.
	Noise float64
	// Appeal is the standard deviation of a session's own pull.
	Appeal float64
	// TwoFeet switches hops on; Margin is the gain in value a hop needs.
	TwoFeet bool
	Margin  float64
}

// NewLogit returns the logit of c (ChoiceConfig's keys of the same names;
// OutsideFatigue is Alert's).
func NewLogit(c *sim.ChoiceConfig) Logit {
	return Logit{
		Interest: c.Interest, Star: c.Star, Social: c.Social,
		Crowd: c.Crowd, CrowdFree: c.CrowdFree, Outside: c.Outside,
		Noise: c.Noise, Appeal: c.Appeal,
		TwoFeet: c.TwoFeet.Enabled, Margin: c.TwoFeet.Margin,
	}
}

// Utility returns the systematic utility of a session (without appeal
// and noise) for an arrival of the given match and sociability. tieShare
// is the share of the arrival's colleagues present there and fill the
// session's head count over its capacity.
func (l *Logit) Utility(match float64, star bool, sociability, tieShare, fill float64) float64 {
	u := l.Interest*match + l.Social*sociability*tieShare
	if star {
		u += l.Star
	}
	if over := fill - l.CrowdFree; over > 0 {
		u -= l.Crowd * over
	}
	return u
}

// Start implements sim.Chooser: it normalises the attendees' interests
// and draws the sessions' appeal once for the run.
func (l Logit) Start(w *sim.World, old sim.Choices) sim.Choices {
	r, _ := old.(*logitRun)
	if r == nil {
		r = new(logitRun)
	}
	r.start(&l, w)
	return r
}

// logitRun is a Logit at work on one run. It keeps what a slot's choices
// share: the sessions' topics, noise keys and appeal in one table (sess,
// for the slot of slotMix), each arrival's matches for their hop (rows),
// and the value of joining each session during the hops (join).
type logitRun struct {
	l      Logit
	w      *sim.World
	nt, np int       // topics, proposals
	norm   []float64 // norm[i·nt+t]: attendee i's interest in t over their largest
	props  []proposal
	keyA   []uint64 // keyA[i]: rng.KeyA(rng.Key(seed, "choice"), i)
	max    gumbelMax
	// The slot whose scene the tables below describe, the column part of
	// the hallway's draws there (rng.MixBC of its "proposal", −1, and the
	// slot), and its sessions' proposals, each with its own column part.
	slot    int
	hallMix uint64
	sess    []proposal
	// rows[p·K+k] is the match with session k of the p-th attendee to
	// choose (or hop) in the slot: rows in arrival order, so that Choose
	// writes them and Hop, which visits arrivals in that order too, reads
	// them one after the other. Attendee i's row is rowOf[i] when
	// rowGen[i] is gen (bumped by every enter), nrows rows in use.
	rows          []float64
	rowOf, rowGen []int32
	gen, nrows    int32
	// join[k] is q(n_k+1), or −Inf when k is full, while joinOK;
	// joinMax is the largest of them and 0.
	join    []float64
	joinMax float64
	joinOK  bool
	// hopMax[i] bounds attendee i's matches with every proposal: the
	// largest of them, or more.
	hopMax []float64
	// full[:nfull] holds the full sessions' options of a choice
	// (options).
	full  []fullOption
	nfull int
	// bits holds a choice's draws (options).
	bits []uint64
	// noMates is K zeros: the colleagues in each session of an arrival
	// without colleagues on site.
	noMates []int32
}

// proposal is what a choice needs of a proposal: its ID, its topics (the
// main one twice without a second), its appeal and, in logitRun.sess, the
// column part of its noise draws in the slot, rng.MixBC(ID, slot).
type proposal struct {
	id, topic, second int
	mix               uint64
	appeal            float64
}

func (r *logitRun) start(l *Logit, w *sim.World) {
	r.l, r.w = *l, w
	r.nt, r.np = len(w.Event.Topics), len(w.Proposals)
	r.norm = grow(r.norm, len(w.Attendees)*r.nt)
	r.hopMax = grow(r.hopMax, len(w.Attendees))
	normInterests(r.norm, r.hopMax, w.Attendees, r.nt)
	if w.Taste != nil {
		tasteBounds(r.hopMax, w.Taste, r.np)
	}
	r.props = grow(r.props, r.np)
	appealKey := rng.Key(w.Seed, "appeal")
	for i := range w.Proposals {
		p := &w.Proposals[i]
		x := proposal{id: i, topic: p.Topic, second: p.Topic}
		if p.Second >= 0 {
			x.second = p.Second
		}
		if l.Appeal != 0 {
			x.appeal = l.Appeal * rng.Normal(appealKey, i, 0, 0)
		}
		r.props[i] = x
	}
	// Each attendee's part of their draws' keys, hashed once for the
	// run's slots.
	key := rng.Key(w.Seed, "choice")
	r.keyA = grow(r.keyA, len(w.Attendees))
	for i := range r.keyA {
		r.keyA[i] = rng.KeyA(key, i)
	}
	r.slot = -1
	r.rowOf = grow(r.rowOf, len(w.Attendees))
	r.rowGen = grow(r.rowGen, len(w.Attendees))
	clear(r.rowGen)
	r.gen = 0
	r.joinOK = false
}

// enter makes the slot tables describe scene sc.
func (r *logitRun) enter(sc *sim.Scene) {
	K := len(sc.Sessions)
	r.slot, r.hallMix = sc.Slot, rng.MixBC(-1, sc.Slot)
	r.sess = grow(r.sess, K)
	for k := range sc.Sessions {
		x := r.props[sc.Sessions[k].Proposal]
		x.mix = rng.MixBC(x.id, sc.Slot)
		r.sess[k] = x
	}
	r.rows = grow(r.rows, len(r.w.Attendees)*K)
	r.gen++
	r.nrows = 0
	r.max.size(K+1, r.l.Noise)
	r.joinOK = false
	if len(r.full) < K {
		r.full = make([]fullOption, K)
		r.bits = make([]uint64, K)
	}
	if len(r.noMates) < K {
		r.noMates = make([]int32, K)
	}
}

// Choose implements sim.Choices. A full session cannot be joined, so
// it is not among the options best chooses from; it turns the arrival
// away when it ranks above the best option with room (the hallway
// included), which is what trying the options from the best down, one
// room after another, gives.
func (r *logitRun) Choose(sc *sim.Scene, a *sim.Arrival) int {
	sess := sc.Sessions
	K := len(sess)
	if sc.Slot != r.slot || len(r.sess) != K {
		r.enter(sc)
	}
	r.joinOK = false
	m := &r.max
	keyA := r.keyA[a.ID]
	n := r.options(sess, a, keyA)
	m.set(n, r.l.Outside+a.Hallway, rng.CrossBits(keyA, r.hallMix))
	b := m.best(n + 1)
	if r.nfull == 0 {
		if b == K {
			return sim.Hallway
		}
		return b
	}
	// Option b is the session of index kb: b plus the full sessions
	// before it (r.full is ascending).
	full := r.full[:r.nfull]
	kb := b
	for _, f := range full {
		if f.k > kb {
			break
		}
		kb++
	}
	lob := m.lo(b)
	for i := range full {
		f := &full[i]
		if f.hi >= lob && m.above(f.sys, f.bits, f.k, b, kb) {
			sess[f.k].TurnedAway++
		}
	}
	if kb == K {
		return sim.Hallway
	}
	return kb
}

// fullOption is a full session's option in a choice: its index, utility,
// uniform's bits and upper bound (gumbelMax.bounds).
type fullOption struct {
	k    int
	sys  float64
	bits uint64
	hi   float64
}

// options sets the options of r.max to the arrival's values of the slot's
// sessions with room, in session order, and returns their number n; the
// full ones go to r.full[:r.nfull] instead. It keeps the arrival's
// matches with every session for Hop. A value is the utility (Utility of
// World.Match, with the share of colleagues already there, plus the
// session's appeal) and the Gumbel cross draw keyed by (choice key,
// arrival, proposal, slot) from its parts keyA and the session's mix.
// The loops are Utility and gumbelMax.set written out, with what is the
// same for every session taken out of them and the same operations in
// the same order; in a function of their own they keep their variables
// in registers.
func (r *logitRun) options(sess []sim.Running, a *sim.Arrival, keyA uint64) int {
	m := &r.max
	K := len(sess)
	norm := r.norm[a.ID*r.nt : a.ID*r.nt+r.nt]
	taste := r.taste(a.ID)
	row := r.row(a.ID, K)[:K]
	ps := r.sess[:K]
	// The matches and draws first, in a loop of their own: the loop below
	// then needs neither interests, tastes nor keys in registers.
	bits := r.bits[:K]
	if taste == nil { // the tastes' branch out of the loop of most worlds
		for k := range row {
			p := &ps[k]
			row[k] = topicMatch(norm, p)
			bits[k] = rng.CrossBits(keyA, p.mix)
		}
	} else {
		for k := range row {
			p := &ps[k]
			row[k] = match(norm, taste, p)
			bits[k] = rng.CrossBits(keyA, p.mix)
		}
	}
	// The share of colleagues in session k is mates[k]/colleagues, 0/1
	// for an arrival without colleagues on site: the same 0 as no share.
	mates, colleagues := r.noMates, 1.0
	if a.Colleagues > 0 {
		mates, colleagues = a.Mates, float64(a.Colleagues)
	}
	mates = mates[:K]
	interest, star, crowd, crowdFree := r.l.Interest, r.l.Star, r.l.Crowd, r.l.CrowdFree
	social := r.l.Social * r.w.Attendees[a.ID].Sociability
	nbins, opt := m.nbins, m.opt[:K]
	maxLo := m.maxLo
	// The full options go to full, rare: no call to append in the loop,
	// which would take its variables out of registers. Before session k
	// are n options with room and k − n full ones.
	full := r.full[:K]
	n := 0
	for k := range sess {
		x, p := &sess[k], &ps[k]
		u := interest*row[k] + social*(float64(mates[k])/colleagues)
		if x.Star {
			u += star
		}
		if over := x.Fill - crowdFree; over > 0 {
			u -= crowd * over
		}
		sys, b := u+p.appeal, bits[k]
		j := b >> (53 - gumbelShift) & (gumbelBins - 1)
		hi := sys + nbins[j+1]
		if x.Full() {
			full[k-n] = fullOption{k, sys, b, hi}
			continue
		}
		lo := sys + nbins[j]
		opt[n] = option{sys, b, hi}
		if n == 0 || lo > maxLo {
			maxLo = lo
		}
		n++
	}
	m.maxLo = maxLo
	r.nfull = K - n
	return n
}

// taste returns attendee i's row of World.Taste, or nil.
func (r *logitRun) taste(i int) []float32 {
	if r.w.Taste == nil {
		return nil
	}
	return r.w.Taste[i*r.np : (i+1)*r.np]
}

// match is World.Match of proposal x for the attendee of normalised
// interests norm and tastes taste (nil for none). Rounding is monotone, so
// the larger of two normalised interests is the larger interest
// normalised, exactly as Attendee.Match divides.
func match(norm []float64, taste []float32, x *proposal) float64 {
	m := topicMatch(norm, x)
	if taste != nil {
		m = max(0, m+float64(taste[x.id]))
	}
	return m
}

// topicMatch is match without tastes.
func topicMatch(norm []float64, x *proposal) float64 {
	return math.Float64frombits(max(absBits(norm[x.topic]), absBits(norm[x.second])))
}

// Hop implements sim.Choices: the law of two feet.
func (r *logitRun) Hop(sc *sim.Scene, a *sim.Arrival, k int) int {
	if !r.l.TwoFeet {
		return k
	}
	sess, q := sc.Sessions, sc.Quality
	K := len(sess)
	if sc.Slot != r.slot || len(r.sess) != K {
		r.enter(sc)
	}
	if !r.joinOK {
		r.join = grow(r.join, K)
		for j := range sess {
			r.join[j] = joinValue(&sess[j], q)
		}
		r.joinMax = maxJoin(r.join)
		r.joinOK = true
	}
	row := r.matches(sess, a.ID)
	stay := row[k] * q[sess[k].N]
	// No session is worth more than hopMax·joinMax: matches are at least
	// 0 and at most hopMax, join values at most joinMax (≥ 0), and
	// rounding is monotone (a negative join value gives at most 0). When
	// that bound does not beat staying by the margin, no session does.
	if r.hopMax[a.ID]*r.joinMax-stay <= r.l.Margin {
		return k
	}
	join := r.join[:K]
	bestV, bestJ := bestJoin(row[:k], join[:k], math.Inf(-1), -1, 0)
	bestV, bestJ = bestJoin(row[k+1:], join[k+1:], bestV, bestJ, k+1)
	if bestJ < 0 || bestV-stay <= r.l.Margin {
		return k
	}
	// The engine moves the attendee before the next call.
	from, to := sess[k], sess[bestJ]
	from.N--
	to.N++
	r.join[k], r.join[bestJ] = joinValue(&from, q), joinValue(&to, q)
	r.joinMax = maxJoin(r.join)
	return bestJ
}

// bestJoin returns the largest row[j]·join[j] and off+j, the first j of
// it, if larger than bestV; bestV and bestJ otherwise. row is at least as
// long as join. Hop looks at the sessions before and after the one it is
// in, so that its scan has no other test.
func bestJoin(row, join []float64, bestV float64, bestJ, off int) (float64, int) {
	row = row[:len(join)]
	for j, v := range join {
		if v := row[j] * v; v > bestV {
			bestV, bestJ = v, off+j
		}
	}
	return bestV, bestJ
}

// maxJoin returns the largest of join and 0 (−Inf and NaN never).
func maxJoin(join []float64) float64 {
	m := 0.0
	for _, v := range join {
		if v > m {
			m = v
		}
	}
	return m
}

// joinValue is q(n+1) for a session of n, what one more person finds
// there, or −Inf when it is full: m·(−Inf) is −Inf or NaN, never a best
// value.
func joinValue(x *sim.Running, q []float64) float64 {
	if x.Full() {
		return math.Inf(-1)
	}
	return q[x.N+1]
}

// matches returns attendee i's matches with the slot's sessions: those
// Choose kept, or computed afresh for an attendee who did not choose in
// this slot.
func (r *logitRun) matches(sess []sim.Running, i int) []float64 {
	K := len(sess)
	if r.rowGen[i] == r.gen {
		p := int(r.rowOf[i])
		return r.rows[p*K : p*K+K]
	}
	row := r.row(i, K)
	norm := r.norm[i*r.nt : i*r.nt+r.nt]
	taste := r.taste(i)
	for k := range sess {
		row[k] = match(norm, taste, &r.props[sess[k].Proposal])
	}
	return row
}

// row returns attendee i's row of matches in the slot's K sessions: the
// one they have, or the next free one.
func (r *logitRun) row(i, K int) []float64 {
	if r.rowGen[i] != r.gen {
		r.rowGen[i], r.rowOf[i] = r.gen, r.nrows
		r.nrows++
	}
	p := int(r.rowOf[i])
	return r.rows[p*K : p*K+K : p*K+K]
}

// normInterests sets norm[i*T+t] to attendee i's interest in topic t over
// their largest, as Attendee.Match divides (0 for no interest at all), for
// the T topics, and bound[i] to the largest of them in absolute value,
// which bounds the attendee's matches (match) without tastes.
func normInterests(norm, bound []float64, att []sim.Attendee, T int) {
	for i := range att {
		a := &att[i]
		row := norm[i*T : i*T+T]
		if a.MaxInterest <= 0 {
			clear(row)
			bound[i] = 0
			continue
		}
		m := uint64(0)
		for t, v := range a.Interests {
			row[t] = v / a.MaxInterest
			m = max(m, absBits(row[t]))
		}
		bound[i] = math.Float64frombits(m)
	}
}

// tasteBounds makes bound[i], a bound of attendee i's matches without
// tastes, one with the P tastes of taste: max(0, bound + the largest
// taste), or NaN.
func tasteBounds(bound []float64, taste []float32, P int) {
	for i, b := range bound {
		t := math.Inf(-1)
		for _, v := range taste[i*P : i*P+P] {
			t = max(t, float64(v))
		}
		bound[i] = max(0, b+t)
	}
}

// absBits returns the bits of |x|. The bits of non-negative numbers (and
// −0, which becomes +0) order as the numbers do, so the maximum of
// interests can be taken on integers, without NaN checks or branches.
func absBits(x float64) uint64 { return math.Float64bits(x) &^ (1 << 63) }

// grow returns b resized to n, reusing its array when large enough. The
// contents are unspecified.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
