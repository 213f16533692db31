package policy

import (
	"cmp"
	"math/bits"
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
	n, L, ns := st.n, st.layers, st.ns
	jetlag := alertWeight > 0
	type classKey struct {
		jet  float64
		days uint64
	}
	type class struct {
		w           []float64 // weight per layer
		size, first int       // voters; first word
	}
	var classes []class
	byKey := make(map[classKey]int)
	nA := len(in.Hands.ByAttendee)
	classOf := make([]int32, nA) // −1: no hand on a chosen proposal
	var buf []int
	for a, hands := range in.Hands.ByAttendee {
		classOf[a] = -1
		buf = buf[:0]
		for _, p := range hands {
			if i := idx[p]; i >= 0 {
				buf = append(buf, i)
			}
		}
		if len(buf) == 0 {
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
			c = len(classes)
			byKey[key] = c
			w := make([]float64, L)
			if jetlag {
				voterWeights(in, key.jet, key.days, w)
			} else {
				w[0] = 1
			}
			classes = append(classes, class{w: w})
		}
		classOf[a] = int32(c)
		classes[c].size++
		if jetlag {
			w := classes[c].w
			for _, i := range buf {
				for s, x := range w {
					st.tired[i*ns+s] += alertWeight * (1 - x)
				}
			}
		}
	}
	// For each i, count[k*C+c] counts the voters of class c of both i and
	// k > i, either from bitsets of each chosen proposal's voters, class
	// after class (each class starting on a new word: N²/2 · words), or
	// from each voter's chosen hands (Σ_a h_a²), whichever costs less.
	C := len(classes)
	W := 0 // words per proposal
	for c := range classes {
		classes[c].first = W
		W += (classes[c].size + 63) / 64
	}
	pairCost := 0 // Σ_a h_a(h_a − 1)/2
	for _, hands := range in.Hands.ByAttendee {
		h := 0
		for _, p := range hands {
			if idx[p] >= 0 {
				h++
			}
		}
		pairCost += h * (h - 1) / 2
	}
	useBits := method == bitsets || method == cheaper && n*(n-1)/2*W < pairCost
	var wordClass []int32
	var voters []uint64 // voters[i*W : (i+1)*W]: bitset of i's
	// Else i's voters are votersOf[votersOff[i]:votersOff[i+1]], and voter
	// a's chosen hands, ascending, handsOf[handsOff[a]:handsOff[a+1]], i
	// at index votersAt there.
	var votersOf, votersAt, handsOf []int32
	var votersOff, handsOff []int32
	if useBits {
		wordClass = make([]int32, W)
		for c, cl := range classes {
			for w := cl.first; w < cl.first+(cl.size+63)/64; w++ {
				wordClass[w] = int32(c)
			}
		}
		voters = make([]uint64, n*W)
		next := make([]int, C) // next free bit of each class
		for a, c := range classOf {
			if c < 0 {
				continue
			}
			pos := classes[c].first*64 + next[c]
			next[c]++
			for _, p := range in.Hands.ByAttendee[a] {
				if i := idx[p]; i >= 0 {
					voters[i*W+pos/64] |= 1 << (pos % 64)
				}
			}
		}
	} else {
		votersOff = make([]int32, n+1)
		handsOff = make([]int32, nA+1)
		for a, hands := range in.Hands.ByAttendee {
			handsOff[a+1] = handsOff[a]
			for _, p := range hands {
				if i := idx[p]; i >= 0 {
					handsOf = append(handsOf, int32(i))
					handsOff[a+1]++
					votersOff[i+1]++
				}
			}
			slices.Sort(handsOf[handsOff[a]:handsOff[a+1]])
		}
		for i := range n {
			votersOff[i+1] += votersOff[i]
		}
		votersOf = make([]int32, votersOff[n])
		votersAt = make([]int32, votersOff[n])
		fill := slices.Clone(votersOff[:n])
		for a := range nA {
			for x, i := range handsOf[handsOff[a]:handsOff[a+1]] {
				votersOf[fill[i]], votersAt[fill[i]] = int32(a), handsOff[a]+int32(x)
				fill[i]++
			}
		}
	}
	count := make([]int32, n*C)
	touched := make([]bool, n)
	var ks []int // the k > i sharing voters with i, in any order
	acc := make([]float64, L)
	for i := range n {
		ks = ks[:0]
		if useBits {
			bi := voters[i*W : i*W+W]
			for k := i + 1; k < n; k++ {
				bk := voters[k*W : k*W+W]
				bk = bk[:len(bi)]
				row := count[k*C : k*C+C]
				for w, x := range bi {
					if y := x & bk[w]; y != 0 {
						row[wordClass[w]] += int32(bits.OnesCount64(y))
						if !touched[k] {
							touched[k] = true
							ks = append(ks, k)
						}
					}
				}
			}
		} else {
			for v := votersOff[i]; v < votersOff[i+1]; v++ {
				a := votersOf[v]
				c := int(classOf[a])
				for _, k := range handsOf[votersAt[v]+1 : handsOff[a+1]] {
					count[int(k)*C+c]++
					if !touched[k] {
						touched[k] = true
						ks = append(ks, int(k))
					}
				}
			}
		}
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
				for l, x := range classes[c].w {
					acc[l] += float64(m) * x
				}
			}
			for l, v := range acc {
				ik[l], ki[l] = float32(v), float32(v)
			}
		}
	}
}

// countMethod is how coVoters counts co-voters.
type countMethod int

const (
	cheaper    countMethod = iota // the cheaper of the two below
	bitsets                       // popcounts of bitsets of each proposal's voters
	voterPairs                    // each voter's pairs of hands
)

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

func (st *spreadState) members(s int) []int { return st.mem[s*st.nr : s*st.nr+st.cnt[s]] }

// link returns the weighted co-voters of i with the sessions of slot s
// other than i and skip.
func (st *spreadState) link(i, s, skip int) float64 {
	L, l := st.layers, 0
	if L > 1 {
		l = s
	}
	row := st.conf[i*st.n*L : (i+1)*st.n*L]
	// row[i*L+l] is 0: no need to skip i.
	sum := 0.0
	for _, k := range st.members(s) {
		sum += float64(row[k*L+l])
	}
	if skip >= 0 {
		sum -= float64(row[skip*L+l])
	}
	return sum
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
}

func (st *spreadState) remove(i int) {
	s := st.slot[i]
	last := st.mem[s*st.nr+st.cnt[s]-1]
	st.mem[s*st.nr+st.pos[i]] = last
	st.pos[last] = st.pos[i]
	st.cnt[s]--
	st.busy[st.mod[i]*st.ns+s]--
	st.slot[i] = -1
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
