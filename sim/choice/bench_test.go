package choice_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
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

// benchEvaluate times Evaluate on a world of m and, beside it, the floor:
// the same choices' logit arithmetic in a tight loop (LogitFloor). It
// reports both per choice (one attendee × option: the slot's sessions and
// the hallway) and their ratio, x-floor: what Evaluate's bookkeeping
// (arrival order, head counts, capacities, colleagues, stars, the law of
// two feet, ties, records and metrics) costs on top of the choices. The
// target is x-floor ≤ 2.
func benchEvaluate(b *testing.B, m *sim.Config) {
	w, s, e := benchWorld(b, m)
	f := choice.NewLogitFloor(w, s)
	sink := 0
	var floor time.Duration
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Evaluate(w, s); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		start := time.Now()
		sink += f.Run()
		floor += time.Since(start)
		b.StartTimer()
	}
	choices := float64(b.N) * float64(f.Choices)
	b.ReportMetric(float64(b.Elapsed())/choices, "ns/choice")
	b.ReportMetric(float64(floor)/choices, "floor-ns/choice")
	b.ReportMetric(float64(b.Elapsed())/float64(floor), "x-floor")
	if sink < 0 {
		b.Fatal("no choice made")
	}
}

// BenchmarkEvaluateDefault simulates the default event (200 attendees, 10
// rooms, 6 slots) under a random schedule.
func BenchmarkEvaluateDefault(b *testing.B) { benchEvaluate(b, defaultModel(b)) }

// BenchmarkEvaluateLarge simulates 5,000 attendees, 40 rooms and 12 slots.
func BenchmarkEvaluateLarge(b *testing.B) { benchEvaluate(b, largeModel(b)) }
