package summary

import (
	"fmt"

	"github.com/unconf/unconf/sim"
)

// KeyMetrics are the metrics of the reports and charts of compare and
// sweep. They show the conflict share rather than the raw conflicts:
// those grow with the popularity of the sessions a policy schedules
// (results.csv and summary.csv hold both).
var KeyMetrics = []sim.Metric{
	sim.SatisfactionMean, sim.SatisfactionP10, sim.Coverage, sim.ConflictShare,
	sim.Collapsed, sim.HandsError, sim.NewTies, sim.AlertShare,
}

// labels are the metrics' short human names and units, so that a report
// or a chart of any metric (unconf plot --y) speaks of it in words and
// states its unit.
var labels = map[sim.Metric]struct{ name, unit string }{
	sim.SatisfactionMean:     {"satisfaction", "mean per attendee, 0–1"},
	sim.SatisfactionP10:      {"satisfaction p10", "10th percentile, 0–1"},
	sim.Coverage:             {"coverage", "share of hands"},
	sim.Conflicts:            {"conflicts", "co-voter pairs"},
	sim.ConflictShare:        {"conflict share", "co-voted pairs in parallel"},
	sim.Collapsed:            {"collapsed", "sessions"},
	sim.HandsError:           {"hands error", "|hands − n| / hands"},
	sim.NewTies:              {"new ties", "ties"},
	sim.AlertShare:           {"alert share", "share of person-slots"},
	sim.SatisfactionGini:     {"inequality of satisfaction", "Gini coefficient, 0–1"},
	sim.TurnedAway:           {"turned away", "arrivals"},
	sim.FillRatio:            {"fill ratio", "attendance / capacity"},
	sim.HandsAttendanceCorr:  {"hands–attendance correlation", "Spearman ρ, −1–1"},
	sim.Hops:                 {"hops", "moves between sessions"},
	sim.CrossBackgroundTies:  {"cross-background ties", "ties"},
	sim.QualityVsRandom:      {"schedule quality", "0 = random, 1 = best"},
	sim.Sessions:             {"sessions", "sessions"},
	sim.SatisfactionWest:     {"satisfaction of west flyers", "mean per attendee, 0–1"},
	sim.SatisfactionEast:     {"satisfaction of east flyers", "mean per attendee, 0–1"},
	sim.SatisfactionNone:     {"satisfaction without jet lag", "mean per attendee, 0–1"},
	sim.SatisfactionIndustry: {"satisfaction in industry", "mean per attendee, 0–1"},
	sim.SatisfactionAcademia: {"satisfaction in academia", "mean per attendee, 0–1"},
	sim.SatisfactionStartup:  {"satisfaction in startups", "mean per attendee, 0–1"},
	sim.SatisfactionStudent:  {"satisfaction of students", "mean per attendee, 0–1"},
}

// Label returns m's short human name, "conflict share" for
// conflict_share (its column name when it has none).
func Label(m sim.Metric) string {
	if l, ok := labels[m]; ok {
		return l.name
	}
	return m.String()
}

// Unit returns m's unit, "co-voted pairs in parallel" ("" if unknown).
func Unit(m sim.Metric) string { return labels[m].unit }

// Axis returns an axis label: "satisfaction (mean per attendee, 0–1)",
// the metric's name alone when its unit is unknown.
func Axis(m sim.Metric) string {
	if u := Unit(m); u != "" {
		return fmt.Sprintf("%s (%s)", Label(m), u)
	}
	return Label(m)
}

// Direction says which way m is better: "higher is better" or "lower is
// better" (sim.Metric.HigherIsBetter).
func Direction(m sim.Metric) string {
	if m.HigherIsBetter() {
		return "higher is better"
	}
	return "lower is better"
}

// MetricInfo names a metric for readers of a JSON answer.
type MetricInfo struct {
	// Name is the column name in results.csv ("conflict_share"); Label
	// the short human name ("conflict share") and Unit what it counts.
	Name  string `json:"name"`
	Label string `json:"label"`
	Unit  string `json:"unit"`
	// HigherIsBetter gives the metric's direction.
	HigherIsBetter bool `json:"higher_is_better"`
}

// Info returns m's MetricInfo.
func Info(m sim.Metric) MetricInfo {
	return MetricInfo{Name: m.String(), Label: Label(m), Unit: Unit(m), HigherIsBetter: m.HigherIsBetter()}
}
