package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/runner"
)

// calibrateArgs returns the calibrate arguments for the example data: the
// online vote, the hand-made schedule as run and its head counts.
func calibrateArgs(t *testing.T) []string {
	t.Helper()
	abs, err := filepath.Abs(exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"calibrate",
		"--attendees", filepath.Join(abs, "attendees.csv"),
		"--proposals", filepath.Join(abs, "proposals.csv"),
		"--votes", filepath.Join(abs, "votes-levels.csv"),
		"--schedule", filepath.Join(abs, "hand-schedule.csv"),
		"--attendance", filepath.Join(abs, "attendance.csv"),
		"--config", filepath.Join(abs, "event.yaml")}
}

func TestCalibrateFlags(t *testing.T) {
	base := calibrateArgs(t)[1:]
	t.Chdir(t.TempDir())
	opts, err := parseFlags(t, NewCalibrateCmd, append(base, "--draws", "40", "--rounds", "2", "--replicates", "3", "--seed", "12")...)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Fit.Draws != 40 || opts.Fit.Rounds != 2 || opts.Fit.Replicates != 3 || opts.Fit.Seed != 12 {
		t.Errorf("fit options %+v", opts.Fit)
	}
	if !strings.HasPrefix(opts.OutDir, filepath.Join("unconf-out", "calibrate-")) {
		t.Errorf("default --out %q", opts.OutDir)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--attendance", ""}, "--attendance FILE is required"},
		{[]string{"--schedule", ""}, "--schedule FILE is required"},
		{[]string{"--draws", "0"}, "--draws 0: want at least 1"},
		{[]string{"--replicates", "-1"}, "--replicates -1: want at least 1"},
		{[]string{"--format", "gif"}, `--format "gif"`},
	} {
		_, err := parseFlags(t, NewCalibrateCmd, append(base, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// TestCalibrateThenPlan runs the README's loop on the example data, small:
// calibrate writes its files and prints calibration.md; plan takes the
// forecast file; a bad attendance file fails with one line and writes
// nothing.
func TestCalibrateThenPlan(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "cal")
	args := append(calibrateArgs(t), "--draws", "12", "--rounds", "2", "--replicates", "2", "--out", out)
	stdout, stderr, code := runMain(t, args...)
	if code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "# Calibration of Example unconference") || !strings.Contains(stdout, "each session left out") {
		t.Errorf("stdout is not calibration.md:\n%s", stdout)
	}
	for _, f := range []string{"forecast.yaml", "posterior.csv", "draws.csv", "sessions.csv", "calibration.md",
		"charts/parameters.png", "charts/observed-vs-predicted.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("calibrate wrote no %s", f)
		}
	}
	// The same command again resumes: every draw comes from the journal.
	_, stderr, code = runMain(t, args...)
	if code != 0 || !strings.Contains(stderr, "resumed 24 draws") {
		t.Errorf("rerun: exit %d, stderr %s", code, stderr)
	}

	planArgs := append(exampleArgs(t), "--votes", filepath.Join(filepath.Dir(args[2]), "votes-levels.csv"),
		"--forecast", filepath.Join(out, "forecast.yaml"), "--seeds", "3", "--policies", "popularity", "--out", filepath.Join(dir, "plan"), "--quiet")
	if _, stderr, code := runMain(t, planArgs...); code != 0 {
		t.Fatalf("plan --forecast: exit %d: %s", code, stderr)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("forecast: {prior_voters: 2}\nvotes: {noise: 0.1}\n"), 0o644)
	planArgs[len(planArgs)-8] = bad // --forecast's value
	if _, stderr, code := runMain(t, planArgs...); code != 1 || !strings.Contains(stderr, `"votes": a forecast file holds only a forecast section`) {
		t.Errorf("plan --forecast with other keys: exit %d: %s", code, stderr)
	}

	att := filepath.Join(dir, "attendance.csv")
	os.WriteFile(att, []byte("proposal,count\np01,5\np99,3\n"), 0o644)
	badOut := filepath.Join(dir, "never")
	args = append(calibrateArgs(t), "--attendance", att, "--out", badOut)
	_, stderr, code = runMain(t, args...)
	if code != 1 || !strings.Contains(stderr, `attendance.csv:3: column "proposal": "p99" is not a proposal id`) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("bad attendance: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(badOut); err == nil {
		t.Error("a failed calibrate created its output folder")
	}
}

func TestCalibrateShardFlags(t *testing.T) {
	base := calibrateArgs(t)[1:]
	t.Chdir(t.TempDir())
	for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "JOB_COMPLETION_INDEX", runner.EnvShards} {
		t.Setenv(k, "")
	}
	opts, err := parseFlags(t, NewCalibrateCmd, append(base, "--shard", "1/3", "--out", "big", "--draws", "40")...)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Shard != (runner.Shard{Index: 1, Count: 3}) || opts.ShardSource != "--shard 1/3" {
		t.Errorf("shard %v from %q", opts.Shard, opts.ShardSource)
	}
	if strings.Contains(opts.Final, "--shard") || !strings.Contains(opts.Final, "--draws 40") || !strings.HasSuffix(opts.Final, "--out big") {
		t.Errorf("the command after the shards: %s", opts.Final)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "3/3", "--out", "big"}, "0 <= i < n"},
		{[]string{"--shard", "x", "--out", "big"}, "want i/n"},
		{[]string{"--shard", "1/3"}, "--out is needed with shards"},
		{[]string{"--shards", "3", "--out", "big"}, "which shard?"},
		{[]string{"--shard", "1/3", "--shards", "4", "--out", "big"}, "disagree"},
	} {
		_, err := parseFlags(t, NewCalibrateCmd, append(base, tc.args...)...)
		var u *usageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &u) {
			t.Errorf("%v: error %v, want a usage error %q", tc.args, err, tc.want)
		}
	}
	// A Slurm array task finds its shard in the environment.
	t.Setenv("SLURM_ARRAY_TASK_ID", "2")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
	opts, err = parseFlags(t, NewCalibrateCmd, append(base, "--out", "big")...)
	if err != nil || opts.Shard != (runner.Shard{Index: 2, Count: 4}) {
		t.Errorf("Slurm array task 2 of 4: shard %v, error %v", opts.Shard, err)
	}
}

// TestCalibrateShards runs calibrate as 3 shards round by round, with one
// shard missing in the last round, then without --shard: the outputs are
// byte-identical to a run without shards.
func TestCalibrateShards(t *testing.T) {
	dir := t.TempDir()
	args := append(calibrateArgs(t), "--draws", "5", "--rounds", "2", "--replicates", "2", "--format", "svg")
	ref := filepath.Join(dir, "ref")
	if _, stderr, code := runMain(t, append(args, "--out", ref)...); code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "sharded")
	for round := 1; round <= 2; round++ {
		for i := range 3 {
			if round == 2 && i == 1 {
				continue // a shard that failed: the final run does its part
			}
			stdout, stderr, code := runMain(t, append(args, "--out", out, "--shard", fmt.Sprintf("%d/3", i))...)
			if code != 0 {
				t.Fatalf("shard %d/3, round %d: exit %d: %s", i, round, code, stderr)
			}
			head := fmt.Sprintf("Shard %d/3: round %d of 2: simulated ", i, round)
			next := "run all 3 shards again, for round 2"
			if round == 2 {
				next = "to write the outputs: unconf calibrate "
			}
			if !strings.HasPrefix(stdout, head) || !strings.Contains(stdout, next) || strings.Contains(stdout, "--shard") {
				t.Errorf("shard %d/3, round %d: stdout\n%s", i, round, stdout)
			}
			if !strings.Contains(stderr, fmt.Sprintf("calibrate: shard %d/3: round %d of 2", i, round)) {
				t.Errorf("shard %d/3, round %d: stderr\n%s", i, round, stderr)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "calibration.md")); err == nil {
		t.Error("a shard wrote calibration.md")
	}
	_, stderr, code := runMain(t, append(args, "--out", out)...)
	if code != 0 || !strings.Contains(stderr, "resumed 8 draws") {
		t.Fatalf("calibrate after the shards: exit %d: %s", code, stderr)
	}
	files := slices.DeleteFunc(listTree(t, ref), func(f string) bool { return strings.HasPrefix(f, ".calibrate.journal") })
	if got := slices.DeleteFunc(listTree(t, out), func(f string) bool { return strings.HasPrefix(f, ".calibrate.journal") }); !slices.Equal(got, files) {
		t.Errorf("files after the shards: %v, want %v", got, files)
	}
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(ref, f))
		b, _ := os.ReadFile(filepath.Join(out, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from the unsharded run's", f)
		}
	}
}
