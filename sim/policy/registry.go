package policy

import (
	"fmt"
	"image/color"
	"slices"

	"github.com/unconf/unconf/sim"
)

// Kind describes one policy. Every list of policies (config validation,
// completion, reports), every switch on a policy's name, the charts'
// palette and the README's list of policies derive from the rows of a
// Registry, so that a new policy is its own file plus one row in builtin
// (and a field in Config when it has settings).
type Kind struct {
	// Name is the policy's name in configs, flags, files and reports.
	Name string
	// Doc says in one line what the policy does; the README's list of
	// policies says the same (TestREADMEListsEveryPolicy).
	Doc string
	// Color is the policy's colour in every chart.
	Color color.RGBA
	// New returns the policy with its settings from c, taken as they are
	// (Validate checks them first).
	New func(c Config) sim.Policy
	// Validate reports the first invalid setting of the policy by its
	// config key; nil for a policy without settings.
	Validate func(c Config) error
}

// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"):
// colours that stay distinct under protanopia, deuteranopia and
// tritanopia.
var (
	black      = color.RGBA{0x00, 0x00, 0x00, 0xff}
	orange     = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	skyBlue    = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	green      = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	blue       = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	vermillion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	purple     = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
)

// builtin is the table of unconf's policies, in the order reports list
// them.
func builtin() []Kind {
	return []Kind{
		{Name: "random", Doc: "a random timetable, the baseline", Color: black,
			New: func(Config) sim.Policy { return Random{} }},
		{Name: "popularity", Doc: "most hands first, earliest slots, biggest rooms", Color: orange,
			New: func(Config) sim.Policy { return Popularity{} }},
		{Name: "spread", Doc: "keeps sessions with shared voters apart (fewest co-voters in parallel), most hands to the biggest room", Color: skyBlue,
			New:      func(c Config) sim.Policy { return Spread{Iterations: c.Spread.Iterations} },
			Validate: func(c Config) error { return checkIterations("policy.spread.iterations", c.Spread.Iterations) }},
		{Name: "jetlag", Doc: "spread, weighting voters by their predicted alertness in the slot, so sessions wanted by tired visitors move to hours when they are awake", Color: green,
			New: func(c Config) sim.Policy {
				return Spread{Iterations: c.Jetlag.Iterations, AlertWeight: c.Jetlag.AlertWeight}
			},
			Validate: validateJetlag},
		{Name: "show-of-hands", Doc: "SOCML's own rule, a fresh count among those present just before each slot", Color: blue,
			New: func(Config) sim.Policy { return ShowOfHands{} }},
		{Name: "open-space", Doc: "the marketplace: proposers pin their sessions first come, first served", Color: vermillion,
			New: func(Config) sim.Policy { return OpenSpace{} }},
		{Name: "optimized", Doc: "simulated annealing on the satisfaction predictable from hands", Color: purple,
			New:      func(c Config) sim.Policy { return Optimized(c.Optimized) },
			Validate: validateOptimized},
	}
}

// A Registry is a table of policies: Builtin's, or Builtin's and more
// (With).
type Registry struct {
	kinds []Kind
}

// Builtin returns the registry of unconf's policies.
func Builtin() Registry { return Registry{kinds: builtin()} }

// With returns r with k added last; r is unchanged. It fails if k has no
// name, no doc or no constructor, or if r already has a policy of k's name.
func (r Registry) With(k Kind) (Registry, error) {
	switch {
	case k.Name == "" || k.Doc == "" || k.New == nil:
		return r, fmt.Errorf("policy: registry: %q: want a name, a doc line and a constructor", k.Name)
	case r.Known(k.Name):
		return r, fmt.Errorf("policy: registry: %q is already a policy", k.Name)
	}
	return Registry{kinds: append(slices.Clip(r.kinds), k)}, nil
}

// Kinds returns the registry's rows in report order.
func (r Registry) Kinds() []Kind { return slices.Clone(r.kinds) }

// Names returns the policy names in report order.
func (r Registry) Names() []string {
	names := make([]string, len(r.kinds))
	for i, k := range r.kinds {
		names[i] = k.Name
	}
	return names
}

// Index returns the position of the policy called name in report order,
// or -1.
func (r Registry) Index(name string) int {
	return slices.IndexFunc(r.kinds, func(k Kind) bool { return k.Name == name })
}

// Known reports whether name is a policy of r.
func (r Registry) Known(name string) bool { return r.Index(name) >= 0 }

// Lookup returns the row of the policy called name.
func (r Registry) Lookup(name string) (Kind, bool) {
	if i := r.Index(name); i >= 0 {
		return r.kinds[i], true
	}
	return Kind{}, false
}

// New returns the policy called name with its settings from c. The
// settings are taken as they are: validate c first (Registry.Validate).
func (r Registry) New(name string, c Config) (sim.Policy, error) {
	k, ok := r.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("policy: unknown policy %q (want one of %v)", name, r.Names())
	}
	return k.New(c), nil
}

// Validate reports the first invalid setting of c, by its config key,
// asking each policy in report order.
func (r Registry) Validate(c Config) error {
	for _, k := range r.kinds {
		if k.Validate == nil {
			continue
		}
		if err := k.Validate(c); err != nil {
			return err
		}
	}
	return nil
}

// Names returns the names of the built-in policies, in the order reports
// list them.
func Names() []string { return Builtin().Names() }

// Known reports whether name is a built-in policy.
func Known(name string) bool { return Builtin().Known(name) }

// New returns the built-in policy called name with its settings from c
// (Registry.New).
func New(name string, c Config) (sim.Policy, error) { return Builtin().New(name, c) }

// Validate reports the first invalid setting of the built-in policies, by
// its config key. Every number must be finite and within its range:
// iterations 0 to MaxIterations, the alertness weight 0 to sim.MaxValue,
// and temperatures with 0 < end_temp <= start_temp <= sim.MaxValue.
func (c *Config) Validate() error { return Builtin().Validate(*c) }

// MaxIterations bounds the iterations of a policy's search: a billion
// takes hours per schedule, so more is a typo.
const MaxIterations = 1_000_000_000

// checkIterations checks the iterations n of config key key.
func checkIterations(key string, n int) error {
	if n < 0 || n > MaxIterations {
		return fmt.Errorf("%s: %d: want 0 to %d", key, n, MaxIterations)
	}
	return nil
}

// validateJetlag checks policy.jetlag.
func validateJetlag(c Config) error {
	if err := checkIterations("policy.jetlag.iterations", c.Jetlag.Iterations); err != nil {
		return err
	}
	if w := c.Jetlag.AlertWeight; !(w >= 0 && w <= sim.MaxValue) {
		return fmt.Errorf("policy.jetlag.alert_weight: %v: want a value from 0 to 1e6", w)
	}
	return nil
}

// validateOptimized checks policy.optimized.
func validateOptimized(c Config) error {
	o := c.Optimized
	if err := checkIterations("policy.optimized.iterations", o.Iterations); err != nil {
		return err
	}
	if !(o.StartTemp > 0 && o.StartTemp <= sim.MaxValue) {
		return fmt.Errorf("policy.optimized.start_temp: %v: want a value > 0 and at most 1e6", o.StartTemp)
	}
	if !(o.EndTemp > 0 && o.EndTemp <= o.StartTemp) {
		return fmt.Errorf("policy.optimized.end_temp: %v: want a value > 0 and at most start_temp (%v)", o.EndTemp, o.StartTemp)
	}
	return nil
}
