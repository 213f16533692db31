package plan

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

var (
	realisticEvents = flag.Int("realistic-events", 3, "synthetic events per family and turnout in TestOutOfModelCoverage")
	realisticSeeds  = flag.Int("realistic-seeds", 30, "plan replicates per event in TestOutOfModelCoverage")
)

// realisticConfig is an event shaped like a real 2025 unconference: 259
// attendees from the venue's region, 9 sessions in parallel in rooms large
// enough not to clip, three days of five slots (135 cells), and an online
// vote (Interested / Maybe / Skip) taken by a share turnout of attendees.
func realisticConfig(t testing.TB, turnout float64) *experiments.Config {
	cfg := exampleConfig(t)
	m := &cfg.Model
	m.Attendees.Count = 259
	m.Attendees.VisitorShare = 0
	m.Event.Days = 3
	m.Event.Slots = []sim.SlotConfig{{Start: "09:30", Minutes: 60}, {Start: "11:00", Minutes: 60},
		{Start: "13:30", Minutes: 60}, {Start: "15:00", Minutes: 60}, {Start: "16:30", Minutes: 60}}
	m.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 9, Capacity: 90}}
	m.Proposals.Rate = 0.45
	m.Votes.Turnout = turnout
	cfg.Policy.Optimized.Iterations = 2000
	return cfg
}

// family generates observed head counts of sessions from their hands,
// outside unconf's own model.
type family struct {
	name string
	// count draws the head count of a session with interested share s
	// among V voters, where an average session (share sbar) draws mid
	// people.
	count func(r *rand.Rand, s, sbar, mid float64, V int) int
}

// foreignFamilies are the two generators of head counts that are not
// unconf's model: a log-normal around the hands-share formula (midpoint
// 0.66·N/P·s/s̄, σ² = 0.31 + (1 − s)/(s·V)), and a negative binomial
// around the same midpoint with size 2.5 (overdispersed).
var foreignFamilies = []family{
	{"lognormal", func(r *rand.Rand, s, sbar, mid float64, V int) int {
		s = max(s, 0.5/float64(V))
		sd := math.Sqrt(0.31 + (1-s)/(s*float64(V)))
		return int(math.Round(mid * s / sbar * math.Exp(sd*r.NormFloat64())))
	}},
	{"negbin", func(r *rand.Rand, s, sbar, mid float64, V int) int {
		mu := mid * max(s, 0.5/float64(V)) / sbar
		const size = 2.5
		lambda := mu / size * gammaDraw(r, size)
		return poissonDraw(r, lambda)
	}},
}

// gammaDraw is a Gamma(shape, 1) draw (Marsaglia and Tsang 2000).
func gammaDraw(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaDraw(r, shape+1) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := r.Float64(); math.Log(u) < x*x/2+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// poissonDraw is a Poisson(lambda) draw, by a normal approximation above
// 500.
func poissonDraw(r *rand.Rand, lambda float64) int {
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

// observedEvent is a synthetic event with observed head counts.
type observedEvent struct {
	data     *Data
	schedule *sim.Schedule
	// counts maps a session's index in schedule to its observed head count
	// (13 sessions, as hosts reported them).
	counts map[int]int
}

// makeEvent draws event e of family fam (nil: unconf's own model as the
// truth) at the given turnout: a true world, its files with vote levels,
// the schedule the organisers ran (spread's), and 13 observed sessions.
func makeEvent(t testing.TB, cfg *experiments.Config, fam *family, seed uint64) observedEvent {
	w, err := sim.NewWorld(&cfg.Model, seed)
	if err != nil {
		t.Fatal(err)
	}
	blanks := exampleBlanks
	blanks.Levels = true
	atts, props, votes := RowsFromWorld(w, blanks, rng.New(seed, "blanks"))
	d, err := NewData(&cfg.Model.Event, Files{Attendees: "attendees.csv", Proposals: "proposals.csv", Votes: "votes.csv"}, atts, props, votes)
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
	s = sorted(s)
	r := rand.New(rng.New(seed, "observed"))
	idx := r.Perm(len(s.Sessions))[:min(13, len(s.Sessions))]
	slices.Sort(idx)
	ev := observedEvent{data: d, schedule: s, counts: map[int]int{}}
	if fam == nil {
		truth := *w
		truth.Seed = rng.Replicate(seed, 1)
		var eng sim.Engine
		res, err := eng.Evaluate(&truth, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range idx {
			ev.counts[i] = res.Sessions[i].Attendance // both sorted by slot, room
		}
		return ev
	}
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
	parallel := float64(len(w.Event.Rooms))
	mid := 0.66 * float64(len(w.Attendees)) / parallel
	for _, i := range idx {
		x := s.Sessions[i]
		n := fam.count(r, share(x.Proposal), sbar, mid, V)
		ev.counts[i] = min(max(n, 1), w.Event.Rooms[x.Room].Capacity)
	}
	return ev
}

// coverage counts observed head counts inside the forecasts' 50% and 80%
// ranges.
type coverage struct{ in50, in80, below, above, n int }

func (c *coverage) add(f *Forecast, obs int) {
	x := float64(obs)
	if x >= f.P25 && x <= f.P75 {
		c.in50++
	}
	switch {
	case x < f.P10:
		c.below++
	case x > f.P90:
		c.above++
	default:
		c.in80++
	}
	c.n++
}

func (c coverage) String() string {
	return fmt.Sprintf("50%%: %.2f, 80%%: %.2f (%d sessions; %d below p10, %d above p90)",
		float64(c.in50)/float64(c.n), float64(c.in80)/float64(c.n), c.n, c.below, c.above)
}

// planFixed forecasts the sessions of ev's schedule with plan's defaults
// (or the forecast config fc).
func planFixed(t testing.TB, cfg *experiments.Config, ev observedEvent, seed uint64) *Candidate {
	rep, err := Recommend(context.Background(), ev.data, &cfg.Model, cfg.Policy, Options{
		Seeds: *realisticSeeds, Seed: seed, Policies: []string{"popularity"}, Fixed: ev.schedule, Forecast: &cfg.Forecast,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &rep.Candidates[rep.candidate(FixedName)]
}

// TestOutOfModelCoverage: plan's 50% and 80% ranges on events whose head
// counts come from generators that are not unconf's model, at turnout 0.4
// and 1.
func TestOutOfModelCoverage(t *testing.T) {
	for _, turnout := range []float64{0.4, 1} {
		cfg := realisticConfig(t, turnout)
		for fi := range foreignFamilies {
			fam := &foreignFamilies[fi]
			var cov coverage
			for e := range *realisticEvents {
				ev := makeEvent(t, cfg, fam, rng.Replicate(4242, e))
				c := planFixed(t, cfg, ev, rng.Replicate(77, e))
				for i, obs := range ev.counts {
					cov.add(&c.Sessions[i], obs)
				}
			}
			t.Logf("%s, turnout %.1f: %v", fam.name, turnout, cov)
		}
	}
}
