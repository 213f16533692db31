package experiments

import (
	"cmp"
	"math"
	"strconv"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/sim"
)

// Number is a float64 that encodes as JSON null when it is not a finite
// number (a metric undefined on every replicate, an interval of one
// replicate), which encoding/json refuses.
type Number float64

// MarshalJSON writes n as the shortest decimal that reads back as n, or
// null.
func (n Number) MarshalJSON() ([]byte, error) {
	v := float64(n)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Estimate is a mean over N replicates with its 95% t interval; Low and
// High are NaN (JSON null) with fewer than two values.
type Estimate struct {
	N    int    `json:"n"`
	Mean Number `json:"mean"`
	Low  Number `json:"ci_low"`
	High Number `json:"ci_high"`
}

func estimate(iv stats.Interval) Estimate {
	return Estimate{N: iv.N, Mean: Number(iv.Mean), Low: Number(iv.Low), High: Number(iv.High)}
}

// Interval returns e as a stats.Interval, for formatting.
func (e Estimate) Interval() stats.Interval {
	return stats.Interval{N: e.N, Mean: float64(e.Mean), Low: float64(e.Low), High: float64(e.High)}
}

// Excludes0 reports whether e's interval lies wholly above or below 0.
func (e Estimate) Excludes0() bool { return e.Low > 0 || e.High < 0 }

// MetricInfo names a key metric for readers.
type MetricInfo struct {
	// Name is the column name in results.csv ("conflict_share"); Label
	// the short human name ("conflict share") and Unit what it counts.
	Name  string `json:"name"`
	Label string `json:"label"`
	Unit  string `json:"unit"`
	// HigherIsBetter gives the metric's direction.
	HigherIsBetter bool `json:"higher_is_better"`
}

func metricInfo(m sim.Metric) MetricInfo {
	l := metricLabels[m]
	return MetricInfo{Name: m.String(), Label: cmp.Or(l.name, m.String()), Unit: l.unit, HigherIsBetter: m.HigherIsBetter()}
}

// MetricValue is a policy's metric: its mean over replicates and, for
// every policy but the baseline, the paired difference policy − baseline.
type MetricValue struct {
	Estimate
	VsBaseline *Estimate `json:"vs_baseline,omitempty"`
}

// PolicyAnswer is one policy's key metrics, by metric name.
type PolicyAnswer struct {
	Policy  string                 `json:"policy"`
	Metrics map[string]MetricValue `json:"metrics"`
}

// Winner is the policy with the highest mean satisfaction and how sure
// that is.
type Winner struct {
	// Policy is the winner ("" when no policy has a value); Metric what it
	// won on and Value its mean there.
	Policy string   `json:"policy"`
	Metric string   `json:"metric"`
	Value  Estimate `json:"value"`
	// Tied lists every policy with exactly the winner's mean when there
	// are several (degenerate events), else it is empty.
	Tied []string `json:"tied,omitempty"`
	// RunnerUp is the second best and RunnerUpValue its mean; Margin the
	// paired difference winner − runner-up over the replicates, and Clear
	// whether its 95% interval lies above 0.
	RunnerUp      string    `json:"runner_up,omitempty"`
	RunnerUpValue *Estimate `json:"runner_up_value,omitempty"`
	Margin        *Estimate `json:"margin,omitempty"`
	Clear         bool      `json:"clear"`
	// Wins counts the replicates where the winner did better than the
	// runner-up, of Pairs replicates where both have a value.
	Wins  int `json:"wins"`
	Pairs int `json:"pairs"`
}

// Answer is a compare run in brief: what the terminal shows and --json
// prints. Metrics lists the key metrics in table order.
type Answer struct {
	Command    string         `json:"command"`
	Event      string         `json:"event"`
	Out        string         `json:"out"`
	Replicates int            `json:"replicates"`
	Units      int            `json:"units"`
	Failed     int            `json:"failed"`
	Baseline   string         `json:"baseline"`
	Metrics    []MetricInfo   `json:"metrics"`
	Policies   []PolicyAnswer `json:"policies"`
	Winner     Winner         `json:"winner"`
}

// compareAnswer sums up a compare run from its rows.
func compareAnswer(out, event string, d *compareData, rows []summaryRow, baseline int) *Answer {
	a := &Answer{Command: "compare", Event: event, Out: out, Replicates: d.l.replicates, Units: d.l.units(),
		Failed: len(d.failures), Baseline: d.l.policies[baseline]}
	for _, m := range keyMetrics {
		a.Metrics = append(a.Metrics, metricInfo(m))
	}
	for k, p := range d.l.policies {
		pa := PolicyAnswer{Policy: p, Metrics: map[string]MetricValue{}}
		for _, m := range keyMetrics {
			r := rowAt(rows, k, m)
			v := MetricValue{Estimate: estimate(r.Est)}
			if r.HasDiff {
				e := estimate(r.Diff)
				v.VsBaseline = &e
			}
			pa.Metrics[m.String()] = v
		}
		a.Policies = append(a.Policies, pa)
	}
	a.Winner = compareWinner(d, rows)
	return a
}

// compareWinner returns the policy of highest mean satisfaction, the
// runner-up and the paired margin between them.
func compareWinner(d *compareData, rows []summaryRow) Winner {
	m := sim.SatisfactionMean
	w := Winner{Metric: m.String()}
	best := bestPolicy(rows)
	if best < 0 {
		return w
	}
	w.Policy, w.Value = d.l.policies[best], estimate(rowAt(rows, best, m).Est)
	if tied := tiedWith(rows, best); len(tied) > 1 {
		for _, k := range tied {
			w.Tied = append(w.Tied, d.l.policies[k])
		}
	}
	second, sv := -1, math.Inf(-1)
	for k := range d.l.policies {
		if v := rowAt(rows, k, m).Est.Mean; k != best && v > sv {
			second, sv = k, v
		}
	}
	if second < 0 {
		return w
	}
	rv := estimate(rowAt(rows, second, m).Est)
	w.RunnerUp, w.RunnerUpValue = d.l.policies[second], &rv
	x, y := d.vals[best][m], d.vals[second][m]
	margin := estimate(stats.Paired(x, y, ciLevel))
	w.Margin, w.Clear = &margin, margin.Low > 0
	for r := range x {
		if !math.IsNaN(x[r]) && !math.IsNaN(y[r]) {
			w.Pairs++
			if x[r] > y[r] {
				w.Wins++
			}
		}
	}
	return w
}

// SweepAnswer is a sweep (or merge) in brief: the best policy at each point
// and how often each policy wins.
type SweepAnswer struct {
	Command string `json:"command"`
	Source  string `json:"source"`
	Out     string `json:"out"`
	// Design names the design ("Full factorial grid", "Latin hypercube
	// (40 samples)"); Parameters the swept keys.
	Design     string   `json:"design"`
	Parameters []string `json:"parameters"`
	Points     int      `json:"points"`
	Replicates int      `json:"replicates"`
	Units      int      `json:"units"`
	Failed     int      `json:"failed"`
	Policies   []string `json:"policies"`
	Baseline   string   `json:"baseline"`
	// Metric is what the winners are chosen on (satisfaction_mean).
	Metric string `json:"metric"`
	// PointWinners lists every point in design order.
	PointWinners []PointWinner `json:"point_winners"`
	// Won counts, per policy in config order, the points it won and those
	// it won clearly.
	Won []PolicyWins `json:"won"`
	// Winner is the policy that won most points ("" when none won any; on
	// a tie, the first in config order).
	Winner string `json:"winner"`
}

// PointWinner is the best policy at one point.
type PointWinner struct {
	Point int `json:"point"`
	// Values are the point's values of SweepAnswer.Parameters, in order.
	Values []any `json:"values"`
	// Best is the policy of highest mean ("" when none has a value),
	// Value its mean; RunnerUp the second, Margin the paired difference
	// best − runner-up and Clear whether its interval lies above 0.
	Best     string    `json:"best"`
	Value    Estimate  `json:"value"`
	RunnerUp string    `json:"runner_up,omitempty"`
	Margin   *Estimate `json:"margin,omitempty"`
	Clear    bool      `json:"clear"`
}

// PolicyWins counts the points a policy won.
type PolicyWins struct {
	Policy  string `json:"policy"`
	Points  int    `json:"points"`
	Clearly int    `json:"clearly"`
}

// answer sums up the aggregated sweep.
func (a *sweepAgg) answer(out string) *SweepAnswer {
	p, l := a.p, a.p.l
	s := &SweepAnswer{Command: "sweep", Source: p.spec.Source, Out: out, Design: designName(p.spec.Design),
		Points: l.points, Replicates: l.replicates, Units: l.units(), Failed: a.failed, Policies: l.policies,
		Baseline: l.policies[p.baseline], Metric: sim.SatisfactionMean.String(), PointWinners: []PointWinner{}}
	for _, ps := range p.spec.Parameters {
		s.Parameters = append(s.Parameters, ps.Key)
	}
	won := make([]PolicyWins, len(l.policies))
	for k, pol := range l.policies {
		won[k].Policy = pol
	}
	for pt, w := range a.win {
		pw := PointWinner{Point: pt, Values: p.d.values[pt]}
		if w.best >= 0 {
			pw.Best, pw.Value = l.policies[w.best], estimate(a.key[pt][w.best][0].est)
			won[w.best].Points++
			if w.second >= 0 {
				m := estimate(w.margin)
				pw.RunnerUp, pw.Margin, pw.Clear = l.policies[w.second], &m, m.Low > 0
				if pw.Clear {
					won[w.best].Clearly++
				}
			}
		}
		s.PointWinners = append(s.PointWinners, pw)
	}
	s.Won = won
	most := 0
	for _, w := range won {
		if w.Points > most {
			s.Winner, most = w.Policy, w.Points
		}
	}
	return s
}
