package sim_test

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
)

func TestWrapOffset(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0, 0},
		{-9, -9},      // Norway (+1) to California (-8): flew west
		{-16, 8},      // East Asia (+8) to California: 8 h east
		{-13.5, 10.5}, // India (+5.5) to California
		{-18, 6},      // Australia (+10) to California
		{3, 3},        // US East (-5) to ... a venue at -2
		{12, -12},     // the boundary belongs to the west side
		{-12, -12},    //
		{11.5, 11.5},  //
		{24, 0},       //
		{-24, 0},      //
		{36.5, -11.5}, //
		{-26, -2},     //
		{100, 4},      // 100 − 4·24
	} {
		got := sim.WrapOffset(tc.in)
		if math.Abs(got-tc.want) > 1e-12 || got < -12 || got >= 12 {
			t.Errorf("WrapOffset(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	for _, in := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := sim.WrapOffset(in); !math.IsNaN(got) {
			t.Errorf("WrapOffset(%v) = %v, want NaN", in, got)
		}
	}
	// Just below −12 must not come back as +12.
	if got := sim.WrapOffset(math.Nextafter(-12, -13)); got < -12 || got >= 12 {
		t.Errorf("WrapOffset(just below -12) = %v, want in [-12, 12)", got)
	}
}

func TestGroup(t *testing.T) {
	for _, tc := range []struct {
		jetlag, threshold float64
		want              sim.JetlagGroup
	}{
		{-9, 3, sim.West},
		{-3, 3, sim.West}, // at the threshold counts
		{-2.9, 3, sim.NoJetlag},
		{0, 3, sim.NoJetlag},
		{2.9, 3, sim.NoJetlag},
		{3, 3, sim.East},
		{10.5, 3, sim.East},
		{-12, 3, sim.West},
		{0, 0, sim.NoJetlag}, // locals stay local at threshold 0
		{-0.5, 0, sim.West},
		{0.5, 0, sim.East},
		{-9, 10, sim.NoJetlag},
	} {
		a := sim.Attendee{Jetlag: tc.jetlag}
		if got := a.Group(tc.threshold); got != tc.want {
			t.Errorf("jet lag %v, threshold %v: group %v, want %v", tc.jetlag, tc.threshold, got, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	a := sim.Attendee{Interests: []float64{0.5, 0.25, 0.2, 0.05, 0}, MaxInterest: 0.5}
	for _, tc := range []struct {
		main, second int
		want         float64
	}{
		{0, -1, 1},
		{1, -1, 0.5},
		{1, 0, 1},   // the better of the two topics counts
		{0, 1, 1},   //
		{2, 3, 0.4}, //
		{3, 2, 0.4}, //
		{4, -1, 0},
		{4, 4, 0},
		{3, -1, 0.1},
	} {
		if got := a.Match(tc.main, tc.second); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Match(%d, %d) = %v, want %v", tc.main, tc.second, got, tc.want)
		}
	}
	none := sim.Attendee{Interests: []float64{0, 0}}
	if got := none.Match(0, 1); got != 0 {
		t.Errorf("Match of an attendee without interests = %v, want 0", got)
	}
}

func TestInterestOrder(t *testing.T) {
	for _, tc := range []struct {
		interests []float64
		want      []int
	}{
		{[]float64{0.1, 0.5, 0.2, 0.2}, []int{1, 2, 3, 0}}, // ties in topic order
		{[]float64{0, 0, 0}, []int{0, 1, 2}},
		{[]float64{0.3}, []int{0}},
		{nil, []int{}},
	} {
		a := sim.Attendee{Interests: tc.interests}
		buf := make([]int, 7) // reused, longer than needed
		if got := a.InterestOrder(buf); !slices.Equal(got, tc.want) {
			t.Errorf("InterestOrder of %v = %v, want %v", tc.interests, got, tc.want)
		}
	}
	// Against a stable sort by decreasing interest, with many ties and
	// more topics than a sort handles by insertion alone.
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 500 {
		a := sim.Attendee{Interests: make([]float64, r.IntN(50))}
		for t := range a.Interests {
			a.Interests[t] = float64(r.IntN(6)) / 5
		}
		want := make([]int, len(a.Interests))
		for t := range want {
			want[t] = t
		}
		slices.SortStableFunc(want, func(x, y int) int { return cmp.Compare(a.Interests[y], a.Interests[x]) })
		if got := a.InterestOrder(nil); !slices.Equal(got, want) {
			t.Fatalf("trial %d: InterestOrder of %v = %v, want %v", trial, a.Interests, got, want)
		}
	}
}

func TestOnSite(t *testing.T) {
	for _, tc := range []struct {
		days uint64
		day  int
		want bool
	}{
		{0, 0, true}, {0, 5, true},
		{0b01, 0, true}, {0b01, 1, false},
		{0b10, 0, false}, {0b10, 1, true},
		{0b11, 1, true},
	} {
		a := sim.Attendee{Days: tc.days}
		if got := a.OnSite(tc.day); got != tc.want {
			t.Errorf("Days %b: OnSite(%d) = %v, want %v", tc.days, tc.day, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	for b := sim.Background(0); b < sim.NumBackgrounds; b++ {
		got, err := sim.ParseBackground(b.String())
		if err != nil || got != b {
			t.Errorf("ParseBackground(%q) = %v, %v; want %v", b.String(), got, err, b)
		}
	}
	for s := sim.Seniority(0); s < sim.NumSeniorities; s++ {
		got, err := sim.ParseSeniority(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeniority(%q) = %v, %v; want %v", s.String(), got, err, s)
		}
	}
	if _, err := sim.ParseBackground("government"); err == nil {
		t.Error("ParseBackground(government): no error")
	}
	if _, err := sim.ParseSeniority("intern"); err == nil {
		t.Error("ParseSeniority(intern): no error")
	}
	for _, tc := range []struct{ got, want string }{
		{sim.Background(9).String(), "Background(9)"},
		{sim.Seniority(9).String(), "Seniority(9)"},
		{sim.JetlagGroup(9).String(), "JetlagGroup(9)"},
		{sim.West.String(), "west"},
		{sim.NoJetlag.String(), "none"},
	} {
		if tc.got != tc.want {
			t.Errorf("String() = %q, want %q", tc.got, tc.want)
		}
	}
}
