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
	return new(Builder).NewWorld(c, seed)
}

// Builder draws worlds as NewWorld does, keeping its memory from one world
// to the next: the event (sim.EventCache: the time zone is loaded once
// per event section), the attendees, proposals, tastes and hands, and the
// baseline's buffers (policy.Baseliner). A compare or sweep worker, which
// draws world after world and drops each when its policies have run,
// then allocates almost nothing per world. The worlds are NewWorld's, bit
// for bit.
//
// The World NewWorld returns, and all it holds, belongs to the Builder:
// it is valid until the next call of NewWorld, which overwrites it (call
// agents.NewWorld for worlds to keep). The zero Builder is ready to use;
// one Builder serves one goroutine.
type Builder struct {
	events  sim.EventCache
	pop     population
	props   proposer
	votes   voter
	taste   []float32
	base    policy.Baseliner
	world   sim.World
	choice  sim.ChoiceConfig // chooser's config
	chooser sim.Chooser
	pops    []float64 // topic popularity
}

// NewWorld is NewWorld in b's memory: see Builder.
func (b *Builder) NewWorld(c *sim.Config, seed uint64) (*sim.World, error) {
	ev, err := b.events.NewEvent(c)
	if err != nil {
		return nil, fmt.Errorf("agents: %w", err)
	}
	popularity := grow(b.pops, len(ev.Topics))
	for i, t := range ev.Topics {
		popularity[i] = t.Popularity
	}
	b.pops = popularity
	people, err := b.pop.generate(&c.Attendees, popularity, ev.VenueOffset, nil, rng.New(seed, "population"))
	if err != nil {
		return nil, err
	}
	if b.chooser == nil || b.choice != c.Choice {
		b.choice, b.chooser = c.Choice, choice.New(&c.Choice)
	}
	w := &b.world
	*w = sim.World{Config: c, Event: ev, Attendees: people, Chooser: b.chooser, Seed: seed}
	w.Proposals = b.props.propose(&c.Proposals, people, ev.Topics, rng.New(seed, "proposals"))
	if hasTaste(&c.Votes) {
		b.taste = newTaste(&c.Votes, len(people), len(w.Proposals), seed, b.taste)
		w.Taste = b.taste
	}
	w.Votes = b.votes.vote(&c.Votes, people, w.Proposals, w.Taste, rng.New(seed, "votes"))
	w.Baseline = b.base.Baseline(w)
	return w, nil
}

// NewTaste draws the lasting tastes of n attendees for p proposals,
// attendee-major: taste_ap = Noise·√Taste·rng.Normal(rng.Key(seed,
// "taste"), a, p, 0), counter-based so that a taste does not depend on
// which other draws a world makes. It returns nil when c.Taste or c.Noise
// is 0 (no lasting taste).
func NewTaste(c *sim.VotesConfig, n, p int, seed uint64) []float32 {
	if !hasTaste(c) {
		return nil
	}
	return newTaste(c, n, p, seed, make([]float32, n*p))
}

// hasTaste reports whether c gives attendees a lasting taste.
func hasTaste(c *sim.VotesConfig) bool { return c.Taste != 0 && c.Noise != 0 }

// newTaste is NewTaste, for c with a taste, in t's memory (resized).
func newTaste(c *sim.VotesConfig, n, p int, seed uint64, t []float32) []float32 {
	sd := c.Noise * math.Sqrt(c.Taste)
	key := rng.Key(seed, "taste")
	t = grow(t, n*p)
	for a := range n {
		for j := range p {
			t[a*p+j] = float32(sd * rng.Normal(key, a, j, 0))
		}
	}
	return t
}
