package experiments

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// FuzzValidConfigRuns feeds arbitrary values to a small scenario: a valid
// config must run, never panic. `go test` runs only the seed corpus (f.Add
// and testdata/fuzz/<Target>); explore with
// `go test -run=^$ -fuzz=FuzzValidConfigRuns -fuzztime=45s ./experiments`.

// numericKeys returns the dotted paths of the numeric leaves of nested
// settings, sorted.
func numericKeys(v any, prefix string) []string {
	var keys []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			keys = append(keys, numericKeys(e, join(prefix, k))...)
		}
	case []any:
		for i, e := range x {
			keys = append(keys, numericKeys(e, join(prefix, fmt.Sprint(i)))...)
		}
	case int, int64, uint64, float64:
		keys = append(keys, prefix)
	}
	slices.Sort(keys)
	return keys
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// sizeKeys set how much work a replicate is; the fuzzer keeps them small.
var sizeKeys = []string{"attendees.count", "attendees.affiliations", "event.days", "metrics.random_schedules",
	"policy.spread.iterations", "policy.jetlag.iterations", "policy.optimized.iterations", "proposals.max_per_attendee",
	"run.seeds", "votes.budget"}

// FuzzValidConfigRuns sets up to three numeric keys of a small scenario to
// arbitrary values: a config that passes Validate must run under every
// policy without a panic or an error, and give finite or NaN metrics
// (never ±Inf).
func FuzzValidConfigRuns(f *testing.F) {
	base := exptest.TinyConfig(f)
	base.Policy.Spread.Iterations, base.Policy.Jetlag.Iterations, base.Policy.Optimized.Iterations = 50, 50, 200
	settings, err := scenario.Settings(base)
	if err != nil {
		f.Fatal(err)
	}
	keys := numericKeys(settings, "")
	at := func(k string) uint16 { return uint16(slices.Index(keys, k)) }
	for _, c := range []struct {
		k    [3]string
		v    [3]float64
		seed uint64
	}{
		{[3]string{"votes.turnout", "choice.noise", "votes.noise"}, [3]float64{0, 0, 0}, 1},
		{[3]string{"attendees.count", "proposals.rate", "proposals.max_per_attendee"}, [3]float64{1, 1, 5}, 2},
		{[3]string{"attendees.visitor_share", "alertness.fatigue", "choice.outside"}, [3]float64{1, 1, -50}, 3},
		{[3]string{"quality.peak", "quality.width", "ties.size_exponent"}, [3]float64{1e-300, 1e-300, 0}, 4},
		{[3]string{"event.rooms.0.capacity", "metrics.collapsed", "choice.crowd_free"}, [3]float64{1, 0, 0}, 5},
		{[3]string{"attendees.interest_concentration", "attendees.star_share", "votes.budget"}, [3]float64{1e-9, 1, 1}, 6},
		{[3]string{"alertness.west_rate", "alertness.arrival_days", "alertness.east_rate"}, [3]float64{0, 0, 0}, 7},
		{[3]string{"attendees.sociability_alpha", "attendees.sociability_beta", "choice.b_crowd"}, [3]float64{1e-6, 1e6, 1e300}, 8},
		// Weights whose sum overflows once panicked in gonum's Categorical.
		{[3]string{"attendees.interest_concentration", "event.topics.1.popularity", "event.days"}, [3]float64{5.6e303, 421579, 15}, 10},
		{[3]string{"attendees.interest_concentration", "event.topics.3.popularity", "event.days"}, [3]float64{421483, 1.4e303, 15}, 97},
		{[3]string{"attendees.backgrounds.industry", "attendees.backgrounds.academia", "attendees.origins.0.share"}, [3]float64{1e308, 1e308, 1e308}, 11},
		// Capacity 2^40 (no limit) once overflowed to 0 and sized tables.
		{[3]string{"event.rooms.0.capacity", "event.rooms.0.count", "choice.crowd_free"}, [3]float64{1 << 40, 2, 0}, 9},
	} {
		f.Add(at(c.k[0]), c.v[0], at(c.k[1]), c.v[1], at(c.k[2]), c.v[2], c.seed)
	}
	f.Fuzz(func(t *testing.T, k1 uint16, v1 float64, k2 uint16, v2 float64, k3 uint16, v3 float64, seed uint64) {
		s := settings
		for _, kv := range []struct {
			k uint16
			v float64
		}{{k1, v1}, {k2, v2}, {k3, v3}} {
			key := keys[int(kv.k)%len(keys)]
			if slices.Contains(sizeKeys, key) && !(math.Abs(kv.v) <= 60) ||
				strings.HasSuffix(key, ".count") && !(math.Abs(kv.v) <= 20) {
				return // too much work for a fuzz input
			}
			var v any = kv.v
			if kv.v == math.Trunc(kv.v) && math.Abs(kv.v) < 1<<53 {
				v = int64(kv.v) // counts take whole numbers
			}
			var err error
			if s, err = scenario.Override(s, key, v); err != nil {
				t.Fatalf("scenario.Override(%s): %v", key, err)
			}
		}
		c, err := scenario.Decode(s)
		if err != nil {
			return // invalid: an error is the right answer
		}
		w, err := agents.NewWorld(&c.Model, seed)
		if err != nil {
			t.Fatalf("valid config, NewWorld: %v", err)
		}
		var e sim.Engine
		for _, name := range policy.Names() {
			p, err := policy.New(name, c.Policy)
			if err != nil {
				t.Fatalf("valid config, policy %s: %v", name, err)
			}
			res, err := e.Run(w, p)
			if err != nil {
				t.Fatalf("valid config, policy %s: %v", name, err)
			}
			for m, x := range res.Metrics {
				if math.IsInf(x, 0) {
					t.Fatalf("valid config, policy %s: %v = %v", name, sim.Metric(m), x)
				}
			}
		}
	})
}
