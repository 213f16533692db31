package sweep

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// winner is a point's best policy by mean satisfaction, the runner-up, and
// the paired difference between them (−1 and NaN where there is none).
type winner struct {
	best, second int
	margin       stats.Interval
}

// sweepAgg is what the report and charts of a sweep need, aggregated from
// results.csv in one streaming pass that holds one point's rows at a time.
type sweepAgg struct {
	p        *sweepPlan
	failed   int
	failures []summary.Failure // the first maxFailures
	// key[point][policy][i] summarises summary.KeyMetrics[i], with the
	// paired difference to the baseline.
	key [][][]summary.Row
	win []winner
	// means[point][policy][metric] (Morris designs only).
	means [][][]float64
}

// summaryHeaderFor returns summary.csv's header for layout l.
func summaryHeaderFor(l *runner.Layout) []string {
	return slices.Concat(l.PointCols, summary.CSVHeader)
}

// pointValues holds the metrics of one point's units while aggregateSweep
// reads them: vals[policy][metric][replicate], NaN where a unit failed or
// a metric has no value.
type pointValues [][][]float64

func newPointValues(policies, replicates int) pointValues {
	v := make(pointValues, policies)
	for k := range v {
		v[k] = make([][]float64, sim.NumMetrics)
		for m := range v[k] {
			v[k][m] = make([]float64, replicates)
		}
	}
	v.reset()
	return v
}

func (v pointValues) reset() {
	for k := range v {
		for m := range v[k] {
			for r := range v[k][m] {
				v[k][m][r] = math.NaN()
			}
		}
	}
}

// aggregateSweep reads results (every unit once, in order) and writes
// summary.csv's content to w: one row per point × policy × metric, each
// point summarised (addPoint) as soon as its last unit is read.
func aggregateSweep(p *sweepPlan, results string, w io.Writer) (*sweepAgg, error) {
	l := p.l
	names := sim.MetricNames()
	t, err := runner.OpenTable(results, slices.Concat([]string{"unit", "error"}, names)...)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	cols := make([]int, len(names))
	for m, n := range names {
		cols[m] = t.Col[n]
	}
	a := &sweepAgg{p: p, key: make([][][]summary.Row, l.Points), win: make([]winner, l.Points)}
	if p.d.morris != nil {
		a.means = make([][][]float64, l.Points)
	}
	vals := newPointValues(len(l.Policies), l.Replicates)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(strings.Join(summaryHeaderFor(l), ",") + "\n")
	cur, want := 0, 0
	for ; ; want++ {
		rec, err := t.Next()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		u, err := t.Int(rec, "unit")
		if err != nil {
			return nil, err
		}
		switch {
		case u != want:
			return nil, fmt.Errorf("sweep: %s:%d: unit %d, want %d: results must hold every unit once, in order", results, t.Line, u, want)
		case u >= l.Units():
			return nil, fmt.Errorf("sweep: %s:%d: unit %d outside 0..%d", results, t.Line, u, l.Units()-1)
		}
		pt, r, k := l.Split(u)
		if pt != cur {
			a.addPoint(cur, vals, bw)
			cur = pt
		}
		if e := rec[t.Col["error"]]; e != "" {
			a.failed++
			if len(a.failures) < maxFailures {
				a.failures = append(a.failures, summary.Failure{Unit: u, ID: l.ID(u), Error: e})
			}
			continue
		}
		for m, c := range cols {
			if s := rec[c]; s != "" {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return nil, fmt.Errorf("sweep: %s:%d: column %s: %w", results, t.Line, names[m], err)
				}
				vals[k][m][r] = v
			}
		}
	}
	if want != l.Units() {
		return nil, fmt.Errorf("sweep: %s holds %d units, want %d", results, want, l.Units())
	}
	a.addPoint(cur, vals, bw)
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	return a, nil
}

// addPoint summarises point pt from its values: it writes the point's
// summary.csv rows to bw, keeps the key metrics' rows, the winner and
// (Morris) the means, and resets vals for the next point.
func (a *sweepAgg) addPoint(pt int, vals pointValues, bw *bufio.Writer) {
	p, l := a.p, a.p.l
	key := make([][]summary.Row, len(l.Policies))
	if a.means != nil {
		a.means[pt] = make([][]float64, len(l.Policies))
	}
	var line []byte
	for k := range l.Policies {
		key[k] = make([]summary.Row, len(summary.KeyMetrics))
		if a.means != nil {
			a.means[pt][k] = make([]float64, sim.NumMetrics)
		}
		for m := range sim.NumMetrics {
			var ref []float64
			if k != p.baseline {
				ref = vals[p.baseline][m]
			}
			r := summary.NewRow(k, m, vals[k][m], ref)
			line = append(append(line[:0], l.PointKeys(pt)...), ',')
			bw.Write(summary.AppendCSV(line, l.Policies[k], r))
			if a.means != nil {
				a.means[pt][k][m] = r.Est.Mean
			}
			if i := slices.Index(summary.KeyMetrics, m); i >= 0 {
				key[k][i] = r
			}
		}
	}
	a.key[pt] = key
	a.win[pt] = pointWinner(key, vals)
	vals.reset()
}

// pointWinner returns a point's best policy by mean satisfaction
// (summary.Rank) and its paired margin over the runner-up, from the
// point's key rows and values.
func pointWinner(key [][]summary.Row, vals pointValues) winner {
	means := make([]float64, len(key))
	for k := range key {
		means[k] = key[k][0].Est.Mean // summary.KeyMetrics[0]: satisfaction_mean
	}
	w := winner{best: -1, second: -1, margin: stats.Interval{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}}
	rank := summary.Rank(means, true)
	if len(rank) > 0 {
		w.best = rank[0]
	}
	if len(rank) > 1 {
		w.second = rank[1]
		m := sim.SatisfactionMean
		w.margin = stats.Paired(vals[w.best][m], vals[w.second][m], summary.CILevel)
	}
	return w
}

// morrisRow is one line of morris.csv.
type morrisRow struct {
	policy, param int
	metric        sim.Metric
	n             int
	mu, muStar    float64
	sigma         float64
}

// morrisEffects computes, per policy × metric × parameter, the statistics
// of the r elementary effects EE = (ȳ(x + Δe_i) − ȳ(x)) / Δ_i, where ȳ is
// the metric's mean over replicates at a point and Δ_i the step as a
// fraction of parameter i's range, so that EE is the metric's change per
// whole range: μ = mean EE, μ* = mean |EE| (Campolongo et al. 2007) and σ
// = sd EE. Trajectories where either mean is undefined are left out (n).
func (a *sweepAgg) morrisEffects() []morrisRow {
	mp := a.p.d.morris
	P := len(a.p.l.Policies)
	// The steps that move parameter i, in trajectory order: from point
	// from to from+1, by delta.
	type step struct {
		from  int
		delta float64
	}
	steps := make([][]step, mp.k)
	for t := range mp.r {
		for j, i := range mp.moved[t] {
			steps[i] = append(steps[i], step{t*(mp.k+1) + j, mp.delta[t][j]})
		}
	}
	var rows []morrisRow
	ee := make([]float64, 0, mp.r)
	abs := make([]float64, 0, mp.r)
	for k := range P {
		for m := range sim.NumMetrics {
			for i := range mp.k {
				ee, abs = ee[:0], abs[:0]
				for _, s := range steps[i] {
					y0, y1 := a.means[s.from][k][m], a.means[s.from+1][k][m]
					if math.IsNaN(y0) || math.IsNaN(y1) {
						continue
					}
					e := (y1 - y0) / s.delta
					ee = append(ee, e)
					abs = append(abs, math.Abs(e))
				}
				r := morrisRow{policy: k, param: i, metric: m, n: len(ee), mu: math.NaN(), muStar: math.NaN(), sigma: math.NaN()}
				if len(ee) > 0 {
					r.mu, _ = stats.Mean(ee)
					r.muStar, _ = stats.Mean(abs)
					r.sigma, _ = stats.StdDev(ee)
				}
				rows = append(rows, r)
			}
		}
	}
	return rows
}

var morrisHeader = []string{"policy", "metric", "parameter", "n", "mu", "mu_star", "sigma"}

func (a *sweepAgg) morrisCSV(rows []morrisRow) []byte {
	b := []byte(strings.Join(morrisHeader, ",") + "\n")
	for _, r := range rows {
		b = csvcell.AppendField(b, a.p.l.Policies[r.policy])
		b = append(append(b, ','), r.metric.String()...)
		b = csvcell.AppendField(append(b, ','), a.p.spec.Parameters[r.param].Key)
		b = strconv.AppendInt(append(b, ','), int64(r.n), 10)
		for _, v := range []float64{r.mu, r.muStar, r.sigma} {
			b = csvcell.AppendFloat(append(b, ','), v)
		}
		b = append(b, '\n')
	}
	return b
}

// finished is what finishSweep wrote.
type finished struct {
	summary string
	answer  *Answer
	failed  int
	files   []string
}

// finishSweep writes every output of a complete sweep from its row files
// in dir: summary.csv, summary.md, morris.csv, charts, the Parquet copy
// and meta.json. Run and Merge share it, so that their outputs agree.
func finishSweep(dir string, p *sweepPlan, info finishInfo) (*finished, error) {
	opts := info.opts
	results := filepath.Join(dir, runner.ResultsFile)
	var a *sweepAgg
	err := runner.Write(filepath.Join(dir, runner.SummaryCSV), func(f *os.File) error {
		var err error
		a, err = aggregateSweep(p, results, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	files := append(runner.StreamNames(p.streams), runner.SummaryCSV, runner.SummaryMD)
	var mrows []morrisRow
	if p.d.morris != nil {
		mrows = a.morrisEffects()
		if err := runner.WriteFile(filepath.Join(dir, runner.MorrisFile), a.morrisCSV(mrows)); err != nil {
			return nil, err
		}
		files = append(files, runner.MorrisFile)
	}
	if opts.Format == "parquet" {
		name := runner.ParquetFile
		if err := writeResultsParquet(p, results, filepath.Join(dir, name)); err != nil {
			return nil, err
		}
		files = append(files, name)
	}
	charts, warnings, err := sweepCharts(dir, opts.ChartFormat, a, mrows, opts.Workers)
	if err != nil {
		return nil, err
	}
	files = append(files, charts...)
	summary.PrintWarnings(opts.Progress, warnings)
	md := a.markdown(mrows, opts.Version)
	if err := runner.WriteFile(filepath.Join(dir, runner.SummaryMD), []byte(md)); err != nil {
		return nil, err
	}
	files = append(files, runner.MetaFile)
	if err := writeSweepMeta(dir, p, a, info, files); err != nil {
		return nil, err
	}
	ans := a.answer(dir)
	if info.parts != nil {
		ans.Command = "merge"
	}
	return &finished{summary: md, answer: ans, failed: a.failed, files: files}, nil
}

// sweepMeta is a sweep's meta.json.
type sweepMeta struct {
	Program     string            `json:"program"`
	Command     string            `json:"command"`
	Version     string            `json:"version"`
	CommandLine string            `json:"command_line,omitempty"`
	Source      string            `json:"source"`
	Spec        string            `json:"spec"`
	MasterSeed  uint64            `json:"master_seed,string"` // as strings: see runner.SeedStrings
	Replicates  int               `json:"replicates"`
	Seeds       []string          `json:"seeds"`
	Policies    []string          `json:"policies"`
	Baseline    string            `json:"baseline"`
	Design      DesignSpec        `json:"design"`
	Parameters  []ParamSpec       `json:"parameters"`
	Points      int               `json:"points"`
	Units       int               `json:"units"`
	Failed      int               `json:"failed"`
	Resumed     int               `json:"resumed"`
	Failures    []summary.Failure `json:"failures"` // the first 1000; [] when none
	Workers     int               `json:"workers,omitempty"`
	Parts       []string          `json:"parts,omitempty"`
	MergedBy    string            `json:"merged_by,omitempty"`
	Start       string            `json:"start"`
	End         string            `json:"end"`
	Files       []string          `json:"files"`
	Base        json.RawMessage   `json:"base_config"`
}

func writeSweepMeta(dir string, p *sweepPlan, a *sweepAgg, info finishInfo, files []string) error {
	cmd := "sweep"
	if info.parts != nil {
		cmd = "merge"
	}
	m := sweepMeta{Program: "unconf", Command: cmd, Version: info.opts.Version, CommandLine: info.opts.CommandLine, Source: p.spec.Source, Spec: p.hash,
		MasterSeed: p.l.Master, Replicates: p.l.Replicates, Seeds: runner.SeedStrings(p.l.Seeds()), Policies: p.l.Policies, Baseline: p.l.Policies[p.baseline],
		Design: p.spec.Design, Parameters: p.spec.Parameters, Points: p.l.Points, Units: p.l.Units(), Failed: a.failed,
		Resumed: info.resumed, Failures: append([]summary.Failure{}, a.failures...), Parts: info.parts, MergedBy: info.mergedBy,
		Start: info.start.UTC().Format(time.RFC3339Nano), End: info.now().UTC().Format(time.RFC3339Nano), Files: files}
	if info.parts == nil {
		m.Workers = info.opts.Workers
	}
	var err error
	if m.Base, err = scenario.JSON(p.baseCfg); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	return runner.WriteJSON(filepath.Join(dir, runner.MetaFile), m)
}

// maxReportPoints is how many points summary.md lists.
const maxReportPoints = 60
