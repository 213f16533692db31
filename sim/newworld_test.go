package sim_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// mustNewWorld is agents.NewWorld, failing t on error.
func mustNewWorld(t testing.TB, c *sim.Config, seed uint64) *sim.World {
	t.Helper()
	w, err := agents.NewWorld(c, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestNewWorldDeterministic(t *testing.T) {
	c := defaultModel(t)
	a, b := mustNewWorld(t, c, 42), mustNewWorld(t, c, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different worlds")
	}
	d := mustNewWorld(t, c, 43)
	if reflect.DeepEqual(a.Attendees, d.Attendees) || reflect.DeepEqual(a.Proposals, d.Proposals) ||
		reflect.DeepEqual(a.Votes, d.Votes) {
		t.Error("seeds 42 and 43 share attendees, proposals or hands")
	}
	// The baseline is a function of the world alone.
	if a.Baseline != b.Baseline || a.Baseline != policy.Baseline(a) {
		t.Errorf("baselines %+v and %+v for the same seed, want policy.Baseline's %+v", a.Baseline, b.Baseline, policy.Baseline(a))
	}
}

// TestBuilder: a Builder that draws world after world, through configs
// that grow and shrink the crowd, change the vote, the event and the
// choice model, and an invalid one, draws each world equal to
// agents.NewWorld's, and its memory (the previous world's) is no part of
// the next.
func TestBuilder(t *testing.T) {
	base := defaultModel(t)
	variants := []struct {
		name string
		edit func(c *sim.Config)
	}{
		{"default", func(*sim.Config) {}},
		{"taste", func(c *sim.Config) { c.Votes.Taste, c.Votes.Noise = 0.5, 0.3 }},
		{"larger crowd", func(c *sim.Config) { c.Attendees.Count = 320; c.Proposals.MaxPerAttendee = 3 }},
		{"no maybes, budget", func(c *sim.Config) { c.Votes.Maybe, c.Votes.Budget = 0, 4 }},
		{"smaller crowd, turnout", func(c *sim.Config) { c.Attendees.Count, c.Votes.Turnout = 40, 0.6 }},
		{"invalid", func(c *sim.Config) { c.Votes.Turnout = 2 }},
		{"other event", func(c *sim.Config) {
			c.Event.TimeZone = "Europe/Berlin"
			c.Event.Topics = c.Event.Topics[:5]
			c.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 2, Capacity: 50}}
			c.Proposals.TopInterests = 2
		}},
		{"same titles again", func(c *sim.Config) {
			c.Event.Topics = []sim.TopicConfig{{Name: "a", Popularity: 1}, {Name: "a / a", Popularity: 1}, {Name: "a (2)", Popularity: 1}}
		}},
		{"choice, few schedules", func(c *sim.Config) { c.Choice.Noise *= 2; c.Metrics.RandomSchedules = 3 }},
		{"origins", func(c *sim.Config) {
			c.Attendees.Origins = slices.Clone(c.Attendees.Origins)
			c.Attendees.Origins[0].UTCOffset = 3
		}},
		{"sociability", func(c *sim.Config) { c.Attendees.SociabilityAlpha = 5 }},
		{"default again", func(*sim.Config) {}},
	}
	var b agents.Builder
	for round := range 2 {
		for k, v := range variants {
			c := *base
			c.Event.Topics = slices.Clone(base.Event.Topics)
			v.edit(&c)
			seed := rng.Replicate(7, 10*round+k)
			got, err := b.NewWorld(&c, seed)
			want, werr := agents.NewWorld(&c, seed)
			if err != nil || werr != nil {
				if err == nil || werr == nil || err.Error() != werr.Error() {
					t.Fatalf("round %d, %s: Builder error %v, NewWorld error %v", round, v.name, err, werr)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, %s: Builder's world differs from NewWorld's", round, v.name)
			}
		}
	}
}

func TestNewWorldShape(t *testing.T) {
	c := defaultModel(t)
	for seed := range uint64(10) {
		w := mustNewWorld(t, c, seed)
		if len(w.Attendees) != c.Attendees.Count {
			t.Fatalf("seed %d: %d attendees, want %d", seed, len(w.Attendees), c.Attendees.Count)
		}
		// About 0.35 × 1.35 × mean propensity (≈1) × 200 ≈ 95 proposals.
		if n := len(w.Proposals); n < 40 || n > 160 {
			t.Errorf("seed %d: %d proposals, want about 95", seed, n)
		}
		if len(w.Votes.ByAttendee) != len(w.Attendees) || len(w.Votes.ByProposal) != len(w.Proposals) {
			t.Fatalf("seed %d: votes of the wrong shape", seed)
		}
		hands := 0
		for _, h := range w.Votes.ByAttendee {
			hands += len(h)
		}
		if hands == 0 {
			t.Errorf("seed %d: no hands", seed)
		}
		random, best := w.Baseline.Random, w.Baseline.Best
		if !(random > 0 && random < best) {
			t.Errorf("seed %d: baseline random %v, best %v: want 0 < random < best", seed, random, best)
		}
		s, err := policy.RandomSchedule(w.Input(), rng.New(seed, "test"))
		if err != nil {
			t.Fatal(err)
		}
		if sc := sim.HandScore(w, s); sc > best {
			t.Errorf("seed %d: HandScore %v above the bound %v", seed, sc, best)
		}
	}
}

func TestNewWorldInvalid(t *testing.T) {
	c := defaultModel(t)
	bad := *c
	bad.Votes.Turnout = 1.5
	if _, err := agents.NewWorld(&bad, 1); err == nil || !strings.Contains(err.Error(), "votes.turnout") {
		t.Errorf("turnout 1.5: err %v, want one naming votes.turnout", err)
	}
	bad = *c
	bad.Event.Rooms = nil
	if _, err := agents.NewWorld(&bad, 1); err == nil || !strings.Contains(err.Error(), "event.rooms") {
		t.Errorf("no rooms: err %v, want one naming event.rooms", err)
	}
	// Absurd sizes are errors naming the key, not out-of-memory crashes.
	bad = *c
	bad.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 2, Capacity: 60}, {Name: "Room", Count: 1_000_000_000, Capacity: 30}}
	if _, err := agents.NewWorld(&bad, 1); err == nil || !strings.Contains(err.Error(), "event.rooms.1.count: 1000000000: want 1 to 998 (at most 1000 rooms in all)") {
		t.Errorf("10^9 rooms: err %v, want one naming event.rooms.1.count", err)
	}
	bad = *c
	bad.Event.Topics = []sim.TopicConfig{{Name: "a", Popularity: 1e308}, {Name: "b", Popularity: 1e308}}
	if _, err := agents.NewWorld(&bad, 1); err == nil || !strings.Contains(err.Error(), "event.topics.0.popularity: 1e+308: want a weight from 0 to 1e6") {
		t.Errorf("popularities 1e308 twice: err %v, want one naming event.topics.0.popularity", err)
	}
	bad = *c
	bad.Attendees.Count = 2_000_000_000
	if _, err := agents.NewWorld(&bad, 1); err == nil || !strings.Contains(err.Error(), "attendees.count: 2000000000") {
		t.Errorf("2·10^9 attendees: err %v, want one naming attendees.count", err)
	}
}

func TestInput(t *testing.T) {
	c := defaultModel(t)
	w := mustNewWorld(t, c, 5)
	in := w.Input()
	if in.Event != w.Event || in.Hands != &w.Votes || len(in.Proposals) != len(w.Proposals) {
		t.Fatal("Input does not show the world's event, proposals and hands")
	}
	for i, a := range w.Attendees {
		if in.Home[i] != a.HomeOffset || in.Jetlag[i] != a.Jetlag || in.OnSite[i] != a.Days {
			t.Fatalf("attendee %d: Input shows home %v jet lag %v days %b, want %v %v %b",
				i, in.Home[i], in.Jetlag[i], in.OnSite[i], a.HomeOffset, a.Jetlag, a.Days)
		}
	}
	if in.Alertness != c.Alertness || in.Choice != c.Choice || in.Quality != c.Quality {
		t.Error("Input does not copy the alertness, choice and quality settings")
	}
	// Recount: the same whoever asks and whenever, a fresh slice each call,
	// never more than the hands.
	for s := range w.Event.Slots {
		a, b := in.Recount(s), w.Input().Recount(s)
		if !slices.Equal(a, b) {
			t.Fatalf("slot %d: two recounts differ", s)
		}
		for p, n := range a {
			if n > w.Votes.Hands(p) || n < 0 {
				t.Fatalf("slot %d: proposal %d recount %d of %d hands", s, p, n, w.Votes.Hands(p))
			}
		}
		a[0] = -1
		if in.Recount(s)[0] == -1 {
			t.Fatal("Recount returned a shared slice")
		}
	}
	// Presence 0: everyone on site is in the room.
	c0 := *c
	c0.Votes.Presence = 0
	w0 := mustNewWorld(t, &c0, 5)
	got := w0.Input().Recount(2)
	for p := range got {
		if got[p] != w0.Votes.Hands(p) {
			t.Fatalf("presence 0: proposal %d recount %d, want all %d hands", p, got[p], w0.Votes.Hands(p))
		}
	}
}

// TestRecountWestward: visitors who flew west 9 hours (Europe to
// California) are tired on day 1 at 15:30 (alertness ≈ 0.40) and fresh at
// 09:30 (≈ 0.76), so fewer of their hands are in the room for the late
// recount: about half as many.
func TestRecountWestward(t *testing.T) {
	c := defaultModel(t)
	var morning, late, total float64
	for seed := range uint64(40) {
		w := mustNewWorld(t, c, seed)
		west := *w
		west.Votes = sim.Votes{ByProposal: w.Votes.ByProposal, ByAttendee: make([][]int32, len(w.Attendees))}
		for i, a := range w.Attendees {
			if math.Abs(a.Jetlag+9) < 0.01 {
				west.Votes.ByAttendee[i] = w.Votes.ByAttendee[i]
				total += float64(len(w.Votes.ByAttendee[i]))
			}
		}
		in := west.Input()
		for _, n := range in.Recount(0) { // day 1 09:30
			morning += float64(n)
		}
		for _, n := range in.Recount(2) { // day 1 15:30
			late += float64(n)
		}
	}
	if total < 500 {
		t.Fatalf("only %v hands of westward visitors over 40 seeds", total)
	}
	t.Logf("westward hands %v: present %v at 09:30, %v at 15:30", total, morning, late)
	if !(late < morning) {
		t.Errorf("westward visitors' hands at 15:30 (%v) not below 09:30 (%v)", late, morning)
	}
	if r := late / morning; r < 0.35 || r > 0.75 {
		t.Errorf("late/morning = %.2f, want about 0.40/0.76 = 0.53", r)
	}
}

// BenchmarkNewWorld draws default worlds (baseline included) with
// agents.NewWorld ("fresh") and with one Builder, as a worker does
// ("builder"), and large ones (5,000 attendees, 40 rooms, 12 slots) with
// a Builder.
func BenchmarkNewWorld(b *testing.B) {
	for _, bc := range []struct {
		name  string
		model func(testing.TB) *sim.Config
		fresh bool
	}{{"default/fresh", defaultModel, true}, {"default/builder", defaultModel, false}, {"large/builder", largeModel, false}} {
		b.Run(bc.name, func(b *testing.B) {
			c := bc.model(b)
			var bld agents.Builder
			newWorld := bld.NewWorld
			if bc.fresh {
				newWorld = agents.NewWorld
			}
			b.ReportAllocs()
			seed := uint64(0)
			for b.Loop() {
				if _, err := newWorld(c, seed); err != nil {
					b.Fatal(err)
				}
				seed++
			}
		})
	}
}

// BenchmarkHandScore scores a cycle of 64 random schedules, as Baseline
// does: scoring one schedule over and over lets the branch predictor learn
// it and flatters the timing.
func BenchmarkHandScore(b *testing.B) {
	w := mustNewWorld(b, defaultModel(b), 1)
	in, src := w.Input(), rng.New(1, "bench")
	ss := make([]*sim.Schedule, 64)
	for i := range ss {
		var err error
		if ss[i], err = policy.RandomSchedule(in, src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sim.HandScore(w, ss[i%len(ss)])
		i++
	}
}

func BenchmarkRandomSchedule(b *testing.B) {
	w := mustNewWorld(b, defaultModel(b), 1)
	in := w.Input()
	src := rng.New(1, "bench")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.RandomSchedule(in, src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaseline is the once-per-world cost of quality_vs_random's
// reference points (drawn with the world, shared by every policy).
// It runs with a Baseliner kept from one call to the next, as a Builder
// keeps it.
func BenchmarkBaseline(b *testing.B) {
	for _, bc := range []struct {
		name  string
		model func(testing.TB) *sim.Config
	}{{"default", defaultModel}, {"large", largeModel}} {
		b.Run(bc.name, func(b *testing.B) {
			w := mustNewWorld(b, bc.model(b), 1)
			var bl policy.Baseliner
			b.ReportAllocs()
			for b.Loop() {
				bl.Baseline(w)
			}
		})
	}
}

func BenchmarkRecount(b *testing.B) {
	w := mustNewWorld(b, defaultModel(b), 1)
	in := w.Input()
	b.ReportAllocs()
	for b.Loop() {
		in.Recount(2)
	}
}

// TestTasteIsLasting: with the whole vote noise lasting (votes.taste 1), a
// hand goes up exactly when the match the engine uses (World.Match: topic
// match plus taste) plus the bonuses passes the threshold, so the vote and
// the event share the taste; with votes.taste 0 a world has none.
func TestTasteIsLasting(t *testing.T) {
	c := defaultModel(t)
	c.Votes.Taste = 1
	c.Votes.Noise = 0.3
	w := mustNewWorld(t, c, 5)
	if len(w.Taste) != len(w.Attendees)*len(w.Proposals) {
		t.Fatalf("%d tastes for %d attendees × %d proposals", len(w.Taste), len(w.Attendees), len(w.Proposals))
	}
	checked := 0
	for a := range w.Attendees {
		for _, p := range w.Proposals {
			if p.Proposer == a {
				continue
			}
			if w.Attendees[a].Match(p.Topic, p.Second)+float64(w.Taste[a*len(w.Proposals)+p.ID]) < 0 {
				continue // clamped by World.Match
			}
			bonus := 0.0
			if w.Attendees[p.Proposer].Star {
				bonus += c.Votes.StarBonus
			}
			if w.Attendees[p.Proposer].Affiliation == w.Attendees[a].Affiliation {
				bonus += c.Votes.SocialBonus
			}
			_, hand := slices.BinarySearch(w.Votes.ByAttendee[a], int32(p.ID))
			if want := w.Match(a, p.ID)+bonus > c.Votes.Threshold; hand != want {
				t.Fatalf("attendee %d, proposal %d: match %.3f, hand %v", a, p.ID, w.Match(a, p.ID), hand)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d attendee-proposal pairs checked", checked)
	}
	c.Votes.Taste = 0
	if w := mustNewWorld(t, c, 5); w.Taste != nil {
		t.Error("votes.taste 0 drew tastes")
	}
}

// TestAppealSpreadsAttendance: a session's appeal (choice.appeal) spreads
// head counts beyond what topics and hands explain: on the same worlds and
// schedules, the spread of log attendance across sessions grows with it.
func TestAppealSpreadsAttendance(t *testing.T) {
	spread := func(appeal float64) float64 {
		c := defaultModel(t)
		c.Choice.Appeal = appeal
		var sum, sq, n float64
		for r := range 10 {
			w := mustNewWorld(t, c, rng.Replicate(3, r))
			res, err := sim.Run(w, policy.Random{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range res.Sessions {
				x := math.Log1p(float64(s.Attendance))
				sum, sq, n = sum+x, sq+x*x, n+1
			}
		}
		return math.Sqrt(sq/n - (sum/n)*(sum/n))
	}
	s0, s1 := spread(0), spread(1)
	t.Logf("sd of log(1 + attendance): %.3f at appeal 0, %.3f at appeal 1", s0, s1)
	if s1 < s0+0.1 {
		t.Errorf("appeal 1 gives sd %.3f, appeal 0 %.3f: want at least 0.1 more", s1, s0)
	}
}

// TestRecountManyLags: Recount is the same whether the attendees share a
// few jet lags (found by a scan) or many (found through a map), and
// whichever way it counts (all happen here): the hands of those present,
// all hands less those of the absent, or popcounts of each proposal's
// voters in the room — also when an attendee raised two hands for one
// proposal, which a bit would count once: each attendee's presence as its
// definition has it, each hand counted.
func TestRecountManyLags(t *testing.T) {
	c := defaultModel(t)
	ways := map[string]bool{}
	for _, lags := range []int{3, 40} {
		for _, presence := range []float64{c.Votes.Presence, 0.05, 20} {
			for _, twice := range []bool{false, true} {
				m := *c
				m.Votes.Presence = presence
				w := mustNewWorld(t, &m, 9)
				for i := range w.Attendees {
					w.Attendees[i].Jetlag = float64(i%lags)/4 - 5
				}
				if twice { // attendee 0's first hand raised again
					h := w.Votes.ByAttendee[0]
					w.Votes.ByAttendee[0] = append([]int32{h[0]}, h...)
				}
				in := w.Input()
				key := rng.Key(w.Seed, "recount")
				for s, sl := range w.Event.Slots {
					want := make([]int, len(w.Proposals))
					handsIn, handsOut := 0, 0
					for i, a := range w.Attendees {
						p := math.Pow(c.Alertness.Alertness(a.Jetlag, sl.Day, sl.Hour(), 0), presence)
						if !a.OnSite(sl.Day) || rng.Uniform(key, i, s, 0) >= p {
							handsOut += len(w.Votes.ByAttendee[i])
							continue
						}
						handsIn += len(w.Votes.ByAttendee[i])
						for _, q := range w.Votes.ByAttendee[i] {
							want[q]++
						}
					}
					switch words := (len(w.Attendees) + 63) / 64; {
					case len(w.Proposals)*words < min(handsIn, handsOut):
						ways[fmt.Sprintf("bits, hand twice %v", twice)] = true
					case handsIn <= handsOut:
						ways["present"] = true
					default:
						ways["absent"] = true
					}
					if got := in.Recount(s); !slices.Equal(got, want) {
						t.Fatalf("%d jet lags, presence %v, hand twice %v, slot %d: Recount %v, want %v",
							lags, presence, twice, s, got, want)
					}
				}
			}
		}
	}
	if len(ways) != 4 {
		t.Errorf("ways of counting: %v; want bits (with and without a hand twice), present, absent", ways)
	}
}

// TestRecountConcurrent: Recount may be called from several goroutines at
// once (its lazily built tables are built once); go test -race checks it.
func TestRecountConcurrent(t *testing.T) {
	w := mustNewWorld(t, defaultModel(t), 4)
	want := make([][]int, len(w.Event.Slots))
	for s := range want {
		want[s] = w.Input().Recount(s)
	}
	in := w.Input()
	var wg sync.WaitGroup
	got := make([][][]int, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range want {
				got[g] = append(got[g], in.Recount(s))
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for s := range want {
			if !slices.Equal(got[g][s], want[s]) {
				t.Fatalf("goroutine %d, slot %d: %v, want %v", g, s, got[g][s], want[s])
			}
		}
	}
}
