package policy_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// TestSpreadFewerConflicts compares co-voter conflicts (sim.HandConflicts)
// on ten draws of the default-like input, whose interests are clustered:
// spread must beat popularity on every draw and by at least a quarter in
// total (we see about half), and its local search must never do worse than
// its greedy start.
func TestSpreadFewerConflicts(t *testing.T) {
	spread := policy.Spread{Iterations: 4000}
	greedy := policy.Spread{}
	var sumSpread, sumPop int
	for seed := uint64(1); seed <= 10; seed++ {
		spec := simtest.Default.Spec()
		spec.Seed = seed
		in := simtest.Build(spec)
		conflicts := func(p sim.Policy) int {
			s, err := p.Schedule(in, simtest.Src(seed))
			if err != nil {
				t.Fatal(err)
			}
			return sim.HandConflicts(in.Event, in.Hands, s)
		}
		cs, cg, cp := conflicts(spread), conflicts(greedy), conflicts(policy.Popularity{})
		if cs >= cp {
			t.Errorf("seed %d: spread %d conflicts, popularity %d: want fewer", seed, cs, cp)
		}
		if cs > cg {
			t.Errorf("seed %d: spread %d conflicts after search, %d greedy: search made it worse", seed, cs, cg)
		}
		sumSpread += cs
		sumPop += cp
	}
	if 4*sumSpread > 3*sumPop {
		t.Errorf("total conflicts: spread %d, popularity %d: want spread at most 3/4", sumSpread, sumPop)
	}
	t.Logf("total conflicts over 10 inputs: spread %d, popularity %d", sumSpread, sumPop)
}

// TestSpreadHandBuilt: two pairs of sessions sharing all their voters fit
// into two slots of two rooms without any conflict, the bigger session of
// each slot in the bigger room.
func TestSpreadHandBuilt(t *testing.T) {
	hands := [][]int32{{0, 1, 2, 3}, {0, 1, 2}, {4, 5}, {4, 5, 6, 7, 8}}
	for _, p := range []policy.Spread{{}, {Iterations: 100}, {Iterations: 100, AlertWeight: 1}} {
		for seed := range uint64(5) {
			in := smallInput(t, 2, 2, []int{0, 1, 2, 3}, hands, 9)
			s, err := p.Schedule(in, simtest.Src(seed))
			if err != nil {
				t.Fatal(err)
			}
			if c := sim.HandConflicts(in.Event, in.Hands, s); c != 0 || len(s.Sessions) != 4 {
				t.Errorf("%+v, seed %d: %d sessions, %d conflicts: want 4, 0 (%v)", p, seed, len(s.Sessions), c, s.Sessions)
			}
			for _, row := range s.Grid(in.Event) {
				if in.Hands.Hands(row[0]) < in.Hands.Hands(row[1]) {
					t.Errorf("%+v, seed %d: slot %v: the smaller session has the bigger room", p, seed, row)
				}
			}
		}
	}
}

// TestSpreadChoosesByHands checks that spread runs the most-voted
// proposals, at most one per proposer and slot, and sizes rooms by hands.
func TestSpreadChoosesByHands(t *testing.T) {
	for _, k := range []simtest.Kind{simtest.Default, simtest.Crowded, simtest.Prolific, simtest.Sparse} {
		in := simtest.Input(k)
		ns, nr := len(in.Event.Slots), len(in.Event.Rooms)
		order := make([]int, len(in.Proposals))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(in.Hands.Hands(b), in.Hands.Hands(a)) })
		per := make(map[int]int)
		var want []int
		for _, p := range order {
			if who := in.Proposals[p].Proposer; len(want) < ns*nr && per[who] < ns {
				per[who]++
				want = append(want, p)
			}
		}
		slices.Sort(want)
		for _, p := range []policy.Spread{{Iterations: 4000}, {Iterations: 4000, AlertWeight: 1}} {
			s, err := p.Schedule(in, simtest.Src(3))
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, x := range s.Sessions {
				got = append(got, x.Proposal)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%v, %+v: ran %v: want %v", k, p, got, want)
			}
			for sl, row := range s.Grid(in.Event) {
				for r := 1; r < len(row) && row[r] >= 0; r++ {
					if in.Hands.Hands(row[r]) > in.Hands.Hands(row[r-1]) {
						t.Errorf("%v, %+v: slot %d: room %d has more hands than room %d", k, p, sl, r, r-1)
					}
				}
			}
		}
	}
}

// TestJetlagMovesTiredSession: proposal 0's voters all flew 9 h west (the
// Norwegian in California), who are at 0.40 alertness at 15:30 on day 1
// against 0.76 in the morning; everyone else lives at the venue and
// votes for the other eleven proposals, which fill every cell of two days
// of three slots in two rooms. Spread, blind to alertness, leaves
// proposal 0 in day 1 15:30 under some seeds; jetlag never does.
func TestJetlagMovesTiredSession(t *testing.T) {
	const attendees, props = 40, 12
	hands := make([][]int32, props)
	for a := range int32(10) {
		hands[0] = append(hands[0], a) // the westward visitors
	}
	for a := int32(10); a < attendees; a++ {
		for p := 1 + int(a)%4; p < props; p += 3 {
			hands[p] = append(hands[p], a)
		}
	}
	proposers := make([]int, props)
	for p := range proposers {
		proposers[p] = 10 + p
	}
	in := smallInput(t, 3, 2, proposers, hands, attendees)
	// Two days instead of one.
	ec := simtest.DefaultEvent()
	ec.Rooms = ec.Rooms[:1]
	ec.Rooms[0].Count = 2
	ev, err := sim.NewEvent(&ec, in.Alertness.ResetMinutes)
	if err != nil {
		t.Fatal(err)
	}
	in.Event = ev
	for a := range 10 {
		in.Home[a] = 1 // Europe
		in.Jetlag[a] = -9
	}
	tired := 2 // day 1 15:30
	if l := ev.Slots[tired].Label(); l != "day 1 15:30" {
		t.Fatalf("slot %d is %s", tired, l)
	}
	slotOf := func(p sim.Policy, seed uint64) int {
		s, err := p.Schedule(in, simtest.Src(seed))
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Sessions) != props {
			t.Fatalf("%+v: %d sessions: want %d", p, len(s.Sessions), props)
		}
		for _, x := range s.Sessions {
			if x.Proposal == 0 {
				return x.Slot
			}
		}
		t.Fatalf("%+v: proposal 0 not scheduled", p)
		return -1
	}
	spreadThere := 0
	for seed := range uint64(20) {
		if slotOf(policy.Spread{Iterations: 4000}, seed) == tired {
			spreadThere++
		}
		if sl := slotOf(policy.Spread{Iterations: 4000, AlertWeight: 1}, seed); sl == tired {
			t.Errorf("seed %d: jetlag put the westward visitors' session in %s", seed, ev.Slots[sl].Label())
		}
	}
	if spreadThere == 0 {
		t.Errorf("spread never put the session in day 1 15:30 over 20 seeds: the test shows nothing")
	}
	t.Logf("spread put it there under %d of 20 seeds", spreadThere)
}
