package sim_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// naiveBaseline is policy.Baseline as defined: the mean HandScore of the random
// schedules drawn one by one, and the sum of each attendee's top matches
// by a full sort.
func naiveBaseline(t *testing.T, w *sim.World) (random, best float64) {
	t.Helper()
	n := max(1, w.Config.Metrics.RandomSchedules)
	in := &sim.Input{Event: w.Event, Proposals: w.Proposals, Hands: &w.Votes}
	src := rng.New(w.Seed, "baseline")
	for range n {
		s, err := policy.RandomSchedule(in, src)
		if err != nil {
			t.Fatal(err)
		}
		random += sim.HandScore(w, s)
	}
	random /= float64(n)
	k := len(w.Event.Slots)
	for a, hands := range w.Votes.ByAttendee {
		var m []float64
		for _, p := range hands {
			pr := &w.Proposals[p]
			m = append(m, w.Attendees[a].Match(pr.Topic, pr.Second))
		}
		slices.Sort(m)
		for _, v := range m[max(0, len(m)-k):] {
			best += v
		}
	}
	return random, best
}

// TestBaselineMatchesDefinition checks that policy.Baseline, which scores its
// random schedules in one pass and keeps top matches by insertion, equals
// the definition bit for bit: with few and many hands per slot, a hand
// budget and one random schedule, some attendees without any interest.
func TestBaselineMatchesDefinition(t *testing.T) {
	var bl policy.Baseliner // one for every world, as a Builder keeps it
	for _, tc := range []struct {
		name   string
		change func(*sim.Config)
	}{
		{"default", func(*sim.Config) {}},
		{"one slot", func(c *sim.Config) { c.Event.Days, c.Event.Slots = 1, c.Event.Slots[:1] }},
		{"budget 3", func(c *sim.Config) { c.Votes.Budget = 3 }},
		{"many proposals", func(c *sim.Config) { c.Proposals.Rate = 1 }},
		{"one random schedule", func(c *sim.Config) { c.Metrics.RandomSchedules = 1 }},
		// More schedules × slots than MeanHandScore's fixed table holds.
		{"200 random schedules", func(c *sim.Config) { c.Metrics.RandomSchedules = 200 }},
		// More topics than the fast fold's table of 256, the proposals'
		// among the first (the world below moves any beyond them there).
		{"300 topics", func(c *sim.Config) {
			for len(c.Event.Topics) < 300 {
				c.Event.Topics = append(c.Event.Topics, sim.TopicConfig{Name: fmt.Sprintf("topic %d", len(c.Event.Topics)), Popularity: 1})
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultModel(t)
			tc.change(c)
			for seed := range uint64(3) {
				w := mustNewWorld(t, c, seed)
				for i := 0; i < len(w.Attendees); i += 7 { // no interest at all
					a := &w.Attendees[i]
					a.Interests, a.MaxInterest = make([]float64, len(a.Interests)), 0
				}
				for i := range w.Proposals { // the fast fold's topics, when there are more
					pr := &w.Proposals[i]
					pr.Topic %= 256
					if pr.Second >= 0 {
						pr.Second %= 256
					}
				}
				wantR, wantB := naiveBaseline(t, w)
				got := policy.Baseline(w)
				if got.Random != wantR || got.Best != wantB {
					t.Errorf("seed %d: Baseline = %+v; want %v, %v", seed, got, wantR, wantB)
				}
				if again := bl.Baseline(w); again != got {
					t.Errorf("seed %d: a Baseliner kept from world to world gives %+v, want %+v", seed, again, got)
				}
			}
		})
	}
}
