package sim_test

import (
	"fmt"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// The replicate benchmarks measure what a compare worker does for one
// replicate: draw the world (with quality_vs_random's baseline), then per
// policy schedule, simulate and take the metrics (Engine.Run). Each op is
// a fresh replicate seed, as in a compare run, and the world builder and
// the engine are reused, as a worker reuses its own.
//
//	go test ./sim -run '^$' -bench 'Replicate|Scaling' -benchmem

// defaultPolicies returns the embedded default scenario's policies by name,
// with their configured settings.
func defaultPolicies(t testing.TB) ([]string, []sim.Policy) {
	t.Helper()
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	pols := make([]sim.Policy, len(c.Run.Policies))
	for k, name := range c.Run.Policies {
		if pols[k], err = policy.New(name, c.Policy); err != nil {
			t.Fatal(err)
		}
	}
	return c.Run.Policies, pols
}

// benchReplicates runs replicate after replicate of m, each under the
// policies pols (all of them on the same world).
func benchReplicates(b *testing.B, m *sim.Config, pols []sim.Policy) {
	var (
		e   sim.Engine
		bld agents.Builder
	)
	b.ReportAllocs()
	cpu := startCPU()
	for r := 0; b.Loop(); r++ {
		w, err := bld.NewWorld(m, rng.Replicate(2017, r))
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range pols {
			if _, err := e.Run(w, p); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu.report(b)
}

// BenchmarkReplicate is one replicate of the default event (200 attendees,
// 10 rooms, 6 slots) and of the large one (5,000 attendees, 40 rooms, 12
// slots) under each policy alone and under all seven ("all", what one
// replicate of compare costs).
func BenchmarkReplicate(b *testing.B) {
	names, pols := defaultPolicies(b)
	for _, ev := range []struct {
		name  string
		model func(testing.TB) *sim.Config
	}{{"default", defaultModel}, {"large", largeModel}} {
		m := ev.model(b)
		for k, name := range names {
			b.Run(ev.name+"/"+name, func(b *testing.B) { benchReplicates(b, m, pols[k:k+1]) })
		}
		b.Run(ev.name+"/all", func(b *testing.B) { benchReplicates(b, m, pols) })
	}
}

// scalingModel is the large event (40 rooms, 12 slots) with n attendees,
// one affiliation per five, and at most budget hands each (0: no cap).
func scalingModel(t testing.TB, n, budget int) *sim.Config {
	m := largeModel(t)
	m.Attendees.Count = n
	m.Attendees.Affiliations = n / 5
	m.Votes.Budget = budget
	return m
}

// BenchmarkScaling is a replicate of the 40-room, 12-slot event at 500 to
// 5,000 attendees, with a hand budget of 10 (the README's scaling table:
// cost should grow linearly with attendees) and without one (hands then
// grow as attendees², and cost should grow at most linearly with hands).
func BenchmarkScaling(b *testing.B) {
	names, pols := defaultPolicies(b)
	for _, budget := range []int{10, 0} {
		for _, n := range []int{500, 1000, 2000, 5000} {
			m := scalingModel(b, n, budget)
			prefix := fmt.Sprintf("budget=%d/attendees=%d/", budget, n)
			for k, name := range names {
				b.Run(prefix+name, func(b *testing.B) { benchReplicates(b, m, pols[k:k+1]) })
			}
			b.Run(prefix+"all", func(b *testing.B) { benchReplicates(b, m, pols) })
		}
	}
}
