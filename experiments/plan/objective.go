package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/unconf/unconf/sim"
)

// lowerIsBetter lists the metrics where less is better. Every other metric
// is better higher:
//
//	higher: satisfaction_mean, satisfaction_p10, satisfaction by jet-lag
//	        group and background, coverage, fill_ratio,
//	        hands_attendance_corr, new_ties, cross_background_ties,
//	        alert_share, quality_vs_random, sessions (more sessions run)
//	lower:  satisfaction_gini (inequality), conflicts, conflict_share, collapsed,
//	        turned_away, hands_error, hops (people walking out)
var lowerIsBetter = map[sim.Metric]bool{
	sim.SatisfactionGini: true,
	sim.Conflicts:        true,
	sim.ConflictShare:    true,
	sim.Collapsed:        true,
	sim.TurnedAway:       true,
	sim.HandsError:       true,
	sim.Hops:             true,
}

// HigherIsBetter reports the direction of metric m: true when a larger
// value is a better outcome for the organiser (see the table at
// lowerIsBetter's definition).
func HigherIsBetter(m sim.Metric) bool { return !lowerIsBetter[m] }

// Objective is what the organiser ranks schedules on: one metric and its
// direction.
type Objective struct {
	Metric sim.Metric
	// Higher is true when larger values are better (HigherIsBetter).
	Higher bool
}

// objectiveAliases are the short names ParseObjective accepts besides
// metric names.
var objectiveAliases = map[string]sim.Metric{
	"satisfaction": sim.SatisfactionMean,
}

// ParseObjective returns the objective named s: "satisfaction" (mean
// attendee satisfaction) or any metric name of sim.MetricNames, such as
// "collapsed" or "coverage", with the metric's own direction.
func ParseObjective(s string) (Objective, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	m, ok := objectiveAliases[name]
	if !ok {
		var err error
		if m, err = sim.ParseMetric(name); err != nil {
			return Objective{}, fmt.Errorf("plan: objective %q: want satisfaction or a metric name (%s)",
				s, strings.Join(sim.MetricNames(), ", "))
		}
	}
	return Objective{Metric: m, Higher: HigherIsBetter(m)}, nil
}

// String returns the metric's name and direction, e.g.
// "satisfaction_mean (higher is better)".
func (o Objective) String() string {
	if o.Higher {
		return o.Metric.String() + " (higher is better)"
	}
	return o.Metric.String() + " (lower is better)"
}

// Better reports whether a is strictly better than b; NaN is worse than
// any number.
func (o Objective) Better(a, b float64) bool {
	switch {
	case math.IsNaN(a):
		return false
	case math.IsNaN(b):
		return true
	case o.Higher:
		return a > b
	}
	return a < b
}

// gain returns how much better a is than b: positive when a is better.
func (o Objective) gain(a, b float64) float64 {
	if o.Higher {
		return a - b
	}
	return b - a
}
