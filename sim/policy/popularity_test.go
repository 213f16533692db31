package policy_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// smallInput returns a one-day event of the given slots and rooms
// (capacities 30, 20, 10, …) with proposals by the given proposers and
// hands.
func smallInput(t testing.TB, slots, rooms int, proposers []int, hands [][]int32, attendees int) *sim.Input {
	t.Helper()
	in, err := buildSmall(slots, rooms, proposers, hands, attendees)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// buildSmall is smallInput for callers without a testing.TB.
func buildSmall(slots, rooms int, proposers []int, hands [][]int32, attendees int) (*sim.Input, error) {
	var groups []sim.RoomGroup
	for r := range rooms {
		groups = append(groups, sim.RoomGroup{Name: fmt.Sprint("R", r), Count: 1, Capacity: 30 - 10*r})
	}
	return buildInput(1, slots, groups, proposers, hands, attendees)
}

func TestPopularityHandBuilt(t *testing.T) {
	hands := [][]int32{{0}, {0, 1, 2, 3, 4}, {0, 1, 2}, {1, 2, 3, 4, 5}, {}}
	for _, tc := range []struct {
		name      string
		proposers []int
		want      [][]int // grid[slot][room]
	}{
		// By hands: 1 and 3 (5 each, ties by ID), 2 (3), 0 (1), 4 (0).
		{"no clash", []int{10, 11, 12, 13, 14}, [][]int{{1, 3}, {2, 0}}},
		// 3's proposer runs 1 in slot 0: pushed to slot 1, 2 moves up.
		{"clash", []int{10, 11, 12, 11, 14}, [][]int{{1, 2}, {3, 0}}},
		// One proposer for all: one session per slot.
		{"one proposer", []int{10, 10, 10, 10, 10}, [][]int{{1, -1}, {3, -1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := smallInput(t, 2, 2, tc.proposers, hands, 6)
			s, err := policy.Popularity{}.Schedule(in, simtest.Src(1))
			if err != nil {
				t.Fatal(err)
			}
			got := s.Grid(in.Event)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("grid %v: want %v", got, tc.want)
			}
		})
	}
}

// TestPopularityMostVotedFirst checks, on every synthetic input with
// proposals, that the most-voted proposal (lowest ID among ties) is in slot
// 0's biggest room and that slot 0's rooms get hands in decreasing order.
func TestPopularityMostVotedFirst(t *testing.T) {
	for _, k := range simtest.Kinds() {
		in := simtest.Input(k)
		if len(in.Proposals) == 0 {
			continue
		}
		top := 0
		for p := range in.Proposals {
			if in.Hands.Hands(p) > in.Hands.Hands(top) {
				top = p
			}
		}
		s, err := policy.Popularity{}.Schedule(in, simtest.Src(1))
		if err != nil {
			t.Fatalf("%v: %v", k, err)
		}
		g := s.Grid(in.Event)
		if g[0][0] != top {
			t.Errorf("%v: slot 0, room 0 holds %d (%d hands): want %d (%d hands)",
				k, g[0][0], in.Hands.Hands(g[0][0]), top, in.Hands.Hands(top))
		}
		for r := 1; r < len(g[0]) && g[0][r] >= 0; r++ {
			if in.Hands.Hands(g[0][r]) > in.Hands.Hands(g[0][r-1]) {
				t.Errorf("%v: slot 0: room %d has more hands than room %d", k, r, r-1)
			}
		}
	}
}

// ExampleNew schedules five proposals into two slots of two rooms by
// popularity: the most hands get the earliest slot and the biggest room.
func ExampleNew() {
	p, err := policy.New("popularity", policy.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	in, err := buildSmall(2, 2, []int{0, 1, 2, 3, 4},
		[][]int32{{0}, {0, 1, 2, 3, 4}, {0, 1, 2}, {1, 2, 3, 4, 5}, {}}, 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := p.Schedule(in, simtest.Src(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, x := range s.Sessions {
		fmt.Printf("%s, %s: proposal %d, hands %d\n",
			in.Event.Slots[x.Slot].Label(), in.Event.Rooms[x.Room].Name, x.Proposal, in.Hands.Hands(x.Proposal))
	}
	// Output:
	// day 1 09:30, R0: proposal 1, hands 5
	// day 1 09:30, R1: proposal 3, hands 5
	// day 1 13:30, R0: proposal 2, hands 3
	// day 1 13:30, R1: proposal 0, hands 1
}
