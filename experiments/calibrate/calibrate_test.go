package calibrate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/sim/prior"
)

func TestSessionLogLik(t *testing.T) {
	xs := []int{9, 10, 10, 11, 12, 9, 10, 11} // log(1 + x) has mean ≈ 2.39, sd ≈ 0.09 (→ MinSD)
	at := func(lo, hi int, full bool) float64 {
		return sessionLogLik(&plan.Observation{Lo: lo, Hi: hi, Full: full}, xs, 40, 0)
	}
	if at(10, 10, false) <= at(14, 14, false) || at(14, 14, false) <= at(30, 30, false) {
		t.Errorf("log likelihood should fall away from the simulated counts: 10 → %.2f, 14 → %.2f, 30 → %.2f",
			at(10, 10, false), at(14, 14, false), at(30, 30, false))
	}
	// Far away, only the flat outlier term is left: Outlier/(capacity+1).
	if got, want := at(35, 35, false), math.Log(Outlier/41); math.Abs(got-want) > 1e-6 {
		t.Errorf("a count the model cannot make: %.4f, want the outlier floor %.4f", got, want)
	}
	// A range holds at least as much probability as any count in it.
	if at(8, 12, false) < at(10, 10, false) {
		t.Error("the range 8–12 is less likely than the count 10 inside it")
	}
	// A full room of 10 (at least 10) holds the counts above it.
	if at(10, 10, true) <= at(10, 10, false) {
		t.Error("'at least 10' is no likelier than 'exactly 10'")
	}
	// Replicates that all agree do not rule out a neighbour (MinSD).
	same := []int{5, 5, 5, 5}
	if l := sessionLogLik(&plan.Observation{Lo: 6, Hi: 6}, same, 40, 0); l < math.Log(0.05) {
		t.Errorf("6 against replicates all at 5: log likelihood %.2f", l)
	}
	// Scatter widens the likelihood: a far count becomes likelier, the
	// model's own count less likely.
	wide := func(x int, scatter float64) float64 {
		return sessionLogLik(&plan.Observation{Lo: x, Hi: x}, xs, 40, scatter)
	}
	if wide(20, 0.5) <= wide(20, 0) || wide(10, 0.5) >= wide(10, 0) {
		t.Errorf("scatter 0.5: 20 → %.2f (without %.2f), 10 → %.2f (without %.2f)", wide(20, 0.5), wide(20, 0), wide(10, 0.5), wide(10, 0))
	}
}

// tinyProblem is a small calibration problem from a small event.
func tinyProblem(t *testing.T) *Problem {
	cfg := validationConfig(t, "small", 0.4)
	cfg.Forecast.Priors = cfg.Forecast.Priors[:3] // outside, margin, appeal
	return makeEvent(t, cfg, &cfg.Model, &foreignFamilies[0], 0, 3)
}

// TestFitsScatter: with a prior on forecast.scatter, calibrate learns it
// from how far the head counts stray from the model's: on events that
// unconf simulates and then scatters by 0.1 and 0.9, the posteriors are
// ordered so and near their truths (a little above 0.1: plan's worlds do
// not know the true interests, and that discrepancy is scatter too; a
// little below 0.9: the prior, median 0.4, pulls it back).
//
// Each truth's posterior is pooled over scatterEvents events (their
// weighted draws, each event's weights summing to 1), each with all its
// sessions counted: one event's counts are one sample of the scatter, and
// a log-scale scatter of 0.9 estimated from 13 of them wanders with it
// (posterior means from 0.43 to 1.04 over ten events, the 80% interval
// more than 0.1 below 0.9 in three), so a check on one event tests that
// event's draw, not calibrate.
func TestFitsScatter(t *testing.T) {
	const scatterEvents = 3
	cfg := validationConfig(t, "small", 1)
	cfg.Forecast.Priors = []prior.Dist{{Key: prior.ScatterKey, LogNormal: []float64{0.4, 0.6}, Bounds: []float64{0, 2}}}
	var means []float64
	for _, truth := range []float64{0.1, 0.9} {
		var xs, ws []float64
		eventMeans := 0.0
		for e := range uint64(scatterEvents) {
			p := makeEventObserved(t, cfg, &cfg.Model, nil, truth, 1+e, math.MaxInt)
			f, err := Run(context.Background(), p, Options{Draws: 30, Rounds: 2, Replicates: 4, Seed: 1 + e})
			if err != nil {
				t.Fatal(err)
			}
			m := f.Marginals()[0]
			t.Logf("scatter %.1f, event %d (%d sessions counted): posterior mean %.2f, 80%% interval [%.2f, %.2f]", truth, e, len(p.Obs), m.Mean, m.Lo, m.Hi)
			eventMeans += m.Mean / scatterEvents
			for _, d := range f.Draws {
				xs = append(xs, d.X[0])
				ws = append(ws, math.Exp(d.LogWeight))
			}
		}
		mean, lo, hi := weightedSummary(xs, ws)
		t.Logf("scatter %.1f, %d events pooled: posterior mean %.2f, 80%% interval [%.2f, %.2f]", truth, scatterEvents, mean, lo, hi)
		if lo > truth+0.1 || hi < truth-0.1 {
			t.Errorf("scatter %.1f: the pooled 80%% interval [%.2f, %.2f] is not near it", truth, lo, hi)
		}
		// The mixture of three posteriors is wider than each; the
		// events' own means, averaged, must also have left the prior
		// (median 0.4) for the truth.
		if math.Abs(eventMeans-truth) > 0.2 {
			t.Errorf("scatter %.1f: the events' posterior means average %.2f", truth, eventMeans)
		}
		means = append(means, mean)
	}
	if means[1] < means[0]+0.3 {
		t.Errorf("pooled posterior means of the scatter: %.2f for a true 0.1, %.2f for a true 0.9", means[0], means[1])
	}
}

func TestRunDeterministicAndResumes(t *testing.T) {
	p := tinyProblem(t)
	o := Options{Draws: 12, Rounds: 2, Replicates: 2, Seed: 9, Workers: 1}
	ref, err := Run(context.Background(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Sims() != 48 || len(ref.Posterior) != PosteriorDraws {
		t.Fatalf("%d simulated events, %d posterior draws", ref.Sims(), len(ref.Posterior))
	}
	same := func(name string, f *Fit) {
		t.Helper()
		if !reflect.DeepEqual(f.Draws, ref.Draws) || !reflect.DeepEqual(f.Posterior, ref.Posterior) {
			t.Errorf("%s: the fit differs", name)
		}
	}
	o.Workers = 3
	f, err := Run(context.Background(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	same("3 workers", f)

	// Journaled, interrupted after the first batch, resumed.
	o.Journal = filepath.Join(t.TempDir(), JournalFile)
	o.Spec = "spec-1"
	if _, err := Run(context.Background(), p, o); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(o.Journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) != 1+24+1 { // header, 24 draws, "" after the last newline
		t.Fatalf("journal has %d lines", len(lines))
	}
	cut := strings.Join(lines[:10], "") + lines[10][:len(lines[10])/2] // a torn line
	if err := os.WriteFile(o.Journal, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err = Run(context.Background(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	same("resumed", f)
	if f.Resumed != 9 {
		t.Errorf("resumed %d draws, want the 9 whole lines", f.Resumed)
	}
	// A journal of other inputs is refused.
	o.Spec = "spec-2"
	if _, err := Run(context.Background(), p, o); err == nil || !strings.Contains(err.Error(), "other inputs") {
		t.Errorf("journal of another spec: error %v", err)
	}
}

func TestRunErrors(t *testing.T) {
	p := tinyProblem(t)
	empty := *p
	empty.Forecast = &prior.Config{PriorVoters: 2}
	if _, err := Run(context.Background(), &empty, Options{}); err == nil || !strings.Contains(err.Error(), "forecast.priors is empty") {
		t.Errorf("no priors: %v", err)
	}
	none := *p
	none.Obs, none.Capacity = nil, nil
	if _, err := Run(context.Background(), &none, Options{}); err == nil || !strings.Contains(err.Error(), "no observed head counts") {
		t.Errorf("no observations: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, p, Options{Draws: 8, Rounds: 1, Replicates: 1}); err == nil {
		t.Error("a cancelled context ran to the end")
	}
}

// TestPredictiveScatter: forecast.scatter widens the predictive ranges
// around the same median and keeps them inside the room.
func TestPredictiveScatter(t *testing.T) {
	fit := func(scatter float64) *Fit {
		return &Fit{
			Problem: &Problem{Obs: []plan.Observation{{Lo: 12, Hi: 12}}, Capacity: []int{20},
				Forecast: &prior.Config{Scatter: scatter}},
			Options: Options{Replicates: 4},
			Draws:   []Draw{{Counts: []int{10, 11, 12, 13}, LogLik: []float64{0}}},
		}
	}
	narrow, wide := fit(0).Predictive(0, false), fit(0.5).Predictive(0, false)
	if wide.P90-wide.P10 <= narrow.P90-narrow.P10 || math.Abs(wide.Median-narrow.Median) > 1 {
		t.Errorf("scatter 0.5: %+v, without: %+v; want a wider range around the same median", wide, narrow)
	}
	if wide.P10 < 1 || wide.P90 > 20 {
		t.Errorf("scatter 0.5: %+v outside the room (1–20)", wide)
	}
	if huge := fit(3).Predictive(0, false); huge.P90 != 20 || huge.P10 != 1 {
		t.Errorf("scatter 3: %+v, want the 80%% range to reach the room's bounds 1 and 20", huge)
	}
}
