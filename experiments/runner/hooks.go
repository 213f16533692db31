package runner

import (
	"fmt"
	"time"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// Engine runs one policy on one world: *sim.Engine.
type Engine interface {
	Run(w *sim.World, p sim.Policy) (*sim.Result, error)
}

// Hooks are the runner's seams: the model (world, engine, policies) and a
// clock, replaced in tests by tiny fakes, failing policies or a cancel
// after some tasks.
type Hooks struct {
	// NewWorld, if set, draws every world; nil (DefaultHooks) gives each
	// worker its own agents.Builder (see Worlds).
	NewWorld  func(c *sim.Config, seed uint64) (*sim.World, error)
	NewEngine func() Engine
	NewPolicy func(name string, c policy.Config) (sim.Policy, error)
	// AfterTask, if set, is called by the writer after task t is
	// written.
	AfterTask func(t int)
	Now       func() time.Time
}

// DefaultHooks are the production seams: the real model and the wall
// clock.
func DefaultHooks() Hooks {
	return Hooks{
		NewEngine: func() Engine { return new(sim.Engine) },
		NewPolicy: policy.New,
		Now:       time.Now,
	}
}

// Worlds returns a function that draws worlds for one goroutine:
// NewWorld when set, else a new agents.Builder's NewWorld, which reuses
// its memory from one world to the next (a world it returns lives until
// the next call).
func (h *Hooks) Worlds() func(c *sim.Config, seed uint64) (*sim.World, error) {
	if h.NewWorld != nil {
		return h.NewWorld
	}
	return new(agents.Builder).NewWorld
}

// safeWorld builds a world with newWorld, turning a panic into an error
// (the caller then replaces newWorld, whose memory may be inconsistent).
func safeWorld(newWorld func(*sim.Config, uint64) (*sim.World, error), c *sim.Config, seed uint64) (w *sim.World, panicked bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			w, panicked, err = nil, true, fmt.Errorf("runner: world: panic: %v", r)
		}
	}()
	w, err = newWorld(c, seed)
	return w, false, err
}

// safeRun runs p on w, turning a panic into an error (the caller then
// replaces the engine, whose buffers may be inconsistent).
func safeRun(e Engine, w *sim.World, p sim.Policy) (res *sim.Result, panicked bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, panicked, err = nil, true, fmt.Errorf("runner: panic: %v", r)
		}
	}()
	res, err = e.Run(w, p)
	return res, false, err
}
