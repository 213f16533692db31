//go:build !race

package calibrate

// Validation against head counts unconf did not generate: two families of
// generators built on the hands-share formula, out-of-model coverage of
// plan's ranges before and after calibrating on a separate event of the
// same family, parameter recovery on events unconf simulated with known
// parameters, and the slope of predicted attendance on hands. The CI runs
// small events (not under -race: these are statistics, not concurrency,
// and the race detector makes them ten times slower); the tables in
// docs/ODD.md §10.7 come from the flags below (about 12, 19–33 and 8
// minutes on 2 cores):
//
//	go test ./experiments/calibrate -run OutOfModel -v -validation-pairs 8 -timeout 3h
//	go test ./experiments/calibrate -run OutOfModel -v -validation-size real -validation-pairs 8 -timeout 3h
//	go test ./experiments/calibrate -run Recovery -v -recovery-events 20 -timeout 3h

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/prior"
	"github.com/unconf/unconf/sim/rng"
)

// TestOutOfModelCoverage: on events whose head counts come from
// generators that are not unconf's model, plan's ranges with the default
// priors, and after calibrating on a separate event of the same family
// (calibrate on event A, plan event B with A's forecast.yaml), at vote
// turnouts 0.4 and 1. The CI checks the pooled coverage after calibration.
func TestOutOfModelCoverage(t *testing.T) {
	var before, after coverage
	var rows []string
	for _, turnout := range []float64{0.4, 1} {
		cfg := validationConfig(t, *valSize, turnout)
		for fi := range foreignFamilies {
			fam := &foreignFamilies[fi]
			var b, a coverage
			for k := range *valPairs {
				seed := rng.Replicate(uint64(9000+fi), 2*k)
				train := makeEvent(t, cfg, &cfg.Model, fam, 0, seed)
				test := makeEvent(t, cfg, &cfg.Model, fam, 0, rng.Replicate(uint64(9000+fi), 2*k+1))
				cb := planCoverage(t, cfg, test, &cfg.Forecast, seed)
				fit, err := Run(context.Background(), train, fitOptions(seed))
				if err != nil {
					t.Fatal(err)
				}
				ca := planCoverage(t, cfg, test, fit.Forecast(), seed)
				for _, x := range []struct{ to, from *coverage }{{&b, &cb}, {&a, &ca}, {&before, &cb}, {&after, &ca}} {
					x.to.in50 += x.from.in50
					x.to.in80 += x.from.in80
					x.to.n += x.from.n
				}
			}
			rows = append(rows, fmt.Sprintf("| %s | %.1f | %v | %v |", fam.name, turnout, b, a))
		}
	}
	t.Logf("\n| family | turnout | default priors | after calibrate |\n|---|---|---|---|\n%s\n| all | | %v | %v |",
		strings.Join(rows, "\n"), before, after)
	// About 4 sessions of sd at 52 sessions: bounds a coverage near the
	// nominal one passes and a badly miscalibrated one fails.
	if s := after.share80(); s < 0.6 || s > 0.97 {
		t.Errorf("80%% ranges after calibration hold %.2f of head counts, want 0.6–0.97", s)
	}
	if s := after.share50(); s < 0.3 || s > 0.75 {
		t.Errorf("50%% ranges after calibration hold %.2f of head counts, want 0.3–0.75", s)
	}
}

// TestParameterRecovery: on events simulated by unconf with parameters
// drawn from the priors, how often calibrate's 80% credible interval
// holds the true value, per parameter. Drawing the truth from the prior
// makes 80% the right answer for a calibrated posterior (simulation-based
// calibration, Talts et al. 2018), whatever the data say.
func TestParameterRecovery(t *testing.T) {
	cfg := validationConfig(t, *valSize, 0.4)
	keys := make([]string, len(cfg.Forecast.Priors))
	held := make([]int, len(keys))
	informed := make([]int, len(keys))
	src := rng.New(2718, "truth")
	for e := range *recoveryCount {
		truth, scatter := cfg.Model, 0.0
		theta := make([]float64, len(keys))
		for k, d := range cfg.Forecast.Priors {
			keys[k] = d.Key
			theta[k] = d.Rand(src)
			if d.Key == prior.ScatterKey {
				scatter = theta[k]
				continue
			}
			if err := prior.Set(&truth, d.Key, theta[k]); err != nil {
				t.Fatal(err)
			}
		}
		seed := rng.Replicate(31415, e)
		p := makeEvent(t, cfg, &truth, nil, scatter, seed)
		fit, err := Run(context.Background(), p, fitOptions(seed))
		if err != nil {
			t.Fatal(err)
		}
		for k, m := range fit.Marginals() {
			if theta[k] >= m.Lo && theta[k] <= m.Hi {
				held[k]++
			}
			if m.Informed {
				informed[k]++
			}
		}
	}
	var b strings.Builder
	b.WriteString("\n| parameter | true value inside the 80% interval | informed by the data |\n|---|---|---|\n")
	total := 0
	for k, key := range keys {
		fmt.Fprintf(&b, "| `%s` | %d of %d | %d of %d |\n", key, held[k], *recoveryCount, informed[k], *recoveryCount)
		total += held[k]
	}
	t.Log(b.String())
	if s := float64(total) / float64(len(keys)**recoveryCount); s < 0.65 {
		t.Errorf("the 80%% intervals held %.2f of true values, want at least 0.65", s)
	}
}

// TestSlopeOnHands: at turnout 0.4, plan's predicted median attendance
// grows with hands as the truth does: the least-squares slope of the
// medians on hands is within a factor 1.5 of the slope of the true
// attendance (the mean of ten runs of the event on the true world), with
// plan given the truth's own behavioural parameters (no priors), so that
// only what it must infer (interests, and non-voters from voters)
// differs.
func TestSlopeOnHands(t *testing.T) {
	cfg := validationConfig(t, *valSize, 0.4)
	p := makeEvent(t, cfg, &cfg.Model, nil, 0, 77)
	w, err := agents.NewWorld(&cfg.Model, 77)
	if err != nil {
		t.Fatal(err)
	}
	var eng sim.Engine
	truth := make([]float64, len(p.Schedule.Sessions))
	for k := range 10 {
		run := *w
		run.Seed = rng.Replicate(77, k+1)
		res, err := eng.Evaluate(&run, p.Schedule)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range res.Sessions {
			truth[i] += float64(s.Attendance) / 10
		}
	}
	rep, err := plan.Recommend(context.Background(), p.Data, &cfg.Model, cfg.Policy, plan.Options{
		Seeds: *valSeeds, Seed: 5, Policies: []string{"popularity"}, Fixed: p.Schedule,
		Forecast: &prior.Config{PriorVoters: prior.DefaultPriorVoters},
	})
	if err != nil {
		t.Fatal(err)
	}
	var hands, medians []float64
	for _, c := range rep.Candidates {
		if c.Name == plan.FixedName {
			for _, f := range c.Sessions {
				hands = append(hands, float64(f.Hands))
				medians = append(medians, f.Median)
			}
		}
	}
	_, want := stat.LinearRegression(hands, truth, nil, false)
	_, got := stat.LinearRegression(hands, medians, nil, false)
	t.Logf("attendance per hand: predicted medians %.3f, truth %.3f", got, want)
	if r := got / want; r < 1/1.5 || r > 1.5 {
		t.Errorf("predicted slope %.3f is %.2f times the truth's %.3f, want within a factor 1.5", got, r, want)
	}
}

// BenchmarkCalibrateRealEvent: calibrate's defaults on an event the size
// of the real 2025 unconference (259 attendees, 9 rooms, 135 sessions, 13
// counted), reporting the simulated events it used, the effective sample
// size and how many parameters the data informed. One iteration takes
// minutes: run it with -benchtime 1x.
func BenchmarkCalibrateRealEvent(b *testing.B) {
	cfg := validationConfig(b, "real", 0.4)
	p := makeEvent(b, cfg, &cfg.Model, &foreignFamilies[0], 0, 2025)
	var fit *Fit
	for b.Loop() {
		var err error
		if fit, err = Run(context.Background(), p, Options{Seed: 2025}); err != nil {
			b.Fatal(err)
		}
	}
	informed := 0
	for _, m := range fit.Marginals() {
		if m.Informed {
			informed++
		}
	}
	b.ReportMetric(float64(fit.Sims()), "events")
	b.ReportMetric(fit.ESS, "ESS")
	b.ReportMetric(float64(informed), "informed")
}
