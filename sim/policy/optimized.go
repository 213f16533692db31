package policy

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// Default annealing temperatures of Optimized, relative to the objective
// per session of the greedy start.
const (
	defaultStartTemp = 0.05
	defaultEndTemp   = 0.0005
)

// screenMargin is how much, relative to the greedy start's objective per
// session, a move may lose on the sessions it moves and still be priced
// in full: what it gives the other sessions of the slot it leaves (its
// voters' other sessions there gain them) seldom exceeds it.
const screenMargin = 0.07

// Optimized searches by simulated annealing (Kirkpatrick, Gelatt and Vecchi
// 1983, Science 220:671) for the schedule with the best expected outcome
// under the choice model, using only what organisers see: hands, rooms,
// times and declared home time zones (sim.Input.Jetlag, OnSite), never true
// interests. The objective is ExpectedValue.
//
// The search state assigns every proposal to a (slot, room) cell or to an
// unscheduled pool. It starts from a greedy schedule — proposals by hands,
// most first, each to the slot with the fewest sessions so far (ties: the
// fewest co-voters already there, then the earlier slot), then rooms by
// hands within each slot, biggest room to most hands — and makes Iterations
// moves. A move takes a random proposal to a random cell or to the pool,
// swapping with the proposal there if any; moves that would put a proposer
// in two sessions of one slot, or a session in a slot on a day its proposer
// is off site, are rejected. Only the (at most two) slots a move touches are
// re-evaluated. A move is accepted when its change Δ ≥ T·ln u, u uniform:
// always if Δ ≥ 0, a worse move with probability exp(Δ/T). T cools
// geometrically from StartTemp·v₀ to EndTemp·v₀,
//
//	T_i = StartTemp·v₀ · (EndTemp/StartTemp)^(i/(Iterations−1))
//
// where the scale v₀ is the greedy start's objective per session (1 if
// that is 0): the size of what one move changes, so that the defaults suit
// small and large events alike. The best schedule seen is returned.
//
// Each move is first priced by its gain, the change in the values of the
// (one or two) sessions it moves, each summed over its own voters in its
// new cell: O(their hands). Within a slot the gain is Δ. Otherwise Δ also
// holds what the move does to the other sessions of the slots it touches
// (the voters of the session that leaves a slot have one session fewer to
// split their time between there, so those sessions gain; the entering
// session's voters, one more), and a move whose gain is below T·ln u by
// more than a margin of 0.07·v₀ is rejected without computing Δ. On
// default worlds that rejects about 80% of the legal moves (90% of those
// between slots) without computing Δ, and the others' effect exceeds the
// margin in 1–2% of the moves priced in full.
//
// The zero value runs no search and returns the greedy start; the embedded
// configuration sets 25000 iterations, StartTemp 0.05 and EndTemp 0.0005.
// Cost is O(Iterations · hands per slot) with no allocation in the loop:
// on the default worlds (200 attendees, 10 rooms, 6 slots) a move costs
// about 3,300 instructions (10,200 without the screen), half of them
// screening and half re-summing the slots of the moves it lets through.
type Optimized struct {
	// Iterations is the number of annealing moves; 0 returns the greedy
	// start.
	Iterations int
	// StartTemp and EndTemp bound the geometric cooling schedule relative
	// to the greedy start's objective per session; 0 takes the defaults
	// 0.05 and 0.0005 (EndTemp at most StartTemp).
	StartTemp, EndTemp float64
}

// Schedule implements sim.Policy.
func (o Optimized) Schedule(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
	if err := checkPolicyInput("optimized", in); err != nil {
		return nil, err
	}
	t0, t1 := o.StartTemp, o.EndTemp
	if t0 == 0 {
		t0 = defaultStartTemp
	}
	if t1 == 0 {
		t1 = min(defaultEndTemp, t0)
	}
	if o.Iterations < 0 {
		return nil, fmt.Errorf("policy: optimized: iterations %d: want >= 0", o.Iterations)
	}
	if !(t0 > 0) || !(t1 > 0) || t1 > t0 || math.IsInf(t0, 0) {
		return nil, fmt.Errorf("policy: optimized: start_temp %v, end_temp %v: want 0 < end_temp <= start_temp", t0, t1)
	}
	a := newAnnealer(in)
	a.greedy(roomsBySize(in.Event))
	a.anneal(o.Iterations, t0, t1, rand.New(src))
	return a.schedule(a.best), nil
}

// ExpectedValue returns the expected value of schedule s to attendees under
// the choice model, as an organiser can predict it from hands, rooms, times
// and declared time zones. It is the objective Optimized maximises.
//
// Hands stand in for interests: voter v values each session they raised a
// hand for at Interest·1 (sim.Input.Choice) and the hallway at
// choice.OutsideUtility(α_vs), α_vs being v's rested alertness in slot s (0, and
// absent, on a day v is off site). With Noise σ as the logit scale, a voter
// with k_vs hand-raised sessions in slot s attends each of them with
//
//	P_vs = 1 / (k_vs + exp((OutsideUtility(α_vs) − Interest)/σ))
//
// (0 when v is absent or moderates a session in s; moderators stay in their
// own). The expected size of session j in room r and its value are
//
//	n_j = 1 + Σ_{v ∈ hands(j)} P_vs,   m_j = min(n_j, capacity_r)
//	V_j = q̃(m_j) · (m_j / n_j) · (α_ms + Σ_{v ∈ hands(j)} P_vs·α_vs)
//
// where m is the moderator, m_j/n_j the share who find a seat and q̃ the
// discussion quality sim.QualityConfig.Q interpolated linearly between
// whole numbers of people. A session whose moderator is off site that day
// is worth 0. The value of the schedule is Σ_j V_j: the expected
// alertness-weighted, quality-weighted attendance of wanted sessions.
// Unscheduled proposals are worth 0. ExpectedValue returns an error if s
// breaks a hard constraint (sim.Schedule.Check) or the input is unusable.
func ExpectedValue(in *sim.Input, s *sim.Schedule) (float64, error) {
	if err := checkPolicyInput("expected value", in); err != nil {
		return 0, err
	}
	if err := s.Check(in.Event, in.Proposals); err != nil {
		return 0, fmt.Errorf("policy: expected value: %w", err)
	}
	a := newAnnealer(in)
	for _, x := range s.Sessions {
		a.place(int32(x.Proposal), int32(x.Slot*a.nR+x.Room))
	}
	v := 0.0
	for sl := range a.nS {
		v += a.evalSlot(sl, a.next[0])
	}
	return v, nil
}

// q is the discussion quality at a fractional size x ≥ 0, Q interpolated
// linearly between whole numbers.
func (a *annealer) q(x float64) float64 {
	n := int(x)
	if n >= len(a.qtab)-1 {
		return a.qtab[len(a.qtab)-1]
	}
	f := x - float64(n)
	return a.qtab[n] + f*(a.qtab[n+1]-a.qtab[n])
}

// evalSlot returns the expected value of the sessions in slot s and
// prices each of them in out, by room.
func (a *annealer) evalSlot(s int, out slotCells) float64 {
	clear(out.val)
	clear(out.p)
	clear(out.pa)
	if !a.fast {
		return a.evalSlotGeneral(s, out)
	}
	base := s * a.nA
	vs := a.vs[base : base+a.nA]
	live := a.live[:0]
	for r, j := range a.cell[s*a.nR : (s+1)*a.nR] {
		if j < 0 {
			continue
		}
		if cls := vs[a.proposer[j]].cls; cls >= 0 {
			n := a.voterOff[j+1] - a.voterOff[j]
			live = append(live, liveSession{j: j, room: int32(r), n: n, al: a.alert[cls]})
		}
	}
	a.sumLive(base, live)
	total := 0.0
	for _, l := range live {
		total += out.price(a, l.room, l.al, l.p, l.pa)
	}
	return total
}

// evalSlotGeneral is evalSlot the general way, after out is cleared: the
// sessions whose moderator is on site two at a time, in room order (their
// sums over voters are independent chains of additions, which the CPU
// overlaps; each sum still adds its voters in order). j1 in room r1,
// moderator's alertness al1, waits for its partner.
func (a *annealer) evalSlotGeneral(s int, out slotCells) float64 {
	base := s * a.nA
	ix, vs := a.ix[base:base+a.nA], a.vs[base:base+a.nA]
	total := 0.0
	r1, j1, al1 := int32(0), int32(-1), 0.0
	for r, j := range a.cell[s*a.nR : (s+1)*a.nR] {
		if j < 0 {
			continue
		}
		cls := vs[a.proposer[j]].cls
		if cls < 0 {
			continue
		}
		if j1 < 0 {
			r1, j1, al1 = int32(r), j, a.alert[cls]
			continue
		}
		p1, pa1, p2, pa2 := sums2(a.tp, a.tpa, ix, a.hands(j1), a.hands(j))
		total += out.price(a, r1, al1, p1, pa1)
		total += out.price(a, int32(r), a.alert[cls], p2, pa2)
		j1 = -1
	}
	if j1 >= 0 {
		p, pa := sums(a.tp, a.tpa, ix, a.hands(j1), 0, 0)
		total += out.price(a, r1, al1, p, pa)
	}
	return total
}

// liveSession is a session evalSlot prices (its moderator on site):
// proposal j in room room, its number of voters n, its moderator's
// alertness al, and its sums.
type liveSession struct {
	j, room, n int32
	al, p, pa  float64
}

// sumLive sets the sums of the sessions live of the slot whose
// attendees start at base, four sessions at a time: their sums over
// voters are independent chains of additions, which the CPU overlaps,
// and each still adds its voters in order. Sessions are grouped by their
// number of voters, fewest first, so that the sessions summed together
// run out of voters at about the same time. a.fast must hold.
func (a *annealer) sumLive(base int, live []liveSession) {
	perm := a.perm[:len(live)]
	for i := range perm {
		perm[i] = int32(i)
		// Insertion sort: a slot has at most a few dozen sessions.
		for k := i; k > 0 && live[perm[k]].n < live[perm[k-1]].n; k-- {
			perm[k], perm[k-1] = perm[k-1], perm[k]
		}
	}
	f := a.fastView(base)
	for len(perm) >= 4 {
		l0, l1, l2, l3 := &live[perm[0]], &live[perm[1]], &live[perm[2]], &live[perm[3]]
		l0.p, l0.pa, l1.p, l1.pa, l2.p, l2.pa, l3.p, l3.pa =
			f.sums4(a.hands16[l0.j], a.hands16[l1.j], a.hands16[l2.j], a.hands16[l3.j])
		perm = perm[4:]
	}
	if len(perm) >= 2 {
		l0, l1 := &live[perm[0]], &live[perm[1]]
		l0.p, l0.pa, l1.p, l1.pa = f.sums2(a.hands16[l0.j], a.hands16[l1.j], 0, 0, 0, 0)
		perm = perm[2:]
	}
	if len(perm) == 1 {
		l := &live[perm[0]]
		l.p, l.pa = f.sums(a.hands16[l.j], 0, 0)
	}
}

// price stores and returns the value of a session in room r from its
// moderator's alertness and its sums.
func (c slotCells) price(a *annealer, r int32, al, sumP, sumPA float64) float64 {
	v := a.value(r, al, sumP, sumPA)
	c.val[r], c.p[r], c.pa[r] = v, sumP, sumPA
	return v
}

// hands returns the voters of proposal p.
func (a *annealer) hands(p int32) []uint32 {
	return a.byProposal[p]
}

// sums2 returns the sums of P (tp[ix[v]]) and P·alertness (tpa[ix[v]])
// over voters v1 and over voters v2, each in order.
func sums2(tp, tpa []float64, ix, v1, v2 []uint32) (p1, pa1, p2, pa2 float64) {
	tpa = tpa[:len(tp)]
	n := min(len(v1), len(v2))
	w1, w2 := v1[:n], v2[:n]
	for i, v := range w1 {
		x, y := ix[v], ix[w2[i]]
		p1 += tp[x]
		pa1 += tpa[x]
		p2 += tp[y]
		pa2 += tpa[y]
	}
	p1, pa1 = sums(tp, tpa, ix, v1[n:], p1, pa1)
	p2, pa2 = sums(tp, tpa, ix, v2[n:], p2, pa2)
	return p1, pa1, p2, pa2
}

// sums adds P and P·alertness of voters vs, in order, to p and pa.
func sums(tp, tpa []float64, ix, vs []uint32, p, pa float64) (float64, float64) {
	tpa = tpa[:len(tp)]
	for _, v := range vs {
		x := ix[v]
		p += tp[x]
		pa += tpa[x]
	}
	return p, pa
}

// fastVoters is the size of fastView's arrays: 2^16, every 16-bit ID.
const fastVoters = 1 << 16

// fastView is one slot's P and P·alertness by attendee (pv and pav) as
// arrays of fastVoters, for sums without bounds checks over voters as
// 16-bit IDs (a.hands16), which the compiler sees are in range.
type fastView struct{ pv, pav *[fastVoters]float64 }

// fastView returns the view of the slot whose attendees start at base;
// a.fast must hold.
func (a *annealer) fastView(base int) fastView {
	return fastView{
		pv:  (*[fastVoters]float64)(a.pv[base : base+fastVoters]),
		pav: (*[fastVoters]float64)(a.pav[base : base+fastVoters]),
	}
}

// sums4 is sums for four sessions at once, each summed in its voters'
// order: the voters all four have, then the others' in pairs.
func (f fastView) sums4(v0, v1, v2, v3 []uint16) (p0, pa0, p1, pa1, p2, pa2, p3, pa3 float64) {
	n := min(len(v0), len(v1), len(v2), len(v3))
	p0, pa0, p1, pa1, p2, pa2, p3, pa3 = f.sums4n(v0[:n], v1[:n], v2[:n], v3[:n])
	p0, pa0, p1, pa1 = f.sums2(v0[n:], v1[n:], p0, pa0, p1, pa1)
	p2, pa2, p3, pa3 = f.sums2(v2[n:], v3[n:], p2, pa2, p3, pa3)
	return p0, pa0, p1, pa1, p2, pa2, p3, pa3
}

// sums4n is sums4's loop over voters of four sessions, as many of each
// (its own function: the fewer values live through it, the fewer spills).
func (f fastView) sums4n(w0, w1, w2, w3 []uint16) (p0, pa0, p1, pa1, p2, pa2, p3, pa3 float64) {
	pv, pav := f.pv, f.pav
	_, _ = pv[0], pav[0] // nil checks out of the loop
	w1, w2, w3 = w1[:len(w0)], w2[:len(w0)], w3[:len(w0)]
	for i, v := range w0 {
		p0 += pv[v]
		pa0 += pav[v]
		v = w1[i]
		p1 += pv[v]
		pa1 += pav[v]
		v = w2[i]
		p2 += pv[v]
		pa2 += pav[v]
		v = w3[i]
		p3 += pv[v]
		pa3 += pav[v]
	}
	return p0, pa0, p1, pa1, p2, pa2, p3, pa3
}

// sums2 adds P and P·alertness of voters v1, in order, to p1 and pa1,
// and those of v2 to p2 and pa2.
func (f fastView) sums2(v1, v2 []uint16, p1, pa1, p2, pa2 float64) (float64, float64, float64, float64) {
	pv, pav := f.pv, f.pav
	n := min(len(v1), len(v2))
	w1, w2 := v1[:n], v2[:n]
	for i, v := range w1 {
		w := w2[i]
		p1 += pv[v]
		pa1 += pav[v]
		p2 += pv[w]
		pa2 += pav[w]
	}
	p1, pa1 = f.sums(v1[n:], p1, pa1)
	p2, pa2 = f.sums(v2[n:], p2, pa2)
	return p1, pa1, p2, pa2
}

// sums adds P and P·alertness of voters vs, in order, to p and pa.
func (f fastView) sums(vs []uint16, p, pa float64) (float64, float64) {
	pv, pav := f.pv, f.pav
	for _, v := range vs {
		p += pv[v]
		pa += pav[v]
	}
	return p, pa
}

// value is the expected value of a session in room r whose moderator's
// alertness is al, from the sums over its voters of P and P·alertness.
func (a *annealer) value(r int32, al, sumP, sumPA float64) float64 {
	n := 1 + sumP
	// min(n, capacity) by a compare: n ≥ 1 and neither is NaN, so min's
	// NaN and ±0 cases cannot arise.
	m := n
	if c := a.capacity[r]; c < n {
		m = c
	}
	return a.q(m) * (m / n) * (al + sumPA)
}

// allowed reports whether proposal p may run in slot s when proposal
// leaving (or -1) leaves that slot at the same time: its proposer is on
// site and moderates nothing else there.
func (a *annealer) allowed(p int32, s int32, leaving int32) bool {
	x := &a.vs[int(s)*a.nA+int(a.proposer[p])]
	if x.cls < 0 {
		return false
	}
	busy := x.mod
	if leaving >= 0 && a.proposer[leaving] == a.proposer[p] {
		busy--
	}
	return busy == 0
}

// greedy builds the start: most hands first, each proposal to the slot
// with the fewest sessions, then the fewest co-voters, then the earliest;
// then rooms by hands within each slot, the k-th most hands in rooms[k]
// (roomsBySize: largest first).
func (a *annealer) greedy(rooms []int) {
	order := make([]int32, a.nP)
	for p := range order {
		order[p] = int32(p)
	}
	slices.SortStableFunc(order, a.byHands)
	count := make([]int32, a.nS)
	placed, limit := 0, min(a.nP, a.cells)
	for _, p := range order {
		if placed == limit {
			break
		}
		best, bestOverlap := int32(-1), int32(0)
		for s := range int32(a.nS) {
			if count[s] == int32(a.nR) || !a.allowed(p, s, -1) {
				continue
			}
			overlap := int32(0)
			base := int(s) * a.nA
			for _, v := range a.hands(p) {
				x := base + int(v)
				overlap += int32(a.ix[x]) - a.vs[x].eff // k
			}
			if best < 0 || count[s] < count[best] || (count[s] == count[best] && overlap < bestOverlap) {
				best, bestOverlap = s, overlap
			}
		}
		if best < 0 {
			continue
		}
		a.place(p, best*int32(a.nR)+count[best])
		count[best]++
		placed++
	}
	// Rooms by hands within each slot.
	inSlot := make([]int32, 0, a.nR)
	for s := range a.nS {
		inSlot = inSlot[:0]
		for _, j := range a.cell[s*a.nR : (s+1)*a.nR] {
			if j >= 0 {
				inSlot = append(inSlot, j)
			}
		}
		slices.SortStableFunc(inSlot, a.byHands)
		for _, j := range inSlot {
			a.remove(j)
		}
		for k, j := range inSlot {
			a.place(j, int32(s*a.nR+rooms[k]))
		}
	}
	for s := range a.nS {
		a.slotVal[s] = a.evalSlot(s, a.now.slot(s, a.nR))
	}
	copy(a.best, a.at)
}

// byHands orders proposals by hands, most first.
func (a *annealer) byHands(x, y int32) int {
	return cmp.Compare(a.voterOff[y+1]-a.voterOff[y], a.voterOff[x+1]-a.voterOff[x])
}

// total returns the current objective.
func (a *annealer) total() float64 {
	v := 0.0
	for _, x := range a.slotVal {
		v += x
	}
	return v
}

// anneal runs n Metropolis moves from the current state, cooling
// geometrically from t0·v₀ to t1·v₀ (v₀: objective per session), and keeps
// the best state in a.best.
func (a *annealer) anneal(n int, t0, t1 float64, r *rand.Rand) {
	if n == 0 || a.nP == 0 {
		return
	}
	cur := a.total()
	bestVal := cur
	sessions := 0
	for _, c := range a.at {
		if c >= 0 {
			sessions++
		}
	}
	scale := 1.0
	if cur > 0 && sessions > 0 {
		scale = cur / float64(sessions)
	}
	temp := t0 * scale
	cool := 1.0
	if n > 1 {
		cool = math.Pow(t1/t0, 1/float64(n-1))
	}
	margin := screenMargin * scale
	for range n {
		p := int32(r.IntN(a.nP))
		to := int32(r.IntN(a.cells+1)) - 1 // -1: the pool
		t := temp
		temp *= cool
		from, q, ok := a.legal(p, to)
		if !ok {
			continue
		}
		// The move is accepted if its change delta ≥ T·ln u. Its gain,
		// the change in the sessions it moves, is delta itself within a
		// slot; otherwise a move that loses more than the margin by it is
		// taken as rejected without pricing what it does to the other
		// sessions of the two slots.
		limit := -t * r.ExpFloat64() // T·ln u, u uniform
		g := a.gain(p, q, from, to)
		switch {
		case a.sameSlot(from, to):
			if g < limit {
				continue
			}
			a.swapRooms(p, q, from, to)
		case g+margin < limit || !a.try(p, q, from, to, limit):
			continue
		}
		cur = a.total()
		if cur > bestVal {
			bestVal = cur
			copy(a.best, a.at)
		}
	}
}

// legal returns the move of proposal p to cell to (-1: the pool): where p
// is (from), the proposal there that goes to from (q, or -1), and whether
// the move may be made: it moves something, and neither proposer would
// moderate twice in a slot or in a slot of a day they are off site.
func (a *annealer) legal(p, to int32) (from, q int32, ok bool) {
	from, q = a.at[p], -1
	if to == from {
		return from, q, false
	}
	if to >= 0 {
		q = a.cell[to]
	}
	if a.sameSlot(from, to) {
		return from, q, true
	}
	nR := int32(a.nR)
	if to >= 0 && !a.allowed(p, to/nR, q) {
		return from, q, false
	}
	if q >= 0 && from >= 0 && !a.allowed(q, from/nR, p) {
		return from, q, false
	}
	return from, q, true
}

// swapRooms makes move(p, q, from, to) within a slot: the two sessions'
// sums stay, their values follow their rooms, and the slot's value is
// the sum over its cells in room order, as evalSlot adds them.
func (a *annealer) swapRooms(p, q, from, to int32) {
	a.swap(p, q, from, to)
	now := a.now
	now.p[from], now.p[to] = now.p[to], now.p[from]
	now.pa[from], now.pa[to] = now.pa[to], now.pa[from]
	a.reprice(from)
	a.reprice(to)
	s := int(from) / a.nR
	v := 0.0
	for _, x := range now.slot(s, a.nR).val {
		v += x
	}
	a.slotVal[s] = v
}

// reprice sets the value of the session in cell c (if any, its proposer
// on site) from its sums.
func (a *annealer) reprice(c int32) {
	nR := int32(a.nR)
	j, v := a.cell[c], 0.0
	if j >= 0 {
		cls := a.vs[int(c/nR)*a.nA+int(a.proposer[j])].cls
		v = a.value(c%nR, a.alert[cls], a.now.p[c], a.now.pa[c])
	}
	a.now.val[c] = v
}

// try makes move(p, q, from, to) between slots or with the pool, prices
// the (one or two) slots it touches, and keeps it if its change is at
// least limit, reporting whether it did.
func (a *annealer) try(p, q, from, to int32, limit float64) bool {
	sFrom, sTo := -1, -1
	if from >= 0 {
		sFrom = int(from) / a.nR
	}
	if to >= 0 {
		sTo = int(to) / a.nR
	}
	a.move(p, q, from, to)
	delta := 0.0
	newFrom, newTo := 0.0, 0.0
	if sFrom >= 0 {
		newFrom = a.evalSlot(sFrom, a.next[0])
		delta += newFrom - a.slotVal[sFrom]
	}
	if sTo >= 0 {
		newTo = a.evalSlot(sTo, a.next[1])
		delta += newTo - a.slotVal[sTo]
	}
	if delta < limit {
		a.undo(p, q, from, to)
		return false
	}
	if sFrom >= 0 {
		a.slotVal[sFrom] = newFrom
		a.now.set(sFrom, a.nR, a.next[0])
	}
	if sTo >= 0 {
		a.slotVal[sTo] = newTo
		a.now.set(sTo, a.nR, a.next[1])
	}
	return true
}

// schedule returns the assignment at (proposal → cell or -1) as a
// schedule, sessions in slot and room order.
func (a *annealer) schedule(at []int32) *sim.Schedule {
	byCell := make([]int32, a.cells)
	for c := range byCell {
		byCell[c] = -1
	}
	n := 0
	for p, c := range at {
		if c >= 0 {
			byCell[c] = int32(p)
			n++
		}
	}
	sched := &sim.Schedule{Sessions: make([]sim.Session, 0, n)}
	for c, p := range byCell {
		if p >= 0 {
			sched.Sessions = append(sched.Sessions, sim.Session{Proposal: int(p), Slot: c / a.nR, Room: c % a.nR})
		}
	}
	return sched
}
