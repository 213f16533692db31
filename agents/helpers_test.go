package agents_test

import (
	"flag"
	"math/rand/v2"

	"github.com/unconf/unconf/sim"
)

// seed is the master seed of the statistical tests; the tolerances below
// are stated for any seed (about four standard errors or more).
var seed = flag.Uint64("seed", 2017, "master seed of the statistical tests in package agents")

func src(stream uint64) rand.Source { return rand.NewPCG(*seed, stream) }

// popularity is the topic popularity of configs/socml2017.yaml (16 topics).
var popularity = []float64{1.4, 1.0, 0.9, 0.7, 1.0, 1.3, 0.6, 0.8, 1.3, 0.3, 0.9, 1.0, 0.6, 0.8, 1.2, 0.7}

// venue is the default venue's UTC offset (California).
const venue = -8.0

// defaultConfig returns the attendees section of configs/socml2017.yaml,
// written out here so the test does not import configs (which imports
// packages built on this one).
func defaultConfig() sim.AttendeesConfig {
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
