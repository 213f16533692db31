package experiments

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
)

// TestNoWritesThroughSymlinks plants a symbolic link where compare would
// write, pointing outside the output folder, and checks that the run is
// refused with an error naming the link, that nothing is written outside
// and that the link is left alone (sweep's test plants one where a shard
// writes).
func TestNoWritesThroughSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 2
	compareInto := func(t *testing.T, out string) error {
		h := defaultHooks() // with charts
		_, err := runCompare(t, context.Background(), cfg, out, 2, &h)
		return err
	}
	for _, tc := range []struct {
		name, link string
		dir        bool // the link points to a folder
	}{
		{"dangling journal", runner.SessionsFile + runner.JournalExt, false},
		{"dangling ledger", runner.ResultsFile + runner.JournalExt, false},
		{"lock file", ".unconf.lock", false},
		{"charts folder", summary.ChartsDir, true},
	} {
		t.Run(tc.name, func(t *testing.T) { exptest.NoWriteThroughLink(t, tc.link, tc.dir, compareInto) })
	}
}

// TestChartWriteErrorFails makes one chart file impossible to write (a
// folder holds its name, as a full disk or a read-only charts folder
// would refuse it) and checks that compare fails naming the chart instead
// of warning and succeeding.
func TestChartWriteErrorFails(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 2
	out := t.TempDir()
	name := "box-" + summary.KeyMetrics[0].String() + ".png"
	blocker := filepath.Join(out, summary.ChartsDir, name)
	if err := os.MkdirAll(filepath.Join(blocker, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := defaultHooks()
	if _, err := runCompare(t, context.Background(), cfg, out, 2, &h); err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("compare with an unwritable chart: err %v, want an error naming %s", err, name)
	}
	// Nothing is final: the same command resumes once the cause is gone.
	if _, err := os.Stat(filepath.Join(out, runner.ResultsFile)); err == nil {
		t.Errorf("%s is final although the run failed", runner.ResultsFile)
	}
	if err := os.RemoveAll(blocker); err != nil {
		t.Fatal(err)
	}
	rep, err := runCompare(t, context.Background(), cfg, out, 2, &h)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if rep.Resumed != rep.Units || !slices.Contains(rep.Files, filepath.Join(summary.ChartsDir, name)) {
		t.Errorf("rerun resumed %d of %d units, files %v", rep.Resumed, rep.Units, rep.Files)
	}
}

// TestTakeOutputDir: plan's folder is locked and claimed as compare's is.
func TestTakeOutputDir(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cmpDir := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, cmpDir, 2, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := runner.TakeOutputDir(cmpDir, "plan", "test"); err == nil || !strings.Contains(err.Error(), "holds a compare run, not a plan run") {
		t.Errorf("plan into a compare folder: %v", err)
	}

	// A plan folder written before run.json existed: compare refuses it.
	old := t.TempDir()
	if err := os.WriteFile(filepath.Join(old, "schedule.md"), []byte("# plan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCompare(t, context.Background(), cfg, old, 1, nil); err == nil || !strings.Contains(err.Error(), "schedule.md") {
		t.Errorf("compare into an old plan folder: %v", err)
	}
	if od, err := runner.TakeOutputDir(old, "plan", "test"); err != nil {
		t.Errorf("plan into an old plan folder: %v", err)
	} else {
		od.Release()
	}

	dir := t.TempDir()
	lock, err := runner.TakeDir(dir, runner.State{Kind: "compare"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runner.TakeOutputDir(dir, "plan", "test"); err == nil || !strings.Contains(err.Error(), "another unconf process") {
		t.Errorf("plan into a folder another process writes: %v", err)
	}
	lock.Release(true)
	if got := exptest.ListAll(t, dir); len(got) > 0 {
		t.Errorf("left %v", got)
	}

	// Released before Done: nothing left. Done: run.json of kind plan,
	// and compare then refuses the folder.
	od, err := runner.TakeOutputDir(dir, "plan", "test")
	if err != nil {
		t.Fatal(err)
	}
	od.Release()
	if got := exptest.ListAll(t, dir); len(got) > 0 {
		t.Errorf("a plan released before Done left %v", got)
	}
	if od, err = runner.TakeOutputDir(dir, "plan", "test"); err != nil {
		t.Fatal(err)
	}
	if err := od.Done(time.Date(2017, 11, 17, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	od.Release()
	if got := string(exptest.MustRead(t, filepath.Join(dir, runner.StateFile))); !strings.Contains(got, `"kind": "plan"`) {
		t.Errorf("run.json after Done: %s", got)
	}
	if _, err := runCompare(t, context.Background(), cfg, dir, 1, nil); err == nil || !strings.Contains(err.Error(), "holds a plan run, not a compare run") {
		t.Errorf("compare into a plan folder: %v", err)
	}
	if od, err = runner.TakeOutputDir(dir, "plan", "other build"); err != nil {
		t.Errorf("plan again into its folder: %v", err)
	} else {
		od.Release()
	}
}
