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
	obj, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
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
	if err := rep.schedule(ctx, pols); err != nil {
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
		if err := rep.stick(ctx); err != nil {
			return nil, err
		}
	}
	rep.leftOut()
	return rep, nil
}

// withDefaults fills in o's defaults and checks its ranges, and returns
// the objective (the mean satisfaction unless o.Objective says otherwise).
func (o *Options) withDefaults() (Objective, error) {
	if o.Seeds < 1 {
		return Objective{}, fmt.Errorf("plan: seeds %d: want at least 1", o.Seeds)
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
		return Objective{}, fmt.Errorf("plan: risk threshold %v: want a probability in (0, 1]", o.Risk)
	}
	if !(o.Stick >= 0 && o.Stick <= 1) {
		return Objective{}, fmt.Errorf("plan: stick %v: want a share of the objective in [0, 1]", o.Stick)
	}
	if o.StickReplicates <= 0 {
		o.StickReplicates = DefaultStickReplicates
	}
	o.StickReplicates = min(o.StickReplicates, o.Seeds)
	return obj, nil
}

// schedule makes one candidate per policy, each on the schedule world
// (scheduleWorld) with the policy's own random stream; a policy that fails
// or makes an invalid schedule is recorded in its candidate's Err.
func (rep *Report) schedule(ctx context.Context, pols []sim.Policy) error {
	rep.Candidates = make([]Candidate, len(pols))
	return parallel(ctx, len(pols), rep.Options.Workers, func() func(i int) error {
		return func(i int) error {
			w, err := rep.scheduleWorld()
			if err != nil {
				return err
			}
			c := &rep.Candidates[i]
			c.Name = rep.Options.Policies[i]
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
}

// stick moves the recommended schedule back towards o.Previous
// (stickToPrevious), evaluates the result like the other candidates and
// recommends it in place of the best.
func (rep *Report) stick(ctx context.Context) error {
	progressf(rep.Options.Progress, "moving %s's sessions back towards the previous schedule (budget %.3g of the objective)",
		rep.Candidates[rep.Best].Name, rep.Options.Stick)
	st, s, err := rep.stickToPrevious(ctx)
	if err != nil {
		return err
	}
	rep.Stick = st
	c := []Candidate{{Name: rep.Candidates[rep.Best].Name + StickSuffix, Schedule: sorted(s)}}
	if err := rep.evaluate(ctx, c); err != nil {
		return err
	}
	rep.Candidates = append(rep.Candidates, c[0])
	if err := rep.rank(); err != nil {
		return err
	}
	// The sticky schedule is the recommendation, whatever its rank: the
	// organiser asked to stay close to what was published.
	rep.Best = len(rep.Candidates) - 1
	rep.compare()
	return nil
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
// Options.Forecast, and its scatter.
func (rep *Report) world(r int) (*sim.World, float64, error) {
	return rep.Data.world(rep.Model, rep.Options.Forecast, rep.Seeds[r])
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
	scatter := make([]float64, R)
	err := parallel(ctx, R, rep.Options.Workers, func() func(r int) error {
		var e sim.Engine
		return func(r int) error {
			w, sc, err := rep.world(r)
			if err != nil {
				return err
			}
			scatter[r] = sc
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
			cands[k].Sessions[i].scatter(scatter, rep.Seeds)
			cands[k].Sessions[i].summarise(collapsed, rep.Options.Risk)
		}
	}
	return nil
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
