//go:build !race

package main

import (
	"strings"
	"testing"
)

// spec returns a sweep spec over the tiny event (tiny.yaml beside it) with
// the given parameters block.
func spec(params string) map[string]string {
	return map[string]string{
		"tiny.yaml": tinyConfig,
		"s.yaml":    "base: tiny.yaml\nreplicates: 1\npolicies: [random, spread]\nparameters:\n" + params,
	}
}

// sweepCases are hostile sweep specs, result files and output folders
// (issue 10 items 2, 4, 5, 20).
var sweepCases = []hostileCase{
	{name: "sweep plain", args: []string{"sweep", "s.yaml", "--out", "out"}, files: spec("  - {key: votes.noise, values: [0.1, 0.2]}\n"),
		out: "out", code: 0},
	{name: "sweep inf value", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: spec("  - {key: policy.jetlag.alert_weight, values: [1, .inf]}\n"),
		want:  []string{"sweep spec s.yaml: point 1 (policy.jetlag.alert_weight=+Inf): policy.jetlag.alert_weight: +Inf"}},
	{name: "sweep nan value", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: spec("  - {key: votes.noise, values: [.nan]}\n"), want: []string{"sweep spec s.yaml: point 0 (votes.noise=NaN): votes.noise: NaN"}},
	{name: "sweep huge range", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: spec("  - {key: votes.noise, range: {from: 0, to: 1, steps: 1000000000}}\n"), want: []string{"more than 1000000 points"}},
	{name: "sweep replicates negative", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": "replicates: -1\nparameters:\n  - {key: votes.noise, values: [0.1]}\n"},
		want:  []string{"sweep spec s.yaml:1: replicates: -1: want 1 to 1000000"}},
	{name: "sweep misspelt key", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: spec("  - {key: votes.nose, values: [0.1]}\n"), want: []string{`sweep spec s.yaml:5: parameters.0.key: unknown config key "votes.nose" (did you mean "votes.noise"?)`}},
	{name: "sweep unknown spec key", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": "sed: 3\n"}, want: []string{`sweep spec s.yaml:1: unknown key "sed"`}},
	{name: "sweep misspelt policy", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": "policies: [random, sprad]\nparameters:\n  - {key: votes.noise, values: [0.1]}\n"},
		want:  []string{`sweep spec s.yaml:1: policies.1: unknown policy "sprad" (did you mean "spread"?)`}},
	{name: "sweep dev zero", args: []string{"sweep", "/dev/zero", "--out", "out"}, out: "out", code: 1,
		want: []string{"sweep spec /dev/zero: larger than 1 MiB, the limit for a sweep spec"}},
	{name: "sweep link to dev zero", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		links: map[string]string{"s.yaml": "/dev/zero"}, want: []string{"sweep spec s.yaml: larger than 1 MiB"}},
	{name: "sweep base dev zero", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": "base: zero.yaml\nparameters:\n  - {key: votes.noise, values: [0.1]}\n"},
		links: map[string]string{"zero.yaml": "/dev/zero"}, want: []string{"sweep spec s.yaml: base: ", "zero.yaml: larger than 1 MiB"}},
	{name: "sweep base missing", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": "base: gone.yaml\nparameters:\n  - {key: votes.noise, values: [0.1]}\n"},
		want:  []string{"sweep spec s.yaml: base: ", "gone.yaml: no such file"}},
	{name: "sweep spec empty", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": ""}, want: []string{"sweep spec s.yaml: empty"}},
	{name: "sweep spec binary", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": "\x7fELF\x00\x01" + secret}, want: []string{"sweep spec s.yaml"}, never: []string{secret}},
	{name: "sweep spec text", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"s.yaml": secret + " " + secret + "\n"}, want: []string{"sweep spec s.yaml:1: the top level: want a mapping of keys, got text"},
		never: []string{secret}},
	{name: "sweep spec missing", args: []string{"sweep", "gone.yaml", "--out", "out"}, out: "out", code: 1,
		want: []string{"sweep spec gone.yaml: no such file"}},
	{name: "sweep formula values", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out", code: 0,
		files: spec("  - {key: event.name, values: [\"=HYPERLINK(1)\", \"@x\"]}\n"), check: noFormulas("out/results.csv")},

	// Folders with links to endless files.
	{name: "resume run.json dev zero", args: []string{"compare", "--config", "tiny.yaml", "--seeds", "1", "--policies", "random,spread", "--out", "out"},
		files: map[string]string{"tiny.yaml": tinyConfig, "out/x": ""}, links: map[string]string{"out/run.json": "/dev/zero"}, out: "out", code: 1,
		want: []string{"out/run.json is a symbolic link"}},
	{name: "merge part.json dev zero", args: []string{"merge", "parts", "--out", "out"}, out: "out", code: 1,
		links: map[string]string{"parts/shard-00-of-02-aaaaaaaaaaaa/part.json": "/dev/zero"}, want: []string{"part.json: larger than 16 MiB"}},
	{name: "report meta.json dev zero", args: []string{"report", "rep"}, code: 1,
		links: map[string]string{"rep/meta.json": "/dev/zero"}, want: []string{"rep/meta.json: larger than 16 MiB"}},
	{name: "plot dev zero", args: []string{"plot", "r.csv", "--x", "votes.noise", "--out", "out"}, out: "out", code: 1,
		links: map[string]string{"r.csv": "/dev/zero"}, want: []string{"unconf: r.csv:1: line longer than 1 MiB"}},
	{name: "plot misspelt y", args: []string{"plot", "r.csv", "--x", "votes.noise", "--y", "satisfation", "--out", "out"}, out: "out", code: 2,
		files: map[string]string{"r.csv": "unit,point,votes.noise,replicate,seed,policy,satisfaction_mean,error\n0,0,0.1,0,1,random,0.5,\n"},
		want:  []string{`--y: r.csv has no column "satisfation" (did you mean "satisfaction_mean"?)`}},
	{name: "plot not csv", args: []string{"plot", "r.csv", "--x", "votes.noise", "--out", "out"}, out: "out", code: 1,
		files: map[string]string{"r.csv": strings.Repeat("\x00\x01", 1000)}, want: []string{"r.csv"}},
}

// TestHostileSweeps replays sweepCases.
func TestHostileSweeps(t *testing.T) { runHostile(t, sweepCases) }
