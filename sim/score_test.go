package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGini(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []float64
		want float64
	}{
		{"empty", nil, 0},
		{"all equal", []float64{1, 1, 1}, 0},
		{"all zero", []float64{0, 0}, 0},
		{"one holds all of three", []float64{0, 0, 1}, 2.0 / 3},
		{"one holds all of two", []float64{1, 0}, 0.5},
		{"1 to 4", []float64{4, 1, 3, 2}, 0.25}, // Σ|d| = 20 over 2·16·2.5
		{"single", []float64{5}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]float64(nil), tc.x...)
			if got := Gini(tc.x); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Gini(%v) = %v, want %v", tc.x, got, tc.want)
			}
			for i := range in {
				if in[i] != tc.x[i] {
					t.Fatalf("Gini modified its input: %v, was %v", tc.x, in)
				}
			}
		})
	}
}

func TestGiniMatchesPairDefinition(t *testing.T) {
	x := []float64{0.3, 0.1, 0.9, 0.9, 0, 0.45, 0.2}
	n, mean, sum := float64(len(x)), 0.0, 0.0
	for _, v := range x {
		mean += v / n
	}
	for _, a := range x {
		for _, b := range x {
			sum += math.Abs(a - b)
		}
	}
	want := sum / (2 * n * n * mean)
	if got := Gini(x); math.Abs(got-want) > 1e-12 {
		t.Errorf("Gini(%v) = %v, want %v from the pair definition", x, got, want)
	}
}

func TestSpearman(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float64
		want float64 // NaN: want NaN
	}{
		{"perfect", []float64{1, 2, 3}, []float64{10, 20, 30}, 1},
		{"monotone", []float64{1, 2, 3, 4}, []float64{1, 4, 9, 100}, 1},
		{"reversed", []float64{1, 2, 3, 4}, []float64{8, 6, 4, 2}, -1},
		// ranks x = 1, 2.5, 2.5, 4: r = 4.5/√(4.5·5).
		{"ties", []float64{1, 2, 2, 3}, []float64{1, 2, 3, 4}, 4.5 / math.Sqrt(22.5)},
		{"constant", []float64{1, 2, 3}, []float64{5, 5, 5}, math.NaN()},
		{"one point", []float64{1}, []float64{2}, math.NaN()},
		{"empty", nil, nil, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Spearman(tc.x, tc.y)
			if math.IsNaN(tc.want) {
				if !math.IsNaN(got) {
					t.Errorf("Spearman(%v, %v) = %v, want NaN", tc.x, tc.y, got)
				}
				return
			}
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Spearman(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
			}
		})
	}
}

func TestQuantile(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	for _, tc := range []struct {
		x    []float64
		p    float64
		want float64
	}{
		{x, 0.5, 2.5}, // gonum's type 4 gives 2
		{x, 0, 1},
		{x, 1, 4},
		{x, 0.25, 1.75},
		{x, 0.1, 1.3},
		{[]float64{7}, 0.3, 7},
		{nil, 0.5, math.NaN()},
	} {
		got := Quantile(tc.x, tc.p)
		if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-12) {
			t.Errorf("Quantile(%v, %v) = %v, want %v", tc.x, tc.p, got, tc.want)
		}
	}
}

// toyWorld is a one-day event with two slots and two rooms, four proposals
// on topics 0..3 and four attendees:
//
//	proposal  proposer  topic   hands
//	P0        0         0       a1 a2
//	P1        1         1       a0 a2
//	P2        2         2       a0 a1
//	P3        0         3       a1
//
// Attendee 3 raised no hand.
func toyWorld(t testing.TB) *World {
	t.Helper()
	ev, err := NewEvent(&EventConfig{
		Days:      1,
		StartDate: "2017-12-01",
		Slots:     []SlotConfig{{Start: "09:30", Minutes: 60}, {Start: "11:00", Minutes: 60}},
		Rooms:     []RoomGroup{{Name: "Room", Count: 2, Capacity: 10}},
		Topics: []TopicConfig{
			{Name: "A", Popularity: 1}, {Name: "B", Popularity: 1},
			{Name: "C", Popularity: 1}, {Name: "D", Popularity: 1},
		},
	}, 90)
	if err != nil {
		t.Fatal(err)
	}
	person := func(id int, in ...float64) Attendee {
		m := 0.0
		for _, v := range in {
			m = math.Max(m, v)
		}
		return Attendee{ID: id, Interests: in, MaxInterest: m, Affiliation: id}
	}
	w := &World{
		Config: &Config{Metrics: MetricsConfig{RandomSchedules: 50}},
		Event:  ev,
		Attendees: []Attendee{
			person(0, 0.1, 0.4, 0.3, 0.2),
			person(1, 0.5, 0, 0.2, 0.3),
			person(2, 0.3, 0.6, 0.1, 0),
			person(3, 0.25, 0.25, 0.25, 0.25),
		},
		Proposals: []Proposal{
			{ID: 0, Proposer: 0, Topic: 0, Second: -1, Title: "A"},
			{ID: 1, Proposer: 1, Topic: 1, Second: -1, Title: "B"},
			{ID: 2, Proposer: 2, Topic: 2, Second: -1, Title: "C"},
			{ID: 3, Proposer: 0, Topic: 3, Second: -1, Title: "D"},
		},
		Votes: Votes{
			ByProposal: [][]int32{{1, 2}, {0, 2}, {0, 1}, {1}},
			ByAttendee: [][]int32{{1, 2}, {0, 2, 3}, {0, 1}, nil},
		},
		Seed: 1,
	}
	return w
}

// Toy schedules: slots {P0 P1 | P2 P3}, {P0 P2 | P1 P3}, and one that
// leaves P3 out.
var (
	toyPairs = &Schedule{Sessions: []Session{{0, 0, 0}, {1, 0, 1}, {2, 1, 0}, {3, 1, 1}}}
	toyBest  = &Schedule{Sessions: []Session{{0, 0, 0}, {2, 0, 1}, {1, 1, 0}, {3, 1, 1}}}
	toyNoP3  = &Schedule{Sessions: []Session{{0, 0, 0}, {1, 0, 1}, {2, 1, 0}}}
	toyEmpty = &Schedule{}
)

func TestHandCoverageAndConflicts(t *testing.T) {
	w := toyWorld(t)
	for _, tc := range []struct {
		name      string
		s         *Schedule
		coverage  float64
		conflicts int
		// pairs of scheduled sessions sharing a voter, counted per voter
		pairs int
	}{
		// a0: 2 slots / 2 hands; a1: 2/3; a2: 1/2 (P0, P1 clash).
		// Conflicts: a2 on (P0, P1), a1 on (P2, P3). Pairs: a0 1, a1 3,
		// a2 1.
		{"pairs", toyPairs, (1 + 2.0/3 + 0.5) / 3, 2, 5},
		// a0: 2/2; a1: P0, P2 clash, P3 alone: 2/3; a2: 2/2.
		// Conflicts: a1 on (P0, P2).
		{"best", toyBest, (1 + 2.0/3 + 1) / 3, 1, 5},
		// a1: P3 not scheduled: 2/3 still; conflicts: only a2. Pairs: a1
		// has two scheduled hands left.
		{"without P3", toyNoP3, (1 + 2.0/3 + 0.5) / 3, 1, 3},
		{"empty", toyEmpty, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.s.Check(w.Event, w.Proposals); err != nil {
				t.Fatal(err)
			}
			if got := HandCoverage(w.Event, &w.Votes, tc.s); math.Abs(got-tc.coverage) > 1e-12 {
				t.Errorf("HandCoverage = %v, want %v", got, tc.coverage)
			}
			if got := HandConflicts(w.Event, &w.Votes, tc.s); got != tc.conflicts {
				t.Errorf("HandConflicts = %d, want %d", got, tc.conflicts)
			}
			if c, p := HandConflictPairs(w.Event, &w.Votes, tc.s); c != tc.conflicts || p != tc.pairs {
				t.Errorf("HandConflictPairs = %d, %d, want %d, %d", c, p, tc.conflicts, tc.pairs)
			}
		})
	}
}

func TestHandCoverageNoHands(t *testing.T) {
	w := toyWorld(t)
	v := &Votes{ByProposal: make([][]int32, 4), ByAttendee: make([][]int32, 4)}
	if got := HandCoverage(w.Event, v, toyPairs); !math.IsNaN(got) {
		t.Errorf("HandCoverage with no hands = %v, want NaN", got)
	}
}

func TestHandScoreAndBounds(t *testing.T) {
	w := toyWorld(t)
	for _, tc := range []struct {
		name string
		s    *Schedule
		want float64
	}{
		// a0: P1 1 + P2 .75; a1: P0 1 + max(P2 .4, P3 .6); a2: max(P0 .5, P1 1).
		{"pairs", toyPairs, 1.75 + 1.6 + 1},
		// a0: .75 + 1; a1: 1 + .6; a2: .5 + 1.
		{"best", toyBest, 1.75 + 1.6 + 1.5},
		{"without P3", toyNoP3, 1.75 + 1.4 + 1},
		{"empty", toyEmpty, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HandScore(w, tc.s); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("HandScore = %v, want %v", got, tc.want)
			}
		})
	}

	if best := BestHandScore(w); math.Abs(best-4.85) > 1e-12 {
		t.Errorf("BestHandScore = %v, want 4.85", best)
	}
	// MeanHandScore adds in HandScore's order: the same bits as scoring
	// one by one.
	ss := []*Schedule{toyPairs, toyBest, toyNoP3, toyEmpty}
	flat := make([]Schedule, len(ss))
	want := 0.0
	for i, s := range ss {
		flat[i] = *s
		want += HandScore(w, s)
	}
	want /= float64(len(ss))
	if got := MeanHandScore(w, flat); got != want {
		t.Errorf("MeanHandScore = %v, want %v", got, want)
	}
	if got := MeanHandScore(w, nil); !math.IsNaN(got) {
		t.Errorf("MeanHandScore of no schedule = %v, want NaN", got)
	}
}

// TestRankerReuse checks that a ranker kept across calls gives a fresh
// one's answer bit for bit whatever the lengths
// before, and allocates nothing once its buffers are grown.
func TestRankerReuse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var kept ranker
	for _, n := range []int{30, 5, 2, 17, 30, 3} {
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = float64(r.IntN(6)) // ties
			y[i] = float64(r.IntN(40))
		}
		var fresh ranker
		if got, want := kept.spearman(x, y), fresh.spearman(x, y); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("n = %d: kept ranker %v, fresh %v", n, got, want)
		}
	}
	x, y := make([]float64, 20), make([]float64, 20)
	for i := range x {
		x[i], y[i] = float64(i%7), float64(i)
	}
	if a := testing.AllocsPerRun(10, func() { kept.spearman(x, y) }); a != 0 {
		t.Errorf("spearman with grown buffers: %v allocations, want 0", a)
	}
}

// TestScoresShortInterests checks that the baseline's scores read an
// attendee's interests as HandScore does: one who lacks the topic of a
// hand makes both panic (index out of range) rather than score it as 0,
// and one who lacks only topics of proposals without their hands is
// scored as by HandScore.
func TestScoresShortInterests(t *testing.T) {
	panics := func(f func()) (p bool) {
		defer func() { p = recover() != nil }()
		f()
		return false
	}
	w := toyWorld(t)
	w.Attendees[2].Interests = w.Attendees[2].Interests[:3] // hands for P0 and P1: topics 0, 1
	flat := []Schedule{*toyPairs, *toyBest}
	want := (HandScore(w, toyPairs) + HandScore(w, toyBest)) / 2
	if got := MeanHandScore(w, flat); got != want {
		t.Errorf("MeanHandScore with a short interest vector = %v, want %v", got, want)
	}
	w.Attendees[2].Interests = w.Attendees[2].Interests[:1] // lacks topic 1 of P1
	if !panics(func() { HandScore(w, toyPairs) }) {
		t.Fatal("HandScore of an attendee without a hand's topic: want a panic")
	}
	if !panics(func() { MeanHandScore(w, flat) }) {
		t.Error("MeanHandScore of an attendee without a hand's topic: want a panic, as HandScore")
	}
}
