package policy

import (
	"fmt"
	"slices"

	"github.com/unconf/unconf/sim"
)

var names = []string{"random", "popularity", "spread", "jetlag", "show-of-hands", "open-space", "optimized"}

// Names returns the policy names, in the order reports list them.
func Names() []string { return slices.Clone(names) }

// Known reports whether name is a policy.
func Known(name string) bool { return slices.Contains(names, name) }

// Validate reports the first invalid setting, by its config key.
func (c *Config) Validate() error {
	if c.Spread.Iterations < 0 {
		return fmt.Errorf("policy.spread.iterations: %d: want >= 0", c.Spread.Iterations)
	}
	if c.Jetlag.Iterations < 0 {
		return fmt.Errorf("policy.jetlag.iterations: %d: want >= 0", c.Jetlag.Iterations)
	}
	if !(c.Jetlag.AlertWeight >= 0) {
		return fmt.Errorf("policy.jetlag.alert_weight: %v: want >= 0", c.Jetlag.AlertWeight)
	}
	if c.Optimized.Iterations < 0 {
		return fmt.Errorf("policy.optimized.iterations: %d: want >= 0", c.Optimized.Iterations)
	}
	if !(c.Optimized.StartTemp > 0) || !(c.Optimized.EndTemp > 0) || c.Optimized.EndTemp > c.Optimized.StartTemp {
		return fmt.Errorf("policy.optimized: start_temp %v, end_temp %v: want 0 < end_temp <= start_temp",
			c.Optimized.StartTemp, c.Optimized.EndTemp)
	}
	return nil
}

// New returns the policy called name with its settings from c. The
// settings are taken as they are: validate c first (Config.Validate).
func New(name string, c Config) (sim.Policy, error) {
	switch name {
	case "random":
		return Random{}, nil
	case "popularity":
		return Popularity{}, nil
	case "spread":
		return Spread{Iterations: c.Spread.Iterations}, nil
	case "jetlag":
		return Spread{Iterations: c.Jetlag.Iterations, AlertWeight: c.Jetlag.AlertWeight}, nil
	case "show-of-hands":
		return ShowOfHands{}, nil
	case "open-space":
		return OpenSpace{}, nil
	case "optimized":
		o := c.Optimized
		return Optimized{Iterations: o.Iterations, StartTemp: o.StartTemp, EndTemp: o.EndTemp}, nil
	}
	return nil, fmt.Errorf("policy: unknown policy %q (want one of %v)", name, names)
}
