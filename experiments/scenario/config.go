package scenario

import (
	"fmt"
	"strings"

	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/prior"
)

// Config is a whole scenario: the model, policy settings and how to run it.
// It is what the config file holds; the model's keys sit at the top level.
type Config struct {
	Run    RunConfig     `mapstructure:"run"`
	Model  sim.Config    `mapstructure:",squash"`
	Policy policy.Config `mapstructure:"policy"`
	// Forecast is what plan and calibrate do not know about the crowd's
	// behaviour; compare and sweep ignore it.
	Forecast prior.Config `mapstructure:"forecast"`
}

// RunConfig says how many replicates to run and what to compare.
type RunConfig struct {
	// Seed is the master seed (default 2017).
	Seed uint64 `mapstructure:"seed"`
	// Seeds is the number of replicates (default 30).
	Seeds int `mapstructure:"seeds"`
	// Policies to compare, by name (default: all seven).
	Policies []string `mapstructure:"policies"`
	// Baseline is the policy the others are compared with (default random).
	Baseline string `mapstructure:"baseline"`
}

// MaxSeeds bounds run.seeds (and a sweep's replicates): a million
// replicates is far beyond any comparison's needs.
const MaxSeeds = 1_000_000

// Validate reports the first invalid setting, by its config key, with
// unconf's own policies (ValidateWith policy.Builtin()).
func (c *Config) Validate() error { return c.ValidateWith(policy.Builtin()) }

// ValidateWith reports the first invalid setting, by its config key: the
// policies run.policies and run.baseline name must be those of pols, and
// the policies' settings are checked by pols's rows.
func (c *Config) ValidateWith(pols policy.Registry) error {
	if c.Run.Seeds < 1 || c.Run.Seeds > MaxSeeds {
		return fmt.Errorf("run.seeds: %d: want 1 to %d", c.Run.Seeds, MaxSeeds)
	}
	if len(c.Run.Policies) == 0 {
		return fmt.Errorf("run.policies: empty: want at least one of %v", pols.Names())
	}
	seen := map[string]bool{}
	for i, p := range c.Run.Policies {
		if !pols.Known(p) {
			return fmt.Errorf("run.policies.%d: unknown policy %s (%s)", i, input.Quote(p), NameHint(p, pols.Names()))
		}
		if seen[p] {
			return fmt.Errorf("run.policies.%d: %q listed twice", i, p)
		}
		seen[p] = true
	}
	if !seen[c.Run.Baseline] {
		if !pols.Known(c.Run.Baseline) {
			return fmt.Errorf("run.baseline: unknown policy %s (%s)", input.Quote(c.Run.Baseline), NameHint(c.Run.Baseline, pols.Names()))
		}
		return fmt.Errorf("run.baseline: %q is not among run.policies (%s)", c.Run.Baseline, strings.Join(c.Run.Policies, ", "))
	}
	if err := c.Model.Validate(); err != nil {
		return err
	}
	if err := pols.Validate(c.Policy); err != nil {
		return err
	}
	return c.Forecast.Validate()
}
