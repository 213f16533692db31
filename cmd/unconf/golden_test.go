package main

// The output checksum test: compare (the default event), run, sweep (every
// design, every shipped spec), shards, merge, plot and plan (the example data:
// hands, vote levels, a fixed schedule, re-planning) run through the real
// command line (cli.Main) into a temporary folder, and the sha256 of
// every file they write, and of what they print on stdout, must equal
// testdata/golden.sha256. It proves a refactoring or an optimisation
// byte-identical. A change that alters outputs on purpose (a new random
// stream, a new column) regenerates the list with
//
//	go test ./cmd/unconf -run TestGoldenOutputs -update
//
// and says why in its commit (and in docs/ODD.md when a random stream
// changed).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/cmd/unconf/internal/cli"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.sha256 from this build's outputs")

const goldenFile = "testdata/golden.sha256"

// goldenRuns are the commands whose outputs are checked, in order (merge
// reads the shards, plan-late the first plan's schedule). Each writes into
// the folder named by its --out, relative to the test's working folder,
// which also holds a copy of configs/examples as ex/, small.yaml and
// grid2.yaml.
var goldenRuns = []struct {
	name string
	args []string
}{
	{"compare", []string{"compare", "--seeds", "3", "--workers", "2", "--out", "compare"}},
	{"run", []string{"run", "--policy", "optimized", "--replicate", "1", "--out", "run"}},
	{"sweep-ci", []string{"sweep", "embedded:sweeps/ci.yaml", "--workers", "2", "--out", "sweep-ci"}},
	{"sweep-small", []string{"sweep", "small.yaml", "--workers", "2", "--format", "parquet", "--sessions", "--out", "sweep-small"}},
	{"sweep-grid2", []string{"sweep", "grid2.yaml", "--workers", "2", "--out", "sweep-grid2"}},
	{"shard-0", []string{"sweep", "embedded:sweeps/ci.yaml", "--shard", "0/3", "--workers", "1", "--out", "shards"}},
	{"shard-1", []string{"sweep", "embedded:sweeps/ci.yaml", "--shard", "1/3", "--workers", "1", "--out", "shards"}},
	{"shard-2", []string{"sweep", "embedded:sweeps/ci.yaml", "--shard", "2/3", "--workers", "1", "--out", "shards"}},
	{"merge", []string{"merge", "shards", "--out", "merged"}},
	{"plot", []string{"plot", "sweep-small/results.csv", "--x", "attendees.visitor_share", "--out", "plot"}},
	{"plot-by", []string{"plot", "sweep-small/results.csv", "--x", "attendees.visitor_share", "--by", "attendees.count",
		"--y", "coverage", "--format", "svg", "--out", "plot"}},
	// The shipped sweep specs: morris whole (its design, morris.csv and
	// charts), the others as one slice each (their designs and keys).
	{"sweep-morris", []string{"sweep", "embedded:sweeps/morris.yaml", "--workers", "2", "--out", "sweep-morris"}},
	{"spec-jetlag", []string{"sweep", "embedded:sweeps/jetlag.yaml", "--shard", "0/40", "--workers", "2", "--out", "spec-jetlag"}},
	{"spec-lhs", []string{"sweep", "embedded:sweeps/lhs.yaml", "--shard", "0/40", "--workers", "2", "--out", "spec-lhs"}},
	{"spec-rooms-attendees", []string{"sweep", "embedded:sweeps/rooms-attendees.yaml", "--shard", "0/40", "--workers", "2", "--out", "spec-rooms-attendees"}},
	{"plan", []string{"plan", "--attendees", "ex/attendees.csv", "--proposals", "ex/proposals.csv",
		"--votes", "ex/votes.csv", "--config", "ex/event.yaml", "--seeds", "4", "--workers", "2", "--out", "plan"}},
	{"plan-fixed", []string{"plan", "--attendees", "ex/attendees.csv", "--proposals", "ex/proposals.csv",
		"--votes", "ex/votes.csv", "--config", "ex/event.yaml", "--seeds", "4", "--workers", "2",
		"--schedule", "ex/hand-schedule.csv", "--out", "plan-fixed"}},
	{"plan-late", []string{"plan", "--attendees", "ex/attendees.csv", "--proposals", "ex/proposals.csv",
		"--votes", "ex/votes-late.csv", "--config", "ex/event.yaml", "--seeds", "4", "--workers", "2",
		"--previous", "plan/schedule.csv", "--stick", "0.02", "--out", "plan-late"}},
	{"plan-levels", []string{"plan", "--attendees", "ex/attendees.csv", "--proposals", "ex/proposals.csv",
		"--votes", "ex/votes-levels.csv", "--config", "ex/event.yaml", "--seeds", "4", "--workers", "2", "--out", "plan-levels"}},
}

// smallSweep is a Latin hypercube over the meetup with every policy: the
// lhs design, float and integer keys, parquet and the session files.
const smallSweep = `base: embedded:meetup.yaml
seed: 11
replicates: 2
policies: [random, popularity, spread, jetlag, show-of-hands, open-space, optimized]
baseline: random
design: {kind: lhs, samples: 3}
parameters:
  - key: attendees.visitor_share
    distribution: {uniform: [0, 0.9]}
  - key: attendees.count
    distribution: {uniform: [30, 60]}
    integer: true
`

// grid2Sweep is a grid over two keys: the heat maps.
const grid2Sweep = `base: embedded:meetup.yaml
seed: 5
replicates: 2
policies: [random, popularity, spread]
baseline: random
design: {kind: grid}
parameters:
  - key: attendees.count
    values: [30, 50]
  - key: votes.noise
    values: [0, 0.3]
`

// volatile and timestamp match what legitimately differs between two runs
// of the same command: the start, end and creation times in meta.json,
// run.json and report.html (the build's version, which changes with the
// code, is replaced too).
var (
	volatile  = regexp.MustCompile(`"(start|end|created)": "[^"]*"`)
	timestamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`) // report.html's run times
)

// TestGoldenOutputs runs every command of goldenRuns and compares the
// checksums of their outputs with testdata/golden.sha256.
func TestGoldenOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command (seconds)")
	}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "UNCONF_") || strings.HasPrefix(k, "SLURM_") || k == "JOB_COMPLETION_INDEX" {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	examples, err := os.ReadDir("../../configs/examples")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "ex"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range examples {
		b, err := os.ReadFile(filepath.Join("../../configs/examples", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "ex", e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, spec := range map[string]string{"small.yaml": smallSweep, "grid2.yaml": grid2Sweep} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := filepath.Abs(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	// The version names the build (the test binary's hash among others).
	version := []byte(cli.Version())
	htmlVersion := bytes.ReplaceAll(version, []byte("+"), []byte("&#43;")) // as html/template writes it
	// The sha256 of each output, by path.
	got := map[string]string{}
	for _, r := range goldenRuns {
		var out, errb bytes.Buffer
		env := &cli.Env{
			Out: &out, Err: &errb,
			Now:     func() time.Time { return time.Date(2017, 11, 17, 9, 30, 0, 0, time.UTC) },
			Context: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
		}
		if code := cli.Main(r.args, env); code != 0 {
			t.Fatalf("unconf %s: exit %d\nstderr: %s", strings.Join(r.args, " "), code, errb.String())
		}
		got["stdout/"+r.name] = checksum(bytes.ReplaceAll(out.Bytes(), version, []byte("VERSION")))
	}
	for _, root := range []string{"compare", "run", "sweep-ci", "sweep-small", "sweep-grid2", "shards", "merged", "plot",
		"sweep-morris", "spec-jetlag", "spec-lhs", "spec-rooms-attendees", "plan", "plan-fixed", "plan-late", "plan-levels"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == ".unconf.lock" {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			switch {
			case strings.HasSuffix(p, ".json"):
				b = volatile.ReplaceAll(b, []byte(`"$1": ""`))
			case strings.HasSuffix(p, ".html"):
				b = timestamp.ReplaceAll(b, []byte("TIME"))
			}
			b = bytes.ReplaceAll(b, version, []byte("VERSION"))
			b = bytes.ReplaceAll(b, htmlVersion, []byte("VERSION"))
			got[filepath.ToSlash(p)] = checksum(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	if *update {
		writeGolden(t, golden, got)
		return
	}
	want := readGolden(t, golden)
	var diffs []string
	for p, sum := range want {
		switch g, ok := got[p]; {
		case !ok:
			diffs = append(diffs, "missing: "+p)
		case g != sum:
			diffs = append(diffs, "changed: "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "new:     "+p)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Errorf("%d of %d outputs differ from %s (if on purpose: go test ./cmd/unconf -run TestGoldenOutputs -update, and say why in the commit):\n%s",
			len(diffs), len(want), goldenFile, strings.Join(diffs, "\n"))
	}
}

func checksum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// readGolden reads "sha256  path" lines (sha256sum's format).
func readGolden(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		sum, p, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("%s:%d: want \"sha256  path\", got %q", path, line, sc.Text())
		}
		m[p] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeGolden(t *testing.T, path string, sums map[string]string) {
	t.Helper()
	paths := make([]string, 0, len(sums))
	for p := range sums {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	for _, p := range paths {
		fmt.Fprintf(&b, "%s  %s\n", sums[p], p)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d checksums to %s", len(paths), path)
}
