package policy_test

import (
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// voters returns the attendee IDs from..to−1.
func voters(from, to int) []int32 {
	v := make([]int32, 0, to-from)
	for a := from; a < to; a++ {
		v = append(v, int32(a))
	}
	return v
}

// sorted returns the sessions in slot, room order.
func sorted(s *sim.Schedule) []sim.Session {
	x := slices.Clone(s.Sessions)
	slices.SortFunc(x, func(a, b sim.Session) int { return (a.Slot*1000 + a.Room) - (b.Slot*1000 + b.Room) })
	return x
}

// TestShowOfHandsRecount checks that the hands of the moment pick the
// slot's sessions and size their rooms: a recount that favours the proposal
// with the fewest hands before the event runs it first, in the big room.
func TestShowOfHandsRecount(t *testing.T) {
	// One day of two slots in a Big (20) and a Small (5) room; proposals
	// 0..3 with 10, 8, 6 and 1 hands, proposers 0..3, voters 10..29.
	rooms := []sim.RoomGroup{{Name: "Big", Count: 1, Capacity: 20}, {Name: "Small", Count: 1, Capacity: 5}}
	hands := [][]int32{voters(10, 20), voters(10, 18), voters(10, 16), voters(10, 11)}
	const big, small = 0, 1
	for _, tc := range []struct {
		name    string
		recount func(s int) []int
		want    []sim.Session
	}{
		{"no recount: hands before the event", nil, []sim.Session{
			{Proposal: 0, Slot: 0, Room: big}, {Proposal: 1, Slot: 0, Room: small},
			{Proposal: 2, Slot: 1, Room: big}, {Proposal: 3, Slot: 1, Room: small},
		}},
		{"recount favours proposal 3 in slot 0", func(s int) []int {
			if s == 0 {
				return []int{9, 2, 2, 12}
			}
			return []int{10, 8, 6, 1}
		}, []sim.Session{
			{Proposal: 3, Slot: 0, Room: big}, {Proposal: 0, Slot: 0, Room: small},
			{Proposal: 1, Slot: 1, Room: big}, {Proposal: 2, Slot: 1, Room: small},
		}},
		{"recount reverses slot 1", func(s int) []int {
			if s == 0 {
				return []int{10, 8, 6, 1}
			}
			return []int{0, 0, 1, 5}
		}, []sim.Session{
			{Proposal: 0, Slot: 0, Room: big}, {Proposal: 1, Slot: 0, Room: small},
			{Proposal: 3, Slot: 1, Room: big}, {Proposal: 2, Slot: 1, Room: small},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := builtInput(t, 1, 2, rooms, []int{0, 1, 2, 3}, hands, 30)
			var calls []int
			if tc.recount != nil {
				in.Recount = func(s int) []int { calls = append(calls, s); return tc.recount(s) }
			}
			s, err := policy.ShowOfHands{}.Schedule(in, simtest.Src(1))
			if err != nil {
				t.Fatal(err)
			}
			if got := sorted(s); !slices.Equal(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
			if tc.recount != nil && !slices.Equal(calls, []int{0, 1}) {
				t.Errorf("Recount called for slots %v: want [0 1], once each in time order", calls)
			}
		})
	}
}

func TestShowOfHandsBadRecount(t *testing.T) {
	rooms := []sim.RoomGroup{{Name: "Room", Count: 1, Capacity: 20}}
	in := builtInput(t, 1, 2, rooms, []int{0, 1}, [][]int32{{2}, {3}}, 4)
	in.Recount = func(int) []int { return []int{1} }
	if s, err := (policy.ShowOfHands{}).Schedule(in, simtest.Src(1)); err == nil {
		t.Errorf("recount of 1 count for 2 proposals: got %v, want an error", s)
	}
}

// TestShowOfHandsSpread checks that the sessions are spread evenly over the
// slots and that one proposer never runs two at once.
func TestShowOfHandsSpread(t *testing.T) {
	for _, tc := range []struct {
		kind          simtest.Kind
		total, lo, hi int // sessions placed; per-slot range
	}{
		{simtest.Sparse, 15, 2, 3},    // 15 proposals, 6 slots × 10 rooms
		{simtest.Default, 60, 10, 10}, // 70 proposals, 60 cells
		{simtest.Prolific, 9, 3, 3},   // 12 proposals (5 by one proposer), 3 × 3 cells
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			in := simtest.Input(tc.kind)
			s, per := checkedSchedule(t, policy.ShowOfHands{}, in)
			if len(s.Sessions) != tc.total {
				t.Errorf("%d sessions: want %d", len(s.Sessions), tc.total)
			}
			for sl, n := range per {
				if n < tc.lo || n > tc.hi {
					t.Errorf("slot %d: %d sessions: want %d to %d (all: %v)", sl, n, tc.lo, tc.hi, per)
				}
			}
		})
	}
}

// BenchmarkShowOfHands measures the policy with the input's Recount (most
// of the time goes to the recount itself) and without (the policy alone).
func BenchmarkShowOfHands(b *testing.B) {
	in := targetInput()
	alone := *in
	alone.Recount = nil
	for _, tc := range []struct {
		name string
		in   *sim.Input
	}{{"recount", in}, {"hands", &alone}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (policy.ShowOfHands{}).Schedule(tc.in, simtest.Src(1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
