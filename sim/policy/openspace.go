package policy

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// openSpaceTaste is the scale of a proposer's random taste for a slot, added
// to their own alertness there.
const openSpaceTaste = 0.05

// OpenSpace is the open-space marketplace (H. Owen, Open Space Technology, 1992): proposers, in a
// random order, walk up to the wall and pin each of their proposals (most
// hands first) to their preferred free (slot, room). A proposer prefers
// the slot where they themselves are most alert, with a small random taste:
//
//	pref(s) = alertness(jet lag, day(s), hour(s), fatigue 0) + 0.05·U,  U ~ Uniform[0, 1)
//
// (one U per proposer and slot), among the slots of days they are on site
// that still have a free room and where they do not already moderate. In
// that slot they take the smallest free room that holds their hands, else
// the largest free room. First come, first served: a proposal that finds no
// such cell is left out — that is the marketplace, not an error. With at
// most as many proposals as cells every proposal finds a cell unless its
// proposer is off site or already busy in every slot that has a free room.
// Attendees then vote with their feet (the law of two feet, in the engine).
type OpenSpace struct{}

// Schedule implements sim.Policy.
func (OpenSpace) Schedule(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
	if err := checkPolicyShape("open-space", in); err != nil {
		return nil, err
	}
	ev := in.Event
	nP, nS, nR := len(in.Proposals), len(ev.Slots), len(ev.Rooms)
	r := rand.New(src)
	turns := proposerTurns(in, r)

	// Rooms smallest first, so "the smallest room that fits" is the first
	// free one that fits and "the largest" the last free one.
	rooms := roomsBySize(ev)
	slices.Reverse(rooms)
	taken := make([]bool, nS*nR)
	free := make([]int, nS)
	for s := range free {
		free[s] = nR
	}
	pref := make([]float64, nS)
	alert := alertnessByLag{in: in}
	mine := make([]bool, nS)
	sched := &sim.Schedule{Sessions: make([]sim.Session, 0, min(nP, nS*nR))}
	for _, ps := range turns {
		openSpacePrefs(in, in.Proposals[ps[0]].Proposer, r, &alert, pref)
		clear(mine)
		for _, p := range ps {
			best := bestOpenSlot(pref, free, mine)
			if best < 0 {
				continue // no cell left for this proposal
			}
			room := openSpaceRoom(ev, rooms, taken[best*nR:(best+1)*nR], len(proposalHands(in, p)))
			taken[best*nR+room] = true
			free[best]--
			mine[best] = true
			sched.Sessions = append(sched.Sessions, sim.Session{Proposal: p, Slot: best, Room: room})
		}
	}
	return sched, nil
}

// proposerTurns groups the proposals by proposer (in ID order), each
// proposer's most hands first, and shuffles the proposers' turns.
func proposerTurns(in *sim.Input, r *rand.Rand) [][]int {
	nP := len(in.Proposals)
	byProposer := make([]int, nP)
	for p := range byProposer {
		byProposer[p] = p
	}
	slices.SortStableFunc(byProposer, func(a, b int) int {
		return cmp.Or(
			cmp.Compare(in.Proposals[a].Proposer, in.Proposals[b].Proposer),
			cmp.Compare(len(proposalHands(in, b)), len(proposalHands(in, a))))
	})
	var turns [][]int // each proposer's run of byProposer
	for i := 0; i < nP; {
		j := i + 1
		for j < nP && in.Proposals[byProposer[j]].Proposer == in.Proposals[byProposer[i]].Proposer {
			j++
		}
		turns = append(turns, byProposer[i:j])
		i = j
	}
	r.Shuffle(len(turns), func(i, j int) { turns[i], turns[j] = turns[j], turns[i] })
	return turns
}

// openSpacePrefs fills pref with proposer pr's preference for each slot:
// their alertness there plus the random taste, one draw per slot in
// order; −Inf plus the taste (so −Inf) on days they are off site.
func openSpacePrefs(in *sim.Input, pr int, r *rand.Rand, alert *alertnessByLag, pref []float64) {
	rested := alert.slots(declaredJetlag(in, pr))
	for s, sl := range in.Event.Slots {
		pref[s] = math.Inf(-1)
		if onSiteDay(in, pr, sl.Day) {
			pref[s] = rested[s]
		}
		pref[s] += openSpaceTaste * r.Float64()
	}
}

// alertnessByLag is the rested alertness in each slot, Alertness(jet
// lag, day, hour, 0), worked out once per jet lag: proposers share a
// handful (one per origin), and the curve costs a cosine and an
// exponential.
type alertnessByLag struct {
	in   *sim.Input
	lags []float64
	// rested[k*slots : (k+1)*slots] is lags[k]'s, for the event's slots.
	rested []float64
}

// slots returns the rested alertness in each slot at jet lag jet.
func (a *alertnessByLag) slots(jet float64) []float64 {
	ev := a.in.Event
	nS := len(ev.Slots)
	if k := slices.Index(a.lags, jet); k >= 0 { // NaN finds none: worked out afresh
		return a.rested[k*nS : (k+1)*nS]
	}
	if a.lags == nil { // room for a handful without growing
		a.lags, a.rested = make([]float64, 0, 8), make([]float64, 0, 8*nS)
	}
	start := len(a.rested)
	for _, sl := range ev.Slots {
		a.rested = append(a.rested, a.in.Alertness.Alertness(jet, sl.Day, sl.Hour(), 0))
	}
	rested := a.rested[start:]
	if len(a.lags) == 64 { // a bounded scan: the first 64 kept
		a.rested = a.rested[:start]
		return slices.Clone(rested)
	}
	a.lags = append(a.lags, jet)
	return rested
}

// bestOpenSlot returns the preferred slot that has a free room and where
// the proposer does not already moderate (the earliest among equals), or
// −1 if none.
func bestOpenSlot(pref []float64, free []int, mine []bool) int {
	best := -1
	for s := range pref {
		if free[s] == 0 || mine[s] || math.IsInf(pref[s], -1) {
			continue
		}
		if best < 0 || pref[s] > pref[best] {
			best = s
		}
	}
	return best
}

// openSpaceRoom returns the smallest free room that holds hands, else the
// largest free room; rooms are smallest first, taken is by room in the
// chosen slot, which has at least one free room.
func openSpaceRoom(ev *sim.Event, rooms []int, taken []bool, hands int) int {
	room, largest := -1, -1
	for _, k := range rooms {
		if taken[k] {
			continue
		}
		largest = k
		if room < 0 && ev.Rooms[k].Capacity >= hands {
			room = k
		}
	}
	if room < 0 {
		room = largest
	}
	return room
}
