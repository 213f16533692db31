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

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
)

// TestNoWritesThroughSymlinks plants a symbolic link where compare or a
// sweep shard would write, pointing outside the output folder, and checks
// that the run is refused with an error naming the link, that nothing is
// written outside and that the link is left alone.
func TestNoWritesThroughSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	cfg := tinyConfig(t)
	cfg.Run.Seeds = 2
	s := tinySpec(t, gridSpec)
	p, err := planSweep(s, false)
	if err != nil {
		t.Fatal(err)
	}
	compareInto := func(t *testing.T, out string) error {
		h := defaultHooks() // with charts
		_, err := runCompare(t, context.Background(), cfg, out, 2, &h)
		return err
	}
	shardInto := func(t *testing.T, out string) error {
		_, err := runSweep(t, context.Background(), s, SweepOptions{Out: out, Shard: Shard{0, 2}}, nil)
		return err
	}
	for _, tc := range []struct {
		name, link string
		dir        bool // the link points to a folder
		run        func(t *testing.T, out string) error
	}{
		{"dangling journal", runner.SessionsFile + runner.JournalExt, false, compareInto},
		{"dangling ledger", runner.ResultsFile + runner.JournalExt, false, compareInto},
		{"lock file", ".unconf.lock", false, compareInto},
		{"charts folder", summary.ChartsDir, true, compareInto},
		{"shard folder", partDirName(Shard{0, 2}, p.hash), true, shardInto},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outside := t.TempDir()
			target := filepath.Join(outside, "target")
			if tc.dir {
				if err := os.Mkdir(target, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			link := filepath.Join(out, tc.link)
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			err := tc.run(t, out)
			if err == nil || !strings.Contains(err.Error(), link) || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("error %v, want one naming the symbolic link %s", err, link)
			}
			if got := dirFiles(t, outside); len(got) > 0 {
				t.Errorf("wrote %v outside the output folder, through %s", got, tc.link)
			}
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link %s was replaced or removed: %v", link, err)
			}
		})
	}
}

// TestChartWriteErrorFails makes one chart file impossible to write (a
// folder holds its name, as a full disk or a read-only charts folder
// would refuse it) and checks that compare fails naming the chart instead
// of warning and succeeding.
func TestChartWriteErrorFails(t *testing.T) {
	cfg := tinyConfig(t)
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

// listAll lists every entry under dir (files, folders, links), relative
// to dir, sorted.
func listAll(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			r, _ := filepath.Rel(dir, p)
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestFailedMergeLeavesNothing makes merge fail after it has started
// writing (a part's row file torn, a chart that cannot be written) and
// checks that the output folder holds exactly what it held before.
func TestFailedMergeLeavesNothing(t *testing.T) {
	s := tinySpec(t, gridSpec)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, parts []string, out string)
		want  string
	}{
		{"torn part row file", func(t *testing.T, parts []string, out string) {
			p := filepath.Join(parts[2], runner.SlotsFile)
			b := mustRead(t, p)
			if err := os.WriteFile(p, b[:len(b)-1], 0o644); err != nil {
				t.Fatal(err)
			}
		}, runner.SlotsFile},
		{"unwritable chart", func(t *testing.T, parts []string, out string) {
			if err := os.MkdirAll(filepath.Join(out, summary.ChartsDir, "heat-winner-margin.png", "x"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "heat-winner-margin.png"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			parts := runShards(t, s, dir, 3, true)
			out := t.TempDir()
			tc.setup(t, parts, out)
			before := listAll(t, out)
			_, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: out, Version: "test"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("merge: err %v, want one naming %s", err, tc.want)
			}
			if after := listAll(t, out); !slices.Equal(after, before) {
				t.Errorf("a failed merge changed the output folder:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// TestRerunRemovesOrphanTemps plants the temporary files that a kill -9
// during the Parquet write, a chart or a merge leaves behind, and checks
// that the next run into the folder removes them, and only them.
func TestRerunRemovesOrphanTemps(t *testing.T) {
	s := tinySpec(t, gridSpec)
	orphans := []string{
		".results.parquet.1234567.tmp", ".slots.csv.42.tmp", ".summary.md.7.tmp",
		filepath.Join(summary.ChartsDir, ".heat-winner-margin.png.99.tmp"),
	}
	kept := []string{"notes.tmp", ".results.parquet.tmp", "my.csv.1.tmp"}
	plant := func(t *testing.T, dir string) {
		t.Helper()
		for _, f := range append(slices.Clone(orphans), kept...) {
			p := filepath.Join(dir, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("half written"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(t *testing.T, dir string) {
		t.Helper()
		for _, f := range orphans {
			if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
				t.Errorf("orphan %s left after the rerun", f)
			}
		}
		for _, f := range kept {
			if _, err := os.Lstat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s, not a file unconf writes, was removed", f)
			}
		}
	}
	t.Run("sweep", func(t *testing.T) {
		dir := t.TempDir()
		opts := SweepOptions{Out: dir, Format: "parquet", Sessions: true}
		if _, err := runSweep(t, context.Background(), s, opts, nil); err != nil {
			t.Fatal(err)
		}
		plant(t, dir)
		if _, err := runSweep(t, context.Background(), s, opts, nil); err != nil {
			t.Fatal(err)
		}
		check(t, dir)
	})
	t.Run("merge", func(t *testing.T) {
		dir := t.TempDir()
		runShards(t, s, dir, 2, true)
		plant(t, dir)
		if _, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: dir, Format: "parquet", Version: "test"}); err != nil {
			t.Fatal(err)
		}
		check(t, dir)
	})
}

// TestTakeOutputDir: plan's folder is locked and claimed as compare's is.
func TestTakeOutputDir(t *testing.T) {
	cfg := tinyConfig(t)
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
	if got := listAll(t, dir); len(got) > 0 {
		t.Errorf("left %v", got)
	}

	// Released before Done: nothing left. Done: run.json of kind plan,
	// and compare then refuses the folder.
	od, err := runner.TakeOutputDir(dir, "plan", "test")
	if err != nil {
		t.Fatal(err)
	}
	od.Release()
	if got := listAll(t, dir); len(got) > 0 {
		t.Errorf("a plan released before Done left %v", got)
	}
	if od, err = runner.TakeOutputDir(dir, "plan", "test"); err != nil {
		t.Fatal(err)
	}
	if err := od.Done(time.Date(2017, 11, 17, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	od.Release()
	if got := string(mustRead(t, filepath.Join(dir, runner.StateFile))); !strings.Contains(got, `"kind": "plan"`) {
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
