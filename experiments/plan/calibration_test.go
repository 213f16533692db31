package plan

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

var calibrationEvents = flag.Int("calibration-events", 8, "synthetic events in TestCalibration")

// exampleConfig returns configs/examples/event.yaml merged over the
// embedded default, as unconf's --config does.
func exampleConfig(t testing.TB) *scenario.Config {
	t.Helper()
	def, err := configs.FS.ReadFile(configs.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	over, err := os.ReadFile("../../configs/examples/event.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var base, top map[string]any
	if err := yaml.Unmarshal(def, &base); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(over, &top); err != nil {
		t.Fatal(err)
	}
	cfg, err := scenario.Decode(merge(base, top))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// merge returns top's keys over base's, recursively for sections; a list
// in top replaces base's.
func merge(base, top map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range top {
		b, okb := out[k].(map[string]any)
		tv, okt := v.(map[string]any)
		if okb && okt {
			out[k] = merge(b, tv)
		} else {
			out[k] = v
		}
	}
	return out
}

// exampleBlanks are the blanks of synthetic organiser data: what a
// registration form typically leaves empty.
var exampleBlanks = Blanks{Background: 0.2, Seniority: 0.3, Home: 0.25, Affiliation: 0.4, Interests: 0.5}

// TestCalibration checks that predicted 80% attendance ranges contain the
// true attendance about 80% of the time, on synthetic events whose truth
// is known: a true world from agents.NewWorld, written as the organiser's
// files with fields blanked (RowsFromWorld), planned with Recommend, and
// the recommended schedule then simulated on the true world with a choice
// noise seed of its own (the real event happens once, with its own
// noise). Coverage is the share of sessions, over all events, whose true
// attendance lies in [p10, p90]. Each event uses a different policy's
// schedule.
func TestCalibration(t *testing.T) {
	cfg := exampleConfig(t)
	policies := []string{"spread", "popularity", "jetlag", "optimized", "show-of-hands", "open-space", "random"}
	files := Files{Attendees: "attendees.csv", Proposals: "proposals.csv", Votes: "votes.csv"}
	var in, total, below, above int
	for e := range *calibrationEvents {
		trueSeed := rng.Replicate(9001, e)
		w, err := agents.NewWorld(&cfg.Model, trueSeed)
		if err != nil {
			t.Fatal(err)
		}
		atts, props, votes := RowsFromWorld(w, exampleBlanks, rng.New(trueSeed, "blanks"))
		d, err := NewData(&cfg.Model.Event, files, atts, props, votes)
		if err != nil {
			t.Fatal(err)
		}
		pol := policies[e%len(policies)]
		rep, err := Recommend(context.Background(), d, &cfg.Model, cfg.Policy, Options{
			Seeds: 40, Seed: rng.Replicate(77, e), Policies: []string{pol},
		})
		if err != nil {
			t.Fatal(err)
		}
		truth := *w
		truth.Seed = rng.Replicate(trueSeed, 1) // the real event's own choice noise
		var eng sim.Engine
		res, err := eng.Evaluate(&truth, rep.Recommended().Schedule)
		if err != nil {
			t.Fatal(err)
		}
		nr := len(w.Event.Rooms)
		got := map[int]int{}
		for _, s := range res.Sessions {
			got[s.Slot*nr+s.Room] = s.Attendance
		}
		evIn := 0
		for _, f := range rep.Recommended().Sessions {
			a := float64(got[f.Slot*nr+f.Room])
			switch {
			case a < f.P10:
				below++
			case a > f.P90:
				above++
			default:
				in++
				evIn++
			}
			total++
		}
		t.Logf("event %d (%s): %d of %d sessions inside their 80%% range", e, pol, evIn, len(rep.Recommended().Sessions))
	}
	cov := float64(in) / float64(total)
	t.Logf("coverage of the 80%% ranges: %.3f (%d of %d sessions; %d below p10, %d above p90)", cov, in, total, below, above)
	if cov < 0.65 || cov > 0.95 {
		t.Errorf("coverage %.3f outside [0.65, 0.95]", cov)
	}
}
