package plan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/prior"
	"github.com/unconf/unconf/sim/rng"
)

// FixedName is the name under which a schedule given by the organiser
// (Options.Fixed) is reported.
const FixedName = "fixed"

// StickSuffix is appended to the recommended policy's name for its
// schedule moved back towards Options.Previous, e.g. "optimized+stick".
const StickSuffix = "+stick"

// Defaults of Options.
const (
	// DefaultRisk is the default Options.Risk: a session is flagged when
	// one replicate in four or more sees it collapse or overflow.
	DefaultRisk = 0.25
	// DefaultStickReplicates is the default Options.StickReplicates.
	DefaultStickReplicates = 5
)

// Options say what Recommend does. Zero values take the defaults named
// with each field.
type Options struct {
	// Seeds is the number of replicate worlds (at least 1). Replicate r
	// is Data.World(model, Forecast, rng.Replicate(Seed, r)).
	Seeds int
	// Seed is the master seed.
	Seed uint64
	// Workers is the number of parallel workers (default GOMAXPROCS); the
	// results do not depend on it.
	Workers int
	// Policies are the policies that propose schedules, by name
	// (default policy.Names()).
	Policies []string
	// Objective ranks the schedules (default satisfaction_mean, higher
	// is better).
	Objective *Objective
	// Fixed, if set, is a schedule of the organiser's own, evaluated
	// beside the policies' and ranked with them as FixedName.
	Fixed *sim.Schedule
	// Previous, if set, is the schedule published before (an earlier
	// plan). The recommended schedule is then moved back towards it (see
	// Recommend) and the report counts the sessions that moved.
	Previous *sim.Schedule
	// PreviousUnknown lists proposal ids of Previous that the data no
	// longer has (ScheduleFile.Unknown), for the report.
	PreviousUnknown []string
	// Stick is the share of the objective the organiser will give up to
	// keep sessions where Previous had them (0: only moves that cost
	// nothing; default 0).
	Stick float64
	// StickReplicates is how many replicates (the first ones) judge the
	// cost of moving sessions back (default DefaultStickReplicates, at
	// most Seeds).
	StickReplicates int
	// Risk is the probability of collapse or overflow from which a
	// session is flagged (default DefaultRisk).
	Risk float64
	// Forecast is the uncertainty about the crowd's behaviour: each
	// replicate world draws its parameters from it (see Data.World). The
	// policies schedule a world with the scenario's own values. Nil means
	// none.
	Forecast *prior.Config
	// Progress, if not nil, receives a line per phase.
	Progress io.Writer
}

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

// Recommend evaluates scheduling policies on the organiser's data d and
// recommends a schedule.
//
//  1. Each policy of o.Policies schedules replicate 0's world (its Input
//     and the stream rng.New(seed₀, "policy"), as sim.Engine.Run does).
//     The organiser publishes one schedule, so each policy's schedule is
//     then held fixed.
//  2. Every schedule (and o.Fixed) is evaluated with sim.Engine.Evaluate
//     on each replicate world r = d.World(model, o.Forecast,
//     rng.Replicate(o.Seed, r)): the same attendees, proposals and votes,
//     with what the data leave open (behavioural parameters, interests,
//     unknown fields, choice noise) drawn afresh. All
//     schedules meet the same worlds (common random numbers).
//  3. The candidates are ranked on the mean of the objective; the best is
//     recommended, and every candidate's paired difference to it over the
//     replicates gets a 95% t interval.
//  4. With o.Previous, the recommended schedule is moved back towards it
//     (stickToPrevious) and the result, evaluated like the others, is
//     recommended in its place.
//
// For each session of each candidate, the replicates give a predicted
// attendance distribution (Forecast). Replicates run in parallel on
// o.Workers workers; the report does not depend on their number. Recommend
// returns an error when the options are invalid, a world cannot be built,
// the context is cancelled, or no policy makes a schedule; a single
// failing policy is reported in its Candidate.Err.
func Recommend(ctx context.Context, d *Data, model *sim.Config, pc policy.Config, o Options) (*Report, error) {
	if o.Seeds < 1 {
		return nil, fmt.Errorf("plan: seeds %d: want at least 1", o.Seeds)
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if len(o.Policies) == 0 {
		o.Policies = policy.Names()
	}
	obj := Objective{Metric: sim.SatisfactionMean, Higher: true}
	if o.Objective != nil {
		obj = *o.Objective
	}
	if o.Risk == 0 {
		o.Risk = DefaultRisk
	}
	if !(o.Risk > 0 && o.Risk <= 1) {
		return nil, fmt.Errorf("plan: risk threshold %v: want a probability in (0, 1]", o.Risk)
	}
	if !(o.Stick >= 0 && o.Stick <= 1) {
		return nil, fmt.Errorf("plan: stick %v: want a share of the objective in [0, 1]", o.Stick)
	}
	if o.StickReplicates <= 0 {
		o.StickReplicates = DefaultStickReplicates
	}
	o.StickReplicates = min(o.StickReplicates, o.Seeds)
	pols := make([]sim.Policy, len(o.Policies))
	for i, name := range o.Policies {
		p, err := policy.New(name, pc)
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		pols[i] = p
	}
	rep := &Report{Data: d, Model: model, Options: o, Objective: obj}
	for r := range o.Seeds {
		rep.Seeds = append(rep.Seeds, rng.Replicate(o.Seed, r))
	}
	w0, err := rep.scheduleWorld()
	if err != nil {
		return nil, err
	}
	rep.Event = w0.Event
	for _, s := range []*sim.Schedule{o.Fixed, o.Previous} {
		if s != nil {
			if err := s.Check(w0.Event, w0.Proposals); err != nil {
				return nil, fmt.Errorf("plan: %w", err)
			}
		}
	}

	progressf(o.Progress, "scheduling %d proposals with %d policies", len(d.Proposals), len(pols))
	rep.Candidates = make([]Candidate, len(pols))
	err = parallel(ctx, len(pols), o.Workers, func() func(i int) error {
		return func(i int) error {
			w, err := rep.scheduleWorld()
			if err != nil {
				return err
			}
			c := &rep.Candidates[i]
			c.Name = o.Policies[i]
			start := time.Now()
			s, err := pols[i].Schedule(w.Input(), rng.New(w.Seed, "policy"))
			c.Elapsed = time.Since(start)
			switch {
			case err != nil:
				c.Err = fmt.Errorf("plan: policy %s: %w", c.Name, err)
			case s == nil:
				c.Err = fmt.Errorf("plan: policy %s returned no schedule", c.Name)
			default:
				if err := s.Check(w.Event, w.Proposals); err != nil {
					c.Err = fmt.Errorf("plan: policy %s: %w", c.Name, err)
				} else {
					c.Schedule = sorted(s)
				}
			}
			return nil
		}
	})
	if err != nil {
		return nil, err
	}
	if o.Fixed != nil {
		rep.Candidates = append(rep.Candidates, Candidate{Name: FixedName, Schedule: sorted(o.Fixed)})
	}
	progressf(o.Progress, "evaluating %d schedules on %d replicates", len(rep.Candidates), o.Seeds)
	if err := rep.evaluate(ctx, rep.Candidates); err != nil {
		return nil, err
	}
	if err := rep.rank(); err != nil {
		return nil, err
	}

	if o.Previous != nil {
		progressf(o.Progress, "moving %s's sessions back towards the previous schedule (budget %.3g of the objective)",
			rep.Candidates[rep.Best].Name, o.Stick)
		st, s, err := rep.stickToPrevious(ctx)
		if err != nil {
			return nil, err
		}
		rep.Stick = st
		c := []Candidate{{Name: rep.Candidates[rep.Best].Name + StickSuffix, Schedule: sorted(s)}}
		if err := rep.evaluate(ctx, c); err != nil {
			return nil, err
		}
		rep.Candidates = append(rep.Candidates, c[0])
		if err := rep.rank(); err != nil {
			return nil, err
		}
		// The sticky schedule is the recommendation, whatever its rank:
		// the organiser asked to stay close to what was published.
		rep.Best = len(rep.Candidates) - 1
		rep.compare()
	}
	rep.leftOut()
	return rep, nil
}

// scheduleWorld returns the world the policies schedule: replicate 0's,
// with the scenario's own parameter values (the organiser publishes one
// schedule, made with the best guess).
func (rep *Report) scheduleWorld() (*sim.World, error) {
	var fc *prior.Config
	if f := rep.Options.Forecast; f != nil {
		fc = &prior.Config{PriorVoters: f.PriorVoters}
	}
	return rep.Data.World(rep.Model, fc, rep.Seeds[0])
}

// world returns replicate r's world, its parameters drawn from
// Options.Forecast.
func (rep *Report) world(r int) (*sim.World, error) {
	return rep.Data.World(rep.Model, rep.Options.Forecast, rep.Seeds[r])
}

// sorted returns a copy of s with sessions by slot, then room.
func sorted(s *sim.Schedule) *sim.Schedule {
	c := &sim.Schedule{Sessions: slices.Clone(s.Sessions)}
	slices.SortFunc(c.Sessions, func(a, b sim.Session) int {
		if x := cmp.Compare(a.Slot, b.Slot); x != 0 {
			return x
		}
		return cmp.Compare(a.Room, b.Room)
	})
	return c
}

// evaluate fills the values and forecasts of cands (those without Err)
// over every replicate.
func (rep *Report) evaluate(ctx context.Context, cands []Candidate) error {
	R := len(rep.Seeds)
	hands := handCounts(rep.Data) // the same in every replicate's world
	for k := range cands {
		c := &cands[k]
		if c.Err != nil {
			continue
		}
		for m := range c.Values {
			c.Values[m] = make([]float64, R)
		}
		c.Sessions = make([]Forecast, len(c.Schedule.Sessions))
		for i, s := range c.Schedule.Sessions {
			c.Sessions[i] = Forecast{Session: s, Capacity: rep.Event.Rooms[s.Room].Capacity, Hands: hands[s.Proposal],
				Attendance: make([]int, R), TurnedAway: make([]int, R)}
		}
	}
	nr := len(rep.Event.Rooms)
	err := parallel(ctx, R, rep.Options.Workers, func() func(r int) error {
		var e sim.Engine
		return func(r int) error {
			w, err := rep.world(r)
			if err != nil {
				return err
			}
			for k := range cands {
				c := &cands[k]
				if c.Err != nil {
					continue
				}
				res, err := e.Evaluate(w, c.Schedule)
				if err != nil {
					return fmt.Errorf("plan: %s, replicate %d: %w", c.Name, r, err)
				}
				for m := range c.Values {
					c.Values[m][r] = res.Metrics[m]
				}
				at := make(map[int]int, len(c.Sessions))
				for i, s := range c.Schedule.Sessions {
					at[s.Slot*nr+s.Room] = i
				}
				for _, rec := range res.Sessions {
					f := &c.Sessions[at[rec.Slot*nr+rec.Room]]
					f.Attendance[r], f.TurnedAway[r] = rec.Attendance, rec.TurnedAway
				}
			}
			return nil
		}
	})
	if err != nil {
		return err
	}
	collapsed := rep.Model.Metrics.Collapsed
	for k := range cands {
		for i := range cands[k].Sessions {
			cands[k].Sessions[i].summarise(collapsed, rep.Options.Risk)
		}
	}
	return nil
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

// rank orders the candidates on the objective's mean (summary.Rank: the
// best first, ties in candidate order, candidates without a value left
// out), picks the best and computes the comparison rows.
func (rep *Report) rank() error {
	m := rep.Objective.Metric
	means := make([]float64, len(rep.Candidates))
	for k, c := range rep.Candidates {
		means[k] = math.NaN()
		if c.Err == nil {
			means[k], _ = stats.Mean(c.Values[m])
		}
	}
	rep.Ranking = summary.Rank(means, rep.Objective.Higher)
	if len(rep.Ranking) == 0 {
		var errs []error
		for _, c := range rep.Candidates {
			errs = append(errs, c.Err)
		}
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("plan: no schedule to rank: %w", err)
		}
		return fmt.Errorf("plan: objective %s is undefined on this event (no replicate has a value)", m)
	}
	rep.Best = rep.Ranking[0]
	rep.compare()
	return nil
}

// compare computes the comparison rows against rep.Best.
func (rep *Report) compare() {
	rep.Rows = rep.Rows[:0]
	best := &rep.Candidates[rep.Best]
	for k, c := range rep.Candidates {
		if c.Err != nil {
			continue
		}
		for m := range sim.NumMetrics {
			var ref []float64
			if k != rep.Best {
				ref = best.Values[m]
			}
			rep.Rows = append(rep.Rows, summary.NewRow(k, m, c.Values[m], ref))
		}
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

// leftOut lists the proposals the recommended schedule does not run, and
// why.
func (rep *Report) leftOut() {
	c := rep.Recommended()
	run := make([]bool, len(rep.Data.Proposals))
	for _, s := range c.Schedule.Sessions {
		run[s.Proposal] = true
	}
	cells := len(rep.Event.Slots) * len(rep.Event.Rooms)
	hands := handCounts(rep.Data)
	rep.LeftOut = rep.LeftOut[:0]
	for p := range run {
		if run[p] {
			continue
		}
		reason := fmt.Sprintf("policy chose others (%d of %d cells left empty)", cells-len(c.Schedule.Sessions), cells)
		switch {
		case len(c.Schedule.Sessions) == cells:
			reason = fmt.Sprintf("no cell left: %d proposals for %d cells", len(rep.Data.Proposals), cells)
		case c.Name == FixedName:
			reason = "not in your schedule"
		}
		rep.LeftOut = append(rep.LeftOut, LeftOut{Proposal: p, Hands: hands[p], Reason: reason})
	}
	slices.SortStableFunc(rep.LeftOut, func(a, b LeftOut) int { return cmp.Compare(b.Hands, a.Hands) })
}

// handCounts returns the hands (votes of positive weight) per proposal.
func handCounts(d *Data) []int {
	n := make([]int, len(d.Proposals))
	for _, v := range d.Votes {
		if v.Level == Interested {
			n[d.proposal[v.Proposal]]++
		}
	}
	return n
}

// parallel runs task(i) for i in 0..n−1 on up to workers goroutines, each
// with its own task function from newTask (for per-worker state), and
// returns the first error by index, or ctx's error when cancelled.
func parallel(ctx context.Context, n, workers int, newTask func() func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := newTask()
			for i := range next {
				errs[i] = task(i)
			}
		}()
	}
	var cerr error
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			cerr = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if cerr != nil {
		return fmt.Errorf("plan: %w", cerr)
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func progressf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
