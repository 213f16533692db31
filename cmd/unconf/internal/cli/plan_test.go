package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
)

// exampleDir holds the example organiser data.
var exampleDir = filepath.Join("..", "..", "..", "..", "configs", "examples")

// exampleArgs returns the plan arguments for the example data in dir
// (absolute paths) and the example event.
func exampleArgs(t *testing.T) []string {
	t.Helper()
	abs, err := filepath.Abs(exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"plan",
		"--attendees", filepath.Join(abs, "attendees.csv"),
		"--proposals", filepath.Join(abs, "proposals.csv"),
		"--votes", filepath.Join(abs, "votes.csv"),
		"--config", filepath.Join(abs, "event.yaml")}
}

// parsePlan returns the options "plan args" would run with.
func parsePlan(t *testing.T, args ...string) (*PlanOptions, error) {
	return parseFlags(t, NewPlanCmd, args...)
}

func TestPlanFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "event.yaml", "event: {name: Mine, start_date: \"2026-12-04\"}\n")
	files := []string{"--attendees", "a.csv", "--proposals", "p.csv", "--votes", "v.csv", "--config", "event.yaml"}
	o, err := parsePlan(t, files...)
	if err != nil {
		t.Fatal(err)
	}
	if o.Files.Attendees != "a.csv" || o.Files.Proposals != "p.csv" || o.Files.Votes != "v.csv" ||
		o.Config.Run.Seeds != 30 || o.Config.Run.Seed != 2017 || len(o.Policies) != 7 ||
		o.Objective.Metric != sim.SatisfactionMean || !o.Objective.Higher || o.Stick != 0.05 ||
		o.Workers != runtime.GOMAXPROCS(0) || o.Format != "png" || o.OutDir != filepath.Join("unconf-out", "plan-20171117-093000") {
		t.Errorf("plan defaults: %+v", o)
	}
	o, err = parsePlan(t, append(files, "--seeds", "5", "--seed", "9", "--policies", "spread,jetlag", "--objective", "collapsed",
		"--schedule", "mine.csv", "--previous", "old.csv", "--stick", "0.1", "--workers", "2", "--out", "o", "--format", "svg")...)
	if err != nil {
		t.Fatal(err)
	}
	if o.Config.Run.Seeds != 5 || o.Config.Run.Seed != 9 || !slices.Equal(o.Policies, []string{"spread", "jetlag"}) ||
		o.Objective.Metric != sim.Collapsed || o.Objective.Higher || o.Schedule != "mine.csv" || o.Previous != "old.csv" ||
		o.Stick != 0.1 || o.Workers != 2 || o.OutDir != "o" || o.Format != "svg" {
		t.Errorf("plan flags: %+v", o)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--proposals", "p.csv", "--votes", "v.csv"}, "--attendees FILE is required"},
		{files[:6], "--config FILE is required: your event's dates"},
		{append(files, "--stick", "0.1"), "--stick needs --previous"},
		{append(files, "--previous", "old.csv", "--stick", "2"), "--stick 2: want a share"},
		{append(files, "--objective", "happiness"), `--objective "happiness"`},
		{append(files, "--policies", "fifo"), `unknown policy "fifo"`},
		{append(files, "--workers", "0"), "--workers 0"},
		{append(files, "--format", "gif"), `--format "gif"`},
		{append(files, "--seeds", "0"), "--seeds 0: want 1 to 1000000"},
		{append(files, "extra"), "takes no arguments"},
	} {
		if o, err := parsePlan(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) || o != nil {
			t.Errorf("plan %v: error %v, want %q and no run", tc.args, err, tc.want)
		}
	}
}

// TestPlanEndToEnd plans the example data, then evaluates the schedule
// it wrote as the organiser's own (--schedule) and checks that it gets
// exactly the policy's metrics, then re-plans close to it (--previous).
func TestPlanEndToEnd(t *testing.T) {
	dir := t.TempDir()
	args := exampleArgs(t)
	t.Chdir(dir)
	base := append(args, "--seeds", "4", "--seed", "5", "--policies", "popularity,spread")
	out1 := filepath.Join(dir, "out1")
	stdout, stderr, code := runMain(t, append(base, "--out", out1)...)
	if code != 0 {
		t.Fatalf("plan: exit %d\nstderr: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(out1, "schedule.md"))
	if err != nil {
		t.Fatal(err)
	}
	where := "\nFolder: " + out1 + "\nReport: " + filepath.Join(out1, ReportFile) + "\n"
	if stdout != string(md)+where || !strings.Contains(stdout, "Recommended: **") || !strings.Contains(stdout, "no cell left: 28 proposals for 24 cells") {
		t.Errorf("stdout is not schedule.md and the folder, or lacks the recommendation and left-out proposals:\n%s", stdout)
	}
	if !strings.Contains(stderr, "evaluating") || strings.Contains(stderr, "Recommended") {
		t.Errorf("stderr: %s", stderr)
	}
	for _, f := range []string{"schedule.csv", "schedule.md", "schedule.ics", "comparison.csv", "comparison.md",
		"charts/schedule-grid.png", "charts/forest-satisfaction_mean.png", "charts/box-collapsed.png"} {
		if _, err := os.Stat(filepath.Join(out1, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	rows := readCSV(t, filepath.Join(out1, "comparison.csv"))
	best := rows[1][0]

	out2 := filepath.Join(dir, "out2")
	stdout, stderr, code = runMain(t, append(base, "--out", out2, "--schedule", filepath.Join(out1, "schedule.csv"))...)
	if code != 0 {
		t.Fatalf("plan --schedule: exit %d\nstderr: %s", code, stderr)
	}
	// The policy's own schedule given back ties with it: first or second.
	if !strings.Contains(stdout, "## Your schedule ("+filepath.Join(out1, "schedule.csv")+")\n\nRanks **") ||
		!strings.Contains(stdout, " of 3** on satisfaction_mean") {
		t.Errorf("plan --schedule does not say where the schedule ranks:\n%s", stdout)
	}
	values := map[string]map[string]string{} // candidate -> metric -> mean
	for _, r := range readCSV(t, filepath.Join(out2, "comparison.csv"))[1:] {
		if values[r[0]] == nil {
			values[r[0]] = map[string]string{}
		}
		values[r[0]][r[2]] = r[4] + " sd " + r[5]
	}
	if len(values["fixed"]) != int(sim.NumMetrics) {
		t.Fatalf("comparison.csv has %d metrics for fixed", len(values["fixed"]))
	}
	for m, v := range values[best] {
		if values["fixed"][m] != v {
			t.Errorf("%s: fixed %s, %s %s", m, values["fixed"][m], best, v)
		}
	}

	out3 := filepath.Join(dir, "out3")
	stdout, stderr, code = runMain(t, append(base, "--out", out3, "--previous", filepath.Join(out1, "schedule.csv"), "--stick", "0.02")...)
	if code != 0 {
		t.Fatalf("plan --previous: exit %d\nstderr: %s", code, stderr)
	}
	if !strings.Contains(stdout, "## Changes since the previous schedule") || !strings.Contains(stdout, "24 keep their slot and room, 0 moved") {
		t.Errorf("re-planning on unchanged data should keep every session:\n%s", stdout)
	}
}

// TestPlanQuietAndJSON checks plan's answers for scripts: the folder
// alone, and JSON with the ranking, the sessions (days and slots from 1)
// and where the organiser's own schedule ranks with its risks.
func TestPlanQuietAndJSON(t *testing.T) {
	dir := t.TempDir()
	args := append(exampleArgs(t), "--seeds", "4", "--seed", "5", "--policies", "popularity,spread",
		"--schedule", filepath.Join(exampleDir, "hand-schedule.csv"))
	abs, _ := filepath.Abs(filepath.Join(exampleDir, "hand-schedule.csv"))
	args[len(args)-1] = abs
	t.Chdir(dir)
	out := filepath.Join(dir, "q")
	if stdout, stderr, code := runMain(t, append(args, "--out", out, "-q")...); code != 0 || stdout != out+"\n" {
		t.Errorf("plan -q: exit %d, stdout %q, want %q (stderr %s)", code, stdout, out+"\n", stderr)
	}
	out = filepath.Join(dir, "j")
	stdout, stderr, code := runMain(t, append(args, "--out", out, "--json")...)
	if code != 0 {
		t.Fatalf("plan --json: exit %d, stderr %s", code, stderr)
	}
	var ans planJSON
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil {
		t.Fatalf("plan --json stdout is not JSON: %v\n%s", err, stdout)
	}
	if ans.Command != "plan" || ans.Out != out || ans.Objective != "satisfaction_mean" || !ans.HigherIsBetter ||
		len(ans.Ranking) != 3 || ans.Ranking[0].Schedule != ans.Recommended || len(ans.Sessions) != 24 || len(ans.LeftOut) != 4 {
		t.Errorf("plan --json: %+v", ans)
	}
	for _, s := range ans.Sessions {
		if s.Day < 1 || s.Day > 2 || s.Slot < 1 || s.Slot > 6 || s.PredictedMedian <= 0 {
			t.Errorf("session %+v: want day 1–2, slot 1–6 and a prediction", s)
		}
	}
	if f := ans.Fixed; f == nil || f.Of != 3 || f.Rank < 2 || f.Recommended || f.VsRecommended == nil || len(f.AtRisk) == 0 {
		t.Errorf("plan --json: fixed %+v: want the hand-made schedule ranked below the best, with sessions at risk", f)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestPlanBadInput runs plan on each bad input of issue 6 and checks the
// exit status, the single error line naming file, line and column, and
// that no output folder was created.
func TestPlanBadInput(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(exampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	atts, props, votes := read("attendees.csv"), read("proposals.csv"), read("votes.csv")
	event := filepath.Join(mustAbs(t, exampleDir), "event.yaml")
	replaceLine := func(s string, n int, line string) string { // n is 1-based
		ls := strings.Split(s, "\n")
		ls[n-1] = line
		return strings.Join(ls, "\n")
	}
	sched := "proposal,day,start,room\np01,1,09:30,Hall\n"
	for _, tc := range []struct {
		name                   string
		atts, props, votes, sc string
		want                   []string
	}{
		{"vote for unknown proposal", atts, props, replaceLine(votes, 3, "a001,p99"), "",
			[]string{"votes.csv:3:", `column "proposal"`, `"p99" is not a proposal id`}},
		{"vote by unknown attendee", atts, props, replaceLine(votes, 4, "a999,p01"), "",
			[]string{"votes.csv:4:", `column "attendee"`, `"a999" is not an attendee id`}},
		{"duplicate attendee id", replaceLine(atts, 5, "a001,Someone Else,,,,,,,"), props, votes, "",
			[]string{"attendees.csv:5:", `column "id"`, `duplicate id "a001" (first on line 2)`}},
		{"duplicate proposal id", atts, replaceLine(props, 4, "p01,Again,a001,GANs"), votes, "",
			[]string{"proposals.csv:4:", `column "id"`, `duplicate id "p01"`}},
		{"proposer not an attendee", atts, replaceLine(props, 2, "p01,Hardware for ML,a999,hardware for ML"), votes, "",
			[]string{"proposals.csv:2:", `column "proposer"`, `"a999" is not an attendee id`}},
		{"missing required column", atts, strings.Replace(props, "id,title,proposer,topics", "id,title,topics", 1), votes, "",
			[]string{"proposals.csv:1:", `column "proposer"`, "required column missing"}},
		{"unknown time zone", replaceLine(atts, 3, "a002,Bashir Kowalski,student,,Mars/Olympus_Mons,,,,"), props, votes, "",
			[]string{"attendees.csv:3:", `column "home_utc_offset"`, `"Mars/Olympus_Mons": unknown time zone`}},
		{"not UTF-8", replaceLine(atts, 6, "a005,Emeka V\xf6gel,student,mid,,,,,"), props, votes, "",
			[]string{"attendees.csv:6:", "not UTF-8"}},
		{"empty votes file", atts, props, "", "",
			[]string{"votes.csv:", "empty file"}},
		{"schedule: unknown room", atts, props, votes, sched + "p02,1,09:30,Ballroom\n",
			[]string{"mine.csv:3:", `column "room"`, `unknown room "Ballroom"`}},
		{"schedule: double-booked room", atts, props, votes, sched + "p02,1,09:30,Hall\n",
			[]string{"mine.csv:3:", `column "room"`, `Hall at day 1 09:30 already holds proposal "p01" (line 2)`}},
		{"schedule: unknown slot", atts, props, votes, sched + "p02,1,11:00,Hall\n",
			[]string{"mine.csv:3:", `column "start"`, "no slot starts at 11:00 on day 1"}},
		{"schedule: unknown proposal", atts, props, votes, sched + "p77,2,09:30,Hall\n",
			[]string{"mine.csv:3:", `column "proposal"`, `"p77" is not a proposal id`}},
		{"schedule: proposer twice in a slot", atts, props, votes, "proposal,day,start,room\np02,1,09:30,Hall\np03,1,09:30,Nook\n",
			[]string{"mine.csv:3:", `column "proposal"`, `proposer "a007" of "p03" already moderates proposal "p02" at day 1 09:30 (line 2)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			args := []string{"plan",
				"--attendees", writeFile(t, dir, "attendees.csv", tc.atts),
				"--proposals", writeFile(t, dir, "proposals.csv", tc.props),
				"--votes", writeFile(t, dir, "votes.csv", tc.votes),
				"--config", event,
				"--seeds", "2", "--policies", "popularity", "--out", filepath.Join(dir, "out", "plan")}
			if tc.sc != "" {
				args = append(args, "--schedule", writeFile(t, dir, "mine.csv", tc.sc))
			}
			stdout, stderr, code := runMain(t, args...)
			if code != 1 {
				t.Errorf("exit %d, want 1 (stderr %q)", code, stderr)
			}
			oneErrorLine(t, stderr, tc.want...)
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				t.Errorf("output folder created despite bad input: %v", listTree(t, dir))
			}
		})
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
