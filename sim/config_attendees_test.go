package sim_test

import (
	"math"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
)

func TestConfigValidate(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		name string
		edit func(*sim.AttendeesConfig)
		want string // "" for valid; otherwise a substring naming key and value
	}{
		{"default", func(*sim.AttendeesConfig) {}, ""},
		{"locals only without origins", func(c *sim.AttendeesConfig) { c.VisitorShare = 0; c.Origins = nil }, ""},
		{"count", func(c *sim.AttendeesConfig) { c.Count = 0 }, "attendees.count: 0"},
		{"count huge", func(c *sim.AttendeesConfig) { c.Count = 2_000_000_000 }, "attendees.count: 2000000000: want 1 to 100000"},
		{"count at most", func(c *sim.AttendeesConfig) { c.Count = sim.MaxCount }, ""},
		{"background weight", func(c *sim.AttendeesConfig) { c.Backgrounds.Startup = -0.1 }, "attendees.backgrounds.startup: -0.1"},
		{"background NaN", func(c *sim.AttendeesConfig) { c.Backgrounds.Student = nan }, "attendees.backgrounds.student: NaN"},
		{"background sum", func(c *sim.AttendeesConfig) { c.Backgrounds = sim.BackgroundMix{} }, "attendees.backgrounds: weights sum to 0"},
		{"background sum inf", func(c *sim.AttendeesConfig) { c.Backgrounds.Industry, c.Backgrounds.Academia = 1e308, 1e308 }, "attendees.backgrounds.industry: 1e+308: want a weight from 0 to 1e6"},
		{"seniority weight", func(c *sim.AttendeesConfig) { c.Seniority.Leader = inf }, "attendees.seniority.leader: +Inf"},
		{"seniority sum", func(c *sim.AttendeesConfig) { c.Seniority = sim.SeniorityMix{} }, "attendees.seniority: weights sum to 0"},
		{"seniority sum inf", func(c *sim.AttendeesConfig) { c.Seniority.Leader, c.Seniority.Mid = 1e308, 1e308 }, "attendees.seniority.leader: 1e+308: want a weight from 0 to 1e6"},
		{"concentration", func(c *sim.AttendeesConfig) { c.InterestConcentration = 0 }, "attendees.interest_concentration: 0"},
		{"concentration inf", func(c *sim.AttendeesConfig) { c.InterestConcentration = inf }, "attendees.interest_concentration: +Inf"},
		{"concentration huge", func(c *sim.AttendeesConfig) { c.InterestConcentration = 1e308 }, "attendees.interest_concentration: 1e+308: want a value > 0 and at most 1e6"},
		{"concentration at most", func(c *sim.AttendeesConfig) { c.InterestConcentration = sim.MaxValue }, ""},
		{"visitor share", func(c *sim.AttendeesConfig) { c.VisitorShare = 1.5 }, "attendees.visitor_share: 1.5"},
		{"visitor share NaN", func(c *sim.AttendeesConfig) { c.VisitorShare = nan }, "attendees.visitor_share: NaN"},
		{"origins empty", func(c *sim.AttendeesConfig) { c.Origins = nil }, "attendees.origins: empty"},
		{"origin share", func(c *sim.AttendeesConfig) { c.Origins[1].Share = -1 }, "attendees.origins.1.share: -1"},
		{"origin offset", func(c *sim.AttendeesConfig) { c.Origins[0].UTCOffset = 15 }, "attendees.origins.0.utc_offset: 15"},
		{"origin offset NaN", func(c *sim.AttendeesConfig) { c.Origins[2].UTCOffset = nan }, "attendees.origins.2.utc_offset: NaN"},
		{"origin sum inf", func(c *sim.AttendeesConfig) { c.Origins[0].Share, c.Origins[1].Share = 1e308, 1e308 }, "attendees.origins.0.share: 1e+308: want a value from 0 to 1e6"},
		{"origin sum", func(c *sim.AttendeesConfig) {
			for i := range c.Origins {
				c.Origins[i].Share = 0
			}
		}, "attendees.origins: shares sum to 0"},
		{"affiliations", func(c *sim.AttendeesConfig) { c.Affiliations = 0 }, "attendees.affiliations: 0"},
		{"affiliations huge", func(c *sim.AttendeesConfig) { c.Affiliations = 1 << 40 }, "attendees.affiliations: 1099511627776: want 1 to 100000"},
		{"affiliation skew", func(c *sim.AttendeesConfig) { c.AffiliationSkew = -1 }, "attendees.affiliation_skew: -1"},
		{"affiliation skew inf", func(c *sim.AttendeesConfig) { c.AffiliationSkew = inf }, "attendees.affiliation_skew: +Inf"},
		{"star share", func(c *sim.AttendeesConfig) { c.StarShare = -0.1 }, "attendees.star_share: -0.1"},
		{"sociability alpha", func(c *sim.AttendeesConfig) { c.SociabilityAlpha = 0 }, "attendees.sociability_alpha: 0"},
		{"sociability beta", func(c *sim.AttendeesConfig) { c.SociabilityBeta = -2 }, "attendees.sociability_beta: -2"},
		{"propensity", func(c *sim.AttendeesConfig) { c.Propensity.Mid = -1 }, "attendees.propensity.mid: -1"},
		{"propensity NaN", func(c *sim.AttendeesConfig) { c.Propensity.Newcomer = nan }, "attendees.propensity.newcomer: NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultAttendees()
			tc.edit(&c)
			checkErr(t, c.Validate(), tc.want)
		})
	}
}

func TestAlertnessValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*sim.AlertnessConfig)
		want string
	}{
		{"default", func(*sim.AlertnessConfig) {}, ""},
		{"arrival", func(c *sim.AlertnessConfig) { c.ArrivalDays = -1 }, "alertness.arrival_days: -1"},
		{"west", func(c *sim.AlertnessConfig) { c.WestRate = -1.5 }, "alertness.west_rate: -1.5"},
		{"east", func(c *sim.AlertnessConfig) { c.EastRate = math.NaN() }, "alertness.east_rate: NaN"},
		{"base", func(c *sim.AlertnessConfig) { c.Base = math.Inf(-1) }, "alertness.base: -Inf"},
		{"amplitude", func(c *sim.AlertnessConfig) { c.Amplitude = -0.1 }, "alertness.amplitude: -0.1"},
		{"peak hour", func(c *sim.AlertnessConfig) { c.PeakHour = 24 }, "alertness.peak_hour: 24"},
		{"harmonic", func(c *sim.AlertnessConfig) { c.Harmonic = -1 }, "alertness.harmonic: -1"},
		{"harmonic hour", func(c *sim.AlertnessConfig) { c.HarmonicHour = -0.5 }, "alertness.harmonic_hour: -0.5"},
		{"dip", func(c *sim.AlertnessConfig) { c.Dip = -0.12 }, "alertness.dip: -0.12"},
		{"dip hour", func(c *sim.AlertnessConfig) { c.DipHour = 25 }, "alertness.dip_hour: 25"},
		{"dip width", func(c *sim.AlertnessConfig) { c.DipWidth = 0 }, "alertness.dip_width: 0"},
		{"fatigue", func(c *sim.AlertnessConfig) { c.Fatigue = 1.2 }, "alertness.fatigue: 1.2"},
		{"reset", func(c *sim.AlertnessConfig) { c.ResetMinutes = -90 }, "alertness.reset_minutes: -90"},
		{"group", func(c *sim.AlertnessConfig) { c.GroupHours = -3 }, "alertness.group_hours: -3"},
		{"threshold", func(c *sim.AlertnessConfig) { c.AlertThreshold = 2 }, "alertness.alert_threshold: 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultAlertness()
			tc.edit(&c)
			checkErr(t, c.Validate(), tc.want)
		})
	}
}

func TestChoiceValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*sim.ChoiceConfig)
		want string
	}{
		{"default", func(*sim.ChoiceConfig) {}, ""},
		{"negative tastes allowed", func(c *sim.ChoiceConfig) { c.Star = -1; c.Social = -1; c.Outside = -2 }, ""},
		{"interest", func(c *sim.ChoiceConfig) { c.Interest = math.NaN() }, "choice.b_interest: NaN"},
		{"star", func(c *sim.ChoiceConfig) { c.Star = math.Inf(1) }, "choice.b_star: +Inf"},
		{"social", func(c *sim.ChoiceConfig) { c.Social = math.Inf(-1) }, "choice.b_social: -Inf"},
		{"crowd", func(c *sim.ChoiceConfig) { c.Crowd = -2 }, "choice.b_crowd: -2"},
		{"crowd free", func(c *sim.ChoiceConfig) { c.CrowdFree = -0.8 }, "choice.crowd_free: -0.8"},
		{"outside", func(c *sim.ChoiceConfig) { c.Outside = math.NaN() }, "choice.outside: NaN"},
		{"outside fatigue", func(c *sim.ChoiceConfig) { c.OutsideFatigue = math.Inf(1) }, "choice.outside_fatigue: +Inf"},
		{"noise", func(c *sim.ChoiceConfig) { c.Noise = -1 }, "choice.noise: -1"},
		{"margin", func(c *sim.ChoiceConfig) { c.TwoFeet.Margin = -0.3 }, "choice.two_feet.margin: -0.3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultChoice()
			tc.edit(&c)
			checkErr(t, c.Validate(), tc.want)
		})
	}
}

// checkErr fails unless err is nil when want is "", or contains want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("Validate() = %v, want nil", err)
	case want != "" && err == nil:
		t.Fatalf("Validate() = nil, want an error containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("Validate() = %q, want it to contain %q", err, want)
	}
}
