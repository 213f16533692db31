package policy

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/simtest"
)

// TestCheckPolicyInputHands checks that a negative hand is an error
// wherever it is among 0 to 9 good ones (anyNegative looks at four at a
// time, then one by one), and that good hands are not.
func TestCheckPolicyInputHands(t *testing.T) {
	in := simtest.Input(simtest.Default)
	saved := in.Hands.ByProposal[0]
	defer func() { in.Hands.ByProposal[0] = saved }()
	for n := range 10 {
		good := make([]int32, n)
		for k := range good {
			good[k] = int32(k)
		}
		in.Hands.ByProposal[0] = good
		if err := checkPolicyInput("test", in); err != nil {
			t.Errorf("%d good hands: %v", n, err)
		}
		for x := range n + 1 {
			for _, bad := range []int32{-1, math.MinInt32} {
				in.Hands.ByProposal[0] = slices.Insert(slices.Clone(good), x, bad)
				if err := checkPolicyInput("test", in); err == nil {
					t.Errorf("hand %d at %d of %d: no error", bad, x, n+1)
				}
			}
		}
	}
}

// TestCountingPoliciesSkipVoterIDs checks that the policies that only
// count hands (random, show-of-hands, open-space) do not scan them for
// negative attendee IDs (checkPolicyShape, not checkPolicyInput: millions
// of hands at 5,000 attendees) and that such a hand changes nothing of
// their schedules.
func TestCountingPoliciesSkipVoterIDs(t *testing.T) {
	for _, pol := range []struct {
		name string
		p    sim.Policy
	}{{"random", Random{}}, {"show-of-hands", ShowOfHands{}}, {"open-space", OpenSpace{}}} {
		in := simtest.Input(simtest.Default)
		want, err := pol.p.Schedule(in, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatal(err)
		}
		p := slices.IndexFunc(in.Hands.ByProposal, func(vs []int32) bool { return len(vs) > 0 })
		bad := slices.Clone(in.Hands.ByProposal[p])
		bad[0] = -1
		in.Hands.ByProposal[p] = bad
		got, err := pol.p.Schedule(in, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatalf("%s: %v", pol.name, err)
		}
		if !slices.Equal(got.Sessions, want.Sessions) {
			t.Errorf("%s: a hand of attendee -1 changed the schedule", pol.name)
		}
	}
}

// showOfHandsSorted is ShowOfHands as it was written first: every
// remaining candidate sorted before each slot.
func showOfHandsSorted(in *sim.Input) []sim.Session {
	ev := in.Event
	nP, nS, nR := len(in.Proposals), len(ev.Slots), len(ev.Rooms)
	rooms := roomsBySize(ev)
	total := min(nP, nS*nR)
	done := make([]bool, nP)
	busy := make(map[int]int)
	before := make([]int, nP)
	for p := range before {
		before[p] = len(proposalHands(in, p))
	}
	var ss []sim.Session
	for s := range nS {
		quota := min(nR, (total-len(ss)+nS-s-1)/(nS-s))
		if quota == 0 {
			continue
		}
		count := before
		if in.Recount != nil {
			count = in.Recount(s)
		}
		var cand []int
		for p := range nP {
			if !done[p] {
				cand = append(cand, p)
			}
		}
		slices.SortFunc(cand, func(a, b int) int {
			return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(before[b], before[a]), cmp.Compare(a, b))
		})
		room := 0
		for _, p := range cand {
			if room == quota {
				break
			}
			if pr := in.Proposals[p].Proposer; busy[pr] != s+1 {
				busy[pr] = s + 1
				done[p] = true
				ss = append(ss, sim.Session{Proposal: p, Slot: s, Room: rooms[room]})
				room++
			}
		}
	}
	return ss
}

// TestShowOfHandsMatchesSort checks ShowOfHands, which orders only the
// first candidates of each slot (firstK), against sorting them all, on
// every synthetic input, and on the prolific one with one proposer's
// five proposals first, so that more candidates than rooms are passed
// over (firstK again, for more).
func TestShowOfHandsMatchesSort(t *testing.T) {
	for _, k := range simtest.Kinds() {
		in := simtest.Input(k)
		got, err := ShowOfHands{}.Schedule(in, nil)
		if err != nil {
			t.Fatalf("%v: %v", k, err)
		}
		if want := showOfHandsSorted(in); !slices.Equal(got.Sessions, want) {
			t.Errorf("%v: sessions %v, want %v", k, got.Sessions, want)
		}
	}
}

// TestFirstK checks firstK against sorting, for every k from 0 to past
// the end, on candidates with ties in the order's first keys.
func TestFirstK(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	key := make([]int, 40)
	for p := range key {
		key[p] = r.IntN(6)
	}
	ahead := func(a, b int) bool { return key[a] > key[b] || key[a] == key[b] && a < b }
	cand := r.Perm(len(key))
	sorted := slices.Clone(cand)
	slices.SortFunc(sorted, func(a, b int) int { return cmp.Or(cmp.Compare(key[b], key[a]), cmp.Compare(a, b)) })
	for k := range len(cand) + 2 {
		if got := firstK(nil, cand, k, ahead); !slices.Equal(got, sorted[:min(k, len(cand))]) {
			t.Errorf("k %d: %v, want %v", k, got, sorted[:min(k, len(cand))])
		}
	}
}

// TestShowOfHandsOneProposer checks ShowOfHands against sorting when one
// proposer made every proposal: each slot takes one session, and the
// rest of its quota passes over every candidate (firstK's list runs out).
func TestShowOfHandsOneProposer(t *testing.T) {
	in := simtest.Input(simtest.Default)
	props := slices.Clone(in.Proposals)
	for p := range props {
		props[p].Proposer = 0
	}
	in.Proposals = props
	got, err := ShowOfHands{}.Schedule(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := showOfHandsSorted(in)
	if !slices.Equal(got.Sessions, want) {
		t.Errorf("sessions %v, want %v", got.Sessions, want)
	}
	if len(want) != len(in.Event.Slots) {
		t.Errorf("%d sessions, want one per slot", len(want))
	}
}
