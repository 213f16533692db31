package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompareEndToEnd runs the real compare on a tiny event with two seeds, twice with different worker counts, and checks the files,
// their row counts, stdout and stderr, and that results.csv does not depend
// on the number of workers.
func TestCompareEndToEnd(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := writeFile(t, dir, "tiny.yaml", tinyConfig)
	policies := "random,popularity,spread"
	var results [2][]byte
	for i, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "out"+workers)
		stdout, stderr, code := runMain(t, "compare", "--config", cfg, "--seeds", "2", "--seed", "11",
			"--policies", policies, "--workers", workers, "--out", out)
		if code != 0 {
			t.Fatalf("compare --workers %s: exit %d\nstderr: %s", workers, code, stderr)
		}
		md, err := os.ReadFile(filepath.Join(out, "summary.md"))
		if err != nil {
			t.Fatal(err)
		}
		if stdout != string(md) {
			t.Errorf("stdout is not summary.md:\n%s", stdout)
		}
		if !strings.Contains(stderr, "Wrote ") || !strings.Contains(stderr, out) {
			t.Errorf("stderr does not name the output folder %s:\n%s", out, stderr)
		}
		for _, f := range []struct {
			name string
			rows int // data rows, -1 for "at least one"
		}{
			{"results.csv", 2 * 3}, {"sessions.csv", -1}, {"slots.csv", -1}, {"summary.csv", -1}, {"meta.json", -1},
		} {
			b, err := os.ReadFile(filepath.Join(out, f.name))
			if err != nil {
				t.Errorf("%s: %v", f.name, err)
				continue
			}
			if lines := bytes.Count(b, []byte("\n")); f.rows >= 0 && lines != f.rows+1 || lines < 2 {
				t.Errorf("%s: %d lines, want %d rows and a header", f.name, lines, f.rows)
			}
			if !strings.HasSuffix(f.name, ".csv") || i > 0 {
				continue
			}
			header, _, _ := bytes.Cut(b, []byte("\n"))
			for _, col := range strings.Split(string(header), ",") {
				if !bytes.Contains(readme, []byte("`"+col+"`")) {
					t.Errorf("README.md does not document column %s of %s", col, f.name)
				}
			}
		}
		results[i], _ = os.ReadFile(filepath.Join(out, "results.csv"))
		if !strings.HasPrefix(string(results[i]), "unit,replicate,seed,policy,satisfaction_mean,") {
			t.Errorf("results.csv header: %.80q", results[i])
		}
	}
	if !bytes.Equal(results[0], results[1]) {
		t.Errorf("results.csv differs between --workers 1 and --workers 2")
	}
}

// tinyConfig is a small event, merged over the default, that runs in
// milliseconds.
const tinyConfig = `
event:
  name: tiny
  days: 1
  slots:
    - {start: "10:00", minutes: 60}
    - {start: "11:30", minutes: 60}
  rooms:
    - {name: Room, count: 3, capacity: 12}
attendees:
  count: 30
  affiliations: 8
policy:
  spread: {iterations: 200}
  jetlag: {iterations: 200}
  optimized: {iterations: 500}
metrics:
  random_schedules: 3
`

// TestCompareInterrupted cancels the run (as Ctrl-C does) and checks that
// no final output file exists and the error says so in one line.
func TestCompareInterrupted(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := writeFile(t, dir, "tiny.yaml", tinyConfig)
	env, out, errb := testEnv()
	env.Context = func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx, cancel
	}
	outDir := filepath.Join(dir, "out")
	code := Main([]string{"compare", "--config", cfg, "--seeds", "2", "--policies", "random,spread", "--out", outDir}, env)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
	// Progress lines may precede the error; the error is the last line.
	lines := strings.Split(strings.TrimRight(errb.String(), "\n"), "\n")
	oneErrorLine(t, lines[len(lines)-1]+"\n", "interrupted", "--out "+outDir)
	for _, name := range []string{"results.csv", "sessions.csv", "slots.csv", "summary.csv", "summary.md", "meta.json"} {
		if _, err := os.Stat(filepath.Join(outDir, name)); err == nil {
			t.Errorf("%s exists after an interrupted run", name)
		}
	}
}
