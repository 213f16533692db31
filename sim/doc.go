// Package sim is the unconference event engine: the vocabulary (Event,
// Proposal, Votes, Schedule, Policy, Result), the making of one replicate's
// world (attendees, proposals, show of hands) and the simulation of one
// schedule on it (attendance, the law of two feet, outcomes, metrics).
//
// One replicate is one synchronous, single-threaded call: NewWorld then
// Engine.Run for each policy. Every random draw is keyed by the replicate's
// seed and a purpose (see package rng), so all policies meet the same
// population, proposals, hands and choice noise: common random numbers.
// Scheduling policies live in sim/policy; sim/simtest checks any policy
// against the hard constraints.
package sim
