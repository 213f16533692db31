package experiments

import (
	"fmt"
	"time"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// engine runs one policy on one world: *sim.Engine.
type engine interface {
	Run(w *sim.World, p sim.Policy) (*sim.Result, error)
}

// hooks are the runner's seams: the model (world, engine, policies) and a
// clock, replaced in tests by tiny fakes, failing policies or a cancel
// after some tasks.
type hooks struct {
	newWorld  func(c *sim.Config, seed uint64) (*sim.World, error)
	newEngine func() engine
	newPolicy func(name string, c policy.Config) (sim.Policy, error)
	// afterTask is called by the writer after task t is written.
	afterTask func(t int)
	now       func() time.Time
	// skipCharts leaves the charts out (most tests check rows, not
	// pictures, and rendering dominates their time).
	skipCharts bool
}

func defaultHooks() hooks {
	return hooks{
		newWorld:  agents.NewWorld,
		newEngine: func() engine { return new(sim.Engine) },
		newPolicy: policy.New,
		now:       time.Now,
	}
}

// safeWorld builds a world, turning a panic into an error.
func (h *hooks) safeWorld(c *sim.Config, seed uint64) (w *sim.World, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("experiments: world: panic: %v", r)
		}
	}()
	return h.newWorld(c, seed)
}

// safeRun runs p on w, turning a panic into an error (the caller then
// replaces the engine, whose buffers may be inconsistent).
func safeRun(e engine, w *sim.World, p sim.Policy) (res *sim.Result, panicked bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, panicked, err = nil, true, fmt.Errorf("experiments: panic: %v", r)
		}
	}()
	res, err = e.Run(w, p)
	return res, false, err
}
