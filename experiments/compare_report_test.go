package experiments

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
)

func TestSummaryHandComputed(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 3
	nan := math.NaN()
	table := [][]float64{
		{0.4, 0.5, 0.6}, // random (baseline)
		{0.5, 0.7, 0.9}, // popularity
		{0.8, nan, 0.7}, // spread: replicate 1 undefined
	}
	h := fakeHooks(cfg, table, nil)
	dir := t.TempDir()
	rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2}, h)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 {
		t.Fatalf("%d failed", rep.Failed)
	}
	// t quantiles 0.975: df 2 → 4.30265, df 1 → 12.7062. Satisfaction is
	// 0–1: an interval past 1 is cut at 1; differences are not cut.
	t2, t1 := 4.30265, 12.7062
	type row struct{ n, mean, sd, lo, hi, dn, d, dlo, dhi float64 }
	want := map[string]row{
		// Mean 0.5, sd 0.1.
		"random": {3, 0.5, 0.1, 0.5 - t2*0.1/math.Sqrt(3), 0.5 + t2*0.1/math.Sqrt(3), nan, nan, nan, nan},
		// Mean 0.7, sd 0.2 (0.7 + 0.497 is cut to 1); differences 0.1,
		// 0.2, 0.3: mean 0.2, sd 0.1.
		"popularity": {3, 0.7, 0.2, 0.7 - t2*0.2/math.Sqrt(3), 1, 3, 0.2, 0.2 - t2*0.1/math.Sqrt(3), 0.2 + t2*0.1/math.Sqrt(3)},
		// 0.8 and 0.7: mean 0.75, sd √0.005 (0.75 + 0.635 is cut to 1);
		// differences 0.4 and 0.1: mean 0.25, sd √0.045.
		"spread": {2, 0.75, math.Sqrt(0.005), 0.75 - t1*0.05, 1, 2, 0.25, 0.25 - t1*0.15, 0.25 + t1*0.15},
	}
	recs := exptest.ReadCSV(t, filepath.Join(dir, runner.SummaryCSV))
	seen := 0
	for _, r := range recs[1:] {
		if r[1] != "satisfaction_mean" {
			continue
		}
		seen++
		w := want[r[0]]
		for i, v := range []float64{w.n, w.mean, w.sd, w.lo, w.hi, w.dn, w.d, w.dlo, w.dhi} {
			cell := r[2+i]
			if math.IsNaN(v) {
				if cell != "" {
					t.Errorf("%s %s = %q, want empty", r[0], summary.CSVHeader[2+i], cell)
				}
				continue
			}
			got, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.Abs(got-v) > 1e-4 {
				t.Errorf("%s %s = %q, want %v", r[0], summary.CSVHeader[2+i], cell, v)
			}
		}
	}
	if seen != 3 {
		t.Errorf("summary.csv has %d satisfaction_mean rows, want 3", seen)
	}
	// A metric that is NaN everywhere has n = 0 and empty statistics.
	for _, r := range recs[1:] {
		if r[1] == "hops" && (r[2] != "0" || r[3] != "" || r[6] != "") {
			t.Errorf("all-NaN metric row %v: want n 0, mean and interval empty", r)
		}
	}
	// new_ties is 10·r + k: every difference to random is exactly k, sd 0.
	for _, r := range recs[1:] {
		if r[1] == "new_ties" && r[0] == "spread" && (r[8] != "2" || r[9] != "2" || r[10] != "2") {
			t.Errorf("spread new_ties difference %v, want exactly 2 [2, 2]", r[7:])
		}
	}
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	if got := res[1+5][4]; got != "" {
		t.Errorf("results.csv unit 5 (r1/spread) satisfaction_mean %q, want an empty cell", got)
	}
}

// TestSummaryIntervalsRespectBounds: the interval of a mean is cut to the
// range the metric can take (sim.Metric.Bounds): a count's never goes
// below 0, a share's never above 1, in summary.csv and summary.md of
// compare (sweep's test checks a sweep's summary.csv). A paired difference
// may be negative and is not cut.
func TestSummaryIntervalsRespectBounds(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 4
	sat, more := exptest.BoundsTables()
	check := func(name string, recs [][]string) { t.Helper(); exptest.CheckSummaryBounds(t, name, recs) }
	dir := t.TempDir()
	rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2}, fakeHooks(cfg, sat, more))
	if err != nil {
		t.Fatal(err)
	}
	check("compare summary.csv", exptest.ReadCSV(t, filepath.Join(dir, runner.SummaryCSV)))
	// summary.md's first table holds the estimates: no collapsed cell
	// reaches below 0.
	col, rows := -1, 0
	for _, line := range strings.Split(rep.Summary, "\n") {
		cells := strings.Split(line, "|")
		switch {
		case col < 0:
			col = slices.Index(cells, " collapsed ")
		case !strings.HasPrefix(line, "|"):
		case strings.Contains(line, "---"):
		case strings.Contains(line, "| policy |"): // the differences' table
			col = len(cells)
		case col < len(cells):
			rows++
			if strings.Contains(cells[col], "−") {
				t.Errorf("summary.md: a count's interval below 0: %s", line)
			}
		}
	}
	if rows != 3 {
		t.Errorf("summary.md: %d rows of estimates with a collapsed column, want 3:\n%s", rows, rep.Summary)
	}
}
