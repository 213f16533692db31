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
	// Seed is the replicate seed; every random stream of the replicate is
	// derived from it and a purpose ("policy", "choice", "recount", …).
	Seed uint64

	// baseline memoises Baseline (see score.go).
	baseline struct {
		done         bool
		random, best float64
	}
}
