package sweep

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
)

// TestNoWritesThroughSymlinks plants a symbolic link where a sweep shard
// would write its part folder, pointing outside the output folder, and
// checks that the run is refused naming the link, that nothing is written
// outside and that the link is left alone.
func TestNoWritesThroughSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	s := tinySpec(t, gridSpec)
	p, err := planSweep(s, false)
	if err != nil {
		t.Fatal(err)
	}
	exptest.NoWriteThroughLink(t, partDirName(runner.Shard{Index: 0, Count: 2}, p.hash), true, func(t *testing.T, out string) error {
		_, err := runSweep(t, context.Background(), s, Options{Out: out, Shard: runner.Shard{Index: 0, Count: 2}}, nil)
		return err
	})
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
			b := exptest.MustRead(t, p)
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
			before := exptest.ListAll(t, out)
			_, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: out, Version: "test"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("merge: err %v, want one naming %s", err, tc.want)
			}
			if after := exptest.ListAll(t, out); !slices.Equal(after, before) {
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
		opts := Options{Out: dir, Format: "parquet", Sessions: true}
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
