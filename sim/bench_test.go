package sim_test

import (
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// defaultModel returns the embedded default scenario's model config.
func defaultModel(t testing.TB) *sim.Config {
	t.Helper()
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &c.Model
}

// largeModel is the default scenario scaled to 5,000 attendees, 40 rooms
// and 12 slots (two days of six).
func largeModel(t testing.TB) *sim.Config {
	m := defaultModel(t)
	simtest.ScaleLarge(m)
	return m
}

// benchWorld draws a world from m and a random schedule for it, and
// evaluates once so that the engine's buffers and the world's baseline are
// warm.
func benchWorld(b testing.TB, m *sim.Config) (*sim.World, *sim.Schedule, *sim.Engine) {
	b.Helper()
	w, err := agents.NewWorld(m, 2017)
	if err != nil {
		b.Fatal(err)
	}
	s, err := policy.RandomSchedule(w.Input(), rand.NewPCG(1, 2))
	if err != nil {
		b.Fatal(err)
	}
	e := new(sim.Engine)
	if _, err := e.Evaluate(w, s); err != nil {
		b.Fatal(err)
	}
	return w, s, e
}

// TestNoAllocationPerChoice checks that a warm engine's allocations per run
// do not grow with the number of attendees: they are the Result's and a
// few per-run tables, never one per attendee choice.
func TestNoAllocationPerChoice(t *testing.T) {
	count := func(attendees int) float64 {
		m := defaultModel(t)
		m.Attendees.Count = attendees
		w, s, e := benchWorld(t, m)
		return testing.AllocsPerRun(5, func() {
			if _, err := e.Evaluate(w, s); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, big := count(200), count(1600)
	if big > small+2 {
		t.Errorf("allocations per run: %v for 200 attendees, %v for 1,600; want no growth", small, big)
	}
	if small > 40 {
		t.Errorf("allocations per run: %v, want a few dozen at most", small)
	}
}
