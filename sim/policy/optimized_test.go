package policy_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// optimizedDefault is Optimized with the embedded configuration's settings.
var optimizedDefault = policy.Optimized{Iterations: 25000, StartTemp: 0.05, EndTemp: 0.0005}

// targetInput is the default-like event of the speed targets: 200
// attendees, 80 proposals, 10 rooms, 6 slots.
func targetInput() *sim.Input {
	s := simtest.Default.Spec()
	s.Proposals = 80
	return simtest.Build(s)
}

func mustExpected(t testing.TB, in *sim.Input, s *sim.Schedule) float64 {
	t.Helper()
	v, err := policy.ExpectedValue(in, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOptimizedBeatsGreedyAndRandom(t *testing.T) {
	for _, k := range []simtest.Kind{simtest.Default, simtest.Crowded, simtest.Sparse, simtest.OneRoom, simtest.Prolific} {
		t.Run(k.String(), func(t *testing.T) {
			in := simtest.Input(k)
			greedy, err := policy.Optimized{}.Schedule(in, simtest.Src(1))
			if err != nil {
				t.Fatal(err)
			}
			g := mustExpected(t, in, greedy)
			bestRandom := math.Inf(-1)
			for seed := range uint64(20) {
				rs, err := policy.RandomSchedule(in, simtest.Src(100+seed))
				if err != nil {
					t.Fatal(err)
				}
				bestRandom = max(bestRandom, mustExpected(t, in, rs))
			}
			for seed := range uint64(5) {
				s, err := optimizedDefault.Schedule(in, simtest.Src(seed))
				if err != nil {
					t.Fatal(err)
				}
				v := mustExpected(t, in, s)
				t.Logf("seed %d: optimized %.2f, greedy %.2f, best of 20 random %.2f", seed, v, g, bestRandom)
				if !(v > g) || !(v > bestRandom) {
					t.Errorf("seed %d: optimized %.3f: want above greedy %.3f and best random %.3f", seed, v, g, bestRandom)
				}
			}
		})
	}
}

func BenchmarkOptimized(b *testing.B) {
	in := targetInput()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := optimizedDefault.Schedule(in, simtest.Src(uint64(i))); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExpectedValue checks the objective against the formula worked by
// hand on one-slot events.
func TestExpectedValue(t *testing.T) {
	q := simtest.Quality()
	qt := func(x float64) float64 { // Q interpolated between whole numbers
		n := math.Floor(x)
		return q.Q(int(n)) + (x-n)*(q.Q(int(n)+1)-q.Q(int(n)))
	}
	alert := simtest.Alertness()
	cc := simtest.Choice()
	a := alert.Alertness(0, 0, 9.5, 0) // a local at 09:30
	w := math.Exp((choice.OutsideUtility(&cc, a) - cc.Interest) / cc.Noise)
	p1, p2 := 1/(1+w), 1/(2+w) // one or two hand-raised sessions in the slot
	one := []sim.RoomGroup{{Name: "Room", Count: 1, Capacity: 10}}
	two := []sim.RoomGroup{{Name: "Room", Count: 2, Capacity: 10}}
	for _, tc := range []struct {
		name      string
		rooms     []sim.RoomGroup
		proposers []int
		hands     [][]int32
		sessions  []sim.Session
		offSite   int // attendee off site, or -1
		want      float64
	}{
		{"two voters", one, []int{0}, [][]int32{{1, 2}},
			[]sim.Session{{Proposal: 0}}, -1, qt(1+2*p1) * (a + 2*p1*a)},
		{"moderator's own hand ignored", one, []int{0}, [][]int32{{0, 1, 2}},
			[]sim.Session{{Proposal: 0}}, -1, qt(1+2*p1) * (a + 2*p1*a)},
		{"capacity 2 turns people away", []sim.RoomGroup{{Name: "Nook", Count: 1, Capacity: 2}}, []int{0}, [][]int32{{1, 2}},
			[]sim.Session{{Proposal: 0}}, -1, q.Q(2) * (2 / (1 + 2*p1)) * (a + 2*p1*a)},
		{"voter torn between two", two, []int{0, 3}, [][]int32{{1, 2}, {2}},
			[]sim.Session{{Proposal: 0}, {Proposal: 1, Room: 1}}, -1,
			qt(1+p1+p2)*(a+p1*a+p2*a) + qt(1+p2)*(a+p2*a)},
		{"moderators stay in their own session", two, []int{0, 1}, [][]int32{{1, 2}, {0, 2}},
			[]sim.Session{{Proposal: 0}, {Proposal: 1, Room: 1}}, -1,
			qt(1+p2)*(a+p2*a) + qt(1+p2)*(a+p2*a)},
		{"unscheduled proposal", two, []int{0, 3}, [][]int32{{1, 2}, {2}},
			[]sim.Session{{Proposal: 0}}, -1, qt(1+2*p1) * (a + 2*p1*a)},
		{"absent voter", one, []int{0}, [][]int32{{1, 2}},
			[]sim.Session{{Proposal: 0}}, 2, qt(1+p1) * (a + p1*a)},
		{"absent moderator", one, []int{0}, [][]int32{{1, 2}},
			[]sim.Session{{Proposal: 0}}, 0, 0},
		{"empty schedule", one, []int{0}, [][]int32{{1, 2}}, nil, -1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Two days of one slot; the session runs on day 1 and the
			// absent attendee is on site on day 2 only.
			in := builtInput(t, 2, 1, tc.rooms, tc.proposers, tc.hands, 5)
			if tc.offSite >= 0 {
				in.OnSite[tc.offSite] = 1 << 1
			}
			got := mustExpected(t, in, &sim.Schedule{Sessions: tc.sessions})
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("ExpectedValue = %.15g: want %.15g", got, tc.want)
			}
		})
	}
	t.Run("broken schedule", func(t *testing.T) {
		in := builtInput(t, 1, 1, two, []int{0, 0}, [][]int32{{1}, {2}}, 3)
		s := &sim.Schedule{Sessions: []sim.Session{{Proposal: 0}, {Proposal: 1, Room: 1}}}
		if v, err := policy.ExpectedValue(in, s); err == nil {
			t.Errorf("one proposer in two rooms at once: got %v, want an error", v)
		}
	})
}

// TestOptimizedProposerConstraint checks that no schedule seen puts a
// proposer in two sessions of one slot, when the most wanted proposals are
// all one proposer's.
func TestOptimizedProposerConstraint(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   func(t *testing.T) *sim.Input
		want int // sessions
	}{
		{"prolific", func(*testing.T) *sim.Input { return simtest.Input(simtest.Prolific) }, 9},
		{"one slot, one proposer", func(t *testing.T) *sim.Input {
			rooms := []sim.RoomGroup{{Name: "Room", Count: 3, Capacity: 30}}
			return builtInput(t, 1, 1, rooms, []int{0, 0, 0}, [][]int32{voters(1, 20), voters(1, 15), voters(5, 25)}, 30)
		}, 1},
		{"two slots, two proposers", func(t *testing.T) *sim.Input {
			rooms := []sim.RoomGroup{{Name: "Room", Count: 3, Capacity: 30}}
			return builtInput(t, 1, 2, rooms, []int{0, 0, 0, 1, 1, 1}, [][]int32{
				voters(2, 20), voters(2, 15), voters(5, 25), voters(3, 9), voters(4, 12), voters(2, 30)}, 30)
		}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in(t)
			for seed := range uint64(10) {
				s, err := optimizedDefault.Schedule(in, simtest.Src(seed))
				if err != nil {
					t.Fatal(err)
				}
				busy := make(map[[2]int]int)
				for _, x := range s.Sessions {
					busy[[2]int{x.Slot, in.Proposals[x.Proposal].Proposer}]++
				}
				for k, n := range busy {
					if n > 1 {
						t.Errorf("seed %d: proposer %d runs %d sessions in slot %d", seed, k[1], n, k[0])
					}
				}
				if len(s.Sessions) != tc.want {
					t.Errorf("seed %d: %d sessions: want %d", seed, len(s.Sessions), tc.want)
				}
			}
		})
	}
}

// TestOptimizedJetlag checks that the search uses declared time zones: a
// session wanted by visitors from Europe (−9 h: alertness 0.76, 0.62, 0.40
// on day 1, 0.74, 0.71, 0.57 on day 2) goes to a morning, one wanted by
// visitors from East Asia (+8 h: 0.07, 0.36, 0.65; 0.06, 0.51, 0.77) to day
// 2's late afternoon; locals are about as alert all day (0.77, 0.75, 0.74).
// The greedy start, blind to time zones, puts them in slots 0 and 1.
func TestOptimizedJetlag(t *testing.T) {
	// 6 slots × 2 rooms for 12 proposals: 0 wanted by attendees 0..19
	// (−9 h), 1 by 20..39 (+8 h), 2..11 by ten locals each.
	rooms := []sim.RoomGroup{{Name: "Room", Count: 2, Capacity: 30}}
	proposers := []int{0, 20}
	hands := [][]int32{voters(0, 20), voters(20, 40)}
	for p := 2; p < 12; p++ {
		from := 40 + 10*(p-2)
		proposers = append(proposers, from)
		hands = append(hands, voters(from, from+10))
	}
	in := builtInput(t, 2, 3, rooms, proposers, hands, 140)
	for a := range 40 {
		in.Jetlag[a] = -9
		if a >= 20 {
			in.Jetlag[a] = 8
		}
		in.Home[a] = in.Event.VenueOffset - in.Jetlag[a]
	}
	for seed := range uint64(5) {
		s, err := optimizedDefault.Schedule(in, simtest.Src(seed))
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range s.Sessions {
			sl := in.Event.Slots[x.Slot]
			switch {
			case x.Proposal == 0 && x.Slot != 0 && x.Slot != 3:
				t.Errorf("seed %d: the −9 h visitors' session in %s: want a morning", seed, sl.Label())
			case x.Proposal == 1 && x.Slot != 5:
				t.Errorf("seed %d: the +8 h visitors' session in %s: want day 2 15:30", seed, sl.Label())
			}
		}
	}
}

func TestOptimizedSettings(t *testing.T) {
	in := simtest.Input(simtest.Tiny)
	for _, o := range []policy.Optimized{
		{Iterations: -1},
		{Iterations: 10, StartTemp: 0.001, EndTemp: 0.01},
		{Iterations: 10, StartTemp: -1},
		{Iterations: 10, StartTemp: math.NaN()},
		{Iterations: 10, StartTemp: math.Inf(1)},
	} {
		if s, err := o.Schedule(in, simtest.Src(1)); err == nil {
			t.Errorf("%+v: got %v, want an error", o, s)
		}
	}
	for _, o := range []policy.Optimized{{}, {Iterations: 1}, {Iterations: 100, StartTemp: 0.1}, {Iterations: 100, EndTemp: 0.0001}} {
		if _, err := o.Schedule(in, simtest.Src(1)); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
}

// TestOptimizedGreedyStart checks the start (Iterations 0): most hands
// first, spread over the slots, bigger rooms to more hands within a slot.
func TestOptimizedGreedyStart(t *testing.T) {
	for _, k := range []simtest.Kind{simtest.Default, simtest.Sparse, simtest.Crowded} {
		t.Run(k.String(), func(t *testing.T) {
			in := simtest.Input(k)
			s, per := checkedSchedule(t, policy.Optimized{}, in)
			if lo, hi := slices.Min(per), slices.Max(per); hi-lo > 1 {
				t.Errorf("sessions per slot %v: want them spread evenly", per)
			}
			for _, x := range s.Sessions {
				for _, y := range s.Sessions {
					if x.Slot == y.Slot && in.Hands.Hands(x.Proposal) > in.Hands.Hands(y.Proposal) &&
						in.Event.Rooms[x.Room].Capacity < in.Event.Rooms[y.Room].Capacity {
						t.Errorf("slot %d: proposal %d (%d hands) in a smaller room than %d (%d hands)", x.Slot,
							x.Proposal, in.Hands.Hands(x.Proposal), y.Proposal, in.Hands.Hands(y.Proposal))
					}
				}
			}
		})
	}
}

// TestOptimizedNoAllocInLoop checks that the annealing loop allocates
// nothing: 25000 moves cost the same allocations as none.
func TestOptimizedNoAllocInLoop(t *testing.T) {
	in := targetInput()
	allocs := func(o policy.Optimized) float64 {
		return testing.AllocsPerRun(3, func() {
			if _, err := o.Schedule(in, simtest.Src(1)); err != nil {
				t.Fatal(err)
			}
		})
	}
	if a0, a := allocs(policy.Optimized{}), allocs(optimizedDefault); a != a0 {
		t.Errorf("%v allocations with 25000 moves, %v with none: want the same", a, a0)
	}
}

// ExampleOptimized schedules the default-like synthetic event and compares
// the organiser's expected value with the greedy start's.
func ExampleOptimized() {
	in := simtest.Input(simtest.Default) // 70 proposals, 6 slots × 10 rooms
	opt := policy.Optimized{Iterations: 25000, StartTemp: 0.05, EndTemp: 0.0005}
	s, err := opt.Schedule(in, simtest.Src(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	greedy, _ := policy.Optimized{}.Schedule(in, simtest.Src(1)) // no search
	v, _ := policy.ExpectedValue(in, s)
	g, _ := policy.ExpectedValue(in, greedy)
	fmt.Println("sessions:", len(s.Sessions))
	fmt.Println("better than the greedy start:", v > g)
	// Output:
	// sessions: 60
	// better than the greedy start: true
}
