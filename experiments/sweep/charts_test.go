package sweep

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

func TestKeyLabel(t *testing.T) {
	base := exptest.DefaultConfig(t) // rooms: Hall (60), Room (30), Nook (15)
	tests := []struct {
		key  string
		base *scenario.Config
		want string
	}{
		{"attendees.visitor_share", base, "share of visitors (0–1)"},
		{"attendees.count", nil, "attendees (people)"},
		{"votes.noise", base, "vote noise (sd)"},
		{"event.rooms.2.count", base, "rooms of 15 seats"},
		{"event.rooms.0.capacity", base, "seats per Hall (seats)"},
		{"event.rooms.2.count", nil, "rooms of group 3 (rooms)"},
		{"event.rooms.9.count", base, "rooms of group 10 (rooms)"},
		{"event.rooms.x.count", base, "event.rooms.x.count"},
		{"alertness.dip", base, "alertness.dip"},
	}
	for _, tt := range tests {
		if got := KeyLabel(tt.key, tt.base); got != tt.want {
			t.Errorf("KeyLabel(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if got := keyName("attendees.visitor_share", base); got != "share of visitors" {
		t.Errorf("keyName = %q", got)
	}
}

// sweepChartsOf runs spec (on the tiny config unless settings are set)
// and returns its charts as data.
func sweepChartsOf(t *testing.T, s *Spec) map[string]any {
	t.Helper()
	dir := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2, ChartFormat: "svg"}, nil); err != nil {
		t.Fatal(err)
	}
	p, err := planSweep(s, false)
	if err != nil {
		t.Fatal(err)
	}
	a, err := aggregateSweep(p, filepath.Join(dir, runner.ResultsFile), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var mrows []morrisRow
	if p.d.morris != nil {
		mrows = a.morrisEffects()
	}
	out := map[string]any{}
	for _, c := range sweepChartList(a, mrows) {
		out[c.name] = c.chart
		if _, err := os.Stat(filepath.Join(dir, summary.ChartsDir, c.name+".svg")); err != nil {
			t.Errorf("chart %s not drawn: %v", c.name, err)
		}
	}
	return out
}

// checkAxisUnits fails unless label states a unit in brackets or is one of
// the labels whose unit is in the name.
func checkAxisUnits(t *testing.T, what, label string) {
	t.Helper()
	if !strings.HasSuffix(label, ")") && !strings.HasPrefix(label, "rooms of ") {
		t.Errorf("%s: axis %q states no unit", what, label)
	}
}

func TestSweepChartContent(t *testing.T) {
	t.Run("one key", func(t *testing.T) {
		list := sweepChartsOf(t, tinySpec(t, `
replicates: 2
parameters:
  - key: attendees.visitor_share
    values: [0, 0.5, 0.9]
`))
		lc, ok := list["satisfaction_mean"].(charts.LineChart)
		if !ok {
			t.Fatalf("charts %v", list)
		}
		if lc.XLabel != "share of visitors (0–1)" || lc.LegendTitle != "policy" || lc.Points ||
			lc.Title != "Satisfaction vs share of visitors" {
			t.Errorf("line chart %q, x %q, legend %q, points %v", lc.Title, lc.XLabel, lc.LegendTitle, lc.Points)
		}
		for name, c := range list {
			lc := c.(charts.LineChart)
			checkAxisUnits(t, name, lc.XLabel)
			checkAxisUnits(t, name, lc.YLabel)
		}
	})
	t.Run("two keys", func(t *testing.T) {
		list := sweepChartsOf(t, tinySpec(t, gridSpec))
		var means, diffs []charts.HeatMap
		for name, c := range list {
			hm := c.(charts.HeatMap)
			if hm.XLabel != "vote noise (sd)" || hm.YLabel != "attendees (people)" {
				t.Errorf("%s: axes %q, %q", name, hm.XLabel, hm.YLabel)
			}
			checkAxisUnits(t, name, hm.ZLabel)
			switch {
			case strings.HasPrefix(name, "heat-satisfaction_mean-"):
				means = append(means, hm)
			case strings.HasPrefix(name, "heat-diff-"):
				diffs = append(diffs, hm)
			}
		}
		if len(means) != 3 || len(diffs) != 2 {
			t.Fatalf("%d mean maps, %d difference maps; want 3 and 2", len(means), len(diffs))
		}
		// One quantity, one scale, holding every map's values.
		for _, group := range [][]charts.HeatMap{means, diffs} {
			lo, hi := group[0].ZMin, group[0].ZMax
			if !(lo < hi) {
				t.Fatalf("no fixed scale: %v..%v", lo, hi)
			}
			for _, hm := range group {
				if hm.ZMin != lo || hm.ZMax != hi {
					t.Errorf("%s: scale %v..%v, want the group's %v..%v", hm.Title, hm.ZMin, hm.ZMax, lo, hi)
				}
				for _, row := range hm.Z {
					for _, v := range row {
						if v < lo || v > hi {
							t.Errorf("%s: %v outside the scale %v..%v", hm.Title, v, lo, hi)
						}
					}
				}
			}
		}
		if d := diffs[0]; d.ZMin != -d.ZMax {
			t.Errorf("difference scale %v..%v not centred on zero", d.ZMin, d.ZMax)
		}
		// The winner-margin map names the winner in each cell.
		w := list["heat-winner-margin"].(charts.HeatMap)
		if len(w.Labels) != len(w.Y) {
			t.Fatalf("winner map: %d label rows for %d y values", len(w.Labels), len(w.Y))
		}
		for i, row := range w.Labels {
			for j, l := range row {
				name, margin, _ := strings.Cut(l, "\n")
				if !slices.Contains([]string{"random", "popularity", "spread"}, name) || !strings.HasPrefix(margin, "+") {
					t.Errorf("winner cell (%d, %d): %q, want a policy and its margin", i, j, l)
				}
			}
		}
	})
	t.Run("lhs", func(t *testing.T) {
		list := sweepChartsOf(t, tinySpec(t, `
design: {kind: lhs, samples: 6}
replicates: 2
parameters:
  - key: votes.noise
    distribution: {uniform: [0, 0.5]}
  - key: attendees.count
    range: {from: 20, to: 40}
    integer: true
`))
		lc := list["lhs-votes.noise"].(charts.LineChart)
		if !lc.Points || lc.XLabel != "vote noise (sd)" || lc.LegendTitle != "policy" {
			t.Errorf("lhs chart: points %v, x %q, legend %q; want unjoined points", lc.Points, lc.XLabel, lc.LegendTitle)
		}
	})
	t.Run("morris", func(t *testing.T) {
		list := sweepChartsOf(t, tinySpec(t, `
design: {kind: morris, trajectories: 2, levels: 4}
replicates: 1
policies: [random, spread]
parameters:
  - key: votes.noise
    range: {from: 0, to: 0.5}
  - key: attendees.count
    range: {from: 20, to: 40}
    integer: true
`))
		mc := list["morris-satisfaction_mean-spread"].(charts.MorrisChart)
		if mc.Metric != "satisfaction" || mc.Unit != "mean per attendee, 0–1" {
			t.Errorf("morris chart of %q in %q", mc.Metric, mc.Unit)
		}
		var names []string
		for _, pt := range mc.Points {
			names = append(names, pt.Param)
		}
		if !slices.Equal(names, []string{"vote noise", "attendees"}) {
			t.Errorf("morris points named %q, want human names", names)
		}
	})
}

// TestExampleMorrisSpec screens configs/sweeps/morris.yaml, cut to two
// trajectories and one replicate, under spread (a policy that uses the
// votes): every key it screens must move mean satisfaction, by at least
// 1% of the strongest key's μ*. A key that only changes how an outcome is
// counted (metrics.collapsed) or barely acts (choice.b_crowd, μ* 0.2% of
// choice.b_interest's) only crowds the chart's origin.
func TestExampleMorrisSpec(t *testing.T) {
	data, err := os.ReadFile("../../configs/sweeps/morris.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSpec(data, "morris.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Settings, err = scenario.Settings(exptest.DefaultConfig(t)); err != nil {
		t.Fatal(err)
	}
	s.Design.Trajectories = 2
	s.Replicates = 1
	s.Policies = []string{"spread"}
	s.Baseline = "spread"
	dir := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2}, nil); err != nil {
		t.Fatal(err)
	}
	muStar := map[string]float64{}
	top := 0.0
	for _, r := range exptest.ReadCSV(t, filepath.Join(dir, runner.MorrisFile))[1:] {
		if r[1] != sim.SatisfactionMean.String() {
			continue
		}
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil || math.IsNaN(v) {
			t.Fatalf("%v: μ* %q", r, r[5])
		}
		muStar[r[2]] = v
		top = math.Max(top, v)
	}
	for _, p := range s.Parameters {
		if v := muStar[p.Key]; v < 0.01*top {
			t.Errorf("%s: μ* on satisfaction %.2g, under 1%% of the strongest key's %.2g: it cannot matter", p.Key, v, top)
		}
	}
}
