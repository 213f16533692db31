// Package agents draws the people of a replicate's world from the model
// config: who comes (Generate: background, seniority, interests, home time
// zone and jet lag, affiliation, sociability, proposal propensity, stars),
// what they propose (Propose), the show of hands (Vote) and their lasting
// tastes for proposals (NewTaste); NewWorld puts them together into a
// sim.World, with quality_vs_random's baseline (policy.Baseline) last; a
// Builder draws the same worlds one after another in reused memory, for
// a worker that drops each world when its policies have run.
// GenerateGiven draws a population around what an organiser's data fix
// (Given), for plan's worlds.
//
// It builds on sim's vocabulary (sim.Attendee, sim.Config) and sim/policy,
// and is imported by nothing in sim (TestLayers): how attendees choose at
// the event is sim's Chooser seam, implemented in sim/choice.
//
// Everything here is a plain function of its inputs and a rand.Source passed
// in (a Builder keeps memory, never draws); nothing keeps global state.
package agents
