package sim_test

import "github.com/unconf/unconf/sim"

// defaultAttendees returns the attendees section of
// configs/socml2017.yaml, written out here.
func defaultAttendees() sim.AttendeesConfig {
	return sim.AttendeesConfig{
		Count:                 200,
		Backgrounds:           sim.BackgroundMix{Industry: 0.35, Academia: 0.35, Startup: 0.15, Student: 0.15},
		Seniority:             sim.SeniorityMix{Leader: 0.10, Senior: 0.25, Mid: 0.35, Newcomer: 0.30},
		InterestConcentration: 0.3,
		VisitorShare:          0.45,
		Origins: []sim.Origin{
			{Name: "US East", UTCOffset: -5, Share: 0.30},
			{Name: "Europe", UTCOffset: 1, Share: 0.35},
			{Name: "East Asia", UTCOffset: 8, Share: 0.20},
			{Name: "India", UTCOffset: 5.5, Share: 0.10},
			{Name: "Australia", UTCOffset: 10, Share: 0.05},
		},
		Affiliations:     60,
		AffiliationSkew:  1.0,
		StarShare:        0.02,
		SociabilityAlpha: 2,
		SociabilityBeta:  2,
		Propensity:       sim.SeniorityMix{Leader: 1.5, Senior: 1.2, Mid: 1.0, Newcomer: 0.6},
	}
}

// defaultAlertness is the alertness section of configs/socml2017.yaml.
func defaultAlertness() sim.AlertnessConfig {
	return sim.AlertnessConfig{
		ArrivalDays:    1,
		WestRate:       1.5,
		EastRate:       1.0,
		Base:           0.55,
		Amplitude:      0.38,
		PeakHour:       14.5,
		Harmonic:       0.12,
		HarmonicHour:   9.5,
		Dip:            0.12,
		DipHour:        14,
		DipWidth:       1.2,
		Fatigue:        0.08,
		ResetMinutes:   90,
		GroupHours:     3,
		AlertThreshold: 0.5,
	}
}

// defaultChoice is a fixed choice model for the tests' hand-computed
// answers. It is the choice section of configs/socml2017.yaml as it was
// when those answers were worked out (outside 1.2, noise 1, two-feet margin
// 0.3), not the current default (outside 1.6, noise 0.5, margin 0.15):
// keep its values, or the expected numbers must be recomputed.
func defaultChoice() sim.ChoiceConfig {
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
