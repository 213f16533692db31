package summary

import (
	"math"
	"slices"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/sim"
)

// CILevel is the confidence level of every interval the reports show.
const CILevel = 0.95

// Row is one arm's metric over the replicates and its paired difference
// to the reference arm. An arm is what the replicates measure: a policy
// (compare, sweep) or a candidate schedule (plan).
type Row struct {
	// Arm is the arm's index: a policy in run order, a plan candidate.
	Arm    int
	Metric sim.Metric
	// Est is the mean over replicates with its t interval cut to the
	// metric's range (Interval). Diff is the mean over replicates of
	// (arm − reference) with its paired t interval, not cut (a
	// difference may be negative); HasDiff is false for the reference
	// itself, whose Diff is zero.
	Est     stats.Interval
	Diff    stats.Interval
	HasDiff bool
}

// NewRow returns arm's row for metric m from its values over the
// replicates, x, and the reference arm's, ref (nil for the reference
// itself). x and ref hold NaN where a replicate has no value (a failed
// unit, an undefined metric); those replicates are left out.
func NewRow(arm int, m sim.Metric, x, ref []float64) Row {
	r := Row{Arm: arm, Metric: m, Est: Interval(x, m)}
	if ref != nil {
		r.Diff = stats.Paired(x, ref, CILevel)
		r.HasDiff = true
	}
	return r
}

// Interval returns the mean of x, values of metric m over replicates,
// with its 95% t interval cut to the metric's range (sim.Metric.Bounds): a
// count's interval never goes below 0, a share's never above 1.
func Interval(x []float64, m sim.Metric) stats.Interval {
	return stats.TInterval(x, CILevel).Clamp(m.Bounds())
}

// Excludes0 reports whether the interval iv lies wholly above or below 0:
// a difference its replicates tell apart from none.
func Excludes0(iv stats.Interval) bool { return iv.Low > 0 || iv.High < 0 }

// Rank returns the arms that have a mean, best first: the highest mean
// first when higher is set, the lowest otherwise. NaN means (an arm
// without values, or left out by the caller) are not ranked; ties keep
// arm order, so the best is the first arm with the best mean and the
// runner-up the next. It is the one rule by which compare and sweep pick
// the best policy (on mean satisfaction) and plan the recommended
// schedule (on its objective).
func Rank(means []float64, higher bool) []int {
	var arms []int
	for k, v := range means {
		if !math.IsNaN(v) {
			arms = append(arms, k)
		}
	}
	slices.SortStableFunc(arms, func(a, b int) int {
		x, y := means[a], means[b]
		if !higher {
			x, y = y, x
		}
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	return arms
}

// Tied returns the arms whose mean equals arm best's exactly (best
// included), in order: degenerate events (no proposals, no one on site)
// give every policy the same value.
func Tied(means []float64, best int) []int {
	var tied []int
	for k, v := range means {
		if v == means[best] {
			tied = append(tied, k)
		}
	}
	return tied
}
