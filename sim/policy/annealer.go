package policy

// The annealer's model and search state, and the moves that change it;
// the objective and the search itself are in optimized.go.

import (
	"math"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
)

// voterSlot is the state of one attendee in one slot: the sessions they
// moderate there (mod) and their class (cls), −1 when they are off site
// that day. Attendees of one class in a slot share their outside option
// w = exp((outside utility − Interest)/σ) (+Inf when absent) and
// alertness, hence the probability P = 1/(k + w) of attending each of
// their k hand-raised sessions there. row is where their class's
// probabilities start in the annealer's tables tp and tpa (0, a row of
// zeros, when absent), and eff the row in force: row, or 0 while they
// moderate there.
// Their P is tp[eff+k] (0 when k = 0 or they moderate there), P times
// their alertness tpa[eff+k]; the annealer keeps eff+k apart, in ix, so
// that a move adds ±1 to one uint32 per voter.
type voterSlot struct{ mod, cls, row, eff int32 }

// annealer holds the precomputed model and the search state. Attendee v in
// slot s is vs[s*nA+v], their current P tp[ix[s*nA+v]]; cell c is slot
// c/nR, room c%nR.
type annealer struct {
	nP, nS, nR, nA, cells int
	capacity              []float64 // by room
	proposer              []int32   // by proposal: attendee ID
	// The voters of proposal p, as attendee IDs, are
	// voters[voterOff[p]:voterOff[p+1]], also byProposal[p].
	voters     []uint32
	voterOff   []int32
	byProposal [][]uint32
	qtab       []float64 // Q(n) for n = 0 … min(max capacity, attendees + 1) + 1

	vs    []voterSlot
	ix    []uint32  // by slot and attendee: eff + k, their index in tp, tpa
	alert []float64 // by class
	// By class and k, P and P·alertness at (cls+1)*(nR+1)+k; row 0 zeros.
	tp, tpa []float64
	// By slot and attendee, like ix, when fast: their P and
	// P·alertness there, tp[ix] and tpa[ix], which evalSlot sums.
	pv, pav []float64
	// fast: there are at most fastVoters attendees, hands16 holds the
	// voters of each proposal as 16-bit IDs, and ix, pv and pav have the
	// capacity for views of each slot's as arrays of fastVoters (see
	// fastView and shiftVoters16).
	fast    bool
	hands16 [][]uint16
	live    []liveSession // evalSlot's sessions, by room
	perm    []int32       // indices into live, fewest voters first

	at      []int32 // by proposal: cell or -1 (pool)
	cell    []int32 // by cell: proposal or -1
	slotVal []float64
	best    []int32 // best assignment seen

	// now holds every cell's session as evalSlot last priced it in the
	// current state; next the two slots a move touches as it would leave
	// them, until the move is accepted.
	now  slotCells
	next [2]slotCells
	// The voters of proposal p as a set of attendee IDs: bit v%64 of
	// voterBits[p*words+v/64]; proposal nP has none. Nil when the sets
	// would take more than maxSetWords: each entry then sets its leaving
	// proposal's bits in scratch, and clears them after.
	voterBits []uint64
	words     int
	scratch   [2][]uint64
	in        [2]entry     // the screen's entries, p's and q's
	inFast    [2]entryView // and their views, when fast
}

// slotCells holds sessions as evalSlot priced them, by cell (or by room,
// for one slot): their value and their sums of P and P·alertness (all 0
// for an empty cell or a moderator off site).
type slotCells struct{ val, p, pa []float64 }

func newSlotCells(n int) slotCells {
	buf := make([]float64, 3*n)
	return slotCells{buf[:n:n], buf[n : 2*n : 2*n], buf[2*n:]}
}

// slot returns the cells of slot s.
func (c slotCells) slot(s, nR int) slotCells {
	i, j := s*nR, (s+1)*nR
	return slotCells{c.val[i:j:j], c.p[i:j:j], c.pa[i:j:j]}
}

// set stores the cells of one slot, x, at slot s.
func (c slotCells) set(s, nR int, x slotCells) {
	copy(c.val[s*nR:], x.val)
	copy(c.p[s*nR:], x.p)
	copy(c.pa[s*nR:], x.pa)
}

// newAnnealer precomputes the model of in (checked) with every proposal
// in the pool.
func newAnnealer(in *sim.Input) *annealer { return newAnnealerFast(in, fastMinVoters) }

// fastMinVoters is the fewest attendees for which newAnnealer sums the
// fast way: its views pad the annealer's arrays to 2^16 attendees past
// the last slot (1.4 MB), which costs small events more time (allocating
// and first touching) than the fast sums save them.
const fastMinVoters = 1 << 10

// newAnnealerFast is newAnnealer, summing the fast way (a.fast) when in
// has from minFast to fastVoters attendees.
func newAnnealerFast(in *sim.Input, minFast int) *annealer {
	ev := in.Event
	nP, nS, nR := len(in.Proposals), len(ev.Slots), len(ev.Rooms)
	a := &annealer{nP: nP, nS: nS, nR: nR, cells: nS * nR}
	a.capacity = make([]float64, nR)
	maxCap := 0
	for r, room := range ev.Rooms {
		a.capacity[r] = float64(room.Capacity)
		maxCap = max(maxCap, room.Capacity)
	}
	a.indexHands(in, minFast)
	// Expected head counts are at most 1 + the voters ≤ nA + 1: a room of
	// capacity 10^12 ("no limit") must not size the quality table.
	a.qtab = make([]float64, min(maxCap, a.nA+1)+2)
	for n := range a.qtab {
		a.qtab[n] = in.Quality.Q(n)
	}
	a.classify(in)
	a.emptyState()
	return a
}

// indexHands sets the proposers, the voters of each proposal and nA, the
// number of attendees: the most any part of in knows of.
func (a *annealer) indexHands(in *sim.Input, minFast int) {
	nA := max(len(in.Jetlag), len(in.OnSite))
	if in.Hands != nil {
		nA = max(nA, len(in.Hands.ByAttendee))
	}
	a.proposer = make([]int32, a.nP)
	a.voterOff = make([]int32, a.nP+1)
	for p, pr := range in.Proposals {
		nA = max(nA, pr.Proposer+1)
		hs := proposalHands(in, p)
		a.voterOff[p+1] = a.voterOff[p] + int32(len(hs))
		for _, v := range hs {
			nA = max(nA, int(v)+1)
		}
	}
	a.nA = nA
	a.voters = make([]uint32, 0, a.voterOff[a.nP])
	for p, pr := range in.Proposals {
		a.proposer[p] = int32(pr.Proposer)
		for _, v := range proposalHands(in, p) {
			a.voters = append(a.voters, uint32(v))
		}
	}
	a.byProposal = make([][]uint32, a.nP)
	a.words = (nA + 63) / 64
	for p := range a.byProposal {
		a.byProposal[p] = a.voters[a.voterOff[p]:a.voterOff[p+1]]
	}
	if a.fast = minFast <= nA && nA <= fastVoters; a.fast {
		voters16 := make([]uint16, len(a.voters))
		for i, v := range a.voters {
			voters16[i] = uint16(v)
		}
		a.hands16 = make([][]uint16, a.nP)
		for p := range a.hands16 {
			a.hands16[p] = voters16[a.voterOff[p]:a.voterOff[p+1]]
		}
	}
	if (a.nP+1)*a.words > maxSetWords {
		a.scratch = [2][]uint64{a.newSet(a.words), a.newSet(a.words)}
		return
	}
	a.voterBits = a.newSet((a.nP + 1) * a.words)
	for p, vs := range a.byProposal {
		setBits(a.bits(int32(p)), vs)
	}
}

// maxSetWords bounds the memory of the voter sets (16 MiB): an event of
// 5,000 attendees and 1,250 proposals takes 0.8 MiB, one of a million
// each would take 125 GB.
const maxSetWords = 1 << 21

// newSet returns n words of sets, with the capacity for views of the
// last set as an array of fastSetWords when a.fast (see entryView).
func (a *annealer) newSet(n int) []uint64 {
	pad := 0
	if a.fast {
		pad = fastSetWords - a.words
	}
	return make([]uint64, n, n+pad)
}

// setBits adds voters vs to the set bits.
func setBits(bits []uint64, vs []uint32) {
	for _, v := range vs {
		bits[v/64] |= 1 << (v % 64)
	}
}

// bits returns the voters of proposal p (nP: none) as a set.
func (a *annealer) bits(p int32) []uint64 {
	return a.voterBits[int(p)*a.words : int(p+1)*a.words]
}

// classify gives every attendee in every slot on site their class, by
// outside option and alertness, and builds each class's row of the
// probability table, classes numbered in order of first appearance.
func (a *annealer) classify(in *sim.Input) {
	nA, nR := a.nA, a.nR
	a.vs = make([]voterSlot, nA*a.nS)
	// Room past the last slot for its views (see fast); P is 0 while k is.
	n, pad := nA*a.nS, 0
	if a.fast {
		pad = fastVoters - nA
	}
	a.ix = make([]uint32, n, n+pad)
	if a.fast {
		a.pv = make([]float64, n, n+pad)
		a.pav = make([]float64, n, n+pad)
	}
	classes := make(map[[2]uint64]int32) // by w and alertness
	for v := range nA {
		jet := declaredJetlag(in, v)
		for s, sl := range in.Event.Slots {
			x := &a.vs[s*nA+v]
			x.cls = -1
			if !onSiteDay(in, v, sl.Day) {
				continue
			}
			al := in.Alertness.Alertness(jet, sl.Day, sl.Hour(), 0)
			if !(al > 0) { // also NaN from an unset alertness model
				al = 0
			}
			w := outsideWeight(&in.Choice, al)
			key := [2]uint64{math.Float64bits(w), math.Float64bits(al)}
			c, ok := classes[key]
			if !ok {
				c = int32(len(a.alert))
				classes[key] = c
				a.alert = append(a.alert, al)
			}
			x.cls = c
			x.row = (c + 1) * int32(nR+1)
			x.eff = x.row
			a.ix[s*nA+v] = uint32(x.row)
		}
	}
	// The rows, after the absent's row of zeros, in one allocation.
	n = (len(a.alert) + 1) * (nR + 1)
	buf := make([]float64, 2*n)
	a.tp, a.tpa = buf[:n:n], buf[n:]
	for key, c := range classes {
		w, al := math.Float64frombits(key[0]), a.alert[c]
		row := int(c+1) * (nR + 1)
		for k := 1; k <= nR; k++ {
			p := 1 / (float64(k) + w)
			a.tp[row+k] = p
			a.tpa[row+k] = p * al
		}
	}
}

// outsideWeight is w = exp((outside utility − Interest)/Noise) at
// alertness al: +Inf, 1 or 0 without noise as the outside option is
// better, as good or worse.
func outsideWeight(c *sim.ChoiceConfig, al float64) float64 {
	d := choice.OutsideUtility(c, al) - c.Interest
	w := math.Inf(1)
	switch {
	case c.Noise > 0:
		w = math.Exp(d / c.Noise)
	case d < 0:
		w = 0
	case d == 0:
		w = 1
	}
	return w
}

// emptyState puts every proposal in the pool, every cell empty.
func (a *annealer) emptyState() {
	a.at = make([]int32, a.nP)
	a.best = make([]int32, a.nP)
	for p := range a.at {
		a.at[p] = -1
		a.best[p] = -1
	}
	a.cell = make([]int32, a.cells)
	for c := range a.cell {
		a.cell[c] = -1
	}
	a.slotVal = make([]float64, a.nS)
	a.now = newSlotCells(a.cells)
	a.live = make([]liveSession, 0, a.nR)
	a.perm = make([]int32, 0, a.nR)
	a.next = [2]slotCells{newSlotCells(a.nR), newSlotCells(a.nR)}
}

// shift adds d (±1) to the k of proposal p's voters in the slot whose
// attendees start at base, and d to its proposer's mod, keeping their
// table indices eff+k and their P and P·alertness.
func (a *annealer) shift(p int32, base int, d int32) {
	ix := a.ix[base : base+a.nA]
	if a.fast {
		end := base + fastVoters
		shiftVoters16((*[fastVoters]uint32)(a.ix[base:end]), (*[fastVoters]float64)(a.pv[base:end]),
			(*[fastVoters]float64)(a.pav[base:end]), a.tp, a.tpa, a.hands16[p], uint32(d))
	} else {
		for _, v := range a.byProposal[p] {
			ix[v] += uint32(d)
		}
	}
	pr := a.proposer[p]
	x := &a.vs[base+int(pr)]
	x.mod += d
	eff := x.row * b2i32(x.mod == 0)
	i := ix[pr] + uint32(eff-x.eff)
	ix[pr] = i
	if a.fast {
		a.pv[base+int(pr)], a.pav[base+int(pr)] = a.tp[i], a.tpa[i]
	}
	x.eff = eff
}

// shiftVoters16 adds d to the table index of voters vs in ix, one slot's,
// and sets their P and P·alertness in pv and pav from tables tp and tpa,
// over views of the slot's ix, pv and pav as arrays of fastVoters and
// voters as 16-bit IDs (a.fast), which need no bounds checks (its own
// function, not inlined: fewer values live through the loop).
//
//go:noinline
func shiftVoters16(ix *[fastVoters]uint32, pv, pav *[fastVoters]float64, tp, tpa []float64, vs []uint16, d uint32) {
	_, _, _ = ix[0], pv[0], pav[0] // nil checks out of the loop
	tpa = tpa[:len(tp)]
	for _, v := range vs {
		i := ix[v] + d
		ix[v] = i
		pv[v], pav[v] = tp[i], tpa[i]
	}
}

// place puts proposal p (in the pool) into the empty cell c.
func (a *annealer) place(p, c int32) {
	a.at[p], a.cell[c] = c, p
	a.shift(p, int(c)/a.nR*a.nA, 1)
}

// remove takes proposal p out of its cell into the pool.
func (a *annealer) remove(p int32) {
	c := a.at[p]
	a.at[p], a.cell[c] = -1, -1
	a.shift(p, int(c)/a.nR*a.nA, -1)
}

func b2i32(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// move sends p from cell from (or the pool if from < 0) to cell to (or the
// pool if to < 0), swapping with q, the proposal in cell to (or -1), which
// goes to from.
func (a *annealer) move(p, q, from, to int32) {
	if a.sameSlot(from, to) {
		a.swap(p, q, from, to)
		return
	}
	if from >= 0 {
		a.remove(p)
	}
	if q >= 0 {
		a.remove(q)
	}
	if to >= 0 {
		a.place(p, to)
	}
	if q >= 0 && from >= 0 {
		a.place(q, from)
	}
}

// undo reverts move(p, q, from, to).
func (a *annealer) undo(p, q, from, to int32) {
	if a.sameSlot(from, to) {
		a.swap(p, q, to, from)
		return
	}
	if to >= 0 {
		a.remove(p)
	}
	if q >= 0 && from >= 0 {
		a.remove(q)
	}
	if from >= 0 {
		a.place(p, from)
	}
	if q >= 0 {
		a.place(q, to)
	}
}

// sameSlot reports whether cells from and to are in one slot.
func (a *annealer) sameSlot(from, to int32) bool {
	return from >= 0 && to >= 0 && from/int32(a.nR) == to/int32(a.nR)
}

// swap sends p from cell from to cell to of the same slot and q, the
// proposal in cell to (or -1), to from: everyone's k and mod there stay
// as they are, so only the cells change.
func (a *annealer) swap(p, q, from, to int32) {
	a.at[p], a.cell[to], a.cell[from] = to, p, q
	if q >= 0 {
		a.at[q] = from
	}
}

// gain returns what move(p, q, from, to) would change in the values of
// the sessions it moves, p and q, leaving out what it does to the other
// sessions of the slots they leave and enter. It is exact for those two:
// each is priced in its new cell with the probabilities its voters will
// have there, summed in the order evalSlot sums them. The move must be
// legal: the proposers of the sessions it schedules are on site there.
func (a *annealer) gain(p, q, from, to int32) float64 {
	if a.sameSlot(from, to) {
		// Everyone's k and mod stay: only the rooms change.
		g := a.reroom(p, from, to)
		if q >= 0 {
			g += a.reroom(q, to, from)
		}
		return g
	}
	g := 0.0
	if from >= 0 {
		g -= a.now.val[from]
	}
	if q >= 0 {
		g -= a.now.val[to]
	}
	switch {
	case to < 0: // p to the pool
	case q < 0 || from < 0: // p in; q, if any, to the pool
		e := a.enter(0, p, to, q)
		var sp, spa float64
		if a.fast {
			sp, spa = a.inFast[0].sums(a.tp, a.tpa, 0, 0)
		} else {
			sp, spa = e.sums(a, 0, 0)
		}
		g += a.leave(e, sp, spa)
	default: // p and q trade slots
		e, f := a.enter(0, p, to, q), a.enter(1, q, from, p)
		sp, spa, sq, sqa := pairSums(a, e, f)
		g += a.leave(e, sp, spa) + a.leave(f, sq, sqa)
	}
	return g
}

// reroom returns the change in the value of proposal j when it moves from
// cell from to cell to of the same slot.
func (a *annealer) reroom(j, from, to int32) float64 {
	nR := int32(a.nR)
	cls := a.vs[int(from/nR)*a.nA+int(a.proposer[j])].cls
	return a.value(to%nR, a.alert[cls], a.now.p[from], a.now.pa[from]) - a.now.val[from]
}

// entry prices proposal j entering cell c (from another slot or the pool)
// as leaving, the proposal there (or -1), goes: each voter of j will have
// one more session with a hand there unless they also raised one for
// leaving, leaving's proposer stops moderating there (unless j's proposer
// is the same person) and j's proposer starts. Those two attendees' table
// indices are changed in place while the entry is priced (for mod, less
// the one the sum adds) and restored by leave.
type entry struct {
	voters         []uint32
	ix             []uint32
	leaving        []uint64 // leaving's voters as a set
	cleanup        []uint32 // the voters to take out of it after (scratch)
	room           int32
	al             float64
	mod, freed     int32
	modIx, freedIx uint32
}

// enter prepares entry i (0 or 1) to price j entering cell c as leaving
// goes.
func (a *annealer) enter(i int, j, c, leaving int32) *entry {
	base := int(c) / a.nR * a.nA
	ix, vs := a.ix[base:base+a.nA], a.vs[base:base+a.nA]
	mod := a.proposer[j]
	e := &a.in[i]
	*e = entry{voters: a.hands(j), ix: ix, room: c % int32(a.nR), al: a.alert[vs[mod].cls], mod: mod, freed: -1}
	switch {
	case a.voterBits == nil:
		e.leaving = a.scratch[i]
		if leaving >= 0 {
			e.cleanup = a.hands(leaving)
			setBits(e.leaving, e.cleanup)
		}
	case leaving < 0:
		e.leaving = a.bits(int32(a.nP))
	default:
		e.leaving = a.bits(leaving)
	}
	if a.fast {
		a.inFast[i] = entryView{
			ix:     (*[fastVoters]uint32)(a.ix[base : base+fastVoters]),
			set:    (*[fastSetWords]uint64)(e.leaving[:fastSetWords]),
			voters: a.hands16[j],
		}
	}
	if leaving >= 0 {
		if pr := a.proposer[leaving]; pr != mod {
			e.freed, e.freedIx = pr, ix[pr]
			ix[pr] += uint32(vs[pr].row)
		}
	}
	e.modIx = ix[mod]
	ix[mod] = -step(e.leaving, uint32(mod))
	return e
}

// step is 1, the session voter v gains, or 0 if v also raised a hand for
// the session leaving (in the set leaving): without a branch, as which
// voters did follows no pattern a branch predictor could learn.
func step(leaving []uint64, v uint32) uint32 {
	return 1 - uint32(leaving[v/64]>>(v%64))&1
}

// sums adds P and P·alertness of e's voters, in order, to p and pa, each
// voter at the table index they will have.
func (e *entry) sums(a *annealer, p, pa float64) (float64, float64) {
	tp, tpa, ix, set := a.tp, a.tpa[:len(a.tp)], e.ix, e.leaving
	for _, v := range e.voters {
		x := ix[v] + step(set, v)
		p += tp[x]
		pa += tpa[x]
	}
	return p, pa
}

// pairSums is e.sums and f.sums, their voters two at a time: the sums are
// independent chains of additions, which the CPU overlaps.
func pairSums(a *annealer, e, f *entry) (p1, pa1, p2, pa2 float64) {
	if a.fast { // e and f are a.in[0] and a.in[1]
		return pairSums16(a.tp, a.tpa, a.inFast[0], a.inFast[1])
	}
	tp, tpa := a.tp, a.tpa[:len(a.tp)]
	eix, eset, fix, fset := e.ix, e.leaving, f.ix, f.leaving
	n := min(len(e.voters), len(f.voters))
	w1, w2 := e.voters[:n], f.voters[:n]
	for i, v := range w1 {
		w := w2[i]
		x, y := eix[v]+step(eset, v), fix[w]+step(fset, w)
		p1 += tp[x]
		pa1 += tpa[x]
		p2 += tp[y]
		pa2 += tpa[y]
	}
	e1, f1 := *e, *f
	e1.voters, f1.voters = e.voters[n:], f.voters[n:]
	p1, pa1 = e1.sums(a, p1, pa1)
	p2, pa2 = f1.sums(a, p2, pa2)
	return p1, pa1, p2, pa2
}

// fastSetWords is the size of entryView's set: a bit for every 16-bit ID.
const fastSetWords = fastVoters / 64

// entryView is an entry's table indices (the slot's ix), the set of the
// leaving proposal's voters and the entering one's voters as arrays of
// every 16-bit ID and 16-bit IDs (a.fast), for sums without bounds checks
// but the tables'.
type entryView struct {
	ix     *[fastVoters]uint32
	set    *[fastSetWords]uint64
	voters []uint16
}

// sums is entry.sums over e.
func (e entryView) sums(tp, tpa []float64, p, pa float64) (float64, float64) {
	ix, set := e.ix, e.set
	tpa = tpa[:len(tp)]
	for _, v := range e.voters {
		x := ix[v] + step16(set, v)
		p += tp[x]
		pa += tpa[x]
	}
	return p, pa
}

// pairSums16 is pairSums over e and f.
func pairSums16(tp, tpa []float64, e, f entryView) (p1, pa1, p2, pa2 float64) {
	n := min(len(e.voters), len(f.voters))
	p1, pa1, p2, pa2 = pairSums16n(tp, tpa, e.ix, f.ix, e.set, f.set, e.voters[:n], f.voters[:n])
	e.voters, f.voters = e.voters[n:], f.voters[n:]
	p1, pa1 = e.sums(tp, tpa, p1, pa1)
	p2, pa2 = f.sums(tp, tpa, p2, pa2)
	return p1, pa1, p2, pa2
}

// pairSums16n is pairSums16's loop over as many voters of each entry
// (its own function: the fewer values live through it, the fewer spills).
func pairSums16n(tp, tpa []float64, eix, fix *[fastVoters]uint32, eset, fset *[fastSetWords]uint64, w1, w2 []uint16) (p1, pa1, p2, pa2 float64) {
	tpa = tpa[:len(tp)]
	_, _, _, _ = eix[0], eset[0], fix[0], fset[0] // nil checks out of the loop
	w2 = w2[:len(w1)]
	for i, v := range w1 {
		x := eix[v] + step16(eset, v)
		p1 += tp[x]
		pa1 += tpa[x]
		w := w2[i]
		x = fix[w] + step16(fset, w)
		p2 += tp[x]
		pa2 += tpa[x]
	}
	return p1, pa1, p2, pa2
}

// step16 is step over a set of every 16-bit ID.
func step16(set *[fastSetWords]uint64, v uint16) uint32 {
	if set[v/64]&(1<<(v%64)) != 0 {
		return 0
	}
	return 1
}

// leave restores the table indices e changed (and the scratch set) and
// returns the value of e's proposal with sums p and pa.
func (a *annealer) leave(e *entry, p, pa float64) float64 {
	e.ix[e.mod] = e.modIx
	if e.freed >= 0 {
		e.ix[e.freed] = e.freedIx
	}
	for _, v := range e.cleanup {
		e.leaving[v/64] = 0
	}
	return a.value(e.room, e.al, p, pa)
}
