package policy

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// Popularity is the naive organiser: proposals by hands, most first (ties
// by ID), fill the earliest slot's rooms biggest first (sim.Event.Rooms is
// sorted largest first), then the next slot, and so on. A proposal whose
// proposer already moderates in the slot being filled is pushed to the
// next slot with a free room; one that fits in no slot (its proposer
// moderates in every slot with room left) is passed over for the next
// proposal. So min(#proposals, slots × rooms) sessions are placed whenever
// proposers' caps allow it.
//
// Popularity ignores src. Cost O(P log P + P × slots).
type Popularity struct{}

// Schedule returns the popularity schedule of in.
func (Popularity) Schedule(in *sim.Input, _ rand.Source) (*sim.Schedule, error) {
	ev := in.Event
	ns, nr := len(ev.Slots), len(ev.Rooms)
	cells := ns * nr
	order := byHands(in)
	next := make([]int, ns) // next free room per slot
	// moderators[s*nr : s*nr+next[s]] are the proposers of slot s.
	moderators := make([]int, cells)
	s := &sim.Schedule{Sessions: make([]sim.Session, 0, min(len(order), cells))}
	for _, p := range order {
		if len(s.Sessions) == cells {
			break
		}
		who := in.Proposals[p].Proposer
		for sl := range ns {
			if next[sl] == nr || slices.Contains(moderators[sl*nr:sl*nr+next[sl]], who) {
				continue
			}
			moderators[sl*nr+next[sl]] = who
			s.Sessions = append(s.Sessions, sim.Session{Proposal: p, Slot: sl, Room: next[sl]})
			next[sl]++
			break
		}
	}
	return s, nil
}

// byHands returns the proposal indices by hands, most first, ties by index.
func byHands(in *sim.Input) []int {
	order := make([]int, len(in.Proposals))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(in.Hands.Hands(b), in.Hands.Hands(a)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}
