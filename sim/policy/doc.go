// Package policy holds the scheduling policies an unconference organiser
// can follow. Each is a concrete type implementing sim.Policy with plain
// settings fields, in its own file. One table (builtin, in registry.go)
// names them, says in one line what each does, gives each its chart
// colour, builds each from Config and validates its settings; Names, Known,
// New and Config.Validate read it, and Registry.With adds a policy to a
// copy of it.
//
//   - Random: a random schedule, the baseline (and Baseline, the random
//     schedules of quality_vs_random).
//   - Popularity: most hands first, earliest slots, biggest rooms.
//   - Spread: conflict-aware; minimises co-voters in parallel sessions,
//     rooms sized by hands. With AlertWeight > 0 it is the jetlag policy,
//     weighting voters by their predicted alertness in the slot.
//   - ShowOfHands, OpenSpace and Optimized: see their own files.
//
// Policies see only the organiser's view (sim.Input): hands, rooms, times and
// declared home time zones, never true interests. They are deterministic
// given the source, never modify their input, and are safe for concurrent
// use; every one passes simtest.Conformance.
package policy
