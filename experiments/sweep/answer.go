package sweep

import (
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// Answer is a sweep (or merge) in brief: the best policy at each point
// and how often each policy wins.
type Answer struct {
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
	// Values are the point's values of Answer.Parameters, in order.
	Values []any `json:"values"`
	// Best is the policy of highest mean ("" when none has a value),
	// Value its mean; RunnerUp the second, Margin the paired difference
	// best − runner-up and Clear whether its interval lies above 0.
	Best     string            `json:"best"`
	Value    summary.Estimate  `json:"value"`
	RunnerUp string            `json:"runner_up,omitempty"`
	Margin   *summary.Estimate `json:"margin,omitempty"`
	Clear    bool              `json:"clear"`
}

// PolicyWins counts the points a policy won.
type PolicyWins struct {
	Policy  string `json:"policy"`
	Points  int    `json:"points"`
	Clearly int    `json:"clearly"`
}

// answer sums up the aggregated sweep.
func (a *sweepAgg) answer(out string) *Answer {
	p, l := a.p, a.p.l
	s := &Answer{Command: "sweep", Source: p.spec.Source, Out: out, Design: designName(p.spec.Design),
		Points: l.Points, Replicates: l.Replicates, Units: l.Units(), Failed: a.failed, Policies: l.Policies,
		Baseline: l.Policies[p.baseline], Metric: sim.SatisfactionMean.String(), PointWinners: []PointWinner{}}
	for _, ps := range p.spec.Parameters {
		s.Parameters = append(s.Parameters, ps.Key)
	}
	won := make([]PolicyWins, len(l.Policies))
	for k, pol := range l.Policies {
		won[k].Policy = pol
	}
	for pt, w := range a.win {
		pw := PointWinner{Point: pt, Values: p.d.values[pt]}
		if w.best >= 0 {
			pw.Best, pw.Value = l.Policies[w.best], summary.EstimateOf(a.key[pt][w.best][0].Est)
			won[w.best].Points++
			if w.second >= 0 {
				m := summary.EstimateOf(w.margin)
				pw.RunnerUp, pw.Margin, pw.Clear = l.Policies[w.second], &m, m.Low > 0
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
