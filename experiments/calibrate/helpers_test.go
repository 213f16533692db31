package calibrate

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/prior"
	"github.com/unconf/unconf/sim/rng"
)

var (
	valSize       = flag.String("validation-size", "small", "validation events: small (the CI's) or real (259 attendees, 9 rooms in parallel, 135 cells)")
	valPairs      = flag.Int("validation-pairs", 1, "event pairs (calibrate on one, plan the other) per family and turnout")
	valSeeds      = flag.Int("validation-seeds", 40, "plan replicates per planned event")
	recoveryCount = flag.Int("recovery-events", 5, "events with known parameters in TestParameterRecovery")
	fitDraws      = flag.Int("validation-draws", 150, "calibrate's draws per round in the validation tests")
	fitRounds     = flag.Int("validation-rounds", 3, "calibrate's rounds in the validation tests")
	fitReplicates = flag.Int("validation-replicates", 6, "calibrate's replicates per draw in the validation tests")
)

// observedSessions is how many sessions of an event report head counts,
// as at the real event the issue measured.
const observedSessions = 13

// validationConfig returns the embedded default reshaped as a validation
// event at the given vote turnout: an online Interested / Maybe / Skip
// vote before the event, a venue-local crowd (no jet lag), rooms large
// enough not to clip. "small": 90 people, 4 rooms, 2 days of 3 slots;
// "real": like the real 2025 unconference, 259 people, 9 rooms in
// parallel, 3 days of 5 slots (135 cells).
func validationConfig(t testing.TB, size string, turnout float64) *scenario.Config {
	cfg, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := &cfg.Model
	m.Attendees.VisitorShare = 0
	m.Votes.Turnout = turnout
	cfg.Policy.Spread.Iterations = 1000
	switch size {
	case "small":
		m.Attendees.Count = 90
		m.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 4, Capacity: 40}}
	case "real":
		m.Attendees.Count = 259
		m.Event.Days = 3
		m.Event.Slots = []sim.SlotConfig{{Start: "09:30", Minutes: 60}, {Start: "11:00", Minutes: 60},
			{Start: "13:30", Minutes: 60}, {Start: "15:00", Minutes: 60}, {Start: "16:30", Minutes: 60}}
		m.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 9, Capacity: 90}}
		m.Proposals.Rate = 0.45
	default:
		t.Fatalf("-validation-size %q: want small or real", size)
	}
	return cfg
}

// family generates observed head counts from a session's interested share
// s among V voters (s̄ the mean over the event's sessions) and mid, the
// head count of an average session; nil count means unconf's own model.
type family struct {
	name  string
	count func(r *rand.Rand, s, sbar, mid float64, V int) int
}

// foreignFamilies are the generators that are not unconf's model: a
// log-normal around the hands-share formula (midpoint 0.66·N/P·s/s̄,
// σ² = 0.31 + (1 − s)/(s·V)), and a negative binomial of size 2.5
// (overdispersed) around the same midpoint.
var foreignFamilies = []family{
	{"log-normal", func(r *rand.Rand, s, sbar, mid float64, V int) int {
		s = max(s, 0.5/float64(V))
		sd := math.Sqrt(0.31 + (1-s)/(s*float64(V)))
		return int(math.Round(mid * s / sbar * math.Exp(sd*r.NormFloat64())))
	}},
	{"negative binomial", func(r *rand.Rand, s, sbar, mid float64, V int) int {
		const size = 2.5
		mu := mid * max(s, 0.5/float64(V)) / sbar
		return poisson(r, mu/size*gamma(r, size))
	}},
}

// gamma is a Gamma(shape, 1) draw (Marsaglia and Tsang 2000), shape ≥ 1.
func gamma(r *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if math.Log(r.Float64()) < x*x/2+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// poisson is a Poisson(lambda) draw, by a normal approximation above 500.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda > 500 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// makeEvent draws an event: a true world from truth, its files as an
// organiser has them (vote levels, blank cells), the schedule the
// organisers ran (spread's on the true world) and the head counts of
// observedSessions of its sessions, from fam (nil: one run of the event
// on the true world, with its own choice noise, each count times
// exp(scatter·z) as forecast.scatter says). The problem's model is cfg's:
// what calibrate and plan know, not the truth.
func makeEvent(t testing.TB, cfg *scenario.Config, truth *sim.Config, fam *family, scatter float64, seed uint64) *Problem {
	return makeEventObserved(t, cfg, truth, fam, scatter, seed, observedSessions)
}

// makeEventObserved is makeEvent with observed of its sessions (at most
// all) reporting head counts.
func makeEventObserved(t testing.TB, cfg *scenario.Config, truth *sim.Config, fam *family, scatter float64, seed uint64, observed int) *Problem {
	w, err := agents.NewWorld(truth, seed)
	if err != nil {
		t.Fatal(err)
	}
	blanks := plan.Blanks{Background: 0.2, Seniority: 0.3, Home: 0.25, Affiliation: 0.4, Interests: 0.5, Levels: true}
	atts, props, votes := plan.RowsFromWorld(w, blanks, rng.New(seed, "blanks"))
	d, err := plan.NewData(&cfg.Model.Event, plan.Files{Attendees: "attendees.csv", Proposals: "proposals.csv", Votes: "votes.csv"}, atts, props, votes)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.New("spread", cfg.Policy)
	if err != nil {
		t.Fatal(err)
	}
	s, err := pol.Schedule(w.Input(), rng.New(seed, "policy"))
	if err != nil {
		t.Fatal(err)
	}
	s = &sim.Schedule{Sessions: slices.Clone(s.Sessions)}
	slices.SortFunc(s.Sessions, func(a, b sim.Session) int {
		if a.Slot != b.Slot {
			return a.Slot - b.Slot
		}
		return a.Room - b.Room
	})
	r := rand.New(rng.New(seed, "observed"))
	idx := r.Perm(len(s.Sessions))[:min(observed, len(s.Sessions))]
	slices.Sort(idx)
	counts := make([]int, len(s.Sessions))
	if fam == nil {
		run := *w
		run.Seed = rng.Replicate(seed, 1)
		var eng sim.Engine
		res, err := eng.Evaluate(&run, s)
		if err != nil {
			t.Fatal(err)
		}
		for i := range counts {
			counts[i] = res.Sessions[i].Attendance // both by slot, then room
			if scatter > 0 {
				counts[i] = int(math.Round(float64(counts[i]) * math.Exp(scatter*r.NormFloat64())))
			}
		}
	} else {
		V := 0
		for _, v := range w.Votes.Voted {
			if v {
				V++
			}
		}
		share := func(p int) float64 { return float64(w.Votes.Hands(p)) / float64(max(V, 1)) }
		sbar := 0.0
		for _, x := range s.Sessions {
			sbar += share(x.Proposal) / float64(len(s.Sessions))
		}
		mid := 0.66 * float64(len(w.Attendees)) / float64(len(w.Event.Rooms))
		for i, x := range s.Sessions {
			counts[i] = fam.count(r, share(x.Proposal), sbar, mid, V)
		}
	}
	p := &Problem{Data: d, Model: &cfg.Model, Forecast: &cfg.Forecast, Schedule: s}
	for _, i := range idx {
		capacity := w.Event.Rooms[s.Sessions[i].Room].Capacity
		n := min(max(counts[i], 1), capacity) // the moderator is there; a room holds no more
		p.Obs = append(p.Obs, plan.Observation{Proposal: s.Sessions[i].Proposal, Session: i, Lo: n, Hi: n, Full: n >= capacity})
		p.Capacity = append(p.Capacity, capacity)
	}
	return p
}

// coverage counts observed head counts inside predicted 50% and 80%
// ranges.
type coverage struct{ in50, in80, n int }

func (c *coverage) add(lo50, hi50, lo80, hi80 float64, obs int) {
	x := float64(obs)
	if x >= lo50 && x <= hi50 {
		c.in50++
	}
	if x >= lo80 && x <= hi80 {
		c.in80++
	}
	c.n++
}

func (c coverage) share50() float64 { return float64(c.in50) / float64(c.n) }
func (c coverage) share80() float64 { return float64(c.in80) / float64(c.n) }

func (c coverage) String() string {
	return fmt.Sprintf("50%%: %d/%d (%.0f%%), 80%%: %d/%d (%.0f%%)", c.in50, c.n, 100*c.share50(), c.in80, c.n, 100*c.share80())
}

// planCoverage plans p's event with forecast fc, its schedule given as the
// organiser's own, and counts its observed sessions inside their ranges.
func planCoverage(t testing.TB, cfg *scenario.Config, p *Problem, fc *prior.Config, seed uint64) coverage {
	rep, err := plan.Recommend(context.Background(), p.Data, &cfg.Model, cfg.Policy, plan.Options{
		Seeds: *valSeeds, Seed: seed, Policies: []string{"popularity"}, Fixed: p.Schedule, Forecast: fc,
	})
	if err != nil {
		t.Fatal(err)
	}
	var c coverage
	for _, cand := range rep.Candidates {
		if cand.Name != plan.FixedName {
			continue
		}
		for _, o := range p.Obs {
			f := &cand.Sessions[o.Session]
			c.add(f.P25, f.P75, f.P10, f.P90, o.Lo)
		}
	}
	return c
}

// fitOptions are calibrate's settings in the validation tests.
func fitOptions(seed uint64) Options {
	return Options{Draws: *fitDraws, Rounds: *fitRounds, Replicates: *fitReplicates, Seed: seed}
}
