package sim

import "github.com/unconf/unconf/agents"

// World is one replicate before any scheduling: the event, its attendees,
// their proposals and hands. Every policy of the replicate runs on the same
// World. A World may come from NewWorld (all drawn from the config) or be
// assembled from an organiser's own data.
type World struct {
	Config    *Config
	Event     *Event
	Attendees []agents.Attendee
	Proposals []Proposal
	Votes     Votes
	// Taste holds each attendee's lasting taste for each proposal,
	// attendee-major (Taste[a·len(Proposals)+p]), added to the topic match
	// (see Match); nil for none.
	Taste []float32
	// Seed is the replicate seed; every random stream of the replicate is
	// derived from it and a purpose ("policy", "choice", "recount", …).
	Seed uint64

	// baseline memoises Baseline (see score.go).
	baseline struct {
		done         bool
		random, best float64
	}
}

// Match returns attendee a's interest in proposal p: the match of p's
// topics (agents.Attendee.Match) plus a's lasting taste for p, at least 0.
// It is the match the engine uses for choice, satisfaction, hops and ties.
func (w *World) Match(a, p int) float64 {
	pr := &w.Proposals[p]
	m := w.Attendees[a].Match(pr.Topic, pr.Second)
	if w.Taste != nil {
		m = max(0, m+float64(w.Taste[a*len(w.Proposals)+p]))
	}
	return m
}
