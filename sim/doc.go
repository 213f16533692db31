// Package sim is the unconference's vocabulary and event engine: the
// attendees and the event (Attendee, Event, Proposal, Votes), the config
// of the model (Config), what a policy sees and returns (Input, Policy,
// Schedule), what a run yields (Result, Metric) and the simulation of one
// schedule on one replicate's World (Engine: attendance, the law of two
// feet, outcomes, metrics).
//
// One replicate is one synchronous, single-threaded call: agents.NewWorld
// then Engine.Run for each policy. Every random draw is keyed by the
// replicate's seed and a purpose (see package rng), so all policies meet
// the same population, proposals, hands and choice noise: common random
// numbers. sim imports none of the packages that build on it: worlds are
// drawn in agents, scheduling policies live in sim/policy, and
// sim/simtest checks any policy against the hard constraints.
package sim
