package experiments

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// chartsDir is the subdirectory of the output directory holding charts.
const chartsDir = "charts"

// groupLabels name the jet-lag groups in the alertness chart's legend.
var groupLabels = map[string]string{"west": "flew west", "east": "flew east", "none": "no jet lag"}

// compareCharts draws the charts of a compare run into out/charts and
// returns the files written, relative to out, and a warning for each chart
// that could not be drawn (no data, e.g. when every unit failed); a chart
// that cannot be written is an error (chartSet).
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
func compareCharts(out, format string, cfg *scenario.Config, d *compareData, rows []summaryRow, baseline, workers int) (files, warnings []string, err error) {
	cs := &chartSet{dir: out, format: format}
	P := len(d.l.policies)
	for _, m := range keyMetrics {
		vals := make([][]float64, P)
		for k := range P {
			vals[k] = d.vals[k][m]
		}
		cs.draw("box-"+m.String(), func(path string) error {
			return charts.Box(path, fmt.Sprintf("%s by policy (%d replicates; %s)", capitalize(metricLabel(m)), d.l.replicates, betterText(m)),
				metricAxis(m), d.l.policies, vals)
		})
	}
	for _, m := range keyMetrics {
		var fr []charts.ForestRow
		for k, p := range d.l.policies {
			r := rowAt(rows, k, m)
			if k == baseline || math.IsNaN(r.Diff.Mean) {
				continue
			}
			fr = append(fr, charts.ForestRow{Label: p, Mean: r.Diff.Mean, Low: r.Diff.Low, High: r.Diff.High})
		}
		cs.draw("forest-"+m.String(), func(path string) error {
			return charts.Forest(path, fmt.Sprintf("%s: difference to %s (paired, 95%% CI; %s)", capitalize(metricLabel(m)), d.l.policies[baseline], betterText(m)),
				"Δ "+metricAxis(m), fr)
		})
	}

	ev, evErr := sim.NewEvent(&cfg.Model.Event, cfg.Model.Alertness.ResetMinutes)
	day1, _ := cfg.Model.Event.Start() // no date on the charts when it does not parse
	cs.draw("alertness", func(path string) error {
		if evErr != nil {
			return evErr
		}
		return charts.AlertnessBySlot(path, "Mean alertness by slot (under "+d.l.policies[baseline]+")",
			ChartSlots(ev, day1), alertSeries(d, baseline, len(ev.Slots)))
	})

	var pts []charts.HandsPoint
	for k, p := range d.l.policies {
		for _, c := range d.rep0[k] {
			pts = append(pts, charts.HandsPoint{Hands: c.Hands, Attendance: c.Attendance,
				Collapsed: c.Attendance <= cfg.Model.Metrics.Collapsed, Group: p})
		}
	}
	cs.draw("hands", func(path string) error {
		return charts.HandsVsAttendance(path, "Hands raised vs attendance (replicate 0)", pts)
	})

	if best := bestPolicy(rows); best >= 0 {
		cs.draw("schedule", func(path string) error {
			if evErr != nil {
				return evErr
			}
			return scheduleChart(path, cfg, d, ev, day1, best)
		})
	}
	return cs.render(workers)
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
				iv := d.alert[k][s][g].TInterval(ciLevel).Clamp(0, 1) // alertness is 0–1
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

// chartSet draws a run's charts into dir/charts: draw queues a chart,
// render draws them all, several at a time, and lists the files drawn,
// relative to dir, and a warning for each chart that could not be drawn
// (no data, e.g. when every unit failed), because the data of a chart
// never fails a run: the rows are what count. A chart that cannot be
// written (a full disk, an unwritable folder) does: render then returns
// why and draws no more. So does a charts folder that cannot be made or
// is a symbolic link.
type chartSet struct {
	dir, format string
	jobs        []chartJob
}

type chartJob struct {
	name string
	f    func(path string) error
}

// draw queues chart name (a file name without extension), drawn by f,
// which is given the chart's path.
func (cs *chartSet) draw(name string, f func(path string) error) {
	cs.jobs = append(cs.jobs, chartJob{name, f})
}

// render draws the queued charts on up to workers goroutines (rendering is
// most of the time left once the units are done, and the charts are
// independent) and returns the files drawn and the warnings, both in the
// order the charts were queued, or the first chart that could not be
// written (no more are started then).
func (cs *chartSet) render(workers int) (files, warnings []string, err error) {
	if len(cs.jobs) == 0 {
		return nil, nil, nil
	}
	if err := mkdir(filepath.Join(cs.dir, chartsDir)); err != nil {
		return nil, nil, err
	}
	rel := make([]string, len(cs.jobs))
	errs := make([]error, len(cs.jobs))
	var failed atomic.Bool // a chart could not be written
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(cs.jobs))) {
		wg.Go(func() {
			for i := range next {
				if failed.Load() {
					continue
				}
				rel[i] = filepath.Join(chartsDir, cs.jobs[i].name+"."+cs.format)
				errs[i] = cs.jobs[i].f(filepath.Join(cs.dir, rel[i]))
				var we *charts.WriteError
				if errors.As(errs[i], &we) {
					failed.Store(true)
				}
			}
		})
	}
	for i := range cs.jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		var we *charts.WriteError
		switch {
		case errors.As(err, &we):
			return files, warnings, fmt.Errorf("experiments: %w", err)
		case err != nil:
			warnings = append(warnings, fmt.Sprintf("chart %s not drawn: %v", rel[i], err))
		case rel[i] != "":
			files = append(files, rel[i])
		}
	}
	return files, warnings, nil
}

// printWarnings writes each warning on a line of its own to w (nothing
// when w is nil).
func printWarnings(w io.Writer, warnings []string) {
	if w == nil {
		return
	}
	for _, s := range warnings {
		fmt.Fprintln(w, "warning:", s)
	}
}

// scheduleChart draws replicate 0's schedule under policy k.
func scheduleChart(path string, cfg *scenario.Config, d *compareData, ev *sim.Event, day1 time.Time, k int) error {
	if len(d.rep0[k]) == 0 {
		return errors.New("no sessions in replicate 0")
	}
	cells, err := SessionCells(ev, d.rep0[k], cfg.Model.Metrics.Collapsed)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Schedule under %s, replicate 0: hands → attendance", d.l.policies[k])
	return ScheduleChart(path, title, "attendance / capacity", ev, day1, cells, SessionText(cfg.Model.Metrics.Collapsed))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
