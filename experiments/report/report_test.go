package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/sweep"
	"github.com/unconf/unconf/sim/policy"
)

// meetup is the embedded one-day meetup, small and fast.
func meetup(t *testing.T) *scenario.Config {
	t.Helper()
	c, err := scenario.Embedded("meetup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c.Run.Seeds = 3
	c.Run.Policies = []string{"random", "popularity", "spread"}
	c.Run.Baseline = "random"
	c.Policy.Spread.Iterations = 300
	c.Model.Metrics.RandomSchedules = 3
	return c
}

func compareDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := experiments.Compare(context.Background(), meetup(t), experiments.Options{Out: dir, Workers: 2, Version: "test", Format: "svg",
		CommandLine: "unconf compare --seeds 3"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// selfContained fails when the page could load anything: a src or href
// pointing anywhere but the page itself, a CSS url(), an @import.
func selfContained(t *testing.T, page []byte) {
	t.Helper()
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bsrc\s*=`),
		regexp.MustCompile(`(?i)href\s*=\s*"[^#]`),
		regexp.MustCompile(`(?i)url\(`),
		regexp.MustCompile(`(?i)@import`),
		regexp.MustCompile(`(?i)<link\b`),
	} {
		if loc := bad.FindIndex(page); loc != nil {
			t.Errorf("the page may load something: %q", page[max(0, loc[0]-60):min(len(page), loc[1]+60)])
		}
	}
	if !bytes.Contains(page, []byte(`content="default-src &#39;none&#39;;`)) {
		t.Error("no Content-Security-Policy forbidding requests")
	}
}

// dataValues returns every data-key's data-value in the page.
func dataValues(page []byte) map[string]string {
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`data-key="([^"]+)"[^>]*?data-value="([^"]*)"`).FindAllSubmatch(page, -1) {
		out[string(m[1])] = string(m[2])
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCompareReport(t *testing.T) {
	dir := compareDir(t)
	path, size, err := Write(dir, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(path)
	if err != nil || len(page) != size {
		t.Fatalf("%s: %d bytes, %v; Write said %d", path, len(page), err, size)
	}
	selfContained(t, page)
	if size > 1<<20 {
		t.Errorf("%d bytes: a compare's page should stay well under 3 MB", size)
	}
	vals := dataValues(page)
	rows := readCSV(t, filepath.Join(dir, "summary.csv"))
	best, bestMean := "", math.Inf(-1)
	for _, r := range rows[1:] {
		if r[1] != "satisfaction_mean" {
			continue
		}
		if got := vals["mean/0/"+r[0]+"/satisfaction_mean"]; got != r[3] {
			t.Errorf("%s: page's mean satisfaction %q, summary.csv %q", r[0], got, r[3])
		}
		if v, _ := strconv.ParseFloat(r[3], 64); v > bestMean {
			best, bestMean = r[0], v
		}
	}
	for _, want := range []string{
		"<strong>" + best + "</strong> gives the highest mean satisfaction",
		"unconf compare --seeds 3", // provenance: the command
		"Berlin ML meetup",         // the config
		`<svg role="img"`,          // inline charts
		"How sure:",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := bytes.Count(page, []byte("<svg ")); n < 15 {
		t.Errorf("%d inline charts, want compare's every chart", n)
	}
	// Rebuilding gives the same page.
	again, err := Build(dir, policy.Builtin())
	if err != nil || !bytes.Equal(again, page) {
		t.Errorf("rebuilt page differs (%v)", err)
	}
}

func TestSweepReport(t *testing.T) {
	spec, err := sweep.Load("embedded:sweeps/ci.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := sweep.Run(context.Background(), spec, sweep.Options{Out: dir, Workers: 2, Version: "test", ChartFormat: "svg"}); err != nil {
		t.Fatal(err)
	}
	page, err := Build(dir, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	selfContained(t, page)
	vals := dataValues(page)
	rows := readCSV(t, filepath.Join(dir, "summary.csv"))
	checked := 0
	for _, r := range rows[1:] {
		if r[3] == "satisfaction_mean" {
			if got := vals["mean/"+r[0]+"/"+r[2]+"/satisfaction_mean"]; got != r[5] {
				t.Errorf("point %s %s: page %q, summary.csv %q", r[0], r[2], got, r[5])
			}
			checked++
		}
	}
	if checked != 6 {
		t.Errorf("checked %d cells, want 3 points × 2 policies", checked)
	}
	for _, want := range []string{"at every one of the 3 points", "Best policy per point", "attendees.count"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// exampleConfig is the default config with configs/examples/event.yaml
// over it.
func exampleConfig(t *testing.T) *scenario.Config {
	t.Helper()
	def, err := configs.FS.ReadFile(configs.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	over, err := os.ReadFile("../../configs/examples/event.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var base, top map[string]any
	if err := yaml.Unmarshal(def, &base); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(over, &top); err != nil {
		t.Fatal(err)
	}
	ev := base["event"].(map[string]any)
	for k, v := range top["event"].(map[string]any) {
		ev[k] = v
	}
	cfg, err := scenario.Decode(base)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func planDir(t *testing.T) string {
	t.Helper()
	cfg := exampleConfig(t)
	ex := "../../configs/examples"
	d, err := plan.Load(&cfg.Model.Event, plan.Files{Attendees: filepath.Join(ex, "attendees.csv"),
		Proposals: filepath.Join(ex, "proposals.csv"), Votes: filepath.Join(ex, "votes.csv")})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Recommend(context.Background(), d, &cfg.Model, cfg.Policy, plan.Options{Seeds: 4, Seed: 1, Workers: 2,
		Policies: []string{"popularity", "spread"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cj, err := scenario.JSON(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rep.Write(dir, plan.WriteOptions{Format: "svg", Stamp: time.Unix(0, 0), Version: "test", Config: cj}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPlanReport(t *testing.T) {
	dir := planDir(t)
	page, err := Build(dir, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	selfContained(t, page)
	vals := dataValues(page)
	sched := readCSV(t, filepath.Join(dir, plan.ScheduleCSV))
	for _, r := range sched[1:] {
		med, _ := strconv.ParseFloat(r[13], 64)
		got, err := strconv.ParseFloat(vals["rec/"+r[7]], 64)
		if err != nil || got != med {
			t.Errorf("session %s: board's median %v, schedule.csv %v", r[7], vals["rec/"+r[7]], med)
		}
	}
	for _, want := range []string{"Day 1: Thursday 3 December 2026", "Day 2: Friday 4 December 2026", "Proposals left out",
		"no cell left", "(35 places)", "80%: ", "Recommended: <strong>", "break-after: page"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// schedule.csv has 50% ranges (predicted_p25, predicted_p75): the
	// boards show them.
	if !bytes.Contains(page, []byte("50%: ")) {
		t.Error("the 50% ranges of schedule.csv are not shown")
	}
}

func TestNotAnOutputFolder(t *testing.T) {
	empty := t.TempDir()
	shard := t.TempDir()
	os.WriteFile(filepath.Join(shard, "part.json"), []byte("{}"), 0o644)
	unfinished := t.TempDir()
	os.WriteFile(filepath.Join(unfinished, "run.json"), []byte("{}"), 0o644)
	run := t.TempDir()
	os.WriteFile(filepath.Join(run, "meta.json"), []byte(`{"command": "run"}`), 0o644)
	for name, c := range map[string]struct{ dir, want string }{
		"missing":    {filepath.Join(empty, "nope"), "no such folder"},
		"empty":      {empty, "has no meta.json: not the output folder of unconf compare, sweep, merge or plan"},
		"shard":      {shard, "is one shard of a sweep"},
		"unfinished": {unfinished, "holds an unfinished run"},
		"other":      {run, `meta.json of command "run"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Write(c.dir, policy.Builtin())
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.dir) {
				t.Errorf("error %v, want one naming %s and saying %q", err, c.dir, c.want)
			}
			if name != "missing" && !errors.Is(err, ErrNotOutput) {
				t.Errorf("%v is not ErrNotOutput", err)
			}
			if _, err := os.Stat(filepath.Join(c.dir, File)); err == nil {
				t.Error("report.html written")
			}
		})
	}
}

func TestCellNumbers(t *testing.T) {
	tab, err := parseTable("x.csv", strings.NewReader("a,b,c,d\n1.5,,NaN,oops\n"), "a")
	if err != nil {
		t.Fatal(err)
	}
	for col, want := range map[string]float64{"a": 1.5, "b": math.NaN(), "c": math.NaN(), "absent": math.NaN()} {
		v, err := tab.num(0, col)
		if err != nil || !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
			t.Errorf("column %s: %v, %v; want %v", col, v, err, want)
		}
	}
	if _, err := tab.num(0, "d"); err == nil || !strings.Contains(err.Error(), `x.csv:2: column "d"`) {
		t.Errorf("a bad cell: %v, want the file, line and column", err)
	}
	if _, err := parseTable("y.csv", strings.NewReader("a\n"), "b"); err == nil || !strings.Contains(err.Error(), `y.csv: no column "b"`) {
		t.Errorf("a missing column: %v", err)
	}
}

// TestCompareReportEmptyOrNaNCells builds the same page whether
// summary.csv writes an undefined value as an empty cell or as NaN.
func TestCompareReportEmptyOrNaNCells(t *testing.T) {
	dir := compareDir(t)
	want, err := Build(dir, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "summary.csv")
	b, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.ReplaceAll(b, []byte(",,,,\n"), []byte(",,NaN,NaN,NaN\n")), 0o644)
	got, err := Build(dir, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("NaN cells give another page than empty ones")
	}
}

func TestShortValue(t *testing.T) {
	for in, want := range map[string]string{"0.166666666667": "0.1667", "12345": "12345", "2.5": "2.5", "spread": "spread", "": "", "1e-07": "1e-07"} {
		if got := shortValue(in); got != want {
			t.Errorf("shortValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCompareReportDrawn checks that the charts Compare draws for the
// report (Options.ReportCharts) give the page that drawing them again
// from the folder gives, and that BuildWith uses them.
func TestCompareReportDrawn(t *testing.T) {
	dir, svgDir := t.TempDir(), t.TempDir()
	rep, err := experiments.Compare(context.Background(), meetup(t), experiments.Options{Out: dir, Workers: 2, Version: "test",
		ReportCharts: svgDir, CommandLine: "unconf compare --seeds 3"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.ReportDrawn || len(rep.ReportCharts) < 15 || len(rep.ReportWarnings) > 0 {
		t.Fatalf("Compare drew (%v) %d report charts, warnings %v; want compare's every chart", rep.ReportDrawn, len(rep.ReportCharts), rep.ReportWarnings)
	}
	want, err := Build(dir, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	got, err := BuildWith(dir, policy.Builtin(), &Drawn{Dir: svgDir, Files: rep.ReportCharts, Warnings: rep.ReportWarnings})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the page with Compare's charts differs from the page drawing them again")
	}
	none, err := BuildWith(dir, policy.Builtin(), &Drawn{Dir: svgDir})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(none, []byte("<svg ")); n > 0 {
		t.Errorf("BuildWith with no charts drawn: %d inline charts, want none (it must not redraw)", n)
	}
}

// TestCompareReportChartsUnwritable: a report folder that cannot be
// written (here a file where the folder should be: as a full temporary
// folder would) does not fail the run; its own charts are drawn and the
// report is left to draw its charts itself.
func TestCompareReportChartsUnwritable(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := experiments.Compare(context.Background(), meetup(t), experiments.Options{Out: dir, Workers: 2, Version: "test",
		ReportCharts: notDir, CommandLine: "unconf compare --seeds 3"})
	if err != nil {
		t.Fatalf("Compare with an unwritable report folder: %v", err)
	}
	if rep.ReportDrawn || len(rep.ReportCharts) > 0 {
		t.Errorf("report charts drawn (%v, %d) into a file", rep.ReportDrawn, len(rep.ReportCharts))
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "charts", "*.png"))
	if len(pngs) < 15 {
		t.Errorf("%d charts of the run's own, want every chart", len(pngs))
	}
}
