package sim

// ChoiceConfig sets the session-choice model, choice.New: a multinomial
// logit (choice.Logit) in which attendee i values running session j at
//
//	U_ij = Interest·match_ij + Star·[a star is there]
//	       + Social·sociability_i·(share of i's colleagues there)
//	       − Crowd·max(0, fill_j − CrowdFree) + Appeal·z_j + Noise·ε_ij
//
// and the hallway (outside option) at Outside + OutsideFatigue·(1 −
// alertness_i) + Noise·ε_i0 (choice.Alert adds the fatigue term), with ε
// standard Gumbel and z_j a standard normal per session, so choice
// probabilities are logit (McFadden 1974).
type ChoiceConfig struct {
	// Interest weighs the match with the session's topics (default 3).
	Interest float64 `mapstructure:"b_interest"`
	// Star is the pull of a star in the room (default 1).
	Star float64 `mapstructure:"b_star"`
	// Social weighs the share of colleagues there (default 1).
	Social float64 `mapstructure:"b_social"`
	// Crowd is the penalty per unit of fill above CrowdFree (default 2).
	Crowd float64 `mapstructure:"b_crowd"`
	// CrowdFree is the fill ratio from which crowding bites (default 0.8).
	CrowdFree float64 `mapstructure:"crowd_free"`
	// Outside is the hallway's utility for a fully alert attendee (default
	// 1.6), OutsideFatigue what tiredness adds to it (default 2).
	Outside        float64 `mapstructure:"outside"`
	OutsideFatigue float64 `mapstructure:"outside_fatigue"`
	// Noise is the Gumbel scale: 0 makes choice deterministic (default 0.5).
	Noise float64 `mapstructure:"noise"`
	// Appeal is the standard deviation of a session's own pull, drawn
	// once per replicate and proposal and added to every attendee's
	// utility for it: what neither topics nor hands say (the title's
	// wording, the host's reputation, the room's place in the venue).
	// Default 0; plan and calibrate draw it from the forecast priors.
	Appeal float64 `mapstructure:"appeal"`
	// TwoFeet is the law of two feet.
	TwoFeet TwoFeetConfig `mapstructure:"two_feet"`
}

// TwoFeetConfig governs hops: after the first minutes, an attendee whose
// realised value (match × quality at the size they find) falls short of
// another session's by more than Margin moves there once.
type TwoFeetConfig struct {
	// Enabled switches hops on (default true).
	Enabled bool `mapstructure:"enabled"`
	// Margin is the value gain a hop needs (default 0.15).
	Margin float64 `mapstructure:"margin"`
}

// Validate reports the first invalid field, by its config key.
func (c *ChoiceConfig) Validate() error {
	for _, ch := range []struct {
		key string
		v   float64
		f   func(string, float64) error
	}{
		{"choice.b_interest", c.Interest, finite},
		{"choice.b_star", c.Star, finite},
		{"choice.b_social", c.Social, finite},
		{"choice.b_crowd", c.Crowd, nonNegative},
		{"choice.crowd_free", c.CrowdFree, nonNegative},
		{"choice.outside", c.Outside, finite},
		{"choice.outside_fatigue", c.OutsideFatigue, finite},
		{"choice.noise", c.Noise, nonNegative},
		{"choice.appeal", c.Appeal, nonNegative},
		{"choice.two_feet.margin", c.TwoFeet.Margin, nonNegative},
	} {
		if err := ch.f(ch.key, ch.v); err != nil {
			return err
		}
	}
	return nil
}
