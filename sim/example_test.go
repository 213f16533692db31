package sim_test

import (
	"fmt"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// One replicate of the default scenario, as `unconf compare` runs it: one
// World from the replicate's seed, then every policy on it with one Engine.
// All policies meet the same attendees, proposals, hands and choice noise.
func ExampleEngine_Run() {
	c, err := scenario.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := agents.NewWorld(&c.Model, rng.Replicate(c.Run.Seed, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	var e sim.Engine
	for _, name := range []string{"random", "popularity", "spread"} {
		p, err := policy.New(name, c.Policy)
		if err != nil {
			fmt.Println(err)
			return
		}
		res, err := e.Run(w, p)
		if err != nil {
			fmt.Println(err)
			return
		}
		m := res.Metrics
		fmt.Printf("%-10s %2.0f sessions, satisfaction %.3f, %4.0f conflicts\n",
			name, m[sim.Sessions], m[sim.SatisfactionMean], m[sim.Conflicts])
	}
	// Output:
	// random     60 sessions, satisfaction 0.361, 2546 conflicts
	// popularity 60 sessions, satisfaction 0.400, 4237 conflicts
	// spread     60 sessions, satisfaction 0.465, 3297 conflicts
}
