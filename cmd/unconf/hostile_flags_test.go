//go:build !race

package main

import "testing"

// flagCases are hostile command lines (issue 10 items 20-24). The exit
// status follows one rule: 2 when the command line itself is wrong, 1 for
// everything else (every flag is checked in-process by the cli package's
// TestEveryFlagExitStatus).
var flagCases = []hostileCase{
	{name: "seeds not a number", args: []string{"compare", "--seeds", "abc"}, code: 2,
		want: []string{`--seeds "abc": want a whole number`}},
	{name: "seed negative", args: []string{"compare", "--seed", "-1"}, code: 2,
		want: []string{`--seed "-1": want a whole number from 0 to 18446744073709551615`}},
	{name: "seed too big", args: []string{"run", "--seed", "18446744073709551616"}, code: 2,
		want: []string{`--seed "18446744073709551616"`}},
	{name: "seeds overflow", args: []string{"compare", "--seeds", "99999999999999999999"}, code: 2,
		want: []string{`--seeds "99999999999999999999": want a whole number`}},
	{name: "seeds negative", args: []string{"compare", "--seeds", "-5"}, code: 2, want: []string{"--seeds -5: want 1 to 1000000"}},
	{name: "seeds too many", args: []string{"compare", "--seeds", "1000000000"}, code: 2, want: []string{"--seeds 1000000000: want 1 to 1000000"}},
	{name: "replicate negative", args: []string{"run", "--replicate", "-1"}, code: 2, want: []string{"--replicate -1: want 0 or more"}},
	{name: "workers zero", args: []string{"compare", "--workers", "0"}, code: 2, want: []string{"--workers 0: want at least 1"}},
	{name: "workers negative sweep", args: []string{"sweep", "embedded:sweeps/ci.yaml", "--workers", "-3"}, code: 2,
		want: []string{"--workers -3: want at least 1"}},
	{name: "misspelt flag", args: []string{"compare", "--sedes", "3"}, code: 2,
		want: []string{"unknown flag --sedes (did you mean --seeds?)"}},
	{name: "misspelt flag plan", args: []string{"plan", "--atendees", "a.csv"}, code: 2,
		want: []string{"unknown flag --atendees (did you mean --attendees?)"}},
	{name: "flag without value", args: []string{"compare", "--seeds"}, code: 2, want: []string{"--seeds needs a value"}},
	{name: "misspelt policy", args: []string{"run", "--policy", "sprad"}, code: 2,
		want: []string{`--policy "sprad": unknown policy (did you mean "spread"?)`}},
	{name: "misspelt policies", args: []string{"compare", "--policies", "random,sprad"}, code: 2,
		want: []string{`--policies: unknown policy "sprad" (did you mean "spread"?)`}},
	{name: "baseline not compared", args: []string{"compare", "--policies", "random,spread", "--baseline", "jetlag"}, code: 2,
		want: []string{`--baseline "jetlag" is not among run.policies (random, spread)`}},
	{name: "misspelt objective", args: []string{"plan", "--attendees", "a", "--proposals", "p", "--votes", "v", "--config", "e.yaml",
		"--objective", "satisfation"}, code: 2, want: []string{`--objective "satisfation": unknown objective (did you mean "satisfaction"?)`}},
	{name: "format", args: []string{"run", "--format", "gif"}, code: 2, want: []string{`--format "gif": want png, svg or pdf`}},
	{name: "shard out of range", args: []string{"sweep", "embedded:sweeps/ci.yaml", "--shard", "5/3", "--out", "out"}, code: 2,
		want: []string{"--shard"}},
	{name: "unknown command", args: []string{"comapre"}, code: 2, want: []string{`unknown command "comapre"`, "did you mean compare?"}},
	{name: "stray argument", args: []string{"compare", "now"}, code: 2, want: []string{`takes no arguments, got "now"`}},
	{name: "sweep without spec", args: []string{"sweep"}, code: 2, want: []string{"takes one sweep spec"}},
	{name: "merge without folder", args: []string{"merge"}, code: 2, want: []string{"needs at least one folder"}},
	{name: "plot without x", args: []string{"plot", "r.csv"}, code: 2, want: []string{"--x is required"}},
	{name: "show unknown scenario", args: []string{"config", "--show", "meetp"}, code: 2,
		want: []string{`--show "meetp": no such embedded scenario or sweep spec (did you mean "meetup.yaml"?)`}},
	{name: "env seeds not flag", args: []string{"config"}, env: env("UNCONF_RUN_SEEDS", "0"), code: 1,
		want: []string{"run.seeds: 0: want 1 to 1000000 (set in UNCONF_RUN_SEEDS)"}},
	// Item 24: plan plans your event, not SOCML's.
	{name: "plan without config", args: []string{"plan", "--attendees", "a.csv", "--proposals", "p.csv", "--votes", "v.csv"}, code: 2,
		want: []string{"--config FILE is required: your event's dates, time zone, slots and rooms"}},
	// Output folders that cannot be written.
	{name: "out is a file", args: []string{"compare", "--config", "tiny.yaml", "--seeds", "1", "--policies", "random,spread", "--out", "f/out"},
		files: map[string]string{"tiny.yaml": tinyConfig, "f": "a file"}, code: 1, want: []string{"--out f/out"}},
}

// TestHostileFlags replays flagCases.
func TestHostileFlags(t *testing.T) { runHostile(t, flagCases) }
