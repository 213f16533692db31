package experiments

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// groupLabels name the jet-lag groups in the alertness chart's legend.
var groupLabels = map[string]string{"west": "flew west", "east": "flew east", "none": "no jet lag"}

// compareCharts draws the charts of a compare run into out/charts, the
// policies coloured as in pols, and returns the files written, relative
// to out, and a warning for each chart that could not be drawn (no data,
// e.g. when every unit failed); a chart that cannot be written is an
// error (summary.Charts).
func compareCharts(out, format string, cfg *scenario.Config, pols policy.Registry, d *compareData, rows []summary.Row, baseline, workers int) (files, warnings []string, err error) {
	cs := &summary.Charts{Dir: out, Format: format}
	addCompareCharts(cs, cfg, pols, d, rows, baseline)
	return cs.Draw(workers)
}

// addCompareCharts queues the charts of a compare run on cs:
//
//	box-<metric>.<format>     each key metric by policy over replicates,
//	                          its title saying which way is better
//	forest-<metric>.<format>  each key metric's paired difference to the
//	                          baseline, with 95% CIs
//	alertness.<format>        mean alertness by slot for west/east/no
//	                          jet-lag visitors (baseline policy, 95% CI
//	                          over replicates), one panel per day
//	hands.<format>            hands vs attendance of replicate 0's
//	                          sessions, one panel per policy, collapsed
//	                          marked
//	schedule.<format>         the schedule of replicate 0 under the policy
//	                          of highest mean satisfaction
func addCompareCharts(cs *summary.Charts, cfg *scenario.Config, pols policy.Registry, d *compareData, rows []summary.Row, baseline int) {
	unit := chartUnit(cs.Format)
	P := len(d.l.Policies)
	for _, m := range summary.KeyMetrics {
		vals := make([][]float64, P)
		for k := range P {
			vals[k] = d.vals[k][m]
		}
		cs.AddCost("box-"+m.String(), unit, func(path string) error {
			return charts.Box(path, fmt.Sprintf("%s by policy (%d replicates; %s)", summary.Capitalize(summary.Label(m)), d.l.Replicates, summary.Direction(m)),
				summary.Axis(m), d.l.Policies, vals, pols)
		})
	}
	for _, m := range summary.KeyMetrics {
		var fr []charts.ForestRow
		for k, p := range d.l.Policies {
			r := rowAt(rows, k, m)
			if k == baseline || math.IsNaN(r.Diff.Mean) {
				continue
			}
			fr = append(fr, charts.ForestRow{Label: p, Mean: r.Diff.Mean, Low: r.Diff.Low, High: r.Diff.High})
		}
		cs.AddCost("forest-"+m.String(), unit, func(path string) error {
			return charts.Forest(path, fmt.Sprintf("%s: difference to %s (paired, 95%% CI; %s)", summary.Capitalize(summary.Label(m)), d.l.Policies[baseline], summary.Direction(m)),
				"Δ "+summary.Axis(m), fr, pols)
		})
	}

	ev, evErr := sim.NewEvent(&cfg.Model.Event, cfg.Model.Alertness.ResetMinutes)
	day1, _ := cfg.Model.Event.Start() // no date on the charts when it does not parse
	cs.AddCost("alertness", unit, func(path string) error {
		if evErr != nil {
			return evErr
		}
		return charts.AlertnessBySlot(path, "Mean alertness by slot (under "+d.l.Policies[baseline]+")",
			summary.ChartSlots(ev, day1), alertSeries(d, baseline, len(ev.Slots)))
	})

	var pts []charts.HandsPoint
	for k, p := range d.l.Policies {
		for _, c := range d.rep0[k] {
			pts = append(pts, charts.HandsPoint{Hands: c.Hands, Attendance: c.Attendance,
				Collapsed: c.Attendance <= cfg.Model.Metrics.Collapsed, Group: p})
		}
	}
	cs.AddCost("hands", handsCost*unit, func(path string) error {
		return charts.HandsVsAttendance(path, "Hands raised vs attendance (replicate 0)", pts, pols)
	})

	if best := bestPolicy(rows, P); best >= 0 {
		cs.AddCost("schedule", scheduleCost*unit, func(path string) error {
			if evErr != nil {
				return evErr
			}
			return scheduleChart(path, cfg, d, ev, day1, best)
		})
	}
}

// handsCost and scheduleCost are how long the hands chart and the
// schedule grid take to draw in box plots (summary.Charts.AddCost): about
// 3 and 4 at 200 attendees (0.12 and 0.17 s against 0.04 s, mostly PNG
// encoding of their larger images).
const handsCost, scheduleCost = 3, 4

// chartUnit is how long a box plot takes to draw in format, in box plots
// drawn as PNG, so that charts of several formats drawn in one pool
// (summary.DrawAll) are started costliest first: encoding is most of a
// PNG's time, and an SVG takes about a twentieth of it (PDF is taken
// alike).
func chartUnit(format string) float64 {
	if format == "png" {
		return 1
	}
	return 0.05
}

// alertSeries returns the mean alertness of each jet-lag group under
// policy k by slot (of n), with its 95% interval over replicates and the
// group's mean head count on site in its name; groups never on site are
// left out.
func alertSeries(d *compareData, k, n int) []charts.Series {
	var series []charts.Series
	for g, name := range groupNames {
		sr := charts.Series{Name: fmt.Sprintf("%s (%.0f people)", groupLabels[name], d.onSite[k][g].Mean()), Style: name}
		seen := false
		for s := range n {
			y, lo, hi := math.NaN(), math.NaN(), math.NaN()
			if s < len(d.alert[k]) {
				iv := d.alert[k][s][g].TInterval(summary.CILevel).Clamp(0, 1) // alertness is 0–1
				y, lo, hi = iv.Mean, iv.Low, iv.High
				seen = seen || iv.N > 0
			}
			sr.X = append(sr.X, float64(s))
			sr.Y, sr.Low, sr.High = append(sr.Y, y), append(sr.Low, lo), append(sr.High, hi)
		}
		if seen {
			series = append(series, sr)
		}
	}
	return series
}

// scheduleChart draws replicate 0's schedule under policy k.
func scheduleChart(path string, cfg *scenario.Config, d *compareData, ev *sim.Event, day1 time.Time, k int) error {
	if len(d.rep0[k]) == 0 {
		return errors.New("no sessions in replicate 0")
	}
	cells, err := summary.SessionCells(ev, d.rep0[k], cfg.Model.Metrics.Collapsed)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Schedule under %s, replicate 0: hands → attendance", d.l.Policies[k])
	return summary.ScheduleChart(path, title, "attendance / capacity", ev, day1, cells, summary.SessionText(cfg.Model.Metrics.Collapsed))
}
