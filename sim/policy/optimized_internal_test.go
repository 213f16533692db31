package policy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/simtest"
)

// refSlot is evalSlot the plain way, for TestAnnealerIncremental: every
// attendee's P from their hands in the slot, recounted from the
// assignment, then each session's sums over its voters in order.
func refSlot(a *annealer, s int) float64 {
	k := make([]int32, a.nA)
	mod := make([]int32, a.nA)
	for _, j := range a.cell[s*a.nR : (s+1)*a.nR] {
		if j < 0 {
			continue
		}
		for _, v := range a.voters[a.voterOff[j]:a.voterOff[j+1]] {
			k[v]++
		}
		mod[a.proposer[j]]++
	}
	p := func(v uint32) (p, pa float64) {
		cls := a.vs[s*a.nA+int(v)].cls
		if cls < 0 || mod[v] > 0 || k[v] == 0 {
			return 0, 0
		}
		i := (int(cls)+1)*(a.nR+1) + int(k[v])
		return a.tp[i], a.tpa[i]
	}
	total := 0.0
	for r, j := range a.cell[s*a.nR : (s+1)*a.nR] {
		if j < 0 {
			continue
		}
		cls := a.vs[s*a.nA+int(a.proposer[j])].cls
		if cls < 0 {
			continue
		}
		sumP, sumPA := 0.0, 0.0
		for _, v := range a.voters[a.voterOff[j]:a.voterOff[j+1]] {
			p, pa := p(v)
			sumP += p
			sumPA += pa
		}
		n := 1 + sumP
		m := min(n, a.capacity[r])
		total += a.q(m) * (m / n) * (a.alert[cls] + sumPA)
	}
	return total
}

// TestAnnealerIncremental checks the annealer's bookkeeping (the table
// indices eff+k, swaps within a slot, evalSlot's sums two sessions at a
// time) against refSlot, bit for bit, after every one of many random moves
// and undos.
func TestAnnealerIncremental(t *testing.T) {
	for _, c := range []struct {
		k       simtest.Kind
		minFast int // fast (0) or general (fastVoters+1)
	}{{simtest.Default, 0}, {simtest.Prolific, 0}, {simtest.Default, fastVoters + 1}, {simtest.Prolific, fastVoters + 1}} {
		k := c.k
		in := simtest.Input(k)
		a := newAnnealerFast(in, c.minFast)
		a.greedy(roomsBySize(in.Event))
		r := rand.New(rand.NewPCG(1, uint64(k)))
		for i := range 3000 {
			p := int32(r.IntN(a.nP))
			to := int32(r.IntN(a.cells+1)) - 1
			from := a.at[p]
			if to == from {
				continue
			}
			q := int32(-1)
			if to >= 0 {
				q = a.cell[to]
			}
			a.move(p, q, from, to)
			if r.IntN(2) == 0 {
				a.undo(p, q, from, to)
			}
			for s := range a.nS {
				got, want := a.evalSlot(s, a.next[0]), refSlot(a, s)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("kind %v, fast %v, move %d, slot %d: evalSlot %v, reference %v", k, a.fast, i, s, got, want)
				}
			}
		}
	}
}

// legalMove draws a move as the annealer does and reports whether it may
// be made.
func legalMove(a *annealer, r *rand.Rand) (p, q, from, to int32, ok bool) {
	p = int32(r.IntN(a.nP))
	to = int32(r.IntN(a.cells+1)) - 1
	from, q, ok = a.legal(p, to)
	return p, q, from, to, ok
}

// TestAnnealerGain checks the screen's price of a move against the move
// made: gain must equal the change in the values evalSlot gives the moved
// sessions, for every kind of move (within a slot, between slots, to and
// from the pool) and including the moves in which a voter of the entering
// proposal moderates the leaving one, or its own.
func TestAnnealerGain(t *testing.T) {
	for _, c := range []struct {
		k       simtest.Kind
		scratch bool // sets built per move, as for events too big for them
		general bool // sums the general way, as for more than fastVoters attendees
	}{{simtest.Default, false, false}, {simtest.Prolific, false, false}, {simtest.Crowded, false, false},
		{simtest.Default, true, false}, {simtest.Default, false, true}, {simtest.Default, true, true}} {
		k := c.k
		in := simtest.Input(k)
		a := newAnnealerFast(in, 0)
		if c.general {
			a = newAnnealerFast(in, fastVoters+1)
		}
		if c.scratch {
			a.voterBits = nil
			a.scratch = [2][]uint64{a.newSet(a.words), a.newSet(a.words)}
		}
		a.greedy(roomsBySize(in.Event))
		r := rand.New(rand.NewPCG(2, uint64(k)))
		value := func(c int32) float64 {
			s := int(c) / a.nR
			a.evalSlot(s, a.next[0])
			return a.next[0].val[int(c)%a.nR]
		}
		freed, self := 0, 0
		for i := 0; i < 4000; i++ {
			p, q, from, to, ok := legalMove(a, r)
			if !ok {
				continue
			}
			if q >= 0 && slices.Contains(a.hands(p), uint32(a.proposer[q])) {
				freed++
			}
			if slices.Contains(a.hands(p), uint32(a.proposer[p])) {
				self++
			}
			before := 0.0
			if from >= 0 {
				before += value(from)
			}
			if q >= 0 {
				before += value(to)
			}
			for s := range a.nS {
				a.evalSlot(s, a.now.slot(s, a.nR))
			}
			got := a.gain(p, q, from, to)
			a.move(p, q, from, to)
			after := 0.0
			if to >= 0 {
				after += value(to)
			}
			if q >= 0 && from >= 0 {
				after += value(from)
			}
			if want := after - before; math.Abs(got-want) > 1e-9*(1+math.Abs(want)) {
				t.Fatalf("kind %v, move %d (%d from %d to %d, %d back): gain %v, the move changes them by %v", k, i, p, from, to, q, got, want)
			}
			if r.IntN(2) == 0 {
				a.undo(p, q, from, to)
			}
		}
		if c.scratch && slices.ContainsFunc(a.scratch[0], func(w uint64) bool { return w != 0 }) {
			t.Errorf("kind %v: scratch set not cleared after the moves", k)
		}
		t.Logf("kind %v: %d moves freed a voter of the entering proposal, %d moved a proposal its proposer raised a hand for", k, freed, self)
		if freed == 0 || self == 0 {
			t.Errorf("kind %v: %d moves freed a voter, %d moved a self-voted proposal: want both", k, freed, self)
		}
	}
}

// TestAnnealerBookkeeping checks what the search keeps between moves
// against the state it ends in: each slot's value and each cell's price
// must be what evalSlot gives, bit for bit, after thousands of moves made
// within slots (swapRooms), between them and with the pool (try).
func TestAnnealerBookkeeping(t *testing.T) {
	for _, c := range []struct {
		k       simtest.Kind
		minFast int // fast (0) or general (fastVoters+1)
	}{{simtest.Default, 0}, {simtest.Prolific, 0}, {simtest.Default, fastVoters + 1}} {
		k := c.k
		in := simtest.Input(k)
		a := newAnnealerFast(in, c.minFast)
		a.greedy(roomsBySize(in.Event))
		a.anneal(5000, defaultStartTemp, defaultEndTemp, rand.New(rand.NewPCG(3, uint64(k))))
		fresh := newSlotCells(a.nR)
		for s := range a.nS {
			v := a.evalSlot(s, fresh)
			if math.Float64bits(v) != math.Float64bits(a.slotVal[s]) {
				t.Errorf("kind %v, slot %d: kept value %v, evalSlot %v", k, s, a.slotVal[s], v)
			}
			kept := a.now.slot(s, a.nR)
			for r := range a.nR {
				if kept.val[r] != fresh.val[r] || kept.p[r] != fresh.p[r] || kept.pa[r] != fresh.pa[r] {
					t.Errorf("kind %v, slot %d, room %d: kept %v %v %v, evalSlot %v %v %v", k, s, r,
						kept.val[r], kept.p[r], kept.pa[r], fresh.val[r], fresh.p[r], fresh.pa[r])
				}
			}
		}
	}
}

// TestAnnealerFastPath checks evalSlot's two ways of summing, the fast
// one (fastView over 16-bit voter IDs, four sessions at a time, grouped
// by voters) and the general one for events past fastVoters attendees,
// against each other bit for bit, every slot and cell after each of many
// random moves, also at the edge of fastVoters attendees with a voter of
// the last ID; that newAnnealer takes the fast way from fastMinVoters
// to fastVoters attendees only; and that an event of fastVoters+1
// attendees takes the general way and prices its sessions as the same
// event without the attendees who raised no hand.
func TestAnnealerFastPath(t *testing.T) {
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	// compare moves a fast annealer at random and checks every slot and
	// cell against the general way after each move.
	compare := func(name string, a *annealer, moves int, seed uint64) {
		t.Helper()
		fast, general := newSlotCells(a.nR), newSlotCells(a.nR)
		r := rand.New(rand.NewPCG(4, seed))
		for i := range moves {
			if p, q, from, to, ok := legalMove(a, r); ok {
				a.move(p, q, from, to)
			}
			for s := range a.nS {
				got := a.evalSlot(s, fast)
				a.fast = false
				want := a.evalSlot(s, general)
				a.fast = true
				if !same(got, want) {
					t.Fatalf("%s, move %d, slot %d: fast %v, general %v", name, i, s, got, want)
				}
				for r := range a.nR {
					if !same(fast.val[r], general.val[r]) || !same(fast.p[r], general.p[r]) || !same(fast.pa[r], general.pa[r]) {
						t.Fatalf("%s, move %d, slot %d, room %d: fast %v %v %v, general %v %v %v", name, i, s, r,
							fast.val[r], fast.p[r], fast.pa[r], general.val[r], general.p[r], general.pa[r])
					}
				}
			}
		}
	}
	for _, k := range []simtest.Kind{simtest.Default, simtest.Crowded, simtest.Prolific} {
		in := simtest.Input(k)
		a := newAnnealerFast(in, 0)
		if !a.fast {
			t.Fatalf("kind %v: %d attendees: fast false", k, a.nA)
		}
		a.greedy(roomsBySize(in.Event))
		compare(fmt.Sprintf("kind %v", k), a, 2000, uint64(k))
	}

	// At the edge, fastVoters attendees, the voters hold the highest
	// 16-bit IDs (65,535 included), where a view's last array ends.
	in := simtest.Input(simtest.Default)
	edge := shiftAttendees(in, fastVoters-len(in.Jetlag))
	a := newAnnealer(edge)
	if a.nA != fastVoters || !a.fast || slices.Max(a.voters) != fastVoters-1 {
		t.Fatalf("edge: %d attendees, fast %v, last voter %d: want %d, fast, %d",
			a.nA, a.fast, slices.Max(a.voters), fastVoters, fastVoters-1)
	}
	a.greedy(roomsBySize(edge.Event))
	compare("edge", a, 300, 9)

	// newAnnealer's choice: fast from fastMinVoters to fastVoters
	// attendees, the general way for fewer and for more.
	grow := func(n int) *sim.Input {
		big := *in
		big.Jetlag = append(slices.Clone(in.Jetlag), make([]float64, n-len(in.Jetlag))...)
		return &big
	}
	for _, n := range []int{fastMinVoters - 1, fastMinVoters, fastVoters, fastVoters + 1} {
		a := newAnnealer(grow(n))
		if want := n >= fastMinVoters && n <= fastVoters; a.nA != n || a.fast != want || (a.hands16 != nil) != want {
			t.Errorf("%d attendees: fast %v, hands16 %v: want %v", a.nA, a.fast, a.hands16 != nil, want)
		}
	}
	big := grow(fastVoters + 1)
	a, b := newAnnealerFast(in, 0), newAnnealerFast(big, 0)
	if b.fast {
		t.Fatalf("%d attendees: fast: want the general way", b.nA)
	}
	a.greedy(roomsBySize(in.Event))
	b.greedy(roomsBySize(big.Event))
	for s := range a.nS {
		if !same(a.slotVal[s], b.slotVal[s]) {
			t.Errorf("slot %d: %v with %d attendees, %v with %d", s, a.slotVal[s], a.nA, b.slotVal[s], b.nA)
		}
	}
}

// shiftAttendees returns in with d attendees who raised no hand put
// before everyone else, so that attendee a becomes a+d.
func shiftAttendees(in *sim.Input, d int) *sim.Input {
	out := *in
	out.Jetlag = append(make([]float64, d), in.Jetlag...)
	if in.Home != nil {
		out.Home = append(make([]float64, d), in.Home...)
	}
	if in.OnSite != nil {
		out.OnSite = append(make([]uint64, d), in.OnSite...)
	}
	out.Proposals = slices.Clone(in.Proposals)
	for i := range out.Proposals {
		out.Proposals[i].Proposer += d
	}
	h := *in.Hands
	h.ByProposal = make([][]int32, len(in.Hands.ByProposal))
	for p, vs := range in.Hands.ByProposal {
		for _, v := range vs {
			h.ByProposal[p] = append(h.ByProposal[p], v+int32(d))
		}
	}
	h.ByAttendee = append(make([][]int32, d), in.Hands.ByAttendee...)
	if in.Hands.Maybe != nil {
		h.Maybe = append(make([][]int32, d), in.Hands.Maybe...)
	}
	if in.Hands.Voted != nil {
		h.Voted = append(make([]bool, d), in.Hands.Voted...)
	}
	out.Hands = &h
	return &out
}
