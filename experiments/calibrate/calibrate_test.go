package calibrate

import (
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/prior"
	"github.com/unconf/unconf/sim/rng"
)

var verbose = flag.Bool("calibrate-verbose", false, "log each fit's marginals")

// smallConfig is a quick event: 90 attendees, 4 rooms of 40, two days of
// three slots, an online vote by 40% of them.
func smallConfig(t testing.TB) *experiments.Config {
	cfg, err := configs.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := &cfg.Model
	m.Attendees.Count = 90
	m.Attendees.VisitorShare = 0
	m.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 4, Capacity: 40}}
	m.Votes.Turnout = 0.4
	cfg.Policy.Spread.Iterations = 1000
	return cfg
}

// truthEvent simulates an event under the model m (the truth), writes its
// files as an organiser would have them, and returns the calibration
// problem: spread's schedule of the true world, and the head counts of
// nobs of its sessions from one run of the event on the true world.
func truthEvent(t testing.TB, cfg *experiments.Config, m *sim.Config, seed uint64, nobs int) *Problem {
	w, err := sim.NewWorld(m, seed)
	if err != nil {
		t.Fatal(err)
	}
	atts, props, votes := plan.RowsFromWorld(w, plan.Blanks{Levels: true, Interests: 1}, rng.New(seed, "blanks"))
	d, err := plan.NewData(&cfg.Model.Event, plan.Files{Attendees: "a.csv", Proposals: "p.csv", Votes: "v.csv"}, atts, props, votes)
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
	truth := *w
	truth.Seed = rng.Replicate(seed, 1)
	var eng sim.Engine
	res, err := eng.Evaluate(&truth, s)
	if err != nil {
		t.Fatal(err)
	}
	p := &Problem{Data: d, Model: &cfg.Model, Forecast: &cfg.Forecast, Schedule: s}
	idx := rand.New(rng.New(seed, "observed")).Perm(len(s.Sessions))[:min(nobs, len(s.Sessions))]
	slices.Sort(idx)
	for _, i := range idx {
		n := res.Sessions[i].Attendance
		cap := w.Event.Rooms[s.Sessions[i].Room].Capacity
		p.Obs = append(p.Obs, plan.Observation{Proposal: s.Sessions[i].Proposal, Session: i, Lo: n, Hi: n, Full: n >= cap})
		p.Capacity = append(p.Capacity, cap)
	}
	return p
}

func TestRunSmoke(t *testing.T) {
	cfg := smallConfig(t)
	truth := cfg.Model
	for _, kv := range []struct {
		key string
		v   float64
	}{{"choice.outside", 2.9}, {"choice.two_feet.margin", 0.2}, {"choice.appeal", 0.3}} {
		if err := prior.Set(&truth, kv.key, kv.v); err != nil {
			t.Fatal(err)
		}
	}
	p := truthEvent(t, cfg, &truth, 11, 13)
	fit, err := Run(context.Background(), p, Options{Draws: 150, Rounds: 3, Replicates: 6, Seed: 5, Progress: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range fit.Marginals() {
		t.Logf("%-24s prior %.3f [%.3f, %.3f]  posterior %.3f [%.3f, %.3f]  sd ratio %.2f informed %v",
			m.Key, m.PriorMean, m.PriorLo, m.PriorHi, m.Mean, m.Lo, m.Hi, m.SDRatio, m.Informed)
	}
	in50, in80 := fit.Coverage(true)
	t.Logf("ESS %.0f, sims %d; LOO coverage 50%% %d/13, 80%% %d/13", fit.ESS, fit.Sims(), in50, in80)
	files, err := fit.Write(*outDir, Info{Event: "a small test event", Command: "test", Version: "test", Format: "png"})
	t.Log(files, err)
}

var outDir = flag.String("calibrate-out", os.TempDir(), "")
