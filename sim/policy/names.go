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

// MaxIterations bounds the iterations of a policy's search: a billion
// takes hours per schedule, so more is a typo.
const MaxIterations = 1_000_000_000

// Validate reports the first invalid setting, by its config key. Every
// number must be finite and within its range: iterations 0 to
// MaxIterations, the alertness weight 0 to sim.MaxValue, and
// temperatures with 0 < end_temp <= start_temp <= sim.MaxValue.
func (c *Config) Validate() error {
	for _, it := range []struct {
		key string
		n   int
	}{
		{"policy.spread.iterations", c.Spread.Iterations},
		{"policy.jetlag.iterations", c.Jetlag.Iterations},
		{"policy.optimized.iterations", c.Optimized.Iterations},
	} {
		if it.n < 0 || it.n > MaxIterations {
			return fmt.Errorf("%s: %d: want 0 to %d", it.key, it.n, MaxIterations)
		}
	}
	if w := c.Jetlag.AlertWeight; !(w >= 0 && w <= sim.MaxValue) {
		return fmt.Errorf("policy.jetlag.alert_weight: %v: want a value from 0 to 1e6", w)
	}
	o := c.Optimized
	if !(o.StartTemp > 0 && o.StartTemp <= sim.MaxValue) {
		return fmt.Errorf("policy.optimized.start_temp: %v: want a value > 0 and at most 1e6", o.StartTemp)
	}
	if !(o.EndTemp > 0 && o.EndTemp <= o.StartTemp) {
		return fmt.Errorf("policy.optimized.end_temp: %v: want a value > 0 and at most start_temp (%v)", o.EndTemp, o.StartTemp)
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
