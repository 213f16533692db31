package sim

import (
	"fmt"
	"math"
)

// Metric indexes one outcome measure of a replicate under a policy.
type Metric int

// The metrics, in the column order of results tables.
const (
	// SatisfactionMean is the mean over attendees of their satisfaction
	// (per-slot average of match × quality × alertness; 0 in the hallway).
	SatisfactionMean Metric = iota
	// SatisfactionP10 is the 10th percentile of attendee satisfaction.
	SatisfactionP10
	// SatisfactionGini is the Gini coefficient of attendee satisfaction.
	SatisfactionGini
	// Coverage is the mean over attendees with hands of the share of their
	// hands they could act on: distinct slots holding a session they raised
	// a hand for, over their number of hands (HandCoverage).
	Coverage
	// Conflicts counts co-voter pairs: attendees who raised hands for two
	// sessions running in parallel, summed over such session pairs
	// (HandConflicts). It grows with the hands the scheduled sessions drew,
	// so a schedule of more popular sessions shows more conflicts even
	// when it keeps them apart better: compare ConflictShare.
	Conflicts
	// ConflictShare is Conflicts over the co-voter pairs possible among the
	// scheduled sessions (HandConflictPairs): the share of pairs of
	// scheduled sessions that shared a voter and run in parallel, counted
	// per voter; NaN when no attendee raised hands for two scheduled
	// sessions.
	ConflictShare
	// Collapsed counts sessions with at most MetricsConfig.Collapsed people.
	Collapsed
	// TurnedAway counts arrivals turned away by a full room.
	TurnedAway
	// FillRatio is the mean over sessions of attendance / capacity.
	FillRatio
	// HandsError is the mean over sessions with hands of |hands − n| / hands.
	HandsError
	// HandsAttendanceCorr is Spearman's rank correlation of hands and n
	// over all sessions (NaN with fewer than two sessions or when either is
	// constant).
	HandsAttendanceCorr
	// Hops counts moves under the law of two feet.
	Hops
	// NewTies counts ties formed in sessions.
	NewTies
	// CrossBackgroundTies counts new ties between different backgrounds.
	CrossBackgroundTies
	// AlertShare is, of the person-slots spent in sessions, the share spent
	// alert (alertness >= AlertnessConfig.AlertThreshold).
	AlertShare
	// QualityVsRandom is (score − random)/(best − random), where score is
	// the schedule's HandScore ("each attendee attends their best
	// hand-raised session") and random and best come from World.Baseline;
	// NaN when best equals random.
	QualityVsRandom
	// Sessions counts scheduled sessions.
	Sessions
	// SatisfactionWest, SatisfactionEast and SatisfactionNone are the mean
	// satisfaction by jet-lag group (NaN for an empty group).
	SatisfactionWest
	SatisfactionEast
	SatisfactionNone
	// SatisfactionIndustry … SatisfactionStudent are the mean satisfaction
	// by background (NaN for an empty group).
	SatisfactionIndustry
	SatisfactionAcademia
	SatisfactionStartup
	SatisfactionStudent
	NumMetrics
)

// metricInfo is one row of the metric table: everything a report needs to
// name, explain, judge and bound a metric.
type metricInfo struct {
	name  string // column name in results tables
	label string // short human name for charts and reports
	unit  string // what the value counts or measures
	// lower is true when less is better for attendees and organisers.
	lower bool
	// count is true for metrics that count things: whole numbers, never
	// negative, whenever defined.
	count bool
	// lo and hi bound the values (±Inf: unbounded).
	lo, hi float64
}

// Units shared by several metrics.
const (
	perAttendee = "mean per attendee, 0–1"
)

var inf = math.Inf(1)

// metricTable is the one home of every metric's name, label, unit,
// direction, count-ness and bounds, in Metric order.
//
// Direction, better higher: satisfactions (mean, p10, by jet-lag group and
// background), coverage, fill_ratio, hands_attendance_corr, new_ties,
// cross_background_ties, alert_share, quality_vs_random, sessions (more
// sessions run); better lower: satisfaction_gini (inequality), conflicts,
// conflict_share, collapsed, turned_away, hands_error, hops (people walking
// out).
//
// Bounds: [0, 1] for satisfactions, the Gini coefficient, coverage,
// conflict share, fill ratio and alert share; [0, +Inf) for counts and the
// hands error; [−1, 1] for the rank correlation; (−Inf, 1] for
// quality_vs_random, whose best is an upper bound of any schedule's score.
var metricTable = [NumMetrics]metricInfo{
	SatisfactionMean:     {name: "satisfaction_mean", label: "satisfaction", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionP10:      {name: "satisfaction_p10", label: "satisfaction p10", unit: "10th percentile, 0–1", lo: 0, hi: 1},
	SatisfactionGini:     {name: "satisfaction_gini", label: "inequality of satisfaction", unit: "Gini coefficient, 0–1", lower: true, lo: 0, hi: 1},
	Coverage:             {name: "coverage", label: "coverage", unit: "share of hands", lo: 0, hi: 1},
	Conflicts:            {name: "conflicts", label: "conflicts", unit: "co-voter pairs", lower: true, count: true, lo: 0, hi: inf},
	ConflictShare:        {name: "conflict_share", label: "conflict share", unit: "co-voted pairs in parallel", lower: true, lo: 0, hi: 1},
	Collapsed:            {name: "collapsed", label: "collapsed", unit: "sessions", lower: true, count: true, lo: 0, hi: inf},
	TurnedAway:           {name: "turned_away", label: "turned away", unit: "arrivals", lower: true, count: true, lo: 0, hi: inf},
	FillRatio:            {name: "fill_ratio", label: "fill ratio", unit: "attendance / capacity", lo: 0, hi: 1},
	HandsError:           {name: "hands_error", label: "hands error", unit: "|hands − n| / hands", lower: true, lo: 0, hi: inf},
	HandsAttendanceCorr:  {name: "hands_attendance_corr", label: "hands–attendance correlation", unit: "Spearman ρ, −1–1", lo: -1, hi: 1},
	Hops:                 {name: "hops", label: "hops", unit: "moves between sessions", lower: true, count: true, lo: 0, hi: inf},
	NewTies:              {name: "new_ties", label: "new ties", unit: "ties", count: true, lo: 0, hi: inf},
	CrossBackgroundTies:  {name: "cross_background_ties", label: "cross-background ties", unit: "ties", count: true, lo: 0, hi: inf},
	AlertShare:           {name: "alert_share", label: "alert share", unit: "share of person-slots", lo: 0, hi: 1},
	QualityVsRandom:      {name: "quality_vs_random", label: "schedule quality", unit: "0 = random, 1 = best", lo: -inf, hi: 1},
	Sessions:             {name: "sessions", label: "sessions", unit: "sessions", count: true, lo: 0, hi: inf},
	SatisfactionWest:     {name: "satisfaction_west", label: "satisfaction of west flyers", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionEast:     {name: "satisfaction_east", label: "satisfaction of east flyers", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionNone:     {name: "satisfaction_none", label: "satisfaction without jet lag", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionIndustry: {name: "satisfaction_industry", label: "satisfaction in industry", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionAcademia: {name: "satisfaction_academia", label: "satisfaction in academia", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionStartup:  {name: "satisfaction_startup", label: "satisfaction in startups", unit: perAttendee, lo: 0, hi: 1},
	SatisfactionStudent:  {name: "satisfaction_student", label: "satisfaction of students", unit: perAttendee, lo: 0, hi: 1},
}

// valid reports whether m is one of the metrics.
func (m Metric) valid() bool { return m >= 0 && m < NumMetrics }

// String returns the metric's column name, e.g. "satisfaction_mean".
func (m Metric) String() string {
	if m.valid() {
		return metricTable[m].name
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// Label returns the metric's short human name for charts and reports,
// e.g. "satisfaction" for satisfaction_mean; the column name for an
// unknown metric.
func (m Metric) Label() string {
	if m.valid() {
		return metricTable[m].label
	}
	return m.String()
}

// Unit returns what the metric's values count or measure, e.g. "mean per
// attendee, 0–1"; "" for an unknown metric.
func (m Metric) Unit() string {
	if m.valid() {
		return metricTable[m].unit
	}
	return ""
}

// HigherIsBetter reports the direction of m: true when a larger value is a
// better outcome (see metricTable); true for an unknown metric.
func (m Metric) HigherIsBetter() bool { return !m.valid() || !metricTable[m].lower }

// Count reports whether m counts things (conflicts, collapsed, turned_away,
// hops, new_ties, cross_background_ties, sessions): a whole number, never
// negative, whenever it is defined.
func (m Metric) Count() bool { return m.valid() && metricTable[m].count }

// Bounds returns the least and greatest values m can take, −Inf or +Inf
// where it is unbounded (see metricTable; both infinite for an unknown
// metric). A mean over replicates lies in the same range, so its
// confidence interval can be cut to it.
func (m Metric) Bounds() (lo, hi float64) {
	if m.valid() {
		return metricTable[m].lo, metricTable[m].hi
	}
	return math.Inf(-1), math.Inf(1)
}

// ParseMetric returns the metric whose column name is s.
func ParseMetric(s string) (Metric, error) {
	for i := range metricTable {
		if metricTable[i].name == s {
			return Metric(i), nil
		}
	}
	return 0, fmt.Errorf("sim: unknown metric %q (want one of %v)", s, MetricNames())
}

// MetricNames returns the column names of all metrics, in order.
func MetricNames() []string {
	names := make([]string, NumMetrics)
	for i := range metricTable {
		names[i] = metricTable[i].name
	}
	return names
}
