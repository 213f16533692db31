package experiments

import (
	"math"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// MetricValue is a policy's metric: its mean over replicates and, for
// every policy but the baseline, the paired difference policy − baseline.
type MetricValue struct {
	summary.Estimate
	VsBaseline *summary.Estimate `json:"vs_baseline,omitempty"`
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
	Policy string           `json:"policy"`
	Metric string           `json:"metric"`
	Value  summary.Estimate `json:"value"`
	// Tied lists every policy with exactly the winner's mean when there
	// are several (degenerate events), else it is empty.
	Tied []string `json:"tied,omitempty"`
	// RunnerUp is the second best and RunnerUpValue its mean; Margin the
	// paired difference winner − runner-up over the replicates, and Clear
	// whether its 95% interval lies above 0.
	RunnerUp      string            `json:"runner_up,omitempty"`
	RunnerUpValue *summary.Estimate `json:"runner_up_value,omitempty"`
	Margin        *summary.Estimate `json:"margin,omitempty"`
	Clear         bool              `json:"clear"`
	// Wins counts the replicates where the winner did better than the
	// runner-up, of Pairs replicates where both have a value.
	Wins  int `json:"wins"`
	Pairs int `json:"pairs"`
}

// Answer is a compare run in brief: what the terminal shows and --json
// prints. Metrics lists the key metrics in table order.
type Answer struct {
	Command    string               `json:"command"`
	Event      string               `json:"event"`
	Out        string               `json:"out"`
	Replicates int                  `json:"replicates"`
	Units      int                  `json:"units"`
	Failed     int                  `json:"failed"`
	Baseline   string               `json:"baseline"`
	Metrics    []summary.MetricInfo `json:"metrics"`
	Policies   []PolicyAnswer       `json:"policies"`
	Winner     Winner               `json:"winner"`
}

// compareAnswer sums up a compare run from its rows.
func compareAnswer(out, event string, d *compareData, rows []summary.Row, baseline int) *Answer {
	a := &Answer{Command: "compare", Event: event, Out: out, Replicates: d.l.Replicates, Units: d.l.Units(),
		Failed: len(d.failures), Baseline: d.l.Policies[baseline]}
	for _, m := range summary.KeyMetrics {
		a.Metrics = append(a.Metrics, summary.Info(m))
	}
	for k, p := range d.l.Policies {
		pa := PolicyAnswer{Policy: p, Metrics: map[string]MetricValue{}}
		for _, m := range summary.KeyMetrics {
			r := rowAt(rows, k, m)
			v := MetricValue{Estimate: summary.EstimateOf(r.Est)}
			if r.HasDiff {
				e := summary.EstimateOf(r.Diff)
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
// runner-up and the paired margin between them (summary.Rank).
func compareWinner(d *compareData, rows []summary.Row) Winner {
	m := sim.SatisfactionMean
	w := Winner{Metric: m.String()}
	means := satisfaction(rows, len(d.l.Policies))
	rank := summary.Rank(means, true)
	if len(rank) == 0 {
		return w
	}
	best := rank[0]
	w.Policy, w.Value = d.l.Policies[best], summary.EstimateOf(rowAt(rows, best, m).Est)
	if tied := summary.Tied(means, best); len(tied) > 1 {
		for _, k := range tied {
			w.Tied = append(w.Tied, d.l.Policies[k])
		}
	}
	if len(rank) < 2 {
		return w
	}
	second := rank[1]
	rv := summary.EstimateOf(rowAt(rows, second, m).Est)
	w.RunnerUp, w.RunnerUpValue = d.l.Policies[second], &rv
	x, y := d.vals[best][m], d.vals[second][m]
	margin := summary.EstimateOf(stats.Paired(x, y, summary.CILevel))
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
