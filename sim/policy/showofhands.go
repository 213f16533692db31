package policy

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// ShowOfHands is SOCML's own rule, applied online. Just before each slot,
// in time order, the organiser asks the room for a show of hands
// (sim.Input.Recount: the hands of those present at that moment, so tired
// people count less often) and runs the remaining proposals with the most
// hands in that slot's rooms, the biggest room to the most hands. A proposer
// runs at most one session a slot. Over the event it takes up to min(P,
// cells) proposals (P proposals, cells = slots × rooms), spread evenly: slot
// s of the S−s slots left takes ⌈left to place / (S−s)⌉ proposals, at most
// one per room.
//
// Without a Recount it falls back to the hands raised before the event.
// Ties go to more hands before the event, then to the lower proposal ID; the
// source of randomness is not used. Recount is called once per slot, in
// time order.
type ShowOfHands struct{}

// Schedule implements sim.Policy.
func (ShowOfHands) Schedule(in *sim.Input, _ rand.Source) (*sim.Schedule, error) {
	if err := checkPolicyShape("show-of-hands", in); err != nil {
		return nil, err
	}
	ev := in.Event
	nP, nS, nR := len(in.Proposals), len(ev.Slots), len(ev.Rooms)
	rooms := roomsBySize(ev)
	total := min(nP, nS*nR)
	done := make([]bool, nP)
	busy := make(map[int]int, nP) // proposer -> 1 + last slot moderated
	cand := make([]int, 0, nP)
	count := make([]int, nP)
	before := make([]int, nP) // hands raised before the event
	for p := range before {
		before[p] = len(proposalHands(in, p))
	}
	// ahead reports whether proposal a comes before b: more hands now,
	// then more before the event, then lower ID (the later keys only on
	// ties).
	ahead := func(a, b int) bool {
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		if before[a] != before[b] {
			return before[a] > before[b]
		}
		return a < b
	}
	var top []int
	sched := &sim.Schedule{Sessions: make([]sim.Session, 0, total)}
	for s := range nS {
		quota := min(nR, (total-len(sched.Sessions)+nS-s-1)/(nS-s))
		if quota == 0 {
			continue
		}
		if in.Recount != nil {
			rc := in.Recount(s)
			if len(rc) != nP {
				return nil, fmt.Errorf("policy: show-of-hands: recount before %s gave %d counts for %d proposals",
					ev.Slots[s].Label(), len(rc), nP)
			}
			copy(count, rc)
		} else {
			copy(count, before)
		}
		cand = cand[:0]
		for p := range nP {
			if !done[p] {
				cand = append(cand, p)
			}
		}
		// More hands now, then more before the event, then lower ID. Only
		// the first quota, and those passed over, are needed in that
		// order: firstK finds them without sorting every candidate.
		k := quota
		top = firstK(top, cand, k, ahead)
		room := 0
		for x := 0; room < quota; x++ {
			if x == len(top) {
				if len(top) == len(cand) {
					break
				}
				k = min(len(cand), 2*k) // more were passed over: the next ones
				top = firstK(top, cand, k, ahead)
			}
			p := top[x]
			pr := in.Proposals[p].Proposer
			if busy[pr] == s+1 {
				continue
			}
			busy[pr] = s + 1
			done[p] = true
			// top is in order of hands, so the k-th pick gets the k-th
			// largest room.
			sched.Sessions = append(sched.Sessions, sim.Session{Proposal: p, Slot: s, Room: rooms[room]})
			room++
		}
	}
	return sched, nil
}

// firstK sets top to the first k of cand in the strict order ahead (all
// of them if fewer), in that order, and returns it: by insertion into the
// k kept so far, about len(cand) comparisons when few displace them,
// rather than sorting every candidate.
func firstK(top, cand []int, k int, ahead func(a, b int) bool) []int {
	top = top[:0]
	if k <= 0 {
		return top
	}
	for _, p := range cand {
		if len(top) == k {
			if !ahead(p, top[k-1]) {
				continue
			}
			top = top[:k-1]
		}
		i := len(top)
		top = append(top, p)
		for ; i > 0 && ahead(p, top[i-1]); i-- {
			top[i] = top[i-1]
		}
		top[i] = p
	}
	return top
}

// checkPolicyInput reports an input no policy can schedule
// (checkPolicyShape) or a hand with a negative attendee ID, for a policy
// that looks voters up by their IDs.
func checkPolicyInput(name string, in *sim.Input) error {
	if err := checkPolicyShape(name, in); err != nil {
		return err
	}
	if in.Hands != nil {
		for p, vs := range in.Hands.ByProposal {
			if !anyNegative(vs) {
				continue
			}
			for _, v := range vs {
				if v < 0 {
					return fmt.Errorf("policy: %s: proposal %d: hand of attendee %d: want an attendee ID >= 0", name, p, v)
				}
			}
		}
	}
	return nil
}

// checkPolicyShape reports an input no policy can schedule: no event, no
// slots or rooms, hands that do not match the proposals, a negative
// proposer. It does not read the hands themselves (millions at 5,000
// attendees): a policy that only counts them (random, show-of-hands,
// open-space) needs nothing more.
func checkPolicyShape(name string, in *sim.Input) error {
	switch {
	case in == nil:
		return fmt.Errorf("policy: %s: nil input", name)
	case in.Event == nil:
		return fmt.Errorf("policy: %s: input has no event", name)
	case len(in.Event.Slots) == 0:
		return fmt.Errorf("policy: %s: event has no slots", name)
	case len(in.Event.Rooms) == 0:
		return fmt.Errorf("policy: %s: event has no rooms", name)
	case in.Hands != nil && len(in.Hands.ByProposal) != len(in.Proposals):
		return fmt.Errorf("policy: %s: hands for %d proposals, want %d", name, len(in.Hands.ByProposal), len(in.Proposals))
	}
	for i, p := range in.Proposals {
		if p.Proposer < 0 {
			return fmt.Errorf("policy: %s: proposal %d: proposer %d: want an attendee ID >= 0", name, i, p.Proposer)
		}
	}
	return nil
}

// anyNegative reports whether some of vs is negative: whether their bits,
// or'ed together four at a time without a branch, have the sign bit. At
// 5,000 attendees there are millions of hands.
func anyNegative(vs []int32) bool {
	var o0, o1, o2, o3 int32
	i := 0
	for ; i+4 <= len(vs); i += 4 {
		v := vs[i : i+4 : i+4]
		o0, o1, o2, o3 = o0|v[0], o1|v[1], o2|v[2], o3|v[3]
	}
	for _, v := range vs[i:] {
		o0 |= v
	}
	return o0|o1|o2|o3 < 0
}

// proposalHands returns the attendees who raised a hand for proposal p
// (nil when the input has no hands).
func proposalHands(in *sim.Input, p int) []int32 {
	if in.Hands == nil {
		return nil
	}
	return in.Hands.ByProposal[p]
}

// roomsBySize returns the room indices, largest capacity first (ties by
// index).
func roomsBySize(ev *sim.Event) []int {
	idx := make([]int, len(ev.Rooms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(ev.Rooms[b].Capacity, ev.Rooms[a].Capacity)
	})
	return idx
}

// onSiteDay reports whether attendee a is on site on day d (OnSite missing
// or 0 means every day).
func onSiteDay(in *sim.Input, a, d int) bool {
	if a >= len(in.OnSite) || in.OnSite[a] == 0 {
		return true
	}
	return d < 64 && in.OnSite[a]&(1<<uint(d)) != 0
}

// declaredJetlag returns attendee a's jet lag in hours as the organiser
// computes it from the declared home time zone (0 when unknown).
func declaredJetlag(in *sim.Input, a int) float64 {
	if a >= len(in.Jetlag) {
		return 0
	}
	return in.Jetlag[a]
}
