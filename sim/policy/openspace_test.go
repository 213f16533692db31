package policy_test

import (
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// TestOpenSpaceAlertSlot checks that proposers pin their sessions where
// they themselves are alert: within the random taste (0.05) of their best
// slot, never a −9 h visitor on day 1 at 15:30 while other slots are free.
func TestOpenSpaceAlertSlot(t *testing.T) {
	const taste = 0.05
	// Six rooms a slot for at most six proposals: every slot stays free.
	rooms := []sim.RoomGroup{{Name: "Room", Count: 6, Capacity: 30}}
	for _, tc := range []struct {
		name   string
		jetlag float64
		n      int   // proposals by attendee 0
		never  []int // slots the proposer must not pick
	}{
		{"-9 h, one proposal", -9, 1, []int{1, 2, 4, 5}}, // 0.76 0.62 0.40 | 0.74 0.71 0.57
		{"-9 h, two proposals", -9, 2, []int{1, 2, 5}},
		{"+8 h, one proposal", 8, 1, []int{0, 1, 2, 3, 4}}, // 0.07 0.36 0.65 | 0.06 0.51 0.77
		{"local, one proposal", 0, 1, nil},                 // 0.77 0.75 0.74 both days
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Attendee 0 proposes n sessions; attendees 1..4 one each.
			var proposers []int
			for range tc.n {
				proposers = append(proposers, 0)
			}
			proposers = append(proposers, 1, 2, 3, 4)
			hands := make([][]int32, len(proposers))
			for p := range hands {
				hands[p] = voters(5, 15)
			}
			in := builtInput(t, 2, 3, rooms, proposers, hands, 20)
			in.Jetlag[0] = tc.jetlag
			in.Home[0] = in.Event.VenueOffset - tc.jetlag
			best := 0.0
			for _, sl := range in.Event.Slots {
				best = max(best, in.Alertness.Alertness(tc.jetlag, sl.Day, sl.Hour(), 0))
			}
			for seed := range uint64(50) {
				s, err := policy.OpenSpace{}.Schedule(in, simtest.Src(seed))
				if err != nil {
					t.Fatal(err)
				}
				if len(s.Sessions) != len(proposers) {
					t.Fatalf("seed %d: %d sessions: want all %d (free cells everywhere)", seed, len(s.Sessions), len(proposers))
				}
				for _, x := range s.Sessions {
					if x.Proposal >= tc.n {
						continue
					}
					sl := in.Event.Slots[x.Slot]
					a := in.Alertness.Alertness(tc.jetlag, sl.Day, sl.Hour(), 0)
					for _, bad := range tc.never {
						if x.Slot == bad {
							t.Errorf("seed %d: proposal %d in %s (alertness %.2f, best %.2f)", seed, x.Proposal, sl.Label(), a, best)
						}
					}
					if tc.n == 1 && a < best-taste {
						t.Errorf("seed %d: proposer in %s at alertness %.2f: want within %v of the best %.2f", seed, sl.Label(), a, taste, best)
					}
				}
			}
		})
	}
}

// TestOpenSpaceRooms checks the room choice: the smallest free room that
// holds the hands, else the largest free room, whatever the order of
// proposers.
func TestOpenSpaceRooms(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rooms []sim.RoomGroup
		hands []int
		want  []int // room capacity per proposal
	}{
		{"fits", []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: 60}, {Name: "Room", Count: 1, Capacity: 30}, {Name: "Nook", Count: 1, Capacity: 15}},
			[]int{10, 20, 50}, []int{15, 30, 60}},
		{"too big for any room", []sim.RoomGroup{{Name: "Room", Count: 1, Capacity: 30}, {Name: "Nook", Count: 1, Capacity: 15}},
			[]int{100, 5}, []int{30, 15}},
		{"exact fit", []sim.RoomGroup{{Name: "Room", Count: 2, Capacity: 30}, {Name: "Nook", Count: 1, Capacity: 15}},
			[]int{15, 30}, []int{15, 30}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proposers := make([]int, len(tc.hands))
			hands := make([][]int32, len(tc.hands))
			for p, h := range tc.hands {
				proposers[p] = p
				hands[p] = voters(10, 10+h)
			}
			in := builtInput(t, 1, 1, tc.rooms, proposers, hands, 200)
			for seed := range uint64(20) {
				s, err := policy.OpenSpace{}.Schedule(in, simtest.Src(seed))
				if err != nil {
					t.Fatal(err)
				}
				if len(s.Sessions) != len(tc.hands) {
					t.Fatalf("seed %d: %d sessions: want %d", seed, len(s.Sessions), len(tc.hands))
				}
				for _, x := range s.Sessions {
					if c := in.Event.Rooms[x.Room].Capacity; c != tc.want[x.Proposal] {
						t.Errorf("seed %d: proposal %d with %d hands in a room of %d: want %d",
							seed, x.Proposal, tc.hands[x.Proposal], c, tc.want[x.Proposal])
					}
				}
			}
		})
	}
}

// TestOpenSpaceMarket checks first come, first served: with no more
// proposals than cells every proposal finds one; with more, every cell is
// taken; a proposer on site one day only pins to that day.
func TestOpenSpaceMarket(t *testing.T) {
	for _, tc := range []struct {
		kind simtest.Kind
		want int
	}{
		{simtest.Sparse, 15},  // 15 proposals, 60 cells
		{simtest.Crowded, 12}, // 40 proposals, 12 cells
		{simtest.Tiny, 3},     // 3 proposals, 4 cells
		{simtest.Prolific, 9}, // 12 proposals, 9 cells, one proposer has 5
		{simtest.NoHands, 20}, // 20 proposals, 60 cells
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			in := simtest.Input(tc.kind)
			for seed := range uint64(10) {
				s, err := policy.OpenSpace{}.Schedule(in, simtest.Src(seed))
				if err != nil {
					t.Fatal(err)
				}
				if len(s.Sessions) != tc.want {
					t.Errorf("seed %d: %d sessions: want %d", seed, len(s.Sessions), tc.want)
				}
			}
		})
	}
	t.Run("part-time proposer", func(t *testing.T) {
		rooms := []sim.RoomGroup{{Name: "Room", Count: 3, Capacity: 30}}
		in := builtInput(t, 2, 3, rooms, []int{0, 0, 1}, [][]int32{voters(2, 9), voters(3, 9), voters(2, 5)}, 10)
		in.OnSite[0] = 1 << 1 // day 2 only
		for seed := range uint64(20) {
			s, err := policy.OpenSpace{}.Schedule(in, simtest.Src(seed))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Sessions) != 3 {
				t.Errorf("seed %d: %d sessions: want 3", seed, len(s.Sessions))
			}
			for _, x := range s.Sessions {
				if x.Proposal < 2 && in.Event.Slots[x.Slot].Day != 1 {
					t.Errorf("seed %d: proposal %d on %s: its proposer is on site on day 2 only",
						seed, x.Proposal, in.Event.Slots[x.Slot].Label())
				}
			}
		}
	})
}

func BenchmarkOpenSpace(b *testing.B) {
	in := targetInput()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := (policy.OpenSpace{}).Schedule(in, simtest.Src(uint64(i))); err != nil {
			b.Fatal(err)
		}
	}
}
