package experiments

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/sim"
)

// sweepCharts draws a sweep's charts into dir/charts and returns their
// paths relative to dir:
//
//   - grid over one numeric parameter: each key metric against it, one
//     line per policy with its 95% band (<metric>.<fmt>);
//   - grid over two numeric parameters: a heat map of mean satisfaction
//     per policy, of each policy's paired difference to the baseline, and
//     of the winning policy's margin over the runner-up;
//   - Latin hypercube: mean satisfaction against each numeric parameter;
//   - Morris: the μ*–σ chart of each key metric for each policy.
//
// Other designs get no charts; `unconf plot` draws any column against any
// parameter.
//
// A chart that cannot be drawn (no data: every unit failed) is skipped with
// a warning; the rows are what count. One that cannot be written is an
// error.
func sweepCharts(dir, format string, a *sweepAgg, mrows []morrisRow) (files, warnings []string, err error) {
	p := a.p
	cs := &chartSet{dir: dir, format: format}
	allNumeric := !slices.Contains(p.numeric, false)
	nparams := len(p.spec.Parameters)
	switch {
	case p.d.morris != nil:
		for _, m := range keyMetrics {
			for k, pol := range p.l.policies {
				var pts []charts.MorrisPoint
				for _, r := range mrows {
					if r.policy == k && r.metric == m && finite(r.muStar) {
						s := r.sigma
						if !finite(s) {
							s = 0
						}
						pts = append(pts, charts.MorrisPoint{Param: p.spec.Parameters[r.param].Key, MuStar: math.Abs(r.muStar), Sigma: s})
					}
				}
				title := fmt.Sprintf("Morris screening of %s: %s", metricLabel(m), pol)
				cs.draw("morris-"+m.String()+"-"+fileSafe(pol), func(path string) error { return charts.Morris(path, title, pts) })
			}
		}
	case p.spec.Design.Kind == DesignGrid && nparams == 1 && allNumeric:
		key := p.spec.Parameters[0].Key
		for i, m := range keyMetrics {
			series := a.lineSeries(i, identity(p.l.points), 0)
			title := fmt.Sprintf("%s vs %s", metricLabel(m), key)
			cs.draw(m.String(), func(path string) error {
				return charts.Lines(path, title, key, metricAxis(m), series)
			})
		}
	case p.spec.Design.Kind == DesignGrid && nparams == 2 && allNumeric:
		ys := p.spec.Parameters[0].gridValues()
		xs := p.spec.Parameters[1].gridValues()
		yk, xk := p.spec.Parameters[0].Key, p.spec.Parameters[1].Key
		fx, fy := floats(xs), floats(ys)
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
		base := p.l.policies[p.baseline]
		for k, pol := range p.l.policies {
			z := grid(func(pt int) float64 { return a.key[pt][k][0].est.Mean })
			title := fmt.Sprintf("Mean satisfaction: %s", pol)
			cs.draw("heat-satisfaction_mean-"+fileSafe(pol), func(path string) error {
				return charts.Heat(path, title, xk, yk, "mean satisfaction (0–1)", fx, fy, z)
			})
			if k == p.baseline {
				continue
			}
			zd := grid(func(pt int) float64 { return a.key[pt][k][0].diff.Mean })
			titleD := fmt.Sprintf("Mean satisfaction: %s − %s (paired)", pol, base)
			cs.draw("heat-diff-"+fileSafe(pol)+"-vs-"+fileSafe(base), func(path string) error {
				return charts.Heat(path, titleD, xk, yk, "difference in mean satisfaction", fx, fy, zd)
			})
		}
		zw := grid(func(pt int) float64 { return a.win[pt].margin.Mean })
		title := "Margin of the best policy over the runner-up (winners in summary.md)"
		cs.draw("heat-winner-margin", func(path string) error {
			return charts.Heat(path, title, xk, yk, "mean satisfaction: best − runner-up", fx, fy, zw)
		})
	case p.spec.Design.Kind == DesignLHS:
		for i, ps := range p.spec.Parameters {
			if !p.numeric[i] {
				continue
			}
			order := identity(p.l.points)
			slices.SortStableFunc(order, func(x, y int) int {
				fx, _ := toFloat(p.d.values[x][i])
				fy, _ := toFloat(p.d.values[y][i])
				return cmp.Compare(fx, fy)
			})
			series := a.lineSeries(0, order, i)
			title := fmt.Sprintf("Mean satisfaction vs %s (Latin hypercube: other parameters vary too)", ps.Key)
			key := ps.Key
			cs.draw("lhs-"+fileSafe(ps.Key), func(path string) error {
				return charts.Lines(path, title, key, metricAxis(sim.SatisfactionMean), series)
			})
		}
	}
	return cs.files, cs.warnings, cs.err
}

// lineSeries returns one series per policy of key metric i over the points
// in order, x being parameter param's value.
func (a *sweepAgg) lineSeries(i int, order []int, param int) []charts.Series {
	p := a.p
	var out []charts.Series
	for k, pol := range p.l.policies {
		s := charts.Series{Name: pol}
		for _, pt := range order {
			x, _ := toFloat(p.d.values[pt][param])
			est := a.key[pt][k][i].est
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

// metricLabel returns a metric's short human name.
func metricLabel(m sim.Metric) string {
	if l, ok := metricLabels[m]; ok {
		return l.name
	}
	return m.String()
}

// metricAxis returns an axis label: "satisfaction (mean per attendee, 0–1)".
func metricAxis(m sim.Metric) string {
	if l, ok := metricLabels[m]; ok {
		return fmt.Sprintf("%s (%s)", l.name, l.unit)
	}
	return m.String()
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
