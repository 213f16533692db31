package sweep

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// sweepCharts draws a sweep's charts into dir/charts and returns their
// paths relative to dir:
//
//   - grid over one numeric parameter: each key metric against it, one
//     line per policy with its 95% band (<metric>.<fmt>);
//   - grid over two numeric parameters: a heat map of mean satisfaction
//     per policy (all on one colour scale), of each policy's paired
//     difference to the baseline (all on one red–blue scale centred on
//     zero), and
//     of the winning policy, named in each cell, with its margin over the
//     runner-up;
//   - Latin hypercube: mean satisfaction against each numeric parameter,
//     one unjoined point per sampled event and policy;
//   - Morris: the μ*–σ chart of each key metric for each policy.
//
// Parameters are named in a reader's words with their units (KeyLabel).
// Other designs get no charts; `unconf plot` draws any column against any
// parameter.
//
// A chart that cannot be drawn (no data: every unit failed) is skipped with
// a warning; the rows are what count. One that cannot be written is an
// error. Charts are drawn on up to workers goroutines.
func sweepCharts(dir, format string, a *sweepAgg, mrows []morrisRow, workers int) (files, warnings []string, err error) {
	cs := &summary.Charts{Dir: dir, Format: format}
	for _, c := range sweepChartList(a, mrows) {
		cs.Add(c.name, c.chart.Save)
	}
	return cs.Draw(workers)
}

// namedChart is a chart to draw and its file name without extension.
type namedChart struct {
	name  string
	chart interface{ Save(path string) error }
}

// sweepChartList returns the charts of a sweep (see sweepCharts), as data
// to draw.
func sweepChartList(a *sweepAgg, mrows []morrisRow) []namedChart {
	p := a.p
	allNumeric := !slices.Contains(p.numeric, false)
	nparams := len(p.spec.Parameters)
	switch {
	case p.d.morris != nil:
		return a.morrisCharts(mrows)
	case p.spec.Design.Kind == DesignGrid && nparams == 1 && allNumeric:
		return a.lineCharts()
	case p.spec.Design.Kind == DesignGrid && nparams == 2 && allNumeric:
		return a.heatMaps()
	case p.spec.Design.Kind == DesignLHS:
		return a.lhsCharts()
	}
	return nil
}

// morrisCharts returns the μ*–σ chart of each key metric for each policy.
func (a *sweepAgg) morrisCharts(mrows []morrisRow) []namedChart {
	p, base := a.p, a.p.baseCfg
	var list []namedChart
	for _, m := range summary.KeyMetrics {
		for k, pol := range p.l.Policies {
			var pts []charts.MorrisPoint
			for _, r := range mrows {
				if r.policy == k && r.metric == m && finite(r.muStar) {
					s := r.sigma
					if !finite(s) {
						s = 0
					}
					pts = append(pts, charts.MorrisPoint{Param: keyName(p.spec.Parameters[r.param].Key, base), MuStar: math.Abs(r.muStar), Sigma: s})
				}
			}
			mc := charts.MorrisChart{Title: fmt.Sprintf("Morris screening of %s: %s", summary.Label(m), pol),
				Metric: summary.Label(m), Unit: summary.Unit(m), Points: pts}
			list = append(list, namedChart{"morris-" + m.String() + "-" + fileSafe(pol), mc})
		}
	}
	return list
}

// lineCharts returns, for a grid over one numeric parameter, each key
// metric against it, a line per policy.
func (a *sweepAgg) lineCharts() []namedChart {
	p, base := a.p, a.p.baseCfg
	var list []namedChart
	key := p.spec.Parameters[0].Key
	for i, m := range summary.KeyMetrics {
		lc := charts.LineChart{
			Title:  fmt.Sprintf("%s vs %s", summary.Capitalize(summary.Label(m)), keyName(key, base)),
			XLabel: KeyLabel(key, base), YLabel: summary.Axis(m), LegendTitle: "policy",
			Series: a.lineSeries(i, identity(p.l.Points), 0),
		}
		list = append(list, namedChart{m.String(), lc})
	}
	return list
}

// heatMaps returns, for a grid over two numeric parameters, the heat maps
// of mean satisfaction per policy, of each policy's paired difference to
// the baseline, and of the winning policy with its margin.
func (a *sweepAgg) heatMaps() []namedChart {
	p, base := a.p, a.p.baseCfg
	var list []namedChart
	ys := p.spec.Parameters[0].gridValues()
	xs := p.spec.Parameters[1].gridValues()
	yk, xk := p.spec.Parameters[0].Key, p.spec.Parameters[1].Key
	grid := func(f func(pt int) float64) [][]float64 {
		z := make([][]float64, len(ys))
		for i := range z {
			z[i] = make([]float64, len(xs))
			for j := range z[i] {
				z[i][j] = f(i*len(xs) + j)
			}
		}
		return z
	}
	heat := func(title, zLabel string, z [][]float64) charts.HeatMap {
		return charts.HeatMap{Title: title, XLabel: KeyLabel(xk, base), YLabel: KeyLabel(yk, base), ZLabel: zLabel,
			X: floats(xs), Y: floats(ys), Z: z}
	}
	baseName := p.l.Policies[p.baseline]
	// One quantity, one colour scale: every policy's mean on one, every
	// policy's difference to the baseline on another.
	means := make([][][]float64, len(p.l.Policies))
	diffs := make([][][]float64, len(p.l.Policies))
	for k := range p.l.Policies {
		means[k] = grid(func(pt int) float64 { return a.key[pt][k][0].Est.Mean })
		diffs[k] = grid(func(pt int) float64 { return a.key[pt][k][0].Diff.Mean })
	}
	mlo, mhi := span(means...)
	var others [][][]float64
	for k := range p.l.Policies {
		if k != p.baseline {
			others = append(others, diffs[k])
		}
	}
	// Differences on a red–blue scale centred on zero, whatever their
	// signs: blue is better than the baseline, red worse.
	dlo, dhi := span(others...)
	dhi = math.Max(-dlo, dhi)
	dlo = -dhi
	for k, pol := range p.l.Policies {
		hm := heat(fmt.Sprintf("Mean satisfaction: %s", pol), summary.Axis(sim.SatisfactionMean), means[k])
		hm.ZMin, hm.ZMax = mlo, mhi
		list = append(list, namedChart{"heat-satisfaction_mean-" + fileSafe(pol), hm})
		if k == p.baseline {
			continue
		}
		hd := heat(fmt.Sprintf("Mean satisfaction: %s − %s (paired)", pol, baseName),
			fmt.Sprintf("difference in mean satisfaction, %s − %s (%s)", pol, baseName, summary.Unit(sim.SatisfactionMean)), diffs[k])
		hd.ZMin, hd.ZMax = dlo, dhi
		list = append(list, namedChart{"heat-diff-" + fileSafe(pol) + "-vs-" + fileSafe(baseName), hd})
	}
	hw := heat("Best policy by mean satisfaction, and its margin over the runner-up",
		fmt.Sprintf("margin of the best policy over the runner-up, mean satisfaction (%s)", summary.Unit(sim.SatisfactionMean)),
		grid(func(pt int) float64 { return a.win[pt].margin.Mean }))
	hw.Labels = a.winnerLabels(len(ys), len(xs))
	list = append(list, namedChart{"heat-winner-margin", hw})
	return list
}

// lhsCharts returns, for a Latin hypercube, mean satisfaction against
// each numeric parameter, one unjoined point per sampled event and
// policy.
func (a *sweepAgg) lhsCharts() []namedChart {
	p, base := a.p, a.p.baseCfg
	var list []namedChart
	for i, ps := range p.spec.Parameters {
		if !p.numeric[i] {
			continue
		}
		// One point per sampled event: its interval over replicates
		// would hide the scatter, which is what shows a trend.
		series := a.lineSeries(0, identity(p.l.Points), i)
		for j := range series {
			series[j].Low, series[j].High = nil, nil
		}
		lc := charts.LineChart{
			Title:  fmt.Sprintf("Satisfaction vs %s (Latin hypercube: other parameters vary too)", keyName(ps.Key, base)),
			XLabel: KeyLabel(ps.Key, base), YLabel: summary.Axis(sim.SatisfactionMean), LegendTitle: "policy",
			Points: true, Series: series,
		}
		list = append(list, namedChart{"lhs-" + fileSafe(ps.Key), lc})
	}
	return list
}

// span returns the smallest and largest finite value of the grids, or
// (0, 0) when there is none (a HeatMap then scales itself).
func span(grids ...[][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, z := range grids {
		for _, row := range z {
			for _, v := range row {
				if finite(v) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}

// winnerLabels names each point's best policy with its margin over the
// runner-up, "spread\n+0.012" (rows × cols points of a two-key grid; "–"
// where no policy has a value), all margins with the decimals that give
// the largest two significant digits.
func (a *sweepAgg) winnerLabels(rows, cols int) [][]string {
	top := 0.0
	for _, w := range a.win {
		if finite(w.margin.Mean) {
			top = math.Max(top, math.Abs(w.margin.Mean))
		}
	}
	dec := 3
	if top > 0 {
		dec = max(0, min(4, 1-int(math.Floor(math.Log10(top)))))
	}
	out := make([][]string, rows)
	for i := range out {
		out[i] = make([]string, cols)
		for j := range out[i] {
			w := a.win[i*cols+j]
			switch {
			case w.best < 0:
				out[i][j] = "–"
			case !finite(w.margin.Mean):
				out[i][j] = a.p.l.Policies[w.best]
			default:
				out[i][j] = a.p.l.Policies[w.best] + "\n" + strings.ReplaceAll(fmt.Sprintf("%+.*f", dec, w.margin.Mean), "-", "−")
			}
		}
	}
	return out
}

// lineSeries returns one series per policy of key metric i over the points
// in order, x being parameter param's value.
func (a *sweepAgg) lineSeries(i int, order []int, param int) []charts.Series {
	p := a.p
	var out []charts.Series
	for k, pol := range p.l.Policies {
		s := charts.Series{Name: pol}
		for _, pt := range order {
			x, _ := toFloat(p.d.values[pt][param])
			est := a.key[pt][k][i].Est
			s.X = append(s.X, x)
			s.Y = append(s.Y, est.Mean)
			s.Low = append(s.Low, est.Low)
			s.High = append(s.High, est.High)
		}
		out = append(out, s)
	}
	return out
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func floats(vs []any) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i], _ = toFloat(v)
	}
	return out
}

// fileSafe turns a name into a file name part: letters, digits, '.', '_'
// and '-' kept, anything else '_'.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// RedrawCharts draws the charts of the finished sweep or merge folder dir
// again, from its results.csv and its spec as meta.json records it (the
// base settings resolved), in format, into out/charts. They are the
// charts the run drew, by the same code. It returns the files drawn,
// relative to out, and a warning for each chart that could not be drawn.
func RedrawCharts(dir, out, format string, spec *Spec) (files, warnings []string, err error) {
	p, err := planSweep(spec, false)
	if err != nil {
		return nil, nil, fmt.Errorf("sweep: %s: %w", filepath.Join(dir, runner.MetaFile), err)
	}
	a, err := aggregateSweep(p, filepath.Join(dir, runner.ResultsFile), io.Discard)
	if err != nil {
		return nil, nil, err
	}
	var mrows []morrisRow
	if p.d.morris != nil {
		mrows = a.morrisEffects()
	}
	return sweepCharts(out, format, a, mrows, runtime.GOMAXPROCS(0))
}
