package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
