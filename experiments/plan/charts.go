package plan

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim/policy"
)

// charts draws the charts into dir/charts and returns their paths
// relative to dir.
func (rep *Report) charts(dir, format string) ([]string, error) {
	var files []string
	save := func(name string, draw func(path string) error) error {
		rel := filepath.Join(ChartsDir, name+"."+format)
		if err := draw(filepath.Join(dir, rel)); err != nil {
			return fmt.Errorf("plan: chart %s: %w", rel, err)
		}
		files = append(files, rel)
		return nil
	}
	rec := rep.Recommended()
	if err := save("schedule-grid", func(p string) error {
		return rep.gridChart(p, rec, fmt.Sprintf("%s: recommended schedule (%s), predicted attendance", eventName(rep), rec.Name))
	}); err != nil {
		return files, err
	}
	if k := rep.candidate(FixedName); k >= 0 && k != rep.Best {
		if err := save("fixed-schedule-grid", func(p string) error {
			return rep.gridChart(p, &rep.Candidates[k], fmt.Sprintf("%s: your schedule, predicted attendance", eventName(rep)))
		}); err != nil {
			return files, err
		}
	}
	order := rep.order()
	names := make([]string, len(order))
	for i, k := range order {
		names[i] = rep.Candidates[k].Name
	}
	for _, m := range rep.reportMetrics() {
		values := make([][]float64, len(order))
		for i, k := range order {
			values[i] = rep.Candidates[k].Values[m]
		}
		if !variesWithin(values) {
			// A metric fixed by the schedule alone (coverage, conflicts:
			// hands only) has no spread over replicates to show: its
			// boxes would be flat lines. comparison.md has its values.
			continue
		}
		err := save("box-"+m.String(), func(p string) error {
			return charts.Box(p, fmt.Sprintf("%s by schedule over %d replicates (%s)", m, len(rep.Seeds), summary.Direction(m)), axisLabel(m), names, values, policy.Builtin())
		})
		if err != nil && !errors.Is(err, charts.ErrNoData) {
			return files, err
		}
	}
	m := rep.Objective.Metric
	var rows []charts.ForestRow
	for _, k := range order[1:] {
		r, _ := rep.Row(k, m)
		if r.Diff.N == 0 || math.IsNaN(r.Diff.Mean) {
			continue
		}
		rows = append(rows, charts.ForestRow{Label: rep.Candidates[k].Name, Mean: r.Diff.Mean, Low: r.Diff.Low, High: r.Diff.High})
	}
	if len(rows) > 0 {
		if err := save("forest-"+m.String(), func(p string) error {
			return charts.Forest(p, fmt.Sprintf("%s: difference to %s (paired, 95%% CI)", m, rec.Name),
				fmt.Sprintf("%s − %s's", m, rec.Name), rows, policy.Builtin())
		}); err != nil {
			return files, err
		}
	}
	return files, nil
}

// variesWithin reports whether some group of values takes two different
// values (NaNs aside).
func variesWithin(groups [][]float64) bool {
	for _, vs := range groups {
		first := math.NaN()
		for _, v := range vs {
			switch {
			case math.IsNaN(v):
			case math.IsNaN(first):
				first = v
			case v != first:
				return true
			}
		}
	}
	return false
}

// gridText words the caption and legend of a plan's grid charts: the
// numbers are forecasts and the outlines risks (Forecast.Risk).
var gridText = charts.GridText{
	Caption: "Each cell: session title, moderator, then hands raised → predicted median attendance [50% range] (80% range), moderator included.",
	Legend:  map[string]string{"collapse": "collapse risk", "overflow": "overflow risk"},
}

// gridChart draws c's schedule as schedule.md has it, each day dated, each
// slot with its start and end, each session with its moderator, hands and
// predicted median (whole people), 50% and 80% ranges (rangeText), coloured by
// the median over capacity, with collapse and overflow risks outlined.
func (rep *Report) gridChart(path string, c *Candidate, title string) error {
	cells := summary.ScheduleCells(rep.Event)
	for i := range c.Sessions {
		f := &c.Sessions[i]
		r := forecastRange(f)
		cells[f.Slot][f.Room] = charts.Cell{
			Title: rep.Data.Proposals[f.Proposal].Title, Moderator: rep.proposerName(f.Proposal),
			Hands: f.Hands, Attendance: r.median, Low: r.lo, High: r.hi, Low50: r.lo50, High50: r.hi50,
			Value: f.Median / float64(f.Capacity), Risk: f.Risk,
		}
	}
	day1, _ := rep.Model.Event.Start() // undated days when it does not parse
	return summary.ScheduleChart(path, title, "predicted median attendance / room capacity", rep.Event, day1, cells, gridText)
}
