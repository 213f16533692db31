package sim_test

import (
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// BenchmarkSchedule is each policy's Schedule alone, on one world of the
// default event and one of the large event, on the engine's policy
// stream: what a replicate spends scheduling, without the world and the
// simulation.
//
//	go test ./sim -run '^$' -bench Schedule -benchmem
func BenchmarkSchedule(b *testing.B) {
	names, pols := defaultPolicies(b)
	for _, ev := range []struct {
		name  string
		model func(testing.TB) *sim.Config
	}{{"default", defaultModel}, {"large", largeModel}} {
		w, err := agents.NewWorld(ev.model(b), rng.Replicate(2017, 0))
		if err != nil {
			b.Fatal(err)
		}
		in := w.Input()
		for k, name := range names {
			b.Run(ev.name+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				cpu := startCPU()
				for b.Loop() {
					if _, err := pols[k].Schedule(in, rng.New(w.Seed, "policy")); err != nil {
						b.Fatal(err)
					}
				}
				cpu.report(b)
			})
		}
	}
}
