package plan

// The result of Recommend: the candidates, their forecasts and the
// recommendation.

import (
	"math"
	"slices"
	"time"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// Candidate is one schedule evaluated over the replicates: a policy's, the
// organiser's own (FixedName) or the recommended one moved back towards a
// previous schedule (StickSuffix).
type Candidate struct {
	Name string
	// Schedule's sessions are sorted by slot, then room.
	Schedule *sim.Schedule
	// Err is the policy's error when it could not make a schedule; such a
	// candidate has no values and is not ranked.
	Err error
	// Values[m][r] is metric m on replicate r.
	Values [sim.NumMetrics][]float64
	// Sessions holds the forecast of each session, in Schedule order.
	Sessions []Forecast
	// Elapsed is the time the policy took to make the schedule.
	Elapsed time.Duration
}

// Forecast is one session's predicted attendance over the replicates.
type Forecast struct {
	sim.Session
	// Hands raised for the proposal.
	Hands int
	// Capacity of the room.
	Capacity int
	// Attendance[r] is the head count (moderator included) on replicate
	// r; TurnedAway[r] the arrivals the full room turned away.
	Attendance, TurnedAway []int
	// Median, P25, P75, P10 and P90 are the type-7 quantiles of
	// Attendance: the median, the 50% range and the 80% range.
	Median, P25, P75, P10, P90 float64
	// PCollapse is the share of replicates with attendance at most
	// metrics.collapsed; POverflow the share where the room filled up
	// (attendance reached capacity or anyone was turned away).
	PCollapse, POverflow float64
	// Risk is "collapse" or "overflow" when that probability is at least
	// Options.Risk (the larger wins), else "".
	Risk string
}

// LeftOut is a proposal the recommended schedule does not run.
type LeftOut struct {
	Proposal int
	Hands    int
	Reason   string
}

// StickReport says how the recommended schedule relates to the previous
// one.
type StickReport struct {
	// Policy is the candidate the post-step started from.
	Policy string
	// Budget is Options.Stick; Cost the share of the objective actually
	// given up on the judging replicates (negative for a gain), and
	// Replicates how many judged.
	Budget, Cost float64
	Replicates   int
	// Before and After compare the policy's schedule and the final one
	// with the previous schedule.
	Before, After Moves
	// Unknown lists the previous schedule's proposals the data no longer
	// has.
	Unknown []string
}

// Moves compares a schedule with a previous one.
type Moves struct {
	// Kept counts sessions in the same slot and room; Moved those in
	// another cell; New those the previous schedule did not run; Dropped
	// the previous sessions (of known proposals) no longer run.
	Kept, Moved, New, Dropped int
}

// Report is what Recommend found.
type Report struct {
	Data    *Data
	Model   *sim.Config
	Event   *sim.Event
	Options Options
	// Objective used for ranking.
	Objective Objective
	// Candidates: the policies in Options.Policies order, then FixedName,
	// then the sticky schedule if any.
	Candidates []Candidate
	// Best indexes the recommended candidate; Ranking lists the ranked
	// candidates best first.
	Best    int
	Ranking []int
	// Rows are the comparison, candidate-major, every metric: each
	// candidate's estimate and its paired difference to the recommended
	// one (summary.Row, Arm the candidate).
	Rows []summary.Row
	// LeftOut lists the proposals the recommended schedule leaves out,
	// most hands first.
	LeftOut []LeftOut
	// Stick is set when Options.Previous was.
	Stick *StickReport
	// Seeds are the replicate seeds.
	Seeds []uint64
}

// scatter turns f's simulated head counts into predicted real ones: on
// replicate r the session's demand (its head count and those turned away)
// times exp(sigma[r]·z), z a standard normal keyed by the replicate's seed
// and the proposal (so every candidate schedule meets the same z:
// comparisons stay paired), rounded; what the room cannot hold is turned
// away, and the moderator is always there. A replicate with sigma 0 keeps
// its simulated counts.
func (f *Forecast) scatter(sigma []float64, seeds []uint64) {
	for r, seed := range seeds {
		if sigma[r] == 0 {
			continue
		}
		z := rng.Normal(rng.Key(seed, "scatter"), f.Session.Proposal, 0, 0)
		n := int(math.Round(float64(f.Attendance[r]+f.TurnedAway[r]) * math.Exp(sigma[r]*z)))
		f.Attendance[r] = max(1, min(n, f.Capacity))
		f.TurnedAway[r] = max(0, n-f.Capacity)
	}
}

// summarise computes the quantiles, probabilities and risk of f.
func (f *Forecast) summarise(collapsed int, risk float64) {
	n := len(f.Attendance)
	xs := make([]float64, n)
	var nc, no int
	for r, a := range f.Attendance {
		xs[r] = float64(a)
		if a <= collapsed {
			nc++
		}
		if a >= f.Capacity || f.TurnedAway[r] > 0 {
			no++
		}
	}
	slices.Sort(xs)
	f.Median = stats.QuantileSorted(0.5, xs)
	f.P25 = stats.QuantileSorted(0.25, xs)
	f.P75 = stats.QuantileSorted(0.75, xs)
	f.P10 = stats.QuantileSorted(0.1, xs)
	f.P90 = stats.QuantileSorted(0.9, xs)
	f.PCollapse, f.POverflow = float64(nc)/float64(n), float64(no)/float64(n)
	f.Risk = ""
	switch {
	case f.PCollapse >= risk && f.PCollapse >= f.POverflow:
		f.Risk = "collapse"
	case f.POverflow >= risk:
		f.Risk = "overflow"
	}
}

// Recommended returns the recommended candidate.
func (rep *Report) Recommended() *Candidate { return &rep.Candidates[rep.Best] }

// Row returns the comparison row of candidate k and metric m.
func (rep *Report) Row(k int, m sim.Metric) (summary.Row, bool) {
	for _, r := range rep.Rows {
		if r.Arm == k && r.Metric == m {
			return r, true
		}
	}
	return summary.Row{}, false
}
