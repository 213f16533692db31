package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/unconf/unconf/sim"
)

// Objective is what the organiser ranks schedules on: one metric and its
// direction.
type Objective struct {
	Metric sim.Metric
	// Higher is true when larger values are better
	// (sim.Metric.HigherIsBetter).
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
	return Objective{Metric: m, Higher: m.HigherIsBetter()}, nil
}

// String returns the metric's name and direction, e.g.
// "satisfaction_mean (higher is better)".
func (o Objective) String() string {
	dir := "higher is better"
	if !o.Higher {
		dir = "lower is better"
	}
	return o.Metric.String() + " (" + dir + ")"
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
