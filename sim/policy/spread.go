package policy

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// Spread is the conflict-aware organiser (policies "spread" and "jetlag").
// It runs the most-wanted proposals and puts sessions that share voters in
// different slots, as conference schedulers do when they minimise the
// sessions attendees miss (Vangerven, Ficker, Goossens et al. 2018,
// "Conference scheduling — a personalized approach", Omega 81:38–47; Kim et
// al. 2013, "Cobi: a community-informed conference scheduling tool", UIST,
// from the Confer project). In three steps:
//
//  1. Choose the top min(P, slots × rooms) proposals by hands (ties by
//     ID), passing over a proposer's proposals beyond one per slot.
//  2. Assign them to slots, at most one per room, minimising the cost
//     below: greedily first (proposals by hands, each into the feasible
//     slot of least added cost, ties to the emptiest then the earliest
//     slot), then by Iterations steps of local search drawn from src: a
//     random session moves to a random other slot with a free room, or
//     swaps with a random session there, when that does not raise the cost
//     and keeps every proposer in one session per slot.
//  3. Within each slot the session with the most hands gets the biggest
//     room, and so on down.
//
// The cost of an assignment is
//
//	cost     = Σ_s Σ_{i<k, both in s} C_s(i,k) + AlertWeight · Σ_s Σ_{i in s} T_s(i)
//	C_s(i,k) = Σ_{v voted for i and for k} w_s(v)
//	T_s(i)   = Σ_{v voted for i} (1 − w_s(v))
//
// summed over slots s and the chosen proposals i, k placed there.
//
// With AlertWeight 0 (spread) every weight w is 1: C counts co-voters, the
// conflicts of sim.HandConflicts, and T vanishes. With
// AlertWeight > 0 (jetlag) w_s(v) is v's predicted rested alertness in slot
// s from their declared home time zone,
// AlertnessConfig.Alertness(jetlag_v, day, local hour, 0), and 0 on a day v
// is not on site: clashes among tired voters matter less, and a session
// wanted by voters who are asleep on their feet moves to hours they are
// awake.
//
// Cost: building the co-voter matrix takes O(hands + N²·(A/64 + C·L)) for
// the N chosen proposals, A attendees, C classes of voters of equal
// weights (1 for spread; jetlag: one per declared jet lag and days on
// site) and L = 1 (spread) or the number of slots (jetlag), and L·N²
// float32s of memory; each search step takes O(rooms).
type Spread struct {
	// Iterations is the number of local-search steps after the greedy
	// construction; 0 keeps the greedy assignment (config default 4000).
	Iterations int
	// AlertWeight weighs voters' tiredness against conflicts; 0 (spread)
	// ignores alertness and presence altogether (the jetlag policy defaults to 5).
	AlertWeight float64
}

// Schedule returns the spread (or, with AlertWeight > 0, jetlag) schedule of
// in; src drives the local search.
func (p Spread) Schedule(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
	ev := in.Event
	ns := len(ev.Slots)
	st := newSpreadState(in, p.AlertWeight)
	if st.n > 0 {
		if !st.greedy() {
			st.roundRobin()
		}
		if ns > 1 && p.Iterations > 0 {
			st.search(p.Iterations, rand.New(src))
		}
	}
	s := &sim.Schedule{Sessions: make([]sim.Session, 0, st.n)}
	for sl := range ns {
		// Chosen indices are in hands order (ties by ID) already.
		m := slices.Clone(st.members(sl))
		slices.Sort(m)
		for room, i := range m {
			s.Sessions = append(s.Sessions, sim.Session{Proposal: st.chosen[i], Slot: sl, Room: room})
		}
	}
	return s, nil
}

// spreadState is one run of Spread: the chosen proposals (indexed 0..n−1
// in hands order) and their current slots.
type spreadState struct {
	ns, nr, n int
	layers    int       // 1 (spread) or ns (jetlag)
	chosen    []int     // proposal of chosen index i
	mod       []int     // dense proposer of i
	conf      []float32 // conf[(i*n+k)*layers+l]: weighted co-voters of i and k in layer l
	tired     []float64 // tired[i*ns+s]: AlertWeight · Σ voters (1 − w), or nil
	slot      []int     // slot of i, or −1
	pos       []int     // position of i in its slot's member list
	mem       []int     // mem[s*nr : s*nr+cnt[s]] are slot s's members
	cnt       []int
	busy      []int // busy[mod*ns+s]: sessions of the proposer in slot s
	// The search proposes ~100 moves per one it makes, so link keeps the
	// sums it adds up: sums[i*ns+s] holds i's weighted co-voters with
	// slot s's members, added in member order, while its ver is ver[s],
	// which every add and remove of s bumps.
	sums []linkSum
	ver  []uint64
}

// linkSum is a sum kept by link and the version of the slot it was added
// up in.
type linkSum struct {
	sum float64
	ver uint64
}

func newSpreadState(in *sim.Input, alertWeight float64) *spreadState {
	ev := in.Event
	ns, nr := len(ev.Slots), len(ev.Rooms)
	st := &spreadState{ns: ns, nr: nr, layers: 1}

	// Choose: by hands, at most ns per proposer.
	ids := make(map[int]int)
	var perProposer []int
	for _, p := range byHands(in) {
		if len(st.chosen) == ns*nr {
			break
		}
		who := in.Proposals[p].Proposer
		k, ok := ids[who]
		if !ok {
			k = len(ids)
			ids[who] = k
			perProposer = append(perProposer, 0)
		}
		if perProposer[k] == ns {
			continue
		}
		perProposer[k]++
		st.chosen = append(st.chosen, p)
		st.mod = append(st.mod, k)
	}
	n := len(st.chosen)
	st.n = n
	st.slot = make([]int, n)
	st.pos = make([]int, n)
	st.sums = make([]linkSum, n*ns)
	st.ver = make([]uint64, ns) // all 0: the sums of empty slots
	st.mem = make([]int, ns*nr)
	st.cnt = make([]int, ns)
	st.busy = make([]int, len(ids)*ns)
	for i := range st.slot {
		st.slot[i] = -1
	}
	if n == 0 {
		return st
	}

	idx := make([]int, len(in.Proposals))
	for p := range idx {
		idx[p] = -1
	}
	for i, p := range st.chosen {
		idx[p] = i
	}
	if alertWeight > 0 {
		st.layers = ns
		st.tired = make([]float64, n*ns)
	}
	st.conf = make([]float32, st.layers*n*n)
	st.coVoters(in, idx, alertWeight, cheaper)
	return st
}

func (st *spreadState) members(s int) []int { return st.mem[s*st.nr : s*st.nr+st.cnt[s]] }

// link returns the weighted co-voters of i with the sessions of slot s
// other than i and skip: the sum over s's members in member order, then
// less skip's, as when they are added afresh.
func (st *spreadState) link(i, s, skip int) float64 {
	x := i*st.ns + s
	if st.sums[x].ver != st.ver[s] {
		st.addUp(i, s)
	}
	sum := st.sums[x].sum
	if skip >= 0 {
		sum -= float64(st.conf[st.confAt(i, skip, s)])
	}
	return sum
}

// confAt returns the index in conf of i and k's co-voters in slot s.
func (st *spreadState) confAt(i, k, s int) int {
	if st.layers == 1 {
		return i*st.n + k
	}
	return (i*st.n+k)*st.layers + s
}

// addUp sets link's sum of i and slot s.
func (st *spreadState) addUp(i, s int) {
	L := st.layers
	row := st.conf[i*st.n*L : (i+1)*st.n*L]
	// row[i*L+l] is 0: no need to skip i.
	sum := 0.0
	if L == 1 { // spread
		for _, k := range st.members(s) {
			sum += float64(row[k])
		}
	} else {
		for _, k := range st.members(s) {
			sum += float64(row[k*L+s])
		}
	}
	x := i*st.ns + s
	st.sums[x] = linkSum{sum, st.ver[s]}
}

// cost returns i's own cost in slot s, its tiredness term.
func (st *spreadState) cost(i, s int) float64 {
	if st.tired == nil {
		return 0
	}
	return st.tired[i*st.ns+s]
}

func (st *spreadState) add(i, s int) {
	st.slot[i] = s
	st.pos[i] = st.cnt[s]
	st.mem[s*st.nr+st.cnt[s]] = i
	st.cnt[s]++
	st.busy[st.mod[i]*st.ns+s]++
	st.ver[s]++
}

func (st *spreadState) remove(i int) {
	s := st.slot[i]
	last := st.mem[s*st.nr+st.cnt[s]-1]
	st.mem[s*st.nr+st.pos[i]] = last
	st.pos[last] = st.pos[i]
	st.cnt[s]--
	st.busy[st.mod[i]*st.ns+s]--
	st.slot[i] = -1
	st.ver[s]++
}

// greedy places the chosen proposals in hands order, each in the feasible
// slot of least added cost. It reports false if some proposal found no
// feasible slot.
func (st *spreadState) greedy() bool {
	for i := range st.n {
		best, bestCost := -1, 0.0
		for s := range st.ns {
			if st.cnt[s] == st.nr || st.busy[st.mod[i]*st.ns+s] > 0 {
				continue
			}
			c := st.link(i, s, -1) + st.cost(i, s)
			if best < 0 || c < bestCost || (c == bestCost && st.cnt[s] < st.cnt[best]) {
				best, bestCost = s, c
			}
		}
		if best < 0 {
			return false
		}
		st.add(i, best)
	}
	return true
}

// roundRobin is the fallback construction, always feasible: proposals
// grouped by proposer are dealt to slots in turn, so a proposer's (at most
// ns) proposals land in distinct slots and no slot gets more than
// ceil(n/ns) ≤ nr.
func (st *spreadState) roundRobin() {
	for i := range st.n {
		if st.slot[i] >= 0 {
			st.remove(i)
		}
	}
	order := make([]int, st.n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(st.mod[a], st.mod[b]) })
	for k, i := range order {
		st.add(i, k%st.ns)
	}
}

// search improves the assignment by moves and swaps that do not raise the
// cost.
func (st *spreadState) search(iterations int, r *rand.Rand) {
	ns, nr := st.ns, st.nr
	for range iterations {
		i := r.IntN(st.n)
		s := st.slot[i]
		t := r.IntN(ns - 1)
		if t >= s {
			t++
		}
		j := -1
		if st.cnt[t] == nr || (st.cnt[t] > 0 && r.IntN(2) == 0) {
			j = st.mem[t*nr+r.IntN(st.cnt[t])]
		}
		mi := st.mod[i]
		if j < 0 {
			if st.busy[mi*ns+t] > 0 {
				continue
			}
		} else if mj := st.mod[j]; mi != mj && (st.busy[mi*ns+t] > 0 || st.busy[mj*ns+s] > 0) {
			continue
		}
		delta := st.link(i, t, j) - st.link(i, s, -1) + st.cost(i, t) - st.cost(i, s)
		if j >= 0 {
			delta += st.link(j, s, i) - st.link(j, t, -1) + st.cost(j, s) - st.cost(j, t)
		}
		if delta > 0 {
			continue
		}
		st.remove(i)
		if j >= 0 {
			st.remove(j)
			st.add(j, s)
		}
		st.add(i, t)
	}
}
