package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/sweep"
)

// parseSweep returns the options "sweep args" would run with.
func parseSweep(t *testing.T, args ...string) (*SweepOptions, error) {
	return parseFlags(t, NewSweepCmd, args...)
}

// clearShardEnv unsets the engines' shard variables for the test, then
// sets env.
func clearShardEnv(t *testing.T, env map[string]string) {
	for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "JOB_COMPLETION_INDEX", runner.EnvShards} {
		t.Setenv(k, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
}

func TestSweepFlags(t *testing.T) {
	const spec = "embedded:sweeps/jetlag.yaml"
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		shard  runner.Shard
		format string
		charts string
		out    string
	}{
		{"defaults", nil, []string{spec}, runner.Shard{}, "csv", "png", filepath.Join("unconf-out", "sweep-20171117-093000")},
		{"formats", nil, []string{spec, "--format", "Parquet", "--chart-format", "svg", "-o", "x"}, runner.Shard{}, "parquet", "svg", "x"},
		{"shard flag", nil, []string{spec, "--shard", "2/5", "--out", "big"}, runner.Shard{Index: 2, Count: 5}, "csv", "png", "big"},
		{"slurm", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, []string{spec, "--out", "big"},
			runner.Shard{Index: 3, Count: 4}, "csv", "png", "big"},
		{"slurm min max", map[string]string{"SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_MAX": "12"}, []string{spec, "--out", "big"},
			runner.Shard{Index: 1, Count: 3}, "csv", "png", "big"},
		{"kubernetes", map[string]string{"JOB_COMPLETION_INDEX": "4"}, []string{spec, "--out", "big", "--shards", "6"},
			runner.Shard{Index: 4, Count: 6}, "csv", "png", "big"},
		{"kubernetes env count", map[string]string{"JOB_COMPLETION_INDEX": "0", "UNCONF_SHARDS": "2"}, []string{spec, "--out", "big"},
			runner.Shard{Index: 0, Count: 2}, "csv", "png", "big"},
		{"flag over environment", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, []string{spec, "--out", "big", "--shard", "0/2"},
			runner.Shard{Index: 0, Count: 2}, "csv", "png", "big"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearShardEnv(t, tt.env)
			t.Chdir(t.TempDir())
			o, err := parseSweep(t, tt.args...)
			if err != nil {
				t.Fatalf("sweep %v: %v", tt.args, err)
			}
			if o.Shard != tt.shard || o.Format != tt.format || o.ChartFormat != tt.charts || o.OutDir != tt.out {
				t.Errorf("sweep %v: shard %v format %s charts %s out %s; want %v %s %s %s", tt.args, o.Shard, o.Format, o.ChartFormat, o.OutDir, tt.shard, tt.format, tt.charts, tt.out)
			}
			if o.Spec == nil || len(o.Spec.Parameters) != 1 || o.Spec.Parameters[0].Key != "attendees.visitor_share" || o.Version == "" {
				t.Errorf("sweep %v: spec %+v", tt.args, o.Spec)
			}
			if tt.shard.Count > 0 && o.ShardSource == "" {
				t.Error("no shard source")
			}
		})
	}
}

func TestSweepFlagErrors(t *testing.T) {
	const spec = "embedded:sweeps/jetlag.yaml"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no spec", nil, nil, "takes one sweep spec"},
		{"two specs", nil, []string{spec, spec}, "takes one sweep spec"},
		{"bad format", nil, []string{spec, "--format", "xlsx"}, `--format "xlsx": want csv or parquet`},
		{"bad chart format", nil, []string{spec, "--chart-format", "gif"}, `--chart-format "gif"`},
		{"bad shard", nil, []string{spec, "--shard", "5/5", "--out", "x"}, "--shard"},
		{"shard without out", nil, []string{spec, "--shard", "0/2"}, "--out is needed with shards"},
		{"slurm without out", map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"}, []string{spec}, "--out is needed"},
		{"shards without index", nil, []string{spec, "--shards", "4", "--out", "x"}, "which shard"},
		{"kubernetes without count", map[string]string{"JOB_COMPLETION_INDEX": "1"}, []string{spec, "--out", "x"}, "UNCONF_SHARDS"},
		{"missing spec", nil, []string{"nope.yaml"}, "nope.yaml"},
		{"missing embedded spec", nil, []string{"embedded:sweeps/nope.yaml"}, "nope.yaml"},
		{"workers", nil, []string{spec, "--workers", "0"}, "--workers 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearShardEnv(t, tt.env)
			t.Chdir(t.TempDir())
			o, err := parseSweep(t, tt.args...)
			if err == nil || o != nil {
				t.Fatalf("sweep %v: err %v, ran %v", tt.args, err, o != nil)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("sweep %v: error %q does not contain %q", tt.args, err, tt.want)
			}
		})
	}
}

// TestSweepDryRun checks that --dry-run prints the design, the shard's
// units and an estimate, as text or JSON, and writes nothing.
func TestSweepDryRun(t *testing.T) {
	clearShardEnv(t, nil)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "tiny.yaml", tinyConfig)
	spec := writeFile(t, dir, "spec.yaml", tinySweep)
	stdout, stderr, code := runMain(t, "sweep", spec, "--dry-run", "--out", "big", "--shard", "1/2", "--workers", "2")
	if code != 0 {
		t.Fatalf("sweep --dry-run: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"Design: Full factorial grid, 4 points × 2 replicates × 2 policies = 16 units.\n",
		"  attendees.count: 20, 30\n  votes.noise: 0.1, 0.3\n",
		"Shard 1/2: units 8 to 15 (8 units).\n", "Timing: 8 units (points 2, 3) took ",
		"Estimated run time: about ", " with 2 workers", "Would write: big/shard-1-of-2-",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, code = runMain(t, "sweep", spec, "-n", "--json")
	var e sweep.DryRun
	if err := json.Unmarshal([]byte(stdout), &e); err != nil || code != 0 {
		t.Fatalf("sweep -n --json: exit %d, %v\n%s", code, err, stdout)
	}
	if e.Units != 16 || e.ShardUnits != 16 || e.TimedUnits != 16 || e.Estimate <= 0 || !strings.HasPrefix(e.Out, filepath.Join("unconf-out", "sweep-")) {
		t.Errorf("sweep -n --json: %+v", e)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("a dry run wrote into %s: %v", dir, entries)
	}
}

// checkSweepAnswer checks a sweep's answer on stdout: at most 25 lines
// holding each of want, the folder and the report.
func checkSweepAnswer(t *testing.T, stdout, out string, want []string) {
	t.Helper()
	if n := strings.Count(stdout, "\n"); n > 25 {
		t.Errorf("answer of %d lines, want at most 25:\n%s", n, stdout)
	}
	want = append(want, "\nFolder: "+out+"\n", "\nReport: "+filepath.Join(out, ReportFile)+"\n")
	for _, w := range want {
		if !strings.Contains(stdout, w) {
			t.Errorf("answer lacks %q:\n%s", w, stdout)
		}
	}
}

// tinySweep is a 2 × 2 grid over the tiny event: 4 points × 2 replicates
// × 2 policies = 16 units.
const tinySweep = `
base: tiny.yaml
seed: 5
replicates: 2
policies: [random, spread]
baseline: random
parameters:
  - key: attendees.count
    values: [20, 30]
  - key: votes.noise
    values: [0.1, 0.3]
`

// TestSweepMergePlotEndToEnd runs the real commands: a sweep, the same
// sweep in three shards and their merge (byte-identical results), a merge
// with a shard missing, and a plot from the results.
func TestSweepMergePlotEndToEnd(t *testing.T) {
	clearShardEnv(t, nil)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "tiny.yaml", tinyConfig)
	spec := writeFile(t, dir, "spec.yaml", tinySweep)

	stdout, stderr, code := runMain(t, "sweep", spec, "--out", "single", "--workers", "2", "--format", "parquet")
	if code != 0 {
		t.Fatalf("sweep: exit %d\n%s", code, stderr)
	}
	checkSweepAnswer(t, stdout, "single", []string{
		"Full factorial grid over attendees.count, votes.noise: 4 points × 2 replicates × 2 policies, none failed.",
		"point  attendees.count  votes.noise  best", "Winner: ",
	})
	for _, f := range []string{"results.csv", "results.parquet", "summary.csv", "meta.json", "charts/heat-winner-margin.png"} {
		if _, err := os.Stat(filepath.Join("single", f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(stderr, "units 16/16") || strings.Contains(stderr, "Winner") {
		t.Errorf("stderr: %s", stderr)
	}
	single := stdout

	for i := range 3 {
		t.Setenv("SLURM_ARRAY_TASK_ID", string(rune('0'+i)))
		t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
		stdout, stderr, code := runMain(t, "sweep", spec, "--out", "sharded", "--workers", "1")
		if code != 0 || !strings.Contains(stderr, "SLURM_ARRAY_TASK_ID") {
			t.Fatalf("shard %d: exit %d\n%s", i, code, stderr)
		}
		if !strings.HasPrefix(stdout, fmt.Sprintf("Shard %d/3: ", i)) || !strings.HasSuffix(stdout, "When every shard is done: unconf merge sharded\n") {
			t.Errorf("shard %d: stdout %q", i, stdout)
		}
	}
	clearShardEnv(t, nil)
	stdout, stderr, code = runMain(t, "merge", "sharded")
	if code != 0 {
		t.Fatalf("merge: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join("single", "results.csv"))
	b, _ := os.ReadFile(filepath.Join("sharded", "results.csv"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("merged results.csv (%d bytes) differs from the single run's (%d bytes)", len(b), len(a))
	}
	if want := strings.ReplaceAll(single, "single", "sharded"); stdout != want {
		t.Errorf("merge's answer differs from the single run's:\n%s\nwant\n%s", stdout, want)
	}
	stdout, _, code = runMain(t, "merge", "sharded", "--json")
	var ans struct {
		Command, Out, Report, Winner string
		Points                       int
		PointWinners                 []struct{ Values []float64 } `json:"point_winners"`
	}
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil || code != 0 {
		t.Fatalf("merge --json: exit %d, %v\n%s", code, err, stdout)
	}
	if ans.Command != "merge" || ans.Out != "sharded" || ans.Report != filepath.Join("sharded", ReportFile) || ans.Winner == "" ||
		ans.Points != 4 || len(ans.PointWinners) != 4 || ans.PointWinners[3].Values[0] != 30 || ans.PointWinners[3].Values[1] != 0.3 {
		t.Errorf("merge --json: %+v", ans)
	}

	parts, _ := filepath.Glob(filepath.Join("sharded", "shard-1-of-3-*"))
	if len(parts) != 1 {
		t.Fatalf("part folders %v", parts)
	}
	os.RemoveAll(parts[0])
	_, stderr, code = runMain(t, "merge", "sharded", "--out", "m2")
	if code != exitError {
		t.Errorf("merge with a missing shard: exit %d", code)
	}
	oneErrorLine(t, stderr, "missing", "shard 1/3")
	if _, err := os.Stat("m2"); err == nil {
		t.Error("a refused merge left its output folder")
	}

	stdout, stderr, code = runMain(t, "plot", filepath.Join("single", "results.csv"), "--x", "votes.noise", "--y", "satisfaction_mean", "--format", "svg")
	want := filepath.Join("single", "charts", "satisfaction_mean-vs-votes.noise.svg")
	if code != 0 || strings.TrimSpace(stdout) != want {
		t.Errorf("plot: exit %d, stdout %q, want %s\n%s", code, stdout, want, stderr)
	}
	_, stderr, code = runMain(t, "plot", filepath.Join("single", "results.csv"))
	if code != exitUsage {
		t.Errorf("plot without --x: exit %d", code)
	}
	oneErrorLine(t, stderr, "--x is required")
}

// TestSweepUnknownKey: a swept key that is not a config key (a typo, a
// list index past the end) exits 1 with one line naming the spec file, the
// key's line, the key and the closest key or the valid indices, and
// writes nothing.
func TestSweepUnknownKey(t *testing.T) {
	for _, tt := range []struct {
		name, key, base string
		want            []string
	}{
		{"typo", "votes.nose", "embedded:meetup.yaml",
			[]string{`sweep spec spec.yaml:10: parameters.1.key: unknown config key "votes.nose" (did you mean "votes.noise"?)`}},
		{"typo in a list item", "event.rooms.0.capasity", "embedded:meetup.yaml",
			[]string{`spec.yaml:10: parameters.1.key: unknown config key "event.rooms.0.capasity" (did you mean "event.rooms.0.capacity"?)`}},
		{"no close key", "jetlag.share", "embedded",
			[]string{`spec.yaml:10: parameters.1.key: unknown config key "jetlag" (at the top level the keys are alertness, attendees,`}},
		{"index past the end", "event.rooms.9.count", "embedded:meetup.yaml",
			[]string{`spec.yaml:10: parameters.1.key: list index 9 out of range in "event.rooms.9.count" (event.rooms has 2 items: want an index 0..1)`}},
		{"index past the end of a base file", "event.rooms.1.count", "tiny.yaml",
			[]string{`spec.yaml:10: parameters.1.key: list index 1 out of range in "event.rooms.1.count" (event.rooms has 1 item: want index 0)`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clearShardEnv(t, nil)
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir, "tiny.yaml", tinyConfig)
			writeFile(t, dir, "spec.yaml", "# a sweep with a bad key\nbase: "+tt.base+`
seed: 5
replicates: 2
policies: [random, spread]
baseline: random
parameters:
  - key: attendees.count
    values: [20, 30]
  - key: `+tt.key+`
    values: [1, 2]
`)
			stdout, stderr, code := runMain(t, "sweep", "spec.yaml", "--out", "out")
			if code != 1 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
			}
			oneErrorLine(t, stderr, tt.want...)
			if got := listTree(t, dir); len(got) != 2 {
				t.Errorf("wrote %v, want only the inputs", got)
			}
		})
	}
}
