package sim

import (
	"errors"
	"fmt"
	"math"
)

// AttendeesConfig describes the attendee population. Defaults are those of the
// embedded SOCML 2017 scenario (configs/socml2017.yaml).
type AttendeesConfig struct {
	// Count is the number of attendees (default 200).
	Count int `mapstructure:"count"`
	// Backgrounds is the sector mix (default 35/35/15/15).
	Backgrounds BackgroundMix `mapstructure:"backgrounds"`
	// Seniority is the mix of career stages (default leader 0.10, senior
	// 0.25, mid 0.35, newcomer 0.30).
	Seniority SeniorityMix `mapstructure:"seniority"`
	// InterestConcentration scales the Dirichlet over topics: alpha_t =
	// concentration × popularity_t / mean popularity, so it is the
	// concentration per topic on average. Small values give sparse
	// interests (default 0.3).
	InterestConcentration float64 `mapstructure:"interest_concentration"`
	// VisitorShare is the share of attendees who travel from another time
	// zone; the rest live at the venue's offset (default 0.45).
	VisitorShare float64 `mapstructure:"visitor_share"`
	// Origins is where visitors come from, with relative shares (default
	// US East −5 h 0.30, Europe +1 h 0.35, East Asia +8 h 0.20, India
	// +5.5 h 0.10, Australia +10 h 0.05).
	Origins []Origin `mapstructure:"origins"`
	// Affiliations is the number of organisations (default 60). Sizes
	// follow a Zipf-like law with exponent AffiliationSkew (default 1).
	Affiliations    int     `mapstructure:"affiliations"`
	AffiliationSkew float64 `mapstructure:"affiliation_skew"`
	// StarShare is the share of all attendees who are stars, drawn among
	// leaders (default 0.02: four stars in 200).
	StarShare float64 `mapstructure:"star_share"`
	// SociabilityAlpha and SociabilityBeta shape the Beta distribution of
	// sociability (default 2, 2).
	SociabilityAlpha float64 `mapstructure:"sociability_alpha"`
	SociabilityBeta  float64 `mapstructure:"sociability_beta"`
	// Propensity is the proposal propensity by seniority (defaults leader
	// 1.5, senior 1.2, mid 1, newcomer 0.6); each attendee's is this value
	// times a log-normal factor of median 1 (see PropensitySigma).
	Propensity SeniorityMix `mapstructure:"propensity"`
}

// BackgroundMix holds one non-negative weight per background; weights are
// normalised, so they need not sum to 1.
type BackgroundMix struct {
	Industry float64 `mapstructure:"industry"`
	Academia float64 `mapstructure:"academia"`
	Startup  float64 `mapstructure:"startup"`
	Student  float64 `mapstructure:"student"`
}

// Weights returns the mix indexed by Background.
func (m BackgroundMix) Weights() []float64 {
	w := m.array()
	return w[:]
}

// array is Weights in an array, which Validate keeps on the stack.
func (m BackgroundMix) array() [NumBackgrounds]float64 {
	return [NumBackgrounds]float64{m.Industry, m.Academia, m.Startup, m.Student}
}

// SeniorityMix holds one non-negative value per seniority level.
type SeniorityMix struct {
	Leader   float64 `mapstructure:"leader"`
	Senior   float64 `mapstructure:"senior"`
	Mid      float64 `mapstructure:"mid"`
	Newcomer float64 `mapstructure:"newcomer"`
}

// Weights returns the mix indexed by Seniority.
func (m SeniorityMix) Weights() []float64 {
	w := m.array()
	return w[:]
}

// array is Weights in an array, which Validate keeps on the stack.
func (m SeniorityMix) array() [NumSeniorities]float64 {
	return [NumSeniorities]float64{m.Leader, m.Senior, m.Mid, m.Newcomer}
}

// Origin is a home region of visitors.
type Origin struct {
	Name string `mapstructure:"name"`
	// UTCOffset is the region's offset from UTC in hours.
	UTCOffset float64 `mapstructure:"utc_offset"`
	// Share is the region's relative weight among visitors.
	Share float64 `mapstructure:"share"`
}

// MaxCount bounds attendees.count and attendees.affiliations: twenty
// times the largest event benchmarked (5,000 attendees), it makes a typo
// such as count: 2000000000 an error naming the key instead of an
// out-of-memory crash.
const MaxCount = 100_000

// MaxOrigins bounds the number of attendees.origins.
const MaxOrigins = 1000

// MaxValue bounds every real-valued setting that has no narrower range
// (weights, rates, coefficients, widths): far beyond any meaningful value,
// it keeps the sums and products the model forms of them finite.
const MaxValue = 1e6

// maxText is MaxValue as errors print it.
const maxText = "1e6"

// Validate reports the first invalid field, by its config key. Weights
// (backgrounds, seniority, origin shares) must have a finite positive sum.
func (c *AttendeesConfig) Validate() error {
	if c.Count < 1 || c.Count > MaxCount {
		return fmt.Errorf("attendees.count: %d: want 1 to %d", c.Count, MaxCount)
	}
	bg, sen, prop := c.Backgrounds.array(), c.Seniority.array(), c.Propensity.array()
	if err := checkWeights("attendees.backgrounds", bg[:], backgroundNames[:]); err != nil {
		return err
	}
	if err := checkWeights("attendees.seniority", sen[:], seniorityNames[:]); err != nil {
		return err
	}
	if err := positive("attendees.interest_concentration", c.InterestConcentration); err != nil {
		return err
	}
	if err := probability("attendees.visitor_share", c.VisitorShare); err != nil {
		return err
	}
	if len(c.Origins) > MaxOrigins {
		return fmt.Errorf("attendees.origins: %d origins: want at most %d", len(c.Origins), MaxOrigins)
	}
	if c.VisitorShare > 0 {
		if len(c.Origins) == 0 {
			return errors.New("attendees.origins: empty but visitor_share > 0: name at least one origin")
		}
		sum := 0.0
		for i, o := range c.Origins {
			key := itemKey{"attendees.origins", i}
			if nonNegative("", o.Share) != nil {
				return nonNegative(key.String()+".share", o.Share)
			}
			if o.UTCOffset < -12 || o.UTCOffset > 14 || math.IsNaN(o.UTCOffset) {
				return fmt.Errorf("%s.utc_offset: %v: want hours in [-12, 14]", key, o.UTCOffset)
			}
			sum += o.Share
		}
		if !(sum > 0) || math.IsInf(sum, 0) {
			return fmt.Errorf("attendees.origins: shares sum to %v: want a finite positive sum", sum)
		}
	}
	if c.Affiliations < 1 || c.Affiliations > MaxCount {
		return fmt.Errorf("attendees.affiliations: %d: want 1 to %d", c.Affiliations, MaxCount)
	}
	if err := nonNegative("attendees.affiliation_skew", c.AffiliationSkew); err != nil {
		return err
	}
	if err := probability("attendees.star_share", c.StarShare); err != nil {
		return err
	}
	if err := positive("attendees.sociability_alpha", c.SociabilityAlpha); err != nil {
		return err
	}
	if err := positive("attendees.sociability_beta", c.SociabilityBeta); err != nil {
		return err
	}
	for i, v := range prop {
		if nonNegative("", v) != nil { // the key only for the error
			return nonNegative("attendees.propensity."+seniorityNames[i], v)
		}
	}
	return nil
}

func checkWeights(key string, w []float64, names []string) error {
	sum := 0.0
	for i, v := range w {
		if !(v >= 0 && v <= MaxValue) {
			return fmt.Errorf("%s.%s: %v: want a weight from 0 to %s", key, names[i], v, maxText)
		}
		sum += v
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return fmt.Errorf("%s: weights sum to %v: want a finite positive sum", key, sum)
	}
	return nil
}
