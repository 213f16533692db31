package policy

// Config holds the tunable settings of the policies that have any; its key
// in config files is "policy".
type Config struct {
	Spread    SpreadConfig    `mapstructure:"spread"`
	Jetlag    JetlagConfig    `mapstructure:"jetlag"`
	Optimized OptimizedConfig `mapstructure:"optimized"`
}

// SpreadConfig tunes the conflict-minimising local search.
type SpreadConfig struct {
	// Iterations of pairwise swaps (default 4000).
	Iterations int `mapstructure:"iterations"`
}

// JetlagConfig tunes the alertness-aware spread.
type JetlagConfig struct {
	// Iterations of pairwise swaps (default 4000).
	Iterations int `mapstructure:"iterations"`
	// AlertWeight trades conflicts against voters' predicted alertness in
	// the slot (default 5: on the default event 1 leaves eastward visitors
	// no better off than spread does, 20 costs everyone else more than it
	// gives them).
	AlertWeight float64 `mapstructure:"alert_weight"`
}

// OptimizedConfig tunes simulated annealing on expected satisfaction.
type OptimizedConfig struct {
	// Iterations of the annealer (default 25000).
	Iterations int `mapstructure:"iterations"`
	// StartTemp and EndTemp bound the geometric cooling schedule, relative
	// to the greedy start's objective per scheduled session (defaults 0.05
	// and 0.0005), so the same values suit small and large events.
	StartTemp float64 `mapstructure:"start_temp"`
	EndTemp   float64 `mapstructure:"end_temp"`
}
