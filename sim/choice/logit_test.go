package choice_test

import (
	"math"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
)

// testConfig is a fixed choice model for the tests' hand-computed answers:
// the choice section of configs/socml2017.yaml as it was when those
// answers were worked out (outside 1.2, noise 1, two-feet margin 0.3), not
// the current default (outside 1.6, noise 0.5, margin 0.15): keep its
// values, or the expected numbers must be recomputed.
func testConfig() sim.ChoiceConfig {
	return sim.ChoiceConfig{
		Interest:       3.0,
		Star:           1.0,
		Social:         1.0,
		Crowd:          2.0,
		CrowdFree:      0.8,
		Outside:        1.2,
		OutsideFatigue: 2.0,
		Noise:          1.0,
		TwoFeet:        sim.TwoFeetConfig{Enabled: true, Margin: 0.3},
	}
}

func TestUtility(t *testing.T) {
	cc := testConfig() // interest 3, star 1, social 1, crowd 2 from fill 0.8
	c := choice.NewLogit(&cc)
	for _, tc := range []struct {
		name                        string
		match                       float64
		star                        bool
		sociability, tieShare, fill float64
		want                        float64
	}{
		{"nothing", 0, false, 0, 0, 0, 0},
		{"full match", 1, false, 0, 0, 0, 3},
		{"half match", 0.5, false, 0, 0, 0.5, 1.5},
		{"star", 0.5, true, 0, 0, 0, 2.5},
		{"ties", 0.5, false, 0.5, 0.4, 0, 1.5 + 0.2},
		{"at crowd_free", 1, false, 0, 0, 0.8, 3},
		{"crowded", 1, false, 0, 0, 1.0, 3 - 2*0.2},
		{"overfull", 1, false, 0, 0, 1.3, 3 - 2*0.5},
		{"everything", 1, true, 1, 1, 1.8, 3 + 1 + 1 - 2},
	} {
		got := c.Utility(tc.match, tc.star, tc.sociability, tc.tieShare, tc.fill)
		if math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: Utility(%v, %v, %v, %v, %v) = %v, want %v", tc.name, tc.match, tc.star, tc.sociability, tc.tieShare, tc.fill, got, tc.want)
		}
	}
}

func TestOutsideUtility(t *testing.T) {
	cc := testConfig() // outside 1.2, outside_fatigue 2
	c := choice.NewLogit(&cc)
	for _, tc := range []struct{ alertness, want float64 }{
		{1, 1.2}, {0.75, 1.7}, {0.5, 2.2}, {0, 3.2},
	} {
		if got := choice.OutsideUtility(&cc, tc.alertness); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("OutsideUtility(%v) = %v, want %v", tc.alertness, got, tc.want)
		}
	}
	// A fully interesting session beats the hallway for a rested attendee,
	// a tired one (alertness 0.3) prefers the hallway to a half match.
	if in, out := c.Utility(1, false, 0, 0, 0.5), choice.OutsideUtility(&cc, 0.9); in <= out {
		t.Errorf("rested attendee: session %v, hallway %v; want the session", in, out)
	}
	if in, out := c.Utility(0.5, false, 0, 0, 0.5), choice.OutsideUtility(&cc, 0.3); in >= out {
		t.Errorf("tired attendee: session %v, hallway %v; want the hallway", in, out)
	}
}
