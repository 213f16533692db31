package experiments

import (
	"fmt"
	"strings"

	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim/policy"
)

// MaxSeeds bounds run.seeds (and a sweep's replicates): a million
// replicates is far beyond any comparison's needs.
const MaxSeeds = 1_000_000

// Validate reports the first invalid setting, by its config key.
func (c *Config) Validate() error {
	if c.Run.Seeds < 1 || c.Run.Seeds > MaxSeeds {
		return fmt.Errorf("run.seeds: %d: want 1 to %d", c.Run.Seeds, MaxSeeds)
	}
	if len(c.Run.Policies) == 0 {
		return fmt.Errorf("run.policies: empty: want at least one of %v", policy.Names())
	}
	seen := map[string]bool{}
	for i, p := range c.Run.Policies {
		if !policy.Known(p) {
			return fmt.Errorf("run.policies.%d: unknown policy %s (%s)", i, input.Quote(p), NameHint(p, policy.Names()))
		}
		if seen[p] {
			return fmt.Errorf("run.policies.%d: %q listed twice", i, p)
		}
		seen[p] = true
	}
	if !seen[c.Run.Baseline] {
		if !policy.Known(c.Run.Baseline) {
			return fmt.Errorf("run.baseline: unknown policy %s (%s)", input.Quote(c.Run.Baseline), NameHint(c.Run.Baseline, policy.Names()))
		}
		return fmt.Errorf("run.baseline: %q is not among run.policies (%s)", c.Run.Baseline, strings.Join(c.Run.Policies, ", "))
	}
	if err := c.Model.Validate(); err != nil {
		return err
	}
	if err := c.Policy.Validate(); err != nil {
		return err
	}
	return c.Forecast.Validate()
}
