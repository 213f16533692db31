package simtest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/unconf/unconf/sim"
)

// ChooserConformance checks the contract of sim.Chooser and sim.Choices on
// synthetic worlds (ChooserWorld, with and without lasting tastes). It
// plays two slots as the engine does, every attendee arriving in turn and
// then hopping, and checks that
//
//   - Choose returns Hallway or a session with room to spare, and changes
//     nothing in the scene but TurnedAway counts, each by at most one and
//     only for a full session;
//   - Hop returns the attendee's session or another with room to spare,
//     and changes nothing;
//   - the same world gives the same choices, hops and turn-aways from a
//     fresh Start, from a Start that reuses the previous run's Choices,
//     and from goroutines running at once with one Chooser value;
//   - an arrival finds the hallway when every session is full, takes it
//     when it is worth a million more, and takes a session with room when
//     the hallway is worth a million less;
//   - neither Choose, Hop nor a Start reusing old Choices allocates;
//   - Start leaves the world unchanged.
func ChooserConformance(t *testing.T, c sim.Chooser) {
	t.Helper()
	for _, taste := range []bool{false, true} {
		name := "plain"
		if taste {
			name = "taste"
		}
		t.Run(name, func(t *testing.T) {
			w := ChooserWorld(taste)
			before := cloneWorld(w)
			ch := c.Start(w, nil)
			want := play(t, ch, w)
			if got := play(t, c.Start(w, nil), w); !slices.Equal(got, want) {
				t.Errorf("a fresh Start gave other choices:\n got %v\nwant %v", got, want)
			}
			if got := play(t, c.Start(w, ch), w); !slices.Equal(got, want) {
				t.Errorf("a Start reusing the last run's Choices gave other choices:\n got %v\nwant %v", got, want)
			}
			if !reflect.DeepEqual(w, before) {
				t.Error("the chooser modified the world")
			}
			concurrent(t, c, w, want)
		})
	}
	t.Run("hallway", func(t *testing.T) { hallway(t, c) })
	t.Run("allocations", func(t *testing.T) { allocations(t, c) })
}

// ChooserWorld returns the world of ChooserConformance: one day of two
// slots in four rooms, 40 attendees with sparse interests over six
// topics, eight affiliations (every tenth attendee has none), a few
// stars, eight proposals (every other one with a second topic), no hands,
// the default scenario's settings (Alertness, Choice, Quality) and, with
// taste, a lasting taste for every proposal. Each call returns a fresh
// world; its Chooser is nil.
func ChooserWorld(taste bool) *sim.World {
	cfg := &sim.Config{
		Event: sim.EventConfig{Name: "conformance", StartDate: "2017-12-01", Days: 1,
			Slots:  []sim.SlotConfig{{Start: "09:00", Minutes: 60}, {Start: "10:00", Minutes: 60}},
			Rooms:  []sim.RoomGroup{{Name: "Room", Count: 4, Capacity: 10}},
			Topics: DefaultEvent().Topics[:6]},
		Alertness: Alertness(), Choice: Choice(), Quality: Quality(),
	}
	ev, err := sim.NewEvent(&cfg.Event, cfg.Alertness.ResetMinutes)
	if err != nil {
		panic(fmt.Sprintf("simtest: chooser world: %v", err)) // the literals above are valid
	}
	const n, np = 40, 8
	r := rand.New(rand.NewPCG(7, 11))
	w := &sim.World{Config: cfg, Event: ev, Seed: 2017}
	for i := range n {
		a := sim.Attendee{ID: i, Interests: make([]float64, len(ev.Topics)), Affiliation: i % 8,
			Sociability: r.Float64(), Star: i%13 == 0, Jetlag: float64(r.IntN(17) - 8)}
		if i%10 == 9 {
			a.Affiliation = -1
		}
		sum := 0.0
		for t := range a.Interests {
			if r.IntN(3) > 0 {
				a.Interests[t] = r.ExpFloat64()
				sum += a.Interests[t]
			}
		}
		for t := range a.Interests {
			if sum > 0 {
				a.Interests[t] /= sum
			}
			a.MaxInterest = max(a.MaxInterest, a.Interests[t])
		}
		w.Attendees = append(w.Attendees, a)
	}
	for p := range np {
		second := -1
		if p%2 == 1 {
			second = (p + 2) % len(ev.Topics)
		}
		w.Proposals = append(w.Proposals, Proposal(p, 5*p, p%len(ev.Topics), second))
	}
	w.Votes = *NewVotes(make([][]int32, np), n)
	if taste {
		w.Taste = make([]float32, n*np)
		for i := range w.Taste {
			w.Taste[i] = float32(0.3 * r.NormFloat64())
		}
	}
	return w
}

// scene returns slot s's scene of w as play starts it: proposals 4s…4s+3
// in rooms of 3, 5, 8 and 1,000 seats, two of them with their moderator
// in, one with a star.
func scene(w *sim.World, s int) *sim.Scene {
	sc := &sim.Scene{Slot: s, Quality: make([]float64, len(w.Attendees)+2)}
	for n := range sc.Quality {
		sc.Quality[n] = w.Config.Quality.Q(n)
	}
	for k, c := range []int{3, 5, 8, 1000} {
		x := sim.Running{Proposal: 4*s + k, Capacity: c, N: k % 2, Star: k == 2}
		x.Fill = float64(x.N) / float64(x.Capacity)
		sc.Sessions = append(sc.Sessions, x)
	}
	return sc
}

// play runs ch on w's two slots as the engine would, checking every call,
// and returns the transcript: each choice and hop, then each session's
// turn-aways.
func play(t *testing.T, ch sim.Choices, w *sim.World) []int {
	t.Helper()
	var out []int
	for s := range 2 {
		sc := scene(w, s)
		K := len(sc.Sessions)
		mates := make([]int32, 8*K)
		moderators := map[int]bool{}
		for _, x := range sc.Sessions {
			moderators[w.Proposals[x.Proposal].Proposer] = true
		}
		arrival := func(i int) *sim.Arrival {
			a := &sim.Arrival{ID: i, Alertness: float64(i%5) / 4}
			if f := w.Attendees[i].Affiliation; f >= 0 {
				a.Colleagues = len(w.Attendees)/8 - 1
				a.Mates = mates[f*K : f*K+K]
			}
			return a
		}
		at := make([]int, len(w.Attendees))
		for i := range w.Attendees {
			at[i] = sim.Hallway
			if moderators[i] {
				continue
			}
			a := arrival(i)
			k := choose(t, ch, sc, a)
			out = append(out, k)
			if k < 0 {
				continue
			}
			x := &sc.Sessions[k]
			x.N++
			x.Fill = float64(x.N) / float64(x.Capacity)
			x.Star = x.Star || w.Attendees[i].Star
			if a.Mates != nil {
				a.Mates[k]++
			}
			at[i] = k
		}
		for i, k := range at {
			if k < 0 {
				continue
			}
			j := hop(t, ch, sc, arrival(i), k)
			out = append(out, j)
			if j != k {
				sc.Sessions[k].N--
				sc.Sessions[j].N++
				for _, x := range []*sim.Running{&sc.Sessions[k], &sc.Sessions[j]} {
					x.Fill = float64(x.N) / float64(x.Capacity)
				}
			}
		}
		for _, x := range sc.Sessions {
			out = append(out, x.TurnedAway)
		}
	}
	return out
}

// choose calls Choose and checks its answer and what it changed.
func choose(t *testing.T, ch sim.Choices, sc *sim.Scene, a *sim.Arrival) int {
	t.Helper()
	before := slices.Clone(sc.Sessions)
	k := ch.Choose(sc, a)
	if k != sim.Hallway && (k < 0 || k >= len(sc.Sessions) || before[k].Full()) {
		t.Fatalf("slot %d, attendee %d: Choose = %d: want the hallway or a session with room (sessions %+v)", sc.Slot, a.ID, k, before)
	}
	for j, x := range sc.Sessions {
		was := before[j]
		d := x.TurnedAway - was.TurnedAway
		was.TurnedAway = x.TurnedAway
		if x != was || d < 0 || d > 1 || (d == 1 && !x.Full()) {
			t.Fatalf("slot %d, attendee %d: Choose changed session %d from %+v to %+v", sc.Slot, a.ID, j, before[j], x)
		}
	}
	return k
}

// hop calls Hop and checks its answer and that it changed nothing.
func hop(t *testing.T, ch sim.Choices, sc *sim.Scene, a *sim.Arrival, k int) int {
	t.Helper()
	before := slices.Clone(sc.Sessions)
	j := ch.Hop(sc, a, k)
	if j != k && (j < 0 || j >= len(sc.Sessions) || sc.Sessions[j].Full()) {
		t.Fatalf("slot %d, attendee %d in %d: Hop = %d: want %d or a session with room", sc.Slot, a.ID, k, j, k)
	}
	if !slices.Equal(sc.Sessions, before) {
		t.Fatalf("slot %d, attendee %d: Hop changed the scene", sc.Slot, a.ID)
	}
	return j
}

// concurrent plays w from four goroutines at once with one Chooser value.
func concurrent(t *testing.T, c sim.Chooser, w *sim.World, want []int) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := play(t, c.Start(w, nil), w); !slices.Equal(got, want) {
				t.Errorf("a concurrent run gave other choices:\n got %v\nwant %v", got, want)
			}
		})
	}
	wg.Wait()
}

// hallway checks that the hallway is always an option and that an
// arrival's Hallway utility counts.
func hallway(t *testing.T, c sim.Chooser) {
	w := ChooserWorld(false)
	ch := c.Start(w, nil)
	for i := range w.Attendees {
		sc := scene(w, 0)
		for k := range sc.Sessions {
			x := &sc.Sessions[k]
			x.N, x.Fill = x.Capacity, 1
		}
		if k := choose(t, ch, sc, &sim.Arrival{ID: i, Alertness: 1}); k != sim.Hallway {
			t.Fatalf("attendee %d: Choose = %d with every session full, want the hallway", i, k)
		}
		sc = scene(w, 0)
		if k := choose(t, ch, sc, &sim.Arrival{ID: i, Alertness: 1, Hallway: 1e6}); k != sim.Hallway {
			t.Fatalf("attendee %d: Choose = %d with the hallway a million better, want the hallway", i, k)
		}
		if k := choose(t, ch, sc, &sim.Arrival{ID: i, Alertness: 1, Hallway: -1e6}); k == sim.Hallway {
			t.Fatalf("attendee %d: the hallway, a million worse, chosen over sessions with room", i)
		}
	}
}

// allocations checks that choices in the steady state allocate nothing.
func allocations(t *testing.T, c sim.Chooser) {
	w := ChooserWorld(true)
	ch := c.Start(w, nil)
	sc := scene(w, 1)
	a := &sim.Arrival{ID: 3, Alertness: 0.5, Colleagues: 4, Mates: make([]int32, len(sc.Sessions))}
	if n := testing.AllocsPerRun(100, func() {
		a.Hallway = 0
		ch.Choose(sc, a)
		ch.Hop(sc, a, 3)
	}); n != 0 {
		t.Errorf("Choose and Hop: %v allocations per call, want 0", n)
	}
	if n := testing.AllocsPerRun(10, func() { ch = c.Start(w, ch) }); n != 0 {
		t.Errorf("Start reusing the last run's Choices: %v allocations, want 0", n)
	}
}

// cloneWorld returns a deep copy of w's data (its Chooser shared).
func cloneWorld(w *sim.World) *sim.World {
	c := *w
	cfg := *w.Config
	c.Config = &cfg
	ev := *w.Event
	ev.Slots, ev.Rooms, ev.Topics = slices.Clone(ev.Slots), slices.Clone(ev.Rooms), slices.Clone(ev.Topics)
	c.Event = &ev
	c.Attendees = slices.Clone(w.Attendees)
	for i := range c.Attendees {
		c.Attendees[i].Interests = slices.Clone(w.Attendees[i].Interests)
	}
	c.Proposals = slices.Clone(w.Proposals)
	c.Taste = slices.Clone(w.Taste)
	c.Votes.ByProposal = cloneLists(w.Votes.ByProposal)
	c.Votes.ByAttendee = cloneLists(w.Votes.ByAttendee)
	return &c
}
