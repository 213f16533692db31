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

var metricNames = [NumMetrics]string{
	"satisfaction_mean", "satisfaction_p10", "satisfaction_gini", "coverage",
	"conflicts", "conflict_share", "collapsed", "turned_away", "fill_ratio", "hands_error",
	"hands_attendance_corr", "hops", "new_ties", "cross_background_ties",
	"alert_share", "quality_vs_random", "sessions",
	"satisfaction_west", "satisfaction_east", "satisfaction_none",
	"satisfaction_industry", "satisfaction_academia", "satisfaction_startup",
	"satisfaction_student",
}

// String returns the metric's column name, e.g. "satisfaction_mean".
func (m Metric) String() string {
	if m >= 0 && m < NumMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// lowerIsBetter lists the metrics where less is better for attendees and
// organisers. Every other metric is better higher:
//
//	higher: satisfaction_mean, satisfaction_p10, satisfaction by jet-lag
//	        group and background, coverage, fill_ratio,
//	        hands_attendance_corr, new_ties, cross_background_ties,
//	        alert_share, quality_vs_random, sessions (more sessions run)
//	lower:  satisfaction_gini (inequality), conflicts, conflict_share,
//	        collapsed, turned_away, hands_error, hops (people walking out)
var lowerIsBetter = [NumMetrics]bool{
	SatisfactionGini: true,
	Conflicts:        true,
	ConflictShare:    true,
	Collapsed:        true,
	TurnedAway:       true,
	HandsError:       true,
	Hops:             true,
}

// HigherIsBetter reports the direction of m: true when a larger value is a
// better outcome (see lowerIsBetter's table).
func (m Metric) HigherIsBetter() bool { return m < 0 || m >= NumMetrics || !lowerIsBetter[m] }

// ParseMetric returns the metric whose column name is s.
func ParseMetric(s string) (Metric, error) {
	for i, n := range metricNames {
		if n == s {
			return Metric(i), nil
		}
	}
	return 0, fmt.Errorf("sim: unknown metric %q (want one of %v)", s, metricNames)
}

// Count reports whether m counts things (conflicts, collapsed, turned_away,
// hops, new_ties, cross_background_ties, sessions): a whole number, never
// negative, whenever it is defined.
func (m Metric) Count() bool {
	switch m {
	case Conflicts, Collapsed, TurnedAway, Hops, NewTies, CrossBackgroundTies, Sessions:
		return true
	}
	return false
}

// Bounds returns the least and greatest values m can take, −Inf or +Inf
// where it is unbounded: [0, 1] for satisfactions, the Gini coefficient,
// coverage, conflict share, fill ratio and alert share; [0, +Inf) for
// counts and the hands error; [−1, 1] for the rank correlation; (−Inf, 1]
// for quality_vs_random, whose best is an upper bound of any schedule's
// score. A mean over replicates lies in the same range, so its confidence
// interval can be cut to it.
func (m Metric) Bounds() (lo, hi float64) {
	switch {
	case m.Count() || m == HandsError:
		return 0, math.Inf(1)
	case m == HandsAttendanceCorr:
		return -1, 1
	case m == QualityVsRandom:
		return math.Inf(-1), 1
	case m >= 0 && m < NumMetrics:
		return 0, 1
	}
	return math.Inf(-1), math.Inf(1)
}

// MetricNames returns the column names of all metrics, in order.
func MetricNames() []string { return append([]string(nil), metricNames[:]...) }

// Metrics holds one value per Metric.
type Metrics [NumMetrics]float64

// SessionRecord is one session's outcome.
type SessionRecord struct {
	Slot, Day  int
	Start      int // minutes after local midnight
	Room       int
	RoomName   string
	Capacity   int
	Proposal   int
	Title      string
	Topic      string  // the main topic's name
	Star       bool    // the proposer is a star
	Hands      int     // hands raised for the proposal before the event
	Attendance int     // final head count, moderator included
	TurnedAway int     // arrivals turned away by the full room
	HopsIn     int     // moves in under the law of two feet
	HopsOut    int     // moves out under the law of two feet
	Quality    float64 // QualityConfig.Q(Attendance)
	// NewTies formed in this session.
	NewTies int
}

// SlotRecord summarises one slot for one jet-lag group.
type SlotRecord struct {
	Slot, Day int
	Start     int
	Group     JetlagGroup
	// OnSite counts the group's attendees at the event that day; InSession
	// those in a session at the slot's end.
	OnSite, InSession int
	// Alertness is the group's mean alertness over those on site.
	Alertness float64
}

// Result is one replicate under one policy.
type Result struct {
	Schedule *Schedule
	Metrics  Metrics
	Sessions []SessionRecord
	Slots    []SlotRecord
	// Satisfaction holds each attendee's satisfaction, by attendee ID.
	Satisfaction []float64
}
