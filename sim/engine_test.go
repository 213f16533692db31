package sim_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// flatConfig is a model with no randomness in choice and no clock: alertness
// 1 all day (the circadian curve is clamped), no fatigue, no noise, no
// star, social or crowd terms, a hallway nobody wants, no hops.
func flatConfig() *sim.Config {
	return &sim.Config{
		Event: sim.EventConfig{
			Name: "tiny", StartDate: "2017-12-01", Days: 1, TimeZone: "UTC",
			Slots:  []sim.SlotConfig{{Start: "09:00", Minutes: 60}},
			Rooms:  []sim.RoomGroup{{Name: "A", Count: 1, Capacity: 10}},
			Topics: []sim.TopicConfig{{Name: "t0", Popularity: 1}},
		},
		Alertness: sim.AlertnessConfig{
			WestRate: 1.5, EastRate: 1, Base: 1, PeakHour: 12, HarmonicHour: 12,
			DipHour: 14, DipWidth: 1, ResetMinutes: 90, GroupHours: 3, AlertThreshold: 0.5,
		},
		Choice:  sim.ChoiceConfig{Interest: 3, CrowdFree: 0.8, Outside: -10, TwoFeet: sim.TwoFeetConfig{Margin: 0.3}},
		Quality: sim.QualityConfig{Peak: 10, Width: 1.2},
		Ties:    sim.TiesConfig{Rate: 0.5, Interest: 0.5, SizeExponent: 1},
		Metrics: sim.MetricsConfig{Collapsed: 2, RandomSchedules: 3},
	}
}

// rooms returns room groups of one room each, capacities in descending
// order so that room indices after sim.NewEvent's sort are the list's.
func rooms(caps ...int) []sim.RoomGroup {
	var g []sim.RoomGroup
	for i, c := range caps {
		g = append(g, sim.RoomGroup{Name: fmt.Sprintf("R%d", i), Count: 1, Capacity: c})
	}
	return g
}

func topics(n int) []sim.TopicConfig {
	t := make([]sim.TopicConfig, n)
	for i := range t {
		t[i] = sim.TopicConfig{Name: fmt.Sprintf("t%d", i), Popularity: 1}
	}
	return t
}

// configChooser is the configured choice model of a world's config as it
// is when a run starts (choice.New of Config.Choice), for tests that edit
// the config of an assembled world.
type configChooser struct{}

func (configChooser) Start(w *sim.World, old sim.Choices) sim.Choices {
	return choice.New(&w.Config.Choice).Start(w, old)
}

// world assembles a World: interests[i] is attendee i's interest vector (it
// need not sum to 1), props[p] = {proposer, topic}, hands[p] the voters of
// proposal p.
func world(t testing.TB, cfg *sim.Config, interests [][]float64, props [][2]int, hands [][]int32) *sim.World {
	t.Helper()
	ev, err := sim.NewEvent(&cfg.Event, cfg.Alertness.ResetMinutes)
	if err != nil {
		t.Fatal(err)
	}
	w := &sim.World{Config: cfg, Event: ev, Chooser: configChooser{}, Seed: 42}
	for i, in := range interests {
		w.Attendees = append(w.Attendees, sim.Attendee{
			ID: i, Interests: in, MaxInterest: slices.Max(in), Affiliation: i, Sociability: 0.5,
		})
	}
	for p, pr := range props {
		w.Proposals = append(w.Proposals, simtest.Proposal(p, pr[0], pr[1], -1))
	}
	if hands == nil {
		hands = make([][]int32, len(props))
	}
	w.Votes = *simtest.NewVotes(hands, len(interests))
	return w
}

// same returns n copies of v.
func same[T any](n int, v T) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

func evaluate(t *testing.T, w *sim.World, s *sim.Schedule) *sim.Result {
	t.Helper()
	var e sim.Engine
	r, err := e.Evaluate(w, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func attendance(r *sim.Result) []int {
	var n []int
	for _, s := range r.Sessions {
		n = append(n, s.Attendance)
	}
	return n
}

// threeRooms is the running example: topics A, B, C that everyone values
// 1, 0.5 and 0.25; attendees 0, 1, 2 moderate A (room of 3), B and C
// (rooms of 10); five more arrive. Two of them find room in A, three are
// turned away to B.
func threeRooms(t testing.TB) (*sim.World, *sim.Schedule) {
	cfg := flatConfig()
	cfg.Event.Rooms = rooms(10, 10, 3)
	cfg.Event.Topics = topics(3)
	w := world(t, cfg, same(8, []float64{4, 2, 1}),
		[][2]int{{0, 0}, {1, 1}, {2, 2}},
		[][]int32{{3, 4, 5, 6}, {0, 3, 7}, nil})
	s := &sim.Schedule{Sessions: []sim.Session{
		{Proposal: 0, Slot: 0, Room: 2}, {Proposal: 1, Slot: 0, Room: 0}, {Proposal: 2, Slot: 0, Room: 1},
	}}
	return w, s
}

func TestFullRoomTurnsAway(t *testing.T) {
	w, s := threeRooms(t)
	r := evaluate(t, w, s)
	// Records are in (slot, room) order: B (room 0), C (room 1), A (room 2).
	got := fmt.Sprint(attendance(r), r.Sessions[2].TurnedAway, r.Metrics[sim.TurnedAway])
	if want := "[4 1 3] 3 3"; got != want {
		t.Errorf("attendance B, C, A, turned away from A, total = %s, want %s", got, want)
	}
}

func TestHandBuiltMetrics(t *testing.T) {
	w, s := threeRooms(t)
	r := evaluate(t, w, s)
	q := w.Config.Quality.Q
	// Everyone's alertness is 1; matches are 1, 0.5, 0.25.
	wantSat := make([]float64, 8)
	wantSat[0] = 1 * q(3)    // moderates A
	wantSat[1] = 0.5 * q(4)  // moderates B
	wantSat[2] = 0.25 * q(1) // alone in C: q(1) = 0
	for _, i := range []int{3, 4, 5, 6, 7} {
		wantSat[i] = -1 // in A or B depending on the arrival order
	}
	inA := 0
	for i, v := range r.Satisfaction {
		switch {
		case wantSat[i] >= 0 && math.Abs(v-wantSat[i]) > 1e-12:
			t.Errorf("satisfaction[%d] = %v, want %v", i, v, wantSat[i])
		case wantSat[i] < 0 && math.Abs(v-q(3)) < 1e-12:
			inA++
		case wantSat[i] < 0 && math.Abs(v-0.5*q(4)) > 1e-12:
			t.Errorf("satisfaction[%d] = %v, want %v (A) or %v (B)", i, v, q(3), 0.5*q(4))
		}
	}
	if inA != 2 {
		t.Errorf("%d arrivals with A's satisfaction, want 2", inA)
	}
	satMean := (3*q(3) + 4*0.5*q(4) + 0) / 8
	for _, c := range []struct {
		m    sim.Metric
		want float64
	}{
		{sim.Sessions, 3},
		{sim.Collapsed, 1}, // C, alone
		{sim.FillRatio, (4.0/10 + 1.0/10 + 3.0/3) / 3}, // B, C, A
		{sim.HandsError, (1.0/3 + 1.0/4) / 2},          // B: |3−4|/3, A: |4−3|/4
		{sim.HandsAttendanceCorr, 0.5},                 // hands 3, 0, 4 vs n 4, 1, 3
		{sim.TurnedAway, 3},
		{sim.Hops, 0},
		{sim.AlertShare, 1},
		{sim.SatisfactionMean, satMean},
		{sim.SatisfactionNone, satMean},
		{sim.SatisfactionIndustry, satMean}, // everyone's background is the zero one
		{sim.SatisfactionWest, math.NaN()},
		{sim.SatisfactionStudent, math.NaN()},
		{sim.SatisfactionP10, 0.7 * 0.5 * q(4)}, // sorted: 0, B×4, A×3; h = 0.7
		{sim.Conflicts, 1},                      // attendee 3's hands for A and B
		{sim.ConflictShare, 1},                  // … the only co-voted pair
		// Six attendees with hands; attendee 3 can act on one of two.
		{sim.Coverage, 5.5 / 6},
	} {
		got := r.Metrics[c.m]
		if !(math.Abs(got-c.want) < 1e-12 || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%v = %v, want %v", c.m, got, c.want)
		}
	}
	if g := r.Metrics[sim.SatisfactionGini]; !(g > 0 && g < 1) {
		t.Errorf("gini = %v, want in (0, 1)", g)
	}
}

// randomWorld is a small event with everything switched on: default choice,
// alertness and quality, stars, colleagues, jet-lagged visitors, someone
// away on day 2, and noisy hands.
func randomWorld(t testing.TB, seed uint64) *sim.World {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	cfg := flatConfig()
	cfg.Event = simtest.DefaultEvent()
	cfg.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: 20}, {Name: "Nook", Count: 3, Capacity: 6}}
	cfg.Event.Topics = cfg.Event.Topics[:6]
	cfg.Alertness, cfg.Choice, cfg.Quality = simtest.Alertness(), simtest.Choice(), simtest.Quality()
	const na, np = 40, 16
	interests := make([][]float64, na)
	for i := range interests {
		interests[i] = make([]float64, 6)
		for k := range interests[i] {
			u := r.Float64()
			interests[i][k] = u * u * u
		}
	}
	var props [][2]int
	for range np {
		props = append(props, [2]int{r.IntN(na), r.IntN(6)})
	}
	hands := make([][]int32, np)
	for p, pr := range props {
		for i := range na {
			if interests[i][pr[1]]/slices.Max(interests[i])+0.2*r.NormFloat64() > 0.55 {
				hands[p] = append(hands[p], int32(i))
			}
		}
	}
	w := world(t, cfg, interests, props, hands)
	w.Seed = seed
	for i := range w.Attendees {
		a := &w.Attendees[i]
		a.Affiliation = r.IntN(12)
		a.Background = sim.Background(r.IntN(sim.NumBackgrounds))
		a.Jetlag = []float64{0, 0, -9, 8}[r.IntN(4)]
		a.Sociability = r.Float64()
		a.Star = i%13 == 5
	}
	w.Attendees[3].Days = 1 // day 1 only
	return w
}

// randomSchedule is the random policy's schedule for w.
func randomSchedule(t testing.TB, w *sim.World, seed uint64) *sim.Schedule {
	t.Helper()
	s, err := policy.RandomSchedule(w.Input(), rand.NewPCG(seed, 1))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dump prints a Result so that NaNs compare equal.
func dump(r *sim.Result) string {
	return fmt.Sprintf("%v\n%+v\n%+v\n%v\n%v", *r.Schedule, r.Sessions, r.Slots, r.Satisfaction, r.Metrics)
}

func TestDeterministic(t *testing.T) {
	w := randomWorld(t, 1)
	a, b := randomSchedule(t, w, 1), randomSchedule(t, w, 2)
	fresh := func(s *sim.Schedule) string { return dump(evaluate(t, w, s)) }
	wantA, wantB := fresh(a), fresh(b)
	if wantA == wantB {
		t.Fatal("two random schedules gave the same result")
	}
	// One engine reused across schedules and worlds gives what fresh ones do.
	var e sim.Engine
	other := randomWorld(t, 2)
	for k, c := range []struct {
		w    *sim.World
		s    *sim.Schedule
		want string
	}{{w, a, wantA}, {other, randomSchedule(t, other, 3), ""}, {w, b, wantB}, {w, a, wantA}} {
		r, err := e.Evaluate(c.w, c.s)
		if err != nil {
			t.Fatal(err)
		}
		if c.want != "" && dump(r) != c.want {
			t.Errorf("run %d with a reused engine differs from a fresh engine", k)
		}
	}
	// A world rebuilt from the same seed gives the same result.
	if got := dump(evaluate(t, randomWorld(t, 1), a)); got != wantA {
		t.Error("same seed, same schedule: different results")
	}
	// Run = policy then Evaluate, reproducibly.
	pol := policy.Random{}
	r1, err1 := sim.Run(w, pol)
	r2, err2 := e.Run(w, pol)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if dump(r1) != dump(r2) {
		t.Error("Run twice: different results")
	}
	if r := evaluate(t, w, r1.Schedule); dump(r) != dump(r1) {
		t.Error("Run and Evaluate of its schedule differ")
	}
	if m := r1.Metrics; m[sim.Sessions] != 16 || !(m[sim.SatisfactionMean] > 0) || !(m[sim.NewTies] > 0) {
		t.Errorf("implausible metrics: %v", m)
	}
}

func TestModeratorsFixed(t *testing.T) {
	for _, c := range []struct {
		name  string
		away  bool
		twoFt bool
		want  string // attendance B, C, A; hops
	}{
		// Moderator 2 would rather be anywhere but alone in C.
		{name: "present", want: "[4 1 3] 0"},
		{name: "present, two feet", twoFt: true, want: "[4 1 3] 0"},
		// Away that day: C runs empty.
		{name: "away", away: true, want: "[4 0 3] 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, s := threeRooms(t)
			w.Config.Choice.TwoFeet = sim.TwoFeetConfig{Enabled: c.twoFt, Margin: 0}
			if c.away {
				w.Attendees[2].Days = 2 // day 2 only, of a one-day event
			}
			r := evaluate(t, w, s)
			if got := fmt.Sprint(attendance(r), r.Metrics[sim.Hops]); got != c.want {
				t.Errorf("attendance, hops = %s, want %s", got, c.want)
			}
			// Absentees are left out of satisfaction statistics.
			q := w.Config.Quality.Q
			want := (3*q(3) + 4*0.5*q(4)) / 8
			if c.away {
				want = (3*q(3) + 4*0.5*q(4)) / 7
			}
			if got := r.Metrics[sim.SatisfactionMean]; math.Abs(got-want) > 1e-12 {
				t.Errorf("satisfaction mean = %v, want %v", got, want)
			}
		})
	}
}

func TestDominantSession(t *testing.T) {
	for _, noise := range []float64{0, 1} {
		t.Run(fmt.Sprint("noise ", noise), func(t *testing.T) {
			cfg := flatConfig()
			cfg.Event.Rooms = rooms(60, 60, 60)
			cfg.Event.Topics = topics(3)
			cfg.Choice.Noise = noise
			cfg.Choice.Interest = 50 // dwarfs the Gumbel noise
			cfg.Choice.TwoFeet.Enabled = true
			// Everyone matches topic 0 fully, the others at 0.2: all but the two
			// other moderators end up in session 1.
			w := world(t, cfg, same(30, []float64{5, 1, 1}), [][2]int{{0, 1}, {1, 0}, {2, 2}}, nil)
			s := &sim.Schedule{Sessions: []sim.Session{{0, 0, 0}, {1, 0, 1}, {2, 0, 2}}}
			r := evaluate(t, w, s)
			if got, want := fmt.Sprint(attendance(r)), "[1 28 1]"; got != want {
				t.Errorf("attendance = %s, want %s", got, want)
			}
		})
	}
}

func TestTwoFeet(t *testing.T) {
	for _, c := range []struct {
		name    string
		enabled bool
		margin  float64
		want    string // attendance A, B; hops in A, out of B; hops
	}{
		{"small margin", true, 0.3, "[11 1] 1 1 1"},
		{"huge margin", true, 5, "[10 2] 0 0 0"},
		{"disabled", false, 0, "[10 2] 0 0 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := flatConfig()
			cfg.Event.Rooms = rooms(60, 60)
			cfg.Event.Topics = topics(2)
			cfg.Choice.TwoFeet = sim.TwoFeetConfig{Enabled: c.enabled, Margin: c.margin}
			// 0 moderates A, 1 moderates B; nine want A; attendee 11 slightly
			// prefers B (3 vs 2.7), finds it nearly empty (q(2) = 0.41) and
			// is worth 0.9·q(11) ≈ 0.9 in A.
			in := append([][]float64{{1, 0}, {0, 1}}, same(9, []float64{1, 0})...)
			in = append(in, []float64{0.9, 1})
			w := world(t, cfg, in, [][2]int{{0, 0}, {1, 1}}, nil)
			s := &sim.Schedule{Sessions: []sim.Session{{0, 0, 0}, {1, 0, 1}}}
			r := evaluate(t, w, s)
			got := fmt.Sprint(attendance(r), r.Sessions[0].HopsIn, r.Sessions[1].HopsOut, r.Metrics[sim.Hops])
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestTies(t *testing.T) {
	cfg := flatConfig()
	cfg.Event.Slots = []sim.SlotConfig{{Start: "09:00", Minutes: 60}, {Start: "10:00", Minutes: 60}}
	cfg.Event.Rooms = rooms(10, 10)
	cfg.Event.Topics = topics(3)
	cfg.Ties.Rate = 100 // every eligible pair ties
	// Session X (topic 0): moderator 0 and 1, 2 (colleagues) share the
	// interest; 3 is there at match 0.4 < 0.5. Session Y (topic 2): its
	// moderator 4 alone.
	w := world(t, cfg, [][]float64{{1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {0.4, 1, 0}, {0, 0, 1}},
		[][2]int{{0, 0}, {4, 2}, {0, 0}, {4, 2}}, nil)
	w.Attendees[2].Affiliation = 1
	w.Attendees[1].Background = sim.Academia
	s := &sim.Schedule{Sessions: []sim.Session{{0, 0, 0}, {1, 0, 1}, {2, 1, 0}, {3, 1, 1}}}
	r := evaluate(t, w, s)
	var got []int
	for _, x := range r.Sessions {
		got = append(got, x.NewTies)
	}
	// Slot 0: ties 0–1 (industry–academia) and 0–2; the colleagues 1–2 and
	// the uninterested 3 form none, nor does Y. Slot 1: the same people, all
	// already tied.
	if s := fmt.Sprint(attendance(r), got, r.Metrics[sim.NewTies], r.Metrics[sim.CrossBackgroundTies]); s != "[4 1 4 1] [2 0 0 0] 2 1" {
		t.Errorf("attendance, ties per session, ties, cross-background = %s, want [4 1 4 1] [2 0 0 0] 2 1", s)
	}
}

// TestTieRate checks min(1, rate/(n−1)^γ) over many pairs: in a session of
// n who all share the interest (no colleagues), the expected number of ties
// is n(n−1)/2 · min(1, rate/(n−1)^γ).
func TestTieRate(t *testing.T) {
	for _, c := range []struct {
		n           int
		rate, gamma float64
	}{{2, 0.5, 1}, {5, 0.5, 1}, {30, 0.5, 1}, {2, 0.5, 1.5}, {5, 0.5, 1.5}, {30, 2, 1.5}, {3, 4, 1.5}, {12, 0.3, 0}} {
		cfg := flatConfig()
		cfg.Event.Rooms = rooms(60)
		cfg.Ties.Rate, cfg.Ties.SizeExponent = c.rate, c.gamma
		w := world(t, cfg, same(c.n, []float64{1}), [][2]int{{0, 0}}, nil)
		s := &sim.Schedule{Sessions: []sim.Session{{0, 0, 0}}}
		total := 0.0
		const reps = 1000
		for seed := range uint64(reps) {
			w.Seed = seed
			total += evaluate(t, w, s).Metrics[sim.NewTies]
		}
		pairs := float64(c.n * (c.n - 1) / 2)
		p := math.Min(1, c.rate/math.Pow(float64(c.n-1), c.gamma))
		mean, want := total/reps, pairs*p
		// Independent pairs: sd per replicate sqrt(pairs·p(1−p)); 5
		// standard errors (and exact when p is 1).
		if tol := 5*math.Sqrt(pairs*p*(1-p)/reps) + 1e-9; math.Abs(mean-want) > tol {
			t.Errorf("n %d, rate %v, exponent %v: mean ties %.3f, want %.3f ± %.3f", c.n, c.rate, c.gamma, mean, want, tol)
		}
	}
}

func TestFatigueAndSlotRecords(t *testing.T) {
	cfg := flatConfig()
	cfg.Event.Days = 2
	// 09:00 and 10:00 back to back, then 13:00 after lunch.
	cfg.Event.Slots = []sim.SlotConfig{{Start: "09:00", Minutes: 60}, {Start: "10:00", Minutes: 60}, {Start: "13:00", Minutes: 60}}
	cfg.Alertness.Fatigue = 0.1
	cfg.Choice.Outside = 1
	// Attendee 4 (a west visitor) prefers the hallway (no interests);
	// attendee 5 comes on day 2 only.
	w := world(t, cfg, [][]float64{{1}, {1}, {1}, {1}, {0}, {1}},
		[][2]int{{0, 0}, {1, 0}, {2, 0}, {0, 0}, {1, 0}, {2, 0}}, nil)
	w.Attendees[4].Jetlag = -9
	w.Attendees[5].Days = 2
	var s sim.Schedule
	for p := range 6 {
		s.Sessions = append(s.Sessions, sim.Session{Proposal: p, Slot: p})
	}
	r := evaluate(t, w, &s)
	var got []string
	for _, x := range r.Slots {
		if x.Group != sim.NoJetlag && x.Group != sim.West {
			if x.OnSite != 0 || !math.IsNaN(x.Alertness) {
				t.Errorf("slot %d, group %v: %+v, want nobody", x.Slot, x.Group, x)
			}
			continue
		}
		got = append(got, fmt.Sprintf("%d%v:%d/%d@%.1f", x.Slot, x.Group, x.InSession, x.OnSite, x.Alertness))
	}
	want := "0none:4/4@1.0 0west:0/1@1.0 1none:4/4@0.9 1west:0/1@1.0 2none:4/4@1.0 2west:0/1@1.0 " +
		"3none:5/5@1.0 3west:0/1@1.0 4none:5/5@0.9 4west:0/1@1.0 5none:5/5@1.0 5west:0/1@1.0"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("slot records\n got %s\nwant %s", g, want)
	}
	// Attendee 5's satisfaction is a mean over day 2's three slots, and the
	// moderators' alertness enters their satisfaction.
	q := cfg.Quality.Q
	if got, want := r.Satisfaction[5], (q(5)+0.9*q(5)+q(5))/3; math.Abs(got-want) > 1e-12 {
		t.Errorf("satisfaction of the day-2 attendee = %v, want %v", got, want)
	}
	if got, want := r.Satisfaction[0], (q(4)+0.9*q(4)+q(4)+q(5)+0.9*q(5)+q(5))/6; math.Abs(got-want) > 1e-12 {
		t.Errorf("satisfaction of attendee 0 = %v, want %v", got, want)
	}
	if r.Satisfaction[4] != 0 {
		t.Errorf("hallway satisfaction = %v, want 0", r.Satisfaction[4])
	}
}

func TestInputsNotMutated(t *testing.T) {
	w := randomWorld(t, 3)
	s := randomSchedule(t, w, 3)
	clone := func() (sim.Config, sim.Event, []sim.Attendee, []sim.Proposal, sim.Votes, sim.Schedule) {
		atts := slices.Clone(w.Attendees)
		for i := range atts {
			atts[i].Interests = slices.Clone(atts[i].Interests)
		}
		ev := *w.Event
		ev.Slots, ev.Rooms, ev.Topics = slices.Clone(ev.Slots), slices.Clone(ev.Rooms), slices.Clone(ev.Topics)
		v := sim.Votes{ByProposal: slices.Clone(w.Votes.ByProposal), ByAttendee: slices.Clone(w.Votes.ByAttendee)}
		for i := range v.ByProposal {
			v.ByProposal[i] = slices.Clone(v.ByProposal[i])
		}
		for i := range v.ByAttendee {
			v.ByAttendee[i] = slices.Clone(v.ByAttendee[i])
		}
		return *w.Config, ev, atts, slices.Clone(w.Proposals), v, sim.Schedule{Sessions: slices.Clone(s.Sessions)}
	}
	c0, e0, a0, p0, v0, s0 := clone()
	if _, err := sim.Run(w, policy.Random{}); err != nil {
		t.Fatal(err)
	}
	r := evaluate(t, w, s)
	r.Schedule.Sessions[0].Room = -7 // the Result's schedule is a copy
	c1, e1, a1, p1, v1, s1 := clone()
	for _, c := range []struct {
		name string
		a, b any
	}{{"config", c0, c1}, {"event", e0, e1}, {"attendees", a0, a1}, {"proposals", p0, p1}, {"votes", v0, v1}, {"schedule", s0, s1}} {
		if !reflect.DeepEqual(c.a, c.b) {
			t.Errorf("%s modified", c.name)
		}
	}
}

// TestHandMetricsMatchScore checks that the engine's hand metrics, taken
// from the scheduled proposals' hands, are HandCoverage, HandConflictPairs
// and HandScore bit for bit, with some proposals left out.
func TestHandMetricsMatchScore(t *testing.T) {
	bits := func(x float64) uint64 { return math.Float64bits(x) }
	for seed := range uint64(20) {
		w := randomWorld(t, seed)
		w.Baseline = sim.Baseline{Random: 0.5, Best: 40}
		s := randomSchedule(t, w, seed)
		s.Sessions = s.Sessions[:len(s.Sessions)*int(seed%4+1)/4]
		r := evaluate(t, w, s)
		conflicts, pairs := sim.HandConflictPairs(w.Event, &w.Votes, s)
		share := math.NaN()
		if pairs > 0 {
			share = float64(conflicts) / float64(pairs)
		}
		for _, c := range []struct {
			m    sim.Metric
			want float64
		}{
			{sim.Coverage, sim.HandCoverage(w.Event, &w.Votes, s)},
			{sim.Conflicts, float64(conflicts)},
			{sim.ConflictShare, share},
			{sim.QualityVsRandom, (sim.HandScore(w, s) - 0.5) / (40 - 0.5)},
		} {
			if got := r.Metrics[c.m]; bits(got) != bits(c.want) {
				t.Errorf("seed %d, %d sessions: %v = %v, want %v", seed, len(s.Sessions), c.m, got, c.want)
			}
		}
	}
}

func TestEvaluateRejects(t *testing.T) {
	w := randomWorld(t, 4)
	good := randomSchedule(t, w, 4)
	with := func(f func(s []sim.Session) []sim.Session) *sim.Schedule {
		return &sim.Schedule{Sessions: f(slices.Clone(good.Sessions))}
	}
	for _, c := range []struct {
		name  string
		s     *sim.Schedule
		w     func(w *sim.World)
		world bool // want ErrWorld
	}{
		{name: "nil schedule"},
		{name: "room double-booked", s: with(func(s []sim.Session) []sim.Session {
			s[1].Slot, s[1].Room = s[0].Slot, s[0].Room
			return s
		})},
		{name: "proposal twice", s: with(func(s []sim.Session) []sim.Session {
			s[1].Proposal = s[0].Proposal
			return s
		})},
		{name: "unknown proposal", s: with(func(s []sim.Session) []sim.Session {
			s[0].Proposal = 99
			return s
		})},
		{name: "slot out of range", s: with(func(s []sim.Session) []sim.Session {
			s[0].Slot = 6
			return s
		})},
		{name: "attendee ID", s: good, w: func(w *sim.World) { w.Attendees[2].ID = 7 }, world: true},
		{name: "proposer", s: good, w: func(w *sim.World) { w.Proposals[2].Proposer = -1 }, world: true},
		{name: "votes", s: good, w: func(w *sim.World) { w.Votes.ByProposal = w.Votes.ByProposal[:3] }, world: true},
		{name: "voter", s: good, w: func(w *sim.World) {
			p := good.Sessions[0].Proposal
			w.Votes.ByProposal[p] = append(slices.Clone(w.Votes.ByProposal[p]), 99)
		}, world: true},
		{name: "interests", s: good, w: func(w *sim.World) { w.Attendees[0].Interests = nil }, world: true},
		{name: "no config", s: good, w: func(w *sim.World) { w.Config = nil }, world: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := randomWorld(t, 4)
			if c.w != nil {
				c.w(w)
			}
			var e sim.Engine
			r, err := e.Evaluate(w, c.s)
			if err == nil || r != nil {
				t.Fatalf("Evaluate = %v, %v; want an error", r, err)
			}
			if errors.Is(err, sim.ErrWorld) != c.world {
				t.Errorf("error %q: wraps ErrWorld = %v, want %v", err, !c.world, c.world)
			}
			if !strings.HasPrefix(err.Error(), "sim: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// TestEvaluateRejectsHands checks that a hand for a proposal outside the
// world, below 0 or at the number of proposals, and a scheduled
// proposal's hand of an attendee outside it, are ErrWorld.
func TestEvaluateRejectsHands(t *testing.T) {
	for _, a := range []int32{-1, math.MinInt32, 40, math.MaxInt32} {
		w := randomWorld(t, 4)
		s := randomSchedule(t, w, 4)
		p := s.Sessions[0].Proposal
		w.Votes.ByProposal[p] = append(slices.Clone(w.Votes.ByProposal[p]), a)
		var e sim.Engine
		if r, err := e.Evaluate(w, s); !errors.Is(err, sim.ErrWorld) || r != nil {
			t.Errorf("hand of attendee %d: Evaluate = %v, %v; want ErrWorld", a, r, err)
		}
	}
	for _, p := range []int32{-1, math.MinInt32, 16, math.MaxInt32} {
		w := randomWorld(t, 4)
		if len(w.Proposals) != 16 {
			t.Fatalf("%d proposals, want 16", len(w.Proposals))
		}
		s := randomSchedule(t, w, 4)
		var e sim.Engine
		// Among 0 to 9 good hands, at every place: the hands are checked
		// four at a time, then one by one.
		for n := range 10 {
			for x := range n + 1 {
				good := make([]int32, n)
				for k := range good {
					good[k] = int32(k)
				}
				w.Votes.ByAttendee[3] = slices.Insert(slices.Clone(good), x, p)
				if r, err := e.Evaluate(w, s); !errors.Is(err, sim.ErrWorld) || r != nil {
					t.Errorf("hand for proposal %d at %d of %d: Evaluate = %v, %v; want ErrWorld", p, x, n+1, r, err)
				}
				w.Votes.ByAttendee[3] = good
				if _, err := e.Evaluate(w, s); err != nil {
					t.Errorf("without the hand for proposal %d: %v", p, err)
				}
			}
		}
	}
}

func TestRunPolicyErrors(t *testing.T) {
	w := randomWorld(t, 5)
	boom := errors.New("boom")
	for _, c := range []struct {
		name string
		p    sim.PolicyFunc
	}{
		{"policy error", func(*sim.Input, rand.Source) (*sim.Schedule, error) { return nil, boom }},
		{"no schedule", func(*sim.Input, rand.Source) (*sim.Schedule, error) { return nil, nil }},
		{"broken schedule", func(*sim.Input, rand.Source) (*sim.Schedule, error) {
			return &sim.Schedule{Sessions: []sim.Session{{0, 0, 0}, {1, 0, 0}}}, nil
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := sim.Run(w, c.p)
			if err == nil || r != nil {
				t.Fatalf("Run = %v, %v; want an error", r, err)
			}
			if c.name == "policy error" && !errors.Is(err, boom) {
				t.Errorf("error %q does not wrap the policy's", err)
			}
		})
	}
}
