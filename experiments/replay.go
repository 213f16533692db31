package experiments

import (
	"fmt"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// Replay runs one unit of Compare on its own: replicate r of cfg's event
// under the policy called policyName, with the seed Compare gives that
// replicate, rng.Replicate(cfg.Run.Seed, replicate). Its metrics equal the
// unit's row in results.csv; the World and the Result (schedule, sessions,
// slots) are returned for a detailed look. replicate may exceed
// cfg.Run.Seeds − 1.
func Replay(cfg *scenario.Config, policyName string, replicate int) (*sim.World, *sim.Result, error) {
	return replay(cfg, policyName, replicate, defaultHooks())
}

func replay(cfg *scenario.Config, policyName string, replicate int, h hooks) (*sim.World, *sim.Result, error) {
	if cfg == nil {
		return nil, nil, fmt.Errorf("experiments: replay: no config")
	}
	if replicate < 0 {
		return nil, nil, fmt.Errorf("experiments: replay: replicate %d: want 0 or more", replicate)
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, fmt.Errorf("experiments: replay: %w", err)
	}
	p, err := h.NewPolicy(policyName, cfg.Policy)
	if err != nil {
		return nil, nil, fmt.Errorf("experiments: replay: %w", err)
	}
	seed := rng.Replicate(cfg.Run.Seed, replicate)
	w, err := h.Worlds()(&cfg.Model, seed)
	if err != nil {
		return nil, nil, fmt.Errorf("experiments: replay: replicate %d (seed %d): %w", replicate, seed, err)
	}
	res, err := h.NewEngine().Run(w, p)
	if err != nil {
		return w, nil, fmt.Errorf("experiments: replay: %s on replicate %d (seed %d): %w", policyName, replicate, seed, err)
	}
	return w, res, nil
}
