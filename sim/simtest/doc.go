// Package simtest checks scheduling policies against the contract of
// sim.Policy and builds synthetic organiser views (sim.Input) for policy
// tests and benchmarks.
//
// Conformance is the suite every policy must pass, in the manner of gonum's
// graph/testgraph: it runs the policy on a set of synthetic inputs (Kinds)
// and checks the hard constraints of (*sim.Schedule).Check, that no
// more sessions are placed than there are cells and that at least half of
// what could be placed is, that the same seed gives the same schedule in any
// order of calls and from concurrent goroutines, and that the input is left
// untouched.
//
// Input and Build make the inputs: hands are drawn from clustered interests
// with a fixed PCG seed, and the event, alertness, choice and quality
// settings are literals matching the embedded default scenario
// (configs/socml2017.yaml).
package simtest
