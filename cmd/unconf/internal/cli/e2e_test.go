package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
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
		checkCompactAnswer(t, stdout, out, "tiny: 3 policies × 2 replicates, none failed.")
		if !strings.Contains(stderr, "units 6/6 (100.0%)") || strings.Contains(stderr, "Winner") {
			t.Errorf("stderr is not the progress alone:\n%s", stderr)
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

	// The finished run again, for scripts: --quiet prints the folder
	// alone, --json the answer alone.
	out := filepath.Join(dir, "out1")
	args := []string{"compare", "--config", cfg, "--seeds", "2", "--seed", "11", "--policies", policies, "--out", out}
	if stdout, stderr, code := runMain(t, append(args, "--quiet")...); code != 0 || stdout != out+"\n" {
		t.Errorf("--quiet: exit %d, stdout %q, want %q (stderr %q)", code, stdout, out+"\n", stderr)
	}
	stdout, stderr, code := runMain(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("--json: exit %d, stderr %s", code, stderr)
	}
	var ans struct {
		Command, Event, Out, Report, Baseline string
		Replicates, Units, Failed             int
		Metrics                               []struct{ Name string }
		Policies                              []struct {
			Policy  string
			Metrics map[string]struct {
				Mean       *float64
				VsBaseline *struct{ Mean, CILow, CIHigh *float64 } `json:"vs_baseline"`
			}
		}
		Winner struct {
			Policy      string
			RunnerUp    string `json:"runner_up"`
			Wins, Pairs int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil {
		t.Fatalf("--json stdout is not JSON: %v\n%s", err, stdout)
	}
	if ans.Command != "compare" || ans.Event != "tiny" || ans.Out != out || ans.Report != filepath.Join(out, ReportFile) ||
		ans.Replicates != 2 || ans.Units != 6 || ans.Baseline != "random" || len(ans.Policies) != 3 ||
		ans.Metrics[0].Name != "satisfaction_mean" || ans.Winner.Policy == "" || ans.Winner.Pairs != 2 {
		t.Errorf("--json answer: %+v", ans)
	}
	for _, p := range ans.Policies {
		v := p.Metrics["conflict_share"]
		if v.Mean == nil || (v.VsBaseline == nil) != (p.Policy == "random") {
			t.Errorf("--json: %s's conflict_share %+v: want a mean, and a difference unless it is the baseline", p.Policy, v)
		}
	}
	if _, _, code := runMain(t, append(args, "--json", "--quiet")...); code != exitUsage {
		t.Errorf("--json --quiet: exit %d, want %d", code, exitUsage)
	}
}

// checkCompactAnswer checks compare's answer on stdout: at most 25 lines,
// starting with head, a table with the paired differences, the winner and
// how sure, the folder and the report.
func checkCompactAnswer(t *testing.T, stdout, out, head string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) > 25 || lines[0] != head {
		t.Errorf("answer of %d lines starting %q, want at most 25 starting %q:\n%s", len(lines), lines[0], head, stdout)
	}
	for _, want := range []string{"satisfaction ↑", "conflict share ↓", "collapsed ↓", "±", "\nWinner: ", "\nHow sure: ",
		"\nFolder: " + out + "\n", "\nReport: " + filepath.Join(out, ReportFile) + "\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("answer lacks %q:\n%s", want, stdout)
		}
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > 100 {
			t.Errorf("answer line of %d characters, want at most 100: %q", n, l)
		}
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
// no final output file exists and that stderr is one line with the exact
// command that resumes, --out included even when the folder was the
// default one (issue 10 item 23); that command then finishes the run.
func TestCompareInterrupted(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "tiny.yaml", tinyConfig)
	t.Setenv("UNCONF_VOTES_NOISE", "0.25")
	env, out, errb := testEnv()
	env.Context = func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx, cancel
	}
	args := []string{"compare", "--config", "tiny.yaml", "--seeds", "2", "--policies", "random,spread"}
	code := Main(args, env)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
	outDir := filepath.Join("unconf-out", "compare-20171117-093000")
	want := "interrupted after 0 of 4 units; resume with: UNCONF_VOTES_NOISE=0.25 unconf compare --config tiny.yaml " +
		"--policies random,spread --seeds 2 --out " + outDir
	oneErrorLine(t, errb.String(), want)
	for _, name := range []string{"results.csv", "sessions.csv", "slots.csv", "summary.csv", "summary.md", "meta.json"} {
		if _, err := os.Stat(filepath.Join(outDir, name)); err == nil {
			t.Errorf("%s exists after an interrupted run", name)
		}
	}
	// The command resumes (and here finishes) the same run.
	line := strings.TrimPrefix(strings.TrimSpace(errb.String()), "unconf: ")
	_, cmdline, _ := strings.Cut(line, "resume with: ")
	words := strings.Fields(cmdline)
	if words[0] != "UNCONF_VOTES_NOISE=0.25" || words[1] != "unconf" {
		t.Fatalf("resume command %q", cmdline)
	}
	if _, stderr, code := runMain(t, words[2:]...); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(outDir, "summary.md")); err != nil {
		t.Errorf("the resume command did not finish the run in %s: %v", outDir, err)
	}
}

// TestRunReplaysARow runs compare on a tiny event, then replays one of its
// rows with "unconf run" and checks the seed and every metric against the
// row, and that the schedule chart decodes.
func TestRunReplaysARow(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := writeFile(t, dir, "tiny.yaml", tinyConfig)
	if _, stderr, code := runMain(t, "compare", "--config", cfg, "--seeds", "2", "--seed", "5",
		"--policies", "random,spread", "--out", "cmp"); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	f, err := os.Open(filepath.Join("cmp", "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	var row []string
	for _, r := range rows[1:] {
		if r[1] == "1" && r[3] == "spread" {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("results.csv has no row for replicate 1, spread")
	}
	stdout, stderr, code := runMain(t, "run", "--config", cfg, "--seed", "5", "--replicate", "1", "--policy", "spread", "--out", "one")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "replicate seed "+row[2]+")") {
		t.Errorf("run header does not show the row's seed %s:\n%.300s", row[2], stdout)
	}
	printed := map[string]string{}
	for _, line := range strings.Split(stdout, "\n") {
		if k, v, ok := strings.Cut(line, "  "); ok {
			printed[k] = strings.TrimSpace(v)
		}
	}
	compared := 0
	for i, col := range header {
		if i < 4 || col == "error" {
			continue
		}
		want, err := strconv.ParseFloat(row[i], 64)
		if err != nil {
			continue // an empty (NaN) metric
		}
		compared++
		got, err := strconv.ParseFloat(printed[col], 64)
		if err != nil || strconv.FormatFloat(want, 'g', 4, 64) != strconv.FormatFloat(got, 'g', 4, 64) {
			t.Errorf("run prints %s = %q, results.csv has %s", col, printed[col], row[i])
		}
	}
	if compared < 15 {
		t.Errorf("compared only %d metrics", compared)
	}
	img, err := os.Open(filepath.Join("one", "schedule.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer img.Close()
	if _, err := png.Decode(img); err != nil {
		t.Errorf("schedule.png: %v", err)
	}
}
