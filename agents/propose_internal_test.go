package agents

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
)

// TestStrongestTopics checks strongestTopics against the first k of
// InterestOrder on random interests with ties, zeros, −0 and NaN.
func TestStrongestTopics(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	values := []float64{0, math.Copysign(0, -1), 0.25, 0.5, 0.5, 1, math.NaN()}
	for trial := range 2000 {
		a := &sim.Attendee{Interests: make([]float64, 1+r.IntN(12))}
		for i := range a.Interests {
			if r.IntN(2) == 0 {
				a.Interests[i] = values[r.IntN(len(values)-1)]
			} else {
				a.Interests[i] = r.Float64()
			}
		}
		if trial%5 == 0 {
			a.Interests[r.IntN(len(a.Interests))] = math.NaN()
		}
		for k := range len(a.Interests) + 2 {
			want := a.InterestOrder(nil)[:min(k, len(a.Interests))]
			if got := strongestTopics(nil, a, k); !slices.Equal(got, want) {
				t.Fatalf("interests %v, k %d: strongestTopics %v, want %v", a.Interests, k, got, want)
			}
		}
	}
}

// TestPairTitles checks Propose's titles, made per pair of topics when
// the names allow (pairTitles), against uniqueTitle's, looked up title by
// title, on crowds that propose the same topics many times, with names
// that allow it and names that do not (a '/', a ')', a name twice), in
// one proposer kept from call to call.
func TestPairTitles(t *testing.T) {
	c := &sim.ProposalsConfig{Rate: 0.9, MaxPerAttendee: 3, TopInterests: 3, SecondTopic: 0.5}
	var pr proposer
	for k, names := range [][]string{
		{"GANs", "fairness", "NLP"},
		{"GANs", "fairness", "NLP"},
		{"a", "b / c", "a / b", "c"},
		{"x", "x (2)", "y"},
		{"x", "y", "x"},
		{"p", "q (r", "s"},
	} {
		topics := make([]sim.TopicConfig, len(names))
		for i, n := range names {
			topics[i] = sim.TopicConfig{Name: n, Popularity: 1}
		}
		as := make([]sim.Attendee, 60)
		r := rand.New(rand.NewPCG(uint64(k), 9))
		for i := range as {
			as[i] = sim.Attendee{ID: i, Interests: make([]float64, len(names)), Propensity: 3}
			for j := range names {
				as[i].Interests[j] = r.Float64()
			}
			as[i].MaxInterest = slices.Max(as[i].Interests)
		}
		props := pr.propose(c, as, topics, rand.NewPCG(uint64(k), 1))
		if want := !strings.ContainsAny(strings.Join(names, ""), "/)") && k != 4; pr.pairs.fast != want {
			t.Errorf("names %q: fast %v, want %v", names, pr.pairs.fast, want)
		}
		var ref proposer
		ref.seen, ref.titles = map[string]int{}, map[string]string{}
		for _, p := range props {
			ref.makeTitle(topics, p.Topic, p.Second)
			if want := ref.uniqueTitle(); p.Title != want {
				t.Fatalf("names %q: proposal %d (%d, %d) titled %q, want %q", names, p.ID, p.Topic, p.Second, p.Title, want)
			}
		}
	}
}
