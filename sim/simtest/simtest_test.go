package simtest_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/simtest"
)

// TestLiteralsMatchDefault keeps the literals in step with the embedded
// default scenario.
func TestLiteralsMatchDefault(t *testing.T) {
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"event", simtest.DefaultEvent(), c.Model.Event},
		{"alertness", simtest.Alertness(), c.Model.Alertness},
		{"choice", simtest.Choice(), c.Model.Choice},
		{"quality", simtest.Quality(), c.Model.Quality},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, tc.got, tc.want)
		}
	}
}

func TestInputs(t *testing.T) {
	for _, k := range simtest.Kinds() {
		t.Run(k.String(), func(t *testing.T) {
			in := simtest.Input(k)
			spec := k.Spec()
			n := spec.Attendees
			if len(in.Home) != n || len(in.Jetlag) != n || len(in.OnSite) != n || len(in.Hands.ByAttendee) != n {
				t.Fatalf("attendee slices: %d, %d, %d, %d: want %d",
					len(in.Home), len(in.Jetlag), len(in.OnSite), len(in.Hands.ByAttendee), n)
			}
			if len(in.Proposals) != spec.Proposals || len(in.Hands.ByProposal) != spec.Proposals {
				t.Fatalf("%d proposals, %d hand lists: want %d", len(in.Proposals), len(in.Hands.ByProposal), spec.Proposals)
			}
			hands := 0
			for p, l := range in.Hands.ByProposal {
				if !slices.IsSorted(l) {
					t.Errorf("hands for %d not sorted: %v", p, l)
				}
				for _, a := range l {
					if _, ok := slices.BinarySearch(in.Hands.ByAttendee[a], int32(p)); !ok {
						t.Errorf("attendee %d raised a hand for %d in one view only", a, p)
					}
				}
				hands += len(l)
			}
			back := 0
			for _, l := range in.Hands.ByAttendee {
				back += len(l)
			}
			if back != hands {
				t.Errorf("views hold %d and %d hands", hands, back)
			}
			if k == simtest.NoHands && hands != 0 {
				t.Errorf("%d hands: want none", hands)
			}
			if k == simtest.Default && (hands < 10*spec.Proposals || hands > 40*spec.Proposals) {
				t.Errorf("%d hands for %d proposals: want 10 to 40 each on average", hands, spec.Proposals)
			}
			for a := range n {
				if j := in.Jetlag[a]; j < -12 || j >= 12 || j != wrap(in.Event.VenueOffset-in.Home[a]) {
					t.Errorf("attendee %d: home %v, jet lag %v", a, in.Home[a], j)
				}
			}
			for p, pr := range in.Proposals {
				if pr.ID != p || pr.Proposer < 0 || pr.Proposer >= n || pr.Topic < 0 || pr.Topic >= len(in.Event.Topics) {
					t.Errorf("proposal %d: %+v", p, pr)
				}
			}
			if k == simtest.Prolific {
				for p := range spec.Prolific {
					if in.Proposals[p].Proposer != 0 {
						t.Errorf("prolific proposal %d by %d: want 0", p, in.Proposals[p].Proposer)
					}
				}
			}
			if (in.Recount != nil) != spec.Recount {
				t.Errorf("Recount set %v: want %v", in.Recount != nil, spec.Recount)
			}
			if in.Recount != nil {
				for s := range in.Event.Slots {
					c, again := in.Recount(s), in.Recount(s)
					if !slices.Equal(c, again) {
						t.Errorf("slot %d: recount not repeatable", s)
					}
					for p, x := range c {
						if x < 0 || x > in.Hands.Hands(p) {
							t.Errorf("slot %d: recount %d for %d hands", s, x, in.Hands.Hands(p))
						}
					}
				}
			}
			if !reflect.DeepEqual(simtest.Clone(in).Hands, simtest.Input(k).Hands) {
				t.Errorf("Input is not reproducible")
			}
		})
	}
}

// TestRecountThins checks that a recount of the default input is noisy:
// fewer hands than raised before, and fewer at 15:30 on day 1 than on day
// 2, when westward visitors have recovered.
func TestRecountThins(t *testing.T) {
	in := simtest.Input(simtest.Default)
	total := func(c []int) (s int) {
		for _, x := range c {
			s += x
		}
		return s
	}
	hands := 0
	for p := range in.Proposals {
		hands += in.Hands.Hands(p)
	}
	for s := range in.Event.Slots {
		if got := total(in.Recount(s)); got >= hands || got < hands/3 {
			t.Errorf("slot %d: %d of %d hands in the recount: want fewer, but at least a third", s, got, hands)
		}
	}
}

func TestNewVotes(t *testing.T) {
	v := simtest.NewVotes([][]int32{{2, 0}, {}, {1, 2}}, 4)
	want := &sim.Votes{
		ByProposal: [][]int32{{0, 2}, {}, {1, 2}},
		ByAttendee: [][]int32{{0}, {2}, {0, 2}, nil},
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got %+v, want %+v", v, want)
	}
}

// TestConformanceOfFirstFit runs the suite on a first-fit policy: proposals
// in ID order, each in the first cell whose slot its proposer is free in.
func TestConformanceOfFirstFit(t *testing.T) {
	simtest.Conformance(t, func() sim.Policy { return sim.PolicyFunc(firstFit) })
}

func firstFit(in *sim.Input, _ rand.Source) (*sim.Schedule, error) {
	ev := in.Event
	nr := len(ev.Rooms)
	used := make([]int, len(ev.Slots))
	busy := make(map[[2]int]bool)
	s := &sim.Schedule{}
	for _, p := range in.Proposals {
		for sl := range ev.Slots {
			if used[sl] < nr && !busy[[2]int{sl, p.Proposer}] {
				s.Sessions = append(s.Sessions, sim.Session{Proposal: p.ID, Slot: sl, Room: used[sl]})
				used[sl]++
				busy[[2]int{sl, p.Proposer}] = true
				break
			}
		}
	}
	return s, nil
}

func wrap(h float64) float64 {
	for h >= 12 {
		h -= 24
	}
	for h < -12 {
		h += 24
	}
	return h
}
