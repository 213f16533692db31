package agents_test

import (
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
)

// large draws a large default population once per test.
func large(t *testing.T, n int, edit func(*sim.AttendeesConfig)) []sim.Attendee {
	t.Helper()
	c := defaultConfig()
	c.Count = n
	if edit != nil {
		edit(&c)
	}
	pop, err := agents.Generate(&c, popularity, venue, src(1))
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if len(pop) != n {
		t.Fatalf("Generate returned %d attendees, want %d", len(pop), n)
	}
	return pop
}

func TestGenerateMixes(t *testing.T) {
	t.Logf("seed %d", *seed)
	const n = 20000
	c := defaultConfig()
	pop := large(t, n, nil)

	var bg [sim.NumBackgrounds]float64
	var sen [sim.NumSeniorities]float64
	origins := map[float64]float64{}
	visitors := 0.0
	for _, a := range pop {
		bg[a.Background]++
		sen[a.Seniority]++
		if a.HomeOffset != venue {
			visitors++
			origins[a.HomeOffset]++
		}
	}
	// Standard error of a share p over n draws is sqrt(p(1-p)/n) ≤ 0.0036
	// here; 0.015 is over four of them.
	const tol = 0.015
	check := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s: share %.4f, want %.4f ± %.3f", what, got, want, tol)
		}
	}
	for b, w := range c.Backgrounds.Weights() {
		check("background "+sim.Background(b).String(), bg[b]/n, w, tol)
	}
	for s, w := range c.Seniority.Weights() {
		check("seniority "+sim.Seniority(s).String(), sen[s]/n, w, tol)
	}
	check("visitors", visitors/n, c.VisitorShare, tol)
	// About 9,000 visitors: standard error ≤ 0.0053, tolerance 0.025.
	for _, o := range c.Origins {
		check("origin "+o.Name, origins[o.UTCOffset]/visitors, o.Share, 0.025)
	}
	if len(origins) != len(c.Origins) {
		t.Errorf("visitors come from %d offsets, want the %d origins", len(origins), len(c.Origins))
	}
}

func TestGenerateContinuous(t *testing.T) {
	t.Logf("seed %d", *seed)
	const n = 20000
	c := defaultConfig()
	pop := large(t, n, nil)

	// Sociability ~ Beta(2, 2): mean 0.5, sd 0.224, standard error 0.0016.
	soc := 0.0
	for _, a := range pop {
		if a.Sociability < 0 || a.Sociability > 1 {
			t.Fatalf("attendee %d: sociability %v outside [0, 1]", a.ID, a.Sociability)
		}
		soc += a.Sociability
	}
	if got := soc / n; math.Abs(got-0.5) > 0.01 {
		t.Errorf("mean sociability %.4f, want 0.5 ± 0.01", got)
	}

	// Propensity / level value is log-normal with median 1, σ 0.3: the
	// median of n draws has standard error about 1.25σ/sqrt(n) = 0.003.
	ratio := make([]float64, n)
	level := c.Propensity.Weights()
	for i, a := range pop {
		ratio[i] = a.Propensity / level[a.Seniority]
	}
	sort.Float64s(ratio)
	if med := ratio[n/2]; math.Abs(med-1) > 0.015 {
		t.Errorf("median propensity factor %.4f, want 1 ± 0.015", med)
	}
	var logs []float64
	for _, r := range ratio {
		logs = append(logs, math.Log(r))
	}
	if sd := stdDev(logs); math.Abs(sd-agents.PropensitySigma) > 0.01 {
		t.Errorf("sd of log propensity factor %.4f, want %.2f ± 0.01", sd, agents.PropensitySigma)
	}

	// Mean interest in topic t is p_t / Σp (Dirichlet mean); the standard
	// error is below 0.0008 for every topic at concentration 0.3.
	sum := 0.0
	for _, p := range popularity {
		sum += p
	}
	mean := make([]float64, len(popularity))
	for _, a := range pop {
		for t, v := range a.Interests {
			mean[t] += v / n
		}
	}
	for tp, p := range popularity {
		if want := p / sum; math.Abs(mean[tp]-want) > 0.004 {
			t.Errorf("topic %d: mean interest %.4f, want %.4f ± 0.004", tp, mean[tp], want)
		}
	}

	// Affiliations follow w_k = 1/(k+1): organisation 0 holds 1/H(60) ≈ 21%
	// of attendees, organisation 1 half of that.
	aff := make([]float64, c.Affiliations)
	for _, a := range pop {
		if a.Affiliation < 0 || a.Affiliation >= c.Affiliations {
			t.Fatalf("attendee %d: affiliation %d outside [0, %d)", a.ID, a.Affiliation, c.Affiliations)
		}
		aff[a.Affiliation]++
	}
	h := 0.0
	for k := 1; k <= c.Affiliations; k++ {
		h += 1 / float64(k)
	}
	for k := 0; k < 3; k++ {
		want := 1 / float64(k+1) / h
		if got := aff[k] / n; math.Abs(got-want) > 0.015 {
			t.Errorf("affiliation %d: share %.4f, want %.4f ± 0.015", k, got, want)
		}
	}
}

func stdDev(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

func TestGenerateInterests(t *testing.T) {
	t.Logf("seed %d", *seed)
	const n = 5000
	for _, tc := range []struct {
		conc float64
		// bounds on the mean of the largest interest and on the mean number
		// of topics holding more than 1% of an attendee's interest.
		maxLo, maxHi     float64
		topicsLo, topics float64
	}{
		{conc: 1e-4, maxLo: 0.99, maxHi: 1, topicsLo: 1, topics: 1.05},
		{conc: 0.01, maxLo: 0.85, maxHi: 0.95, topicsLo: 1.3, topics: 2.0},
		{conc: 0.3, maxLo: 0.3, maxHi: 0.45, topicsLo: 7, topics: 11},
		{conc: 10, maxLo: 0.08, maxHi: 0.16, topicsLo: 15, topics: 16},
	} {
		pop := large(t, n, func(c *sim.AttendeesConfig) { c.InterestConcentration = tc.conc })
		meanMax, meanTopics := 0.0, 0.0
		for _, a := range pop {
			if len(a.Interests) != len(popularity) {
				t.Fatalf("concentration %v: %d interests, want %d", tc.conc, len(a.Interests), len(popularity))
			}
			sum, max, topics := 0.0, 0.0, 0
			for _, v := range a.Interests {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("concentration %v, attendee %d: interest %v outside [0, 1]", tc.conc, a.ID, v)
				}
				sum += v
				max = math.Max(max, v)
				if v > 0.01 {
					topics++
				}
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("concentration %v, attendee %d: interests sum to %v, want 1", tc.conc, a.ID, sum)
			}
			if a.MaxInterest != max {
				t.Fatalf("concentration %v, attendee %d: MaxInterest %v, want %v", tc.conc, a.ID, a.MaxInterest, max)
			}
			meanMax += max / n
			meanTopics += float64(topics) / n
		}
		t.Logf("concentration %v: mean max interest %.3f, mean topics over 1%% %.2f", tc.conc, meanMax, meanTopics)
		if meanMax < tc.maxLo || meanMax > tc.maxHi {
			t.Errorf("concentration %v: mean largest interest %.3f, want in [%v, %v]", tc.conc, meanMax, tc.maxLo, tc.maxHi)
		}
		if meanTopics < tc.topicsLo || meanTopics > tc.topics {
			t.Errorf("concentration %v: mean topics over 1%% %.2f, want in [%v, %v]", tc.conc, meanTopics, tc.topicsLo, tc.topics)
		}
	}
}

// TestGenerateTinyConcentration checks that as the concentration goes to 0
// (where gamma draws underflow and the one-hot fallback takes over) the
// favourite topic is still drawn in proportion to popularity.
func TestGenerateTinyConcentration(t *testing.T) {
	t.Logf("seed %d", *seed)
	const n = 20000
	sum := 0.0
	for _, p := range popularity {
		sum += p
	}
	for _, conc := range []float64{1e-6, 1e-4, 0.01} {
		pop := large(t, n, func(c *sim.AttendeesConfig) { c.InterestConcentration = conc })
		fav := make([]float64, len(popularity))
		for _, a := range pop {
			best := 0
			for t, v := range a.Interests {
				if v > a.Interests[best] {
					best = t
				}
			}
			fav[best]++
		}
		// Standard error ≤ 0.0021 per topic; tolerance 0.01.
		for tp, p := range popularity {
			if got, want := fav[tp]/n, p/sum; math.Abs(got-want) > 0.01 {
				t.Errorf("concentration %v: topic %d is the favourite of %.4f, want %.4f ± 0.01", conc, tp, got, want)
			}
		}
	}
}

func TestGenerateZeroPopularityTopic(t *testing.T) {
	pop := append([]float64(nil), popularity...)
	pop[3] = 0
	c := defaultConfig()
	c.Count = 2000
	as, err := agents.Generate(&c, pop, venue, src(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Interests[3] != 0 {
			t.Fatalf("attendee %d: interest %v in a topic of popularity 0, want 0", a.ID, a.Interests[3])
		}
	}
	// A single topic: everyone is fully interested in it.
	as, err = agents.Generate(&c, []float64{0.5}, venue, src(2))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Interests[0] != 1 || a.MaxInterest != 1 {
			t.Fatalf("one topic: attendee %d has interests %v (max %v), want [1]", a.ID, a.Interests, a.MaxInterest)
		}
	}
}

func TestGenerateStars(t *testing.T) {
	for _, tc := range []struct {
		name      string
		count     int
		share     float64
		leader    float64 // seniority weight of leaders
		wantStars func(leaders int) int
	}{
		{"default", 200, 0.02, 0.10, func(int) int { return 4 }},
		{"rounding", 230, 0.02, 0.10, func(int) int { return 5 }}, // 4.6
		{"none", 200, 0, 0.10, func(int) int { return 0 }},
		{"fewer leaders", 200, 0.5, 0.10, func(l int) int { return l }},
		{"no leaders", 200, 0.02, 0, func(int) int { return 0 }},
		{"all leaders", 50, 1, 1, func(int) int { return 50 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultConfig()
			c.Count = tc.count
			c.StarShare = tc.share
			c.Seniority.Leader = tc.leader
			if tc.leader == 1 {
				c.Seniority = sim.SeniorityMix{Leader: 1}
			}
			for s := uint64(0); s < 20; s++ {
				pop, err := agents.Generate(&c, popularity, venue, src(100+s))
				if err != nil {
					t.Fatal(err)
				}
				stars, leaders := 0, 0
				for _, a := range pop {
					if a.Seniority == sim.Leader {
						leaders++
					}
					if a.Star {
						stars++
						if a.Seniority != sim.Leader {
							t.Fatalf("stream %d: star %d is %v, want a leader", s, a.ID, a.Seniority)
						}
					}
				}
				if want := tc.wantStars(leaders); stars != want {
					t.Fatalf("stream %d: %d stars among %d leaders, want %d", s, stars, leaders, want)
				}
			}
		})
	}
}

// TestGenerateStarsUniform checks that every leader is equally likely to be
// a star: over many populations with the same leaders the first and second
// half of the leaders get about the same number of stars.
func TestGenerateStarsUniform(t *testing.T) {
	c := defaultConfig()
	c.Seniority = sim.SeniorityMix{Leader: 1}
	c.Count = 20
	c.StarShare = 0.1 // 2 of 20
	first, second := 0, 0
	const runs = 2000
	for s := uint64(0); s < runs; s++ {
		pop, err := agents.Generate(&c, popularity, venue, src(1000+s))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range pop {
			if a.Star && a.ID < 10 {
				first++
			} else if a.Star {
				second++
			}
		}
	}
	// 4000 stars, half expected in each half: sd 32, tolerance 150.
	if first+second != 2*runs || math.Abs(float64(first-second)) > 150 {
		t.Errorf("stars in first/second half of leaders: %d/%d, want about %d each", first, second, runs)
	}
}

func TestGenerateJetlag(t *testing.T) {
	t.Run("no visitors", func(t *testing.T) {
		pop := large(t, 2000, func(c *sim.AttendeesConfig) { c.VisitorShare = 0; c.Origins = nil })
		for _, a := range pop {
			if a.Jetlag != 0 || a.HomeOffset != venue {
				t.Fatalf("attendee %d: home %v, jet lag %v with visitor_share 0, want %v and 0", a.ID, a.HomeOffset, a.Jetlag, venue)
			}
		}
	})
	t.Run("wrapped", func(t *testing.T) {
		pop := large(t, 2000, nil)
		for _, a := range pop {
			if want := sim.WrapOffset(venue - a.HomeOffset); a.Jetlag != want || a.Jetlag < -12 || a.Jetlag >= 12 {
				t.Fatalf("attendee %d: home %v, jet lag %v, want %v in [-12, 12)", a.ID, a.HomeOffset, a.Jetlag, want)
			}
		}
	})
	t.Run("all visitors", func(t *testing.T) {
		pop := large(t, 2000, func(c *sim.AttendeesConfig) {
			c.VisitorShare = 1
			c.Origins = []sim.Origin{{Name: "Norway", UTCOffset: 1, Share: 1}}
		})
		for _, a := range pop {
			if a.Jetlag != -9 {
				t.Fatalf("attendee %d: jet lag %v from Norway to California, want -9", a.ID, a.Jetlag)
			}
		}
	})
}

// TestGenerateCommonRandomNumbers checks that each kind of draw has its own
// stream: changing the visitor share leaves interests, backgrounds and
// sociability unchanged, and only adds visitors.
func TestGenerateCommonRandomNumbers(t *testing.T) {
	c := defaultConfig()
	a, err := agents.Generate(&c, popularity, venue, src(7))
	if err != nil {
		t.Fatal(err)
	}
	c.VisitorShare = 0.8
	c.StarShare = 0.05
	b, err := agents.Generate(&c, popularity, venue, src(7))
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !reflect.DeepEqual(a[i].Interests, b[i].Interests) || a[i].Background != b[i].Background ||
			a[i].Sociability != b[i].Sociability || a[i].Affiliation != b[i].Affiliation || a[i].Propensity != b[i].Propensity {
			t.Fatalf("attendee %d changed beyond home and star when visitor_share and star_share changed:\n%+v\n%+v", i, a[i], b[i])
		}
		if a[i].HomeOffset != venue && a[i].HomeOffset != b[i].HomeOffset {
			t.Fatalf("attendee %d: visitor from %v became %v when visitor_share rose", i, a[i].HomeOffset, b[i].HomeOffset)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	c := defaultConfig()
	a, err := agents.Generate(&c, popularity, venue, src(3))
	if err != nil {
		t.Fatal(err)
	}
	b, err := agents.Generate(&c, popularity, venue, src(3))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different attendees")
	}
	d, err := agents.Generate(&c, popularity, venue, src(4))
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a, d) {
		t.Error("different seeds gave identical attendees")
	}
	for i, x := range a {
		if x.ID != i || x.Days != 0 || x.Name != "" {
			t.Fatalf("attendee %d: ID %d, Days %d, Name %q; want ID %d, Days 0, no name", i, x.ID, x.Days, x.Name, i)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*sim.AttendeesConfig)
		pop    []float64
		venue  float64
		substr string
	}{
		{"bad config", func(c *sim.AttendeesConfig) { c.Count = 0 }, popularity, venue, "attendees.count: 0"},
		{"no topics", nil, nil, venue, "agents: popularity: empty"},
		{"negative", nil, []float64{1, -1}, venue, "agents: popularity[1]: -1"},
		{"NaN", nil, []float64{math.NaN()}, venue, "agents: popularity[0]: NaN"},
		{"infinite", nil, []float64{1, math.Inf(1)}, venue, "agents: popularity[1]: +Inf"},
		{"zero sum", nil, []float64{0, 0}, venue, "agents: popularity: weights sum to 0"},
		{"venue", nil, popularity, math.NaN(), "agents: venue offset NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultConfig()
			if tc.edit != nil {
				tc.edit(&c)
			}
			pop, err := agents.Generate(&c, tc.pop, tc.venue, src(1))
			if err == nil || !strings.Contains(err.Error(), tc.substr) {
				t.Fatalf("Generate error %v, want one containing %q", err, tc.substr)
			}
			if pop != nil {
				t.Errorf("Generate returned %d attendees with an error, want none", len(pop))
			}
		})
	}
}

// TestInterestMarginals checks the interests against the Dirichlet's
// marginals, Interest_t ~ Beta(α_t, Σα − α_t), by the Kolmogorov–Smirnov
// distance of 20,000 attendees' draws per topic, at concentrations whose
// α fall below 0.2, between 0.2 and 1, and above 1 (the gamma sampler's
// three regimes). The distance's 0.01% critical value is 2.23/√n ≈
// 0.0157 (48 tests: a false alarm about once in 200 seeds).
func TestInterestMarginals(t *testing.T) {
	t.Logf("seed %d", *seed)
	const n = 20000
	sum := 0.0
	for _, p := range popularity {
		sum += p
	}
	mean := sum / float64(len(popularity))
	for _, conc := range []float64{0.1, 0.3, 2} {
		pop := large(t, n, func(c *sim.AttendeesConfig) { c.InterestConcentration = conc })
		x := make([]float64, n)
		for tp, p := range popularity {
			for i := range pop {
				x[i] = pop[i].Interests[tp]
			}
			sort.Float64s(x)
			a := conc * p / mean
			d := distuv.Beta{Alpha: a, Beta: conc*float64(len(popularity)) - a}
			ks := 0.0
			for i, v := range x {
				f := d.CDF(v)
				ks = max(ks, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
			}
			if ks > 0.0157 {
				t.Errorf("concentration %v, topic %d (α %.3f): KS distance %.4f to Beta(α, Σα−α), want ≤ 0.0157", conc, tp, a, ks)
			}
		}
	}
}
