package experiments

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	_ "image/png"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

func TestCompareCharts(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	for _, format := range []string{"png", "svg", "pdf"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			var progress bytes.Buffer
			rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2, Format: format, Progress: &progress}, defaultHooks())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Warnings) > 0 {
				t.Errorf("warnings: %v", rep.Warnings)
			}
			var want []string
			for _, m := range summary.KeyMetrics {
				want = append(want, "box-"+m.String(), "forest-"+m.String())
			}
			want = append(want, "alertness", "hands", "schedule")
			var got []string
			for _, f := range rep.Files {
				if !strings.HasPrefix(f, summary.ChartsDir+string(filepath.Separator)) {
					continue
				}
				got = append(got, strings.TrimSuffix(filepath.Base(f), "."+format))
				checkChart(t, filepath.Join(dir, f), format)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("charts %v, want %v", got, want)
			}
			if disk := exptest.DirFiles(t, filepath.Join(dir, summary.ChartsDir)); len(disk) != len(want) {
				t.Errorf("charts directory holds %v", disk)
			}
			if format == "svg" {
				checkCompareSVG(t, filepath.Join(dir, summary.ChartsDir), cfg)
			}
		})
	}
}

// hasText reports whether one of texts contains s.
func hasText(texts []string, s string) bool {
	return slices.ContainsFunc(texts, func(x string) bool { return strings.Contains(x, s) })
}

// checkCompareSVG checks what compare's SVG charts in dir say.
func checkCompareSVG(t *testing.T, dir string, cfg *scenario.Config) {
	t.Helper()
	read := func(name string) []string { return exptest.SVGText(t, filepath.Join(dir, name+".svg")) }
	// Box and forest plots say which way is better.
	for _, m := range summary.KeyMetrics {
		for _, kind := range []string{"box-", "forest-"} {
			if txt := read(kind + m.String()); !hasText(txt, summary.Direction(m)) {
				t.Errorf("%s%s.svg does not say %q", kind, m, summary.Direction(m))
			}
		}
	}
	if !hasText(read("box-collapsed"), "lower is better") || !hasText(read("box-satisfaction_mean"), "higher is better") {
		t.Error("box plots: wrong direction")
	}
	// Alertness: one panel per day, dated; the groups with their sizes.
	alert := read("alertness")
	if !hasText(alert, "Mean alertness by slot (under "+cfg.Run.Baseline+")") || !hasText(alert, "Day 1: Friday 1 December 2017") ||
		hasText(alert, "Day 2") || !hasText(alert, "09:30–10:30") {
		t.Errorf("alertness.svg: title, day or times missing: %q", alert)
	}
	groups := 0
	for _, s := range alert {
		if strings.HasSuffix(s, " people)") {
			groups++
		}
	}
	if groups == 0 {
		t.Errorf("alertness.svg: no group with its size in %q", alert)
	}
	// Hands: one panel per policy.
	hands := read("hands")
	for _, p := range cfg.Run.Policies {
		if !hasText(hands, p+": ") {
			t.Errorf("hands.svg: no panel for %s in %q", p, hands)
		}
	}
	// Schedule: no seed in the title, the "(3)" explained.
	sched := read("schedule")
	if hasText(sched, "seed") || !hasText(sched, "Schedule under ") || !hasText(sched, summary.SessionCaption) {
		t.Errorf("schedule.svg: %q", sched[:min(3, len(sched))])
	}
	if hasText(sched, " risk") {
		t.Error("schedule.svg of a simulated replicate speaks of risk")
	}
}

// checkChart decodes a chart file of the given format.
func checkChart(t *testing.T, path, format string) {
	t.Helper()
	data := exptest.MustRead(t, path)
	switch format {
	case "png":
		c, kind, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || kind != "png" || c.Width < 300 || c.Height < 200 {
			t.Errorf("%s: %s %dx%d, %v", path, kind, c.Width, c.Height, err)
		}
	case "svg":
		var root struct{ XMLName xml.Name }
		if err := xml.Unmarshal(data, &root); err != nil || root.XMLName.Local != "svg" {
			t.Errorf("%s: root %q, %v", path, root.XMLName.Local, err)
		}
	case "pdf":
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-32:], []byte("%%EOF")) {
			t.Errorf("%s: not a whole PDF", path)
		}
	}
}

func TestChartsWarnWhenEveryUnitFails(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	h := defaultHooks()
	h.NewWorld = func(*sim.Config, uint64) (*sim.World, error) { panic("no world today") }
	var progress bytes.Buffer
	rep, err := compare(context.Background(), cfg, Options{Out: t.TempDir(), Workers: 1, Progress: &progress}, h)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != rep.Units || len(rep.Warnings) == 0 || !strings.Contains(progress.String(), "warning: chart") {
		t.Errorf("failed %d of %d, warnings %v, progress %q", rep.Failed, rep.Units, rep.Warnings, progress.String())
	}
}

func TestSessionCells(t *testing.T) {
	ev := &sim.Event{
		Slots: []sim.Slot{{Day: 0, Start: 570, Minutes: 60}, {Day: 1, Start: 840, Minutes: 90}},
		Rooms: []sim.Room{{Name: "Big", Capacity: 40}, {Name: "Small", Capacity: 10}},
	}
	const collapsed = 3
	sessions := []sim.SessionRecord{
		{Slot: 0, Room: 0, Title: "full", Capacity: 40, Hands: 50, Attendance: 40, TurnedAway: 7},
		// Full at first, then half the room left by the law of two feet:
		// it ended with seats free, so it did not overflow.
		{Slot: 0, Room: 1, Title: "thinned", Capacity: 10, Hands: 30, Attendance: 5, TurnedAway: 4, HopsOut: 5},
		{Slot: 1, Room: 1, Title: "empty", Capacity: 10, Hands: 4, Attendance: 3},
		{Slot: 1, Room: 0, Title: "fine", Capacity: 40, Hands: 12, Attendance: 10},
	}
	cells, err := summary.SessionCells(ev, sessions, collapsed)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]charts.Cell{
		{{Title: "full", Hands: 50, Attendance: 40, Value: 1, Risk: "overflow"}, {Title: "thinned", Hands: 30, Attendance: 5, Value: 0.5}},
		{{Title: "fine", Hands: 12, Attendance: 10, Value: 0.25}, {Title: "empty", Hands: 4, Attendance: 3, Value: 0.3, Risk: "collapse"}},
	}
	same := func(a, b charts.Cell) bool {
		return a.Title == b.Title && a.Hands == b.Hands && a.Attendance == b.Attendance && a.Risk == b.Risk &&
			(a.Value == b.Value || math.IsNaN(a.Value) && math.IsNaN(b.Value))
	}
	for s := range want {
		for r := range want[s] {
			if !same(cells[s][r], want[s][r]) {
				t.Errorf("slot %d, room %d: got %+v, want %+v", s, r, cells[s][r], want[s][r])
			}
		}
	}
	if _, err := summary.SessionCells(ev, []sim.SessionRecord{{Slot: 2, Room: 0, Title: "late"}}, collapsed); err == nil {
		t.Error("session in slot 2 of a 2-slot event: no error")
	}
	path := filepath.Join(t.TempDir(), "schedule.svg")
	day1 := time.Date(2017, 12, 1, 0, 0, 0, 0, time.UTC)
	if err := summary.ScheduleChart(path, "t", "attendance / capacity", ev, day1, cells, summary.SessionText(collapsed)); err != nil {
		t.Fatal(err)
	}
	svg := string(exptest.MustRead(t, path))
	for _, want := range []string{"Small (10)", "09:30–10:30", "14:00–15:30", "Day 1: Friday 1 December 2017", "Day 2: Saturday 2 December 2017",
		"Each cell: session title, then hands raised → attendance.", "“GANs (3)” is the third on GANs",
		"collapsed (≤ 3 present)", "full, people turned away"} {
		if !strings.Contains(svg, want) {
			t.Errorf("%s: no %q", path, want)
		}
	}
	if strings.Contains(svg, " risk") {
		t.Errorf("%s: a simulated schedule's legend speaks of risk", path)
	}
}
