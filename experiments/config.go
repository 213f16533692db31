package experiments

import (
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
