package prior

import (
	"math"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

func TestFieldAndSet(t *testing.T) {
	var c sim.Config
	if err := Set(&c, "choice.two_feet.margin", 0.4); err != nil {
		t.Fatal(err)
	}
	if c.Choice.TwoFeet.Margin != 0.4 {
		t.Errorf("choice.two_feet.margin = %v, want 0.4", c.Choice.TwoFeet.Margin)
	}
	if v, err := Get(&c, "choice.two_feet.margin"); err != nil || v != 0.4 {
		t.Errorf("Get = %v, %v", v, err)
	}
	for _, key := range []string{"choice", "choice.nope", "attendees.count", "event.rooms", "choice.two_feet.enabled", "run.seeds", ""} {
		if _, err := Field(&c, key); err == nil || !strings.Contains(err.Error(), "not a number of the model") {
			t.Errorf("Field(%q) = %v, want 'not a number of the model'", key, err)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		c    Config
		want string
	}{
		{Config{PriorVoters: -1}, "forecast.prior_voters"},
		{Config{Scatter: -0.1}, "forecast.scatter: -0.1"},
		{Config{Scatter: 4}, "forecast.scatter: 4"},
		{Config{Scatter: math.NaN()}, "forecast.scatter: NaN"},
		{Config{Priors: []Dist{{Key: "choice.nope", Normal: []float64{0, 1}}}}, "forecast.priors.0.key"},
		{Config{Priors: []Dist{{Key: "choice.outside"}}}, "want exactly one of"},
		{Config{Priors: []Dist{{Key: "choice.outside", Normal: []float64{0, 1}, Beta: []float64{1, 1}}}}, "want exactly one of"},
		{Config{Priors: []Dist{{Key: "choice.outside", Normal: []float64{0, -1}}}}, "forecast.priors.0.normal"},
		{Config{Priors: []Dist{{Key: "choice.outside", Normal: []float64{math.Inf(1), 1}}}}, "forecast.priors.0.normal.0: +Inf"},
		{Config{Priors: []Dist{{Key: "choice.outside", LogNormal: []float64{0, 1}}}}, "median > 0"},
		{Config{Priors: []Dist{{Key: "choice.outside", Uniform: []float64{2, 1}}}}, "low < high"},
		{Config{Priors: []Dist{{Key: "votes.taste", Beta: []float64{2}}}}, "want two numbers"},
		{Config{Priors: []Dist{{Key: "votes.taste", Beta: []float64{2, 2}, Bounds: []float64{2, 3}}}}, "outside the beta distribution's support"},
		{Config{Priors: []Dist{{Key: "votes.noise", Normal: []float64{0, 1}}, {Key: "votes.noise", Normal: []float64{0, 1}}}}, "already has a prior"},
		{Config{Posterior: Draws{Keys: []string{"votes.noise"}, Rows: [][]float64{{0.1, 0.2}}}}, "forecast.posterior.draws.0: 2 values for 1 keys"},
		{Config{Posterior: Draws{Keys: []string{"votes.noise"}}}, "keys without draws"},
		{Config{Posterior: Draws{Keys: []string{"votes.noise"}, Rows: [][]float64{{math.NaN()}}}}, "forecast.posterior.draws.0.0: NaN"},
		{Config{Priors: []Dist{{Key: "forecast.scatter", LogNormal: []float64{0.4, 0.5}}}}, "forecast.priors.0 (forecast.scatter): its values reach outside [0, 3]"},
		{Config{Priors: []Dist{{Key: "forecast.scatter", Normal: []float64{0.4, 0.5}, Bounds: []float64{-1, 2}}}}, "reach outside [0, 3]"},
		{Config{Priors: []Dist{{Key: "forecast.prior_voters", Normal: []float64{2, 1}}}}, "forecast.priors.0.key"},
		{Config{Posterior: Draws{Keys: []string{"forecast.scatter"}, Rows: [][]float64{{0.3}, {-0.2}}}}, "forecast.posterior.draws.1.0: -0.2: forecast.scatter wants a number from 0 to 3"},
	} {
		err := tc.c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.c, err, tc.want)
		}
	}
}

// TestRandMatchesDensity: draws fall in each distribution's support with
// the mean and sd Mean states (bounds aside), and the real-line map is a
// bijection whose Jacobian integrates the density to 1.
func TestRandMatchesDensity(t *testing.T) {
	for _, d := range []Dist{
		{Key: "choice.outside", Normal: []float64{2.4, 0.35}},
		{Key: "choice.appeal", LogNormal: []float64{0.5, 0.35}},
		{Key: "votes.taste", Beta: []float64{2, 3}},
		{Key: "votes.noise", Uniform: []float64{0.1, 0.4}},
		{Key: "votes.maybe", Normal: []float64{0.15, 0.1}, Bounds: []float64{0, 1}},
	} {
		src := rng.New(1, d.Key)
		const n = 40000
		var sum, sq float64
		lo, hi := d.support()
		for range n {
			x := d.Rand(src)
			if x < lo || x > hi {
				t.Fatalf("%s: draw %v outside [%v, %v]", d.Key, x, lo, hi)
			}
			sum += x
			sq += x * x
			y := d.ToReal(x)
			if back, _ := d.FromReal(y); math.Abs(back-x) > 1e-9*max(1, math.Abs(x)) {
				t.Fatalf("%s: FromReal(ToReal(%v)) = %v", d.Key, x, back)
			}
		}
		mean, sd := sum/n, math.Sqrt(sq/n-(sum/n)*(sum/n))
		if d.Bounds == nil {
			wm, wsd := d.Mean()
			if math.Abs(mean-wm) > 4*wsd/math.Sqrt(n) || math.Abs(sd-wsd) > 0.03*wsd {
				t.Errorf("%s: mean %.4f sd %.4f, want %.4f and %.4f", d.Key, mean, sd, wm, wsd)
			}
		}
		// ∫ p(x(y)) |dx/dy| dy is the constant LogDensity leaves out (√(2π)
		// for the normal and log-normal, 1 otherwise) times the mass
		// inside the bounds.
		total, step := 0.0, 0.001
		for y := -30.0; y < 30; y += step {
			x, lj := d.FromReal(y)
			if ld := d.LogDensity(x); !math.IsInf(ld, -1) {
				total += math.Exp(ld+lj) * step
			}
		}
		want := math.Sqrt(2 * math.Pi) // LogDensity leaves out the normal constant
		if d.Uniform != nil || d.Beta != nil {
			want = 1
		}
		if d.Bounds != nil {
			want *= 0.9330 // P(0 ≤ N(0.15, 0.1) ≤ 1)
		}
		if math.Abs(total-want) > 0.01 {
			t.Errorf("%s: density integrates to %.4f, want %.4f", d.Key, total, want)
		}
	}
}

func TestApply(t *testing.T) {
	c := Config{
		Scatter:   0.4,
		Priors:    []Dist{{Key: "choice.outside", Normal: []float64{2, 0.1}}, {Key: "votes.noise", LogNormal: []float64{0.2, 0.1}}},
		Posterior: Draws{Keys: []string{"votes.noise"}, Rows: [][]float64{{0.31}, {0.32}}},
	}
	seen := map[float64]bool{}
	for r := range 50 {
		// The model must validate: start from zero values that do.
		base := validModel()
		got, scatter, err := c.Apply(base, rng.New(uint64(r), "prior"))
		if err != nil {
			t.Fatal(err)
		}
		if scatter != c.Scatter {
			t.Errorf("scatter %v without a prior on it, want forecast.scatter %v", scatter, c.Scatter)
		}
		if got.Choice.Outside < 1.5 || got.Choice.Outside > 2.5 {
			t.Errorf("choice.outside %v not drawn from its prior", got.Choice.Outside)
		}
		if got.Votes.Noise != 0.31 && got.Votes.Noise != 0.32 {
			t.Errorf("votes.noise %v: want a posterior row", got.Votes.Noise)
		}
		seen[got.Votes.Noise] = true
		if base.Choice.Outside != validModel().Choice.Outside {
			t.Error("Apply modified its argument")
		}
	}
	if len(seen) != 2 {
		t.Errorf("posterior rows used: %v, want both", seen)
	}
}

// TestApplyScatter: a prior or posterior on forecast.scatter draws the
// scatter (jointly with the model's keys of the same posterior row), and
// the model's draws do not move.
func TestApplyScatter(t *testing.T) {
	withPrior := Config{Scatter: 0.4, Priors: []Dist{
		{Key: "choice.outside", Normal: []float64{2, 0.1}},
		{Key: ScatterKey, Uniform: []float64{0.5, 0.9}},
	}}
	without := Config{Scatter: 0.4, Priors: withPrior.Priors[:1]}
	joint := Config{Scatter: 0.4, Posterior: Draws{Keys: []string{"choice.outside", ScatterKey}, Rows: [][]float64{{1.1, 0.7}, {1.2, 0.8}}}}
	for r := range 50 {
		got, scatter, err := withPrior.Apply(validModel(), rng.New(uint64(r), "prior"))
		if err != nil {
			t.Fatal(err)
		}
		if scatter < 0.5 || scatter > 0.9 {
			t.Errorf("scatter %v not drawn from its prior U(0.5, 0.9)", scatter)
		}
		ref, _, err := without.Apply(validModel(), rng.New(uint64(r), "prior"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Choice.Outside != ref.Choice.Outside {
			t.Errorf("choice.outside %v with a scatter prior listed after it, %v without", got.Choice.Outside, ref.Choice.Outside)
		}
		m, s, err := joint.Apply(validModel(), rng.New(uint64(r), "prior"))
		if err != nil {
			t.Fatal(err)
		}
		if want := map[float64]float64{1.1: 0.7, 1.2: 0.8}[m.Choice.Outside]; s != want {
			t.Errorf("posterior row with choice.outside %v gave scatter %v, want %v", m.Choice.Outside, s, want)
		}
	}
}

// validModel is a small model that passes sim.Config.Validate.
func validModel() *sim.Config {
	return &sim.Config{
		Event: sim.EventConfig{
			Name: "tiny", StartDate: "2017-12-01", Days: 1,
			Slots:  []sim.SlotConfig{{Start: "09:00", Minutes: 60}},
			Rooms:  []sim.RoomGroup{{Name: "A", Count: 1, Capacity: 10}},
			Topics: []sim.TopicConfig{{Name: "t0", Popularity: 1}},
		},
		Attendees: sim.AttendeesConfig{
			Count: 5, Backgrounds: sim.BackgroundMix{Industry: 1}, Seniority: sim.SeniorityMix{Mid: 1},
			InterestConcentration: 0.3, Affiliations: 2, SociabilityAlpha: 2, SociabilityBeta: 2,
			Propensity: sim.SeniorityMix{Leader: 1, Senior: 1, Mid: 1, Newcomer: 1},
		},
		Alertness: sim.AlertnessConfig{
			WestRate: 1.5, EastRate: 1, Base: 1, PeakHour: 12, HarmonicHour: 12,
			DipHour: 14, DipWidth: 1, ResetMinutes: 90, GroupHours: 3, AlertThreshold: 0.5,
		},
		Proposals: sim.ProposalsConfig{Rate: 0.3, MaxPerAttendee: 1, TopInterests: 1},
		Votes:     sim.VotesConfig{Turnout: 1, Threshold: 0.55, Noise: 0.2},
		Choice:    sim.ChoiceConfig{Interest: 3, CrowdFree: 0.8, Outside: 1, Noise: 0.5},
		Quality:   sim.QualityConfig{Peak: 10, Width: 1.2},
		Ties:      sim.TiesConfig{Rate: 0.5, Interest: 0.5, SizeExponent: 1},
		Metrics:   sim.MetricsConfig{Collapsed: 2, RandomSchedules: 3},
	}
}
