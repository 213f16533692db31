//go:build unix

package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test start this test binary as the unconf command (with
// UNCONF_TEST_AS_MAIN=1), to kill it as a real process.
func TestMain(m *testing.M) {
	if os.Getenv("UNCONF_TEST_AS_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], System()))
	}
	os.Exit(m.Run())
}

// killAfter starts unconf args in a process of its own and kills it with
// SIGKILL after d (or lets it finish, if it is faster).
func killAfter(t *testing.T, d time.Duration, args ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "UNCONF_TEST_AS_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	cmd.Process.Kill()
	cmd.Wait()
}

// leftovers lists what only an interrupted run leaves: journals,
// temporary files and staging folders.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, p := range listTree(t, dir) {
		b := filepath.Base(p)
		if strings.HasSuffix(b, ".partial") || strings.HasPrefix(b, ".unconf-tmp-") ||
			strings.HasPrefix(b, ".") && strings.HasSuffix(b, ".tmp") {
			out = append(out, p)
		}
	}
	return out
}

// TestKill9 kills real sweep and merge processes with SIGKILL at several
// moments (rows half written, the Parquet copy or charts being written,
// files being moved into place) and checks that the same command then
// completes with files byte-identical to an uninterrupted run's, leaving
// no journal or temporary file behind.
func TestKill9(t *testing.T) {
	clearShardEnv(t, nil)
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "tiny.yaml", tinyConfig)
	spec := writeFile(t, dir, "spec.yaml", strings.Replace(tinySweep, "replicates: 2", "replicates: 6", 1))
	flags := []string{"--format", "parquet", "--sessions", "--workers", "1"}
	sweep := func(out string, extra ...string) []string {
		return append(append([]string{"sweep", spec, "--out", out}, flags...), extra...)
	}
	if _, stderr, code := runMain(t, sweep("want")...); code != 0 {
		t.Fatalf("sweep: exit %d\n%s", code, stderr)
	}
	files := []string{"results.csv", "sessions.csv", "slots.csv", "check.csv", "results.parquet", "summary.csv", "summary.md",
		filepath.Join("charts", "heat-winner-margin.png")}
	same := func(t *testing.T, out string) {
		t.Helper()
		for _, f := range files {
			a, _ := os.ReadFile(filepath.Join("want", f))
			b, err := os.ReadFile(filepath.Join(out, f))
			if err != nil || len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s differs from an uninterrupted run's (%d and %d bytes, %v)", filepath.Join(out, f), len(a), len(b), err)
			}
		}
		if l := leftovers(t, out); len(l) > 0 {
			t.Errorf("left in %s: %v", out, l)
		}
	}
	for i, d := range []time.Duration{150, 400, 800} {
		t.Run(fmt.Sprintf("sweep killed after %dms", d), func(t *testing.T) {
			out := fmt.Sprintf("sweep-%d", i)
			killAfter(t, d*time.Millisecond, sweep(out)...)
			if _, stderr, code := runMain(t, sweep(out)...); code != 0 {
				t.Fatalf("sweep after kill -9: exit %d\n%s", code, stderr)
			}
			same(t, out)
		})
	}
	for i := range 2 {
		if _, stderr, code := runMain(t, sweep("parts", "--shard", fmt.Sprintf("%d/2", i))...); code != 0 {
			t.Fatalf("shard %d/2: exit %d\n%s", i, code, stderr)
		}
	}
	merge := func(out string) []string { return []string{"merge", "parts", "--out", out, "--format", "parquet"} }
	for i, d := range []time.Duration{150, 350} {
		t.Run(fmt.Sprintf("merge killed after %dms", d), func(t *testing.T) {
			out := fmt.Sprintf("merge-%d", i)
			killAfter(t, d*time.Millisecond, merge(out)...)
			if _, stderr, code := runMain(t, merge(out)...); code != 0 {
				t.Fatalf("merge after kill -9: exit %d\n%s", code, stderr)
			}
			same(t, out)
		})
	}
}
