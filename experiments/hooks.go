package experiments

import "github.com/unconf/unconf/experiments/runner"

// hooks are the seams of compare: the runner's (the model's world, engine
// and policies, the clock, a call after each task), which production
// takes from runner.DefaultHooks and tests replace with tiny fakes,
// failing policies or a cancel after some tasks; and skipCharts, which
// leaves the charts out (most tests check rows, not pictures, and
// rendering dominates their time).
type hooks struct {
	runner.Hooks
	skipCharts bool
}

func defaultHooks() hooks { return hooks{Hooks: runner.DefaultHooks()} }
