package choice

import "github.com/unconf/unconf/sim"

// Alert decorates a Chooser with the attendees' alertness: for an arrival
// of alertness α the hallway is worth Fatigue·(1 − α) more than the
// decorated Chooser says, so that tired people rest (ChoiceConfig's
// outside_fatigue). Hops are the decorated Chooser's.
type Alert struct {
	Chooser sim.Chooser
	// Fatigue is what full tiredness (α = 0) adds to the hallway.
	Fatigue float64
}

// Start implements sim.Chooser.
func (d Alert) Start(w *sim.World, old sim.Choices) sim.Choices {
	r, _ := old.(*alertRun)
	if r == nil {
		r = new(alertRun)
	}
	r.inner = d.Chooser.Start(w, r.inner)
	r.fatigue = d.Fatigue
	return r
}

// alertRun is an Alert at work on one run.
type alertRun struct {
	inner   sim.Choices
	fatigue float64
}

// Choose implements sim.Choices.
func (r *alertRun) Choose(sc *sim.Scene, a *sim.Arrival) int {
	a.Hallway += r.fatigue * (1 - a.Alertness)
	return r.inner.Choose(sc, a)
}

// Hop implements sim.Choices.
func (r *alertRun) Hop(sc *sim.Scene, a *sim.Arrival, k int) int { return r.inner.Hop(sc, a, k) }

// New returns the choice model of c: the logit (NewLogit) with the
// alertness-dependent hallway (Alert with OutsideFatigue).
func New(c *sim.ChoiceConfig) Alert {
	return Alert{Chooser: NewLogit(c), Fatigue: c.OutsideFatigue}
}

// OutsideUtility returns the systematic utility of the hallway under New(c)
// for an attendee at the given alertness, Outside + OutsideFatigue·(1 − α):
// what policies that predict attendance assume.
func OutsideUtility(c *sim.ChoiceConfig, alertness float64) float64 {
	return c.Outside + c.OutsideFatigue*(1-alertness)
}
