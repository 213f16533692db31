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

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/sim"
)

func TestCompareCharts(t *testing.T) {
	cfg := tinyConfig(t)
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
			for _, m := range keyMetrics {
				want = append(want, "box-"+m.String(), "forest-"+m.String())
			}
			want = append(want, "alertness", "hands", "schedule")
			var got []string
			for _, f := range rep.Files {
				if !strings.HasPrefix(f, chartsDir+string(filepath.Separator)) {
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
			if disk := dirFiles(t, filepath.Join(dir, chartsDir)); len(disk) != len(want) {
				t.Errorf("charts directory holds %v", disk)
			}
			if format == "svg" {
				title := "Mean alertness by slot (under " + cfg.Run.Baseline + ")"
				if svg := string(mustRead(t, filepath.Join(dir, chartsDir, "alertness.svg"))); !strings.Contains(svg, title) {
					t.Errorf("alertness.svg: no title %q", title)
				}
				if svg := string(mustRead(t, filepath.Join(dir, chartsDir, "schedule.svg"))); strings.Contains(svg, " risk") {
					t.Error("schedule.svg of a simulated replicate speaks of risk")
				}
			}
		})
	}
}

// checkChart decodes a chart file of the given format.
func checkChart(t *testing.T, path, format string) {
	t.Helper()
	data := mustRead(t, path)
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
	cfg := tinyConfig(t)
	h := defaultHooks()
	h.newWorld = func(*sim.Config, uint64) (*sim.World, error) { panic("no world today") }
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
		Slots: []sim.Slot{{Day: 0, Start: 570}, {Day: 1, Start: 840}},
		Rooms: []sim.Room{{Name: "Big", Capacity: 40}, {Name: "Small", Capacity: 10}},
	}
	const collapsed = 3
	sessions := []sim.SessionRecord{
		{Slot: 0, Room: 0, Title: "full", Capacity: 40, Hands: 50, Attendance: 40, TurnedAway: 7},
		{Slot: 1, Room: 1, Title: "empty", Capacity: 10, Hands: 4, Attendance: 3},
		{Slot: 1, Room: 0, Title: "fine", Capacity: 40, Hands: 12, Attendance: 10},
	}
	cells, err := SessionCells(ev, sessions, collapsed)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]charts.Cell{
		{{Title: "full", Hands: 50, Attendance: 40, Value: 1, Risk: "overflow"}, {Value: math.NaN()}},
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
	if _, err := SessionCells(ev, []sim.SessionRecord{{Slot: 2, Room: 0, Title: "late"}}, collapsed); err == nil {
		t.Error("session in slot 2 of a 2-slot event: no error")
	}
	path := filepath.Join(t.TempDir(), "schedule.svg")
	if err := ScheduleChart(path, "t", "attendance / capacity", ev, cells, SessionText(collapsed)); err != nil {
		t.Fatal(err)
	}
	svg := string(mustRead(t, path))
	if !strings.Contains(svg, "Small (10)") || !strings.Contains(svg, "14:00") {
		t.Errorf("%s: no room label %q or slot time %q", path, "Small (10)", "14:00")
	}
	for _, want := range []string{charts.DefaultGridCaption, "collapsed (≤ 3 present)", "people turned away"} {
		if !strings.Contains(svg, want) {
			t.Errorf("%s: no %q", path, want)
		}
	}
	if strings.Contains(svg, " risk") {
		t.Errorf("%s: a simulated schedule's legend speaks of risk", path)
	}
}
