package agents

import (
	"fmt"
	"math"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// NewWorld draws replicate seed's world from the model config: the event,
// the attendees (stream "population"), their proposals (stream
// "proposals"), their lasting tastes for proposals (NewTaste) and the show
// of hands (stream "votes"), and last quality_vs_random's reference
// points (policy.Baseline, stream "baseline"); they choose at the event by
// choice.New of c.Choice. Each stream is keyed
// by (seed, purpose) with rng.New, so the same seed gives the same world,
// and a change in one process (say the vote noise) leaves the draws of the
// others unchanged. c must stay unchanged while the World is in use. It
// returns c.Validate's error, wrapped, for an invalid config.
func NewWorld(c *sim.Config, seed uint64) (*sim.World, error) {
	ev, err := c.NewEvent()
	if err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	popularity := make([]float64, len(ev.Topics))
	for i, t := range ev.Topics {
		popularity[i] = t.Popularity
	}
	people, err := Generate(&c.Attendees, popularity, ev.VenueOffset, rng.New(seed, "population"))
	if err != nil {
		return nil, err
	}
	w := &sim.World{Config: c, Event: ev, Attendees: people, Chooser: choice.New(&c.Choice), Seed: seed}
	w.Proposals = Propose(&c.Proposals, people, ev.Topics, rng.New(seed, "proposals"))
	w.Taste = NewTaste(&c.Votes, len(people), len(w.Proposals), seed)
	w.Votes = Vote(&c.Votes, people, w.Proposals, w.Taste, rng.New(seed, "votes"))
	w.Baseline = policy.Baseline(w)
	return w, nil
}

// NewTaste draws the lasting tastes of n attendees for p proposals,
// attendee-major: taste_ap = Noise·√Taste·rng.Normal(rng.Key(seed,
// "taste"), a, p, 0), counter-based so that a taste does not depend on
// which other draws a world makes. It returns nil when c.Taste or c.Noise
// is 0 (no lasting taste).
func NewTaste(c *sim.VotesConfig, n, p int, seed uint64) []float32 {
	if c.Taste == 0 || c.Noise == 0 {
		return nil
	}
	sd := c.Noise * math.Sqrt(c.Taste)
	key := rng.Key(seed, "taste")
	t := make([]float32, n*p)
	for a := range n {
		for j := range p {
			t[a*p+j] = float32(sd * rng.Normal(key, a, j, 0))
		}
	}
	return t
}
