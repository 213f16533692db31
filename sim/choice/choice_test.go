package choice_test

import (
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/simtest"
)

func TestConformance(t *testing.T) {
	c := simtest.Choice()
	noHops := c
	noHops.TwoFeet.Enabled = false
	for _, tc := range []struct {
		name string
		ch   sim.Chooser
	}{
		{"default", choice.New(&c)},
		{"logit alone", choice.NewLogit(&c)},
		{"without hops", choice.New(&noHops)},
		{"without noise", choice.Logit{Interest: 3, Crowd: 2, CrowdFree: 0.8, Outside: 1, TwoFeet: true}},
		{"zero logit", choice.Logit{}},
		{"appeal", choice.Logit{Interest: 3, Outside: 1.6, Noise: 0.5, Appeal: 1}},
		{"alert twice", choice.Alert{Chooser: choice.New(&c), Fatigue: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) { simtest.ChooserConformance(t, tc.ch) })
	}
}
