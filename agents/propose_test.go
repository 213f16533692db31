package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// crowd returns n attendees with random interests over k topics (normalised
// exponentials: a flat Dirichlet), propensities alternating over props,
// affiliations i % aff and stars where star(i).
func crowd(n, k, aff int, props []float64, star func(i int) bool, seed uint64) []sim.Attendee {
	r := rand.New(rng.New(seed, "crowd"))
	as := make([]sim.Attendee, n)
	for i := range as {
		in := make([]float64, k)
		sum, mx := 0.0, 0.0
		for t := range in {
			in[t] = r.ExpFloat64()
			sum += in[t]
		}
		for t := range in {
			in[t] /= sum
			mx = math.Max(mx, in[t])
		}
		as[i] = sim.Attendee{ID: i, Interests: in, MaxInterest: mx, Affiliation: i % aff,
			Propensity: props[i%len(props)], Star: star(i)}
	}
	return as
}

func topicList(k int) []sim.TopicConfig {
	ts := make([]sim.TopicConfig, k)
	for i := range ts {
		ts[i] = sim.TopicConfig{Name: fmt.Sprint("t", i), Popularity: 1}
	}
	return ts
}

// topK returns the attendee's k strongest topics.
func topK(a *sim.Attendee, k int) []int {
	idx := make([]int, len(a.Interests))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return a.Interests[idx[x]] > a.Interests[idx[y]] })
	return idx[:k]
}

func TestProposeRate(t *testing.T) {
	const n = 20000
	for _, tc := range []struct {
		name       string
		c          sim.ProposalsConfig
		propensity []float64
		want       float64 // expected proposals per attendee
		wantSecond float64 // expected share with a second topic
		maxPerAtt  int
	}{
		// P(first) = .35, P(second | first) = .35: .35 × 1.35.
		{"default", sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3}, []float64{1}, 0.35 * 1.35, 0.3, 2},
		// Propensity 0.5 and 2: first with .175 or .7 (capped at 1 when ≥ 1).
		{"propensity", sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0}, []float64{0.5, 2}, (0.175 + 0.7) / 2 * 1.35, 0, 2},
		{"capped at 1", sim.ProposalsConfig{Rate: 0.5, MaxPerAttendee: 3, TopInterests: 4, SecondTopic: 1}, []float64{3}, 1 + 0.5 + 0.25, 1, 3},
		// One top interest: at most one proposal each, never a second topic.
		{"top 1", sim.ProposalsConfig{Rate: 0.5, MaxPerAttendee: 3, TopInterests: 1, SecondTopic: 1}, []float64{1}, 0.5, 0, 1},
		{"rate 0", sim.ProposalsConfig{Rate: 0, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3}, []float64{1}, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			as := crowd(n, 8, 50, tc.propensity, func(int) bool { return false }, 1)
			props := Propose(&tc.c, as, topicList(8), rng.New(7, "proposals"))
			got := float64(len(props)) / n
			// sd per attendee < 0.75: 4 standard errors ≈ 0.02.
			if math.Abs(got-tc.want) > 0.02 {
				t.Errorf("%.4f proposals per attendee, want %.4f ± 0.02", got, tc.want)
			}
			second := 0
			per := make(map[int][]int)
			titles := make(map[string]bool)
			for i, p := range props {
				if p.ID != i {
					t.Fatalf("proposal %d has ID %d", i, p.ID)
				}
				if titles[p.Title] {
					t.Fatalf("title %q appears twice", p.Title)
				}
				titles[p.Title] = true
				top := topK(&as[p.Proposer], tc.c.TopInterests)
				if !slices.Contains(top, p.Topic) {
					t.Fatalf("proposal %d: topic %d not among proposer's top %v", i, p.Topic, top)
				}
				if p.Second >= 0 {
					second++
					if p.Second == p.Topic || !slices.Contains(top, p.Second) {
						t.Fatalf("proposal %d: second topic %d (main %d) not among top %v", i, p.Second, p.Topic, top)
					}
				}
				if slices.Contains(per[p.Proposer], p.Topic) {
					t.Fatalf("proposer %d proposes topic %d twice", p.Proposer, p.Topic)
				}
				per[p.Proposer] = append(per[p.Proposer], p.Topic)
				if len(per[p.Proposer]) > tc.maxPerAtt {
					t.Fatalf("proposer %d has %d proposals, want at most %d", p.Proposer, len(per[p.Proposer]), tc.maxPerAtt)
				}
			}
			if len(props) > 0 {
				if share := float64(second) / float64(len(props)); math.Abs(share-tc.wantSecond) > 0.03 {
					t.Errorf("second-topic share %.3f, want %.3f ± 0.03", share, tc.wantSecond)
				}
			}
		})
	}
}

// TestProposeTopicWeights checks that the main topic follows interest among
// the top interests: an attendee with interests .5, .3, .2 (top 3) picks
// the first topic half the time.
func TestProposeTopicWeights(t *testing.T) {
	const n = 20000
	as := make([]sim.Attendee, n)
	for i := range as {
		as[i] = sim.Attendee{ID: i, Interests: []float64{0.2, 0.5, 0, 0.3}, MaxInterest: 0.5, Propensity: 1}
	}
	c := &sim.ProposalsConfig{Rate: 1, MaxPerAttendee: 1, TopInterests: 3}
	props := Propose(c, as, topicList(4), rng.New(3, "proposals"))
	if len(props) != n {
		t.Fatalf("%d proposals, want %d (rate 1)", len(props), n)
	}
	count := make([]float64, 4)
	for _, p := range props {
		count[p.Topic]++
	}
	for topic, want := range []float64{0.2, 0.5, 0, 0.3} {
		// sd ≤ √(.25/n) = .0035: allow 0.015.
		if got := count[topic] / n; math.Abs(got-want) > 0.015 {
			t.Errorf("topic %d chosen %.3f of the time, want %.3f", topic, got, want)
		}
	}
}

func TestProposeTitles(t *testing.T) {
	as := []sim.Attendee{
		{ID: 0, Interests: []float64{1, 0}, MaxInterest: 1, Propensity: 5},
		{ID: 1, Interests: []float64{1, 0}, MaxInterest: 1, Propensity: 5},
		{ID: 2, Interests: []float64{0.6, 0.4}, MaxInterest: 0.6, Propensity: 5},
		{ID: 3, Interests: []float64{1, 0}, MaxInterest: 1, Propensity: 5},
	}
	topics := []sim.TopicConfig{{Name: "GANs"}, {Name: "fairness"}}
	c := &sim.ProposalsConfig{Rate: 1, MaxPerAttendee: 1, TopInterests: 1, SecondTopic: 0}
	var got []string
	for _, p := range Propose(c, as, topics, rng.New(1, "proposals")) {
		got = append(got, p.Title)
	}
	want := []string{"GANs", "GANs (2)", "GANs (3)", "GANs (4)"}
	if !slices.Equal(got, want) {
		t.Errorf("titles %q, want %q", got, want)
	}
	c = &sim.ProposalsConfig{Rate: 1, MaxPerAttendee: 1, TopInterests: 2, SecondTopic: 1}
	got = got[:0]
	for _, p := range Propose(c, as[2:3], topics, rng.New(1, "proposals")) {
		got = append(got, p.Title)
	}
	if len(got) != 1 || (got[0] != "GANs / fairness" && got[0] != "fairness / GANs") {
		t.Errorf("titles %q, want one \"main / second\"", got)
	}
}

func TestProposeDeterministic(t *testing.T) {
	as := crowd(300, 8, 20, []float64{1}, func(int) bool { return false }, 2)
	c := &sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3}
	a := Propose(c, as, topicList(8), rng.New(5, "proposals"))
	b := Propose(c, as, topicList(8), rng.New(5, "proposals"))
	d := Propose(c, as, topicList(8), rng.New(6, "proposals"))
	if !slices.Equal(a, b) {
		t.Error("same seed gave different proposals")
	}
	if slices.Equal(a, d) {
		t.Error("different seeds gave the same proposals")
	}
}
