package policy_test

import (
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// defaults returns the policy settings of the embedded default scenario
// (configs/socml2017.yaml; TestDefaultsMatchConfig keeps them in step).
func defaults(testing.TB) policy.Config {
	return policy.Config{
		Spread:    policy.SpreadConfig{Iterations: 4000},
		Jetlag:    policy.JetlagConfig{Iterations: 4000, AlertWeight: 5},
		Optimized: policy.OptimizedConfig{Iterations: 25000, StartTemp: 0.05, EndTemp: 0.0005},
	}
}

// TestConformance runs the conformance suite on every policy New knows,
// with the embedded configuration's settings.
func TestConformance(t *testing.T) {
	c := defaults(t)
	for _, name := range policy.Names() {
		t.Run(name, func(t *testing.T) {
			if _, err := policy.New(name, c); err != nil {
				t.Fatal(err)
			}
			simtest.Conformance(t, func() sim.Policy {
				p, err := policy.New(name, c)
				if err != nil {
					t.Fatal(err)
				}
				return p
			})
		})
	}
}

// TestNewKnowsAll checks that New returns every named policy.
func TestNewKnowsAll(t *testing.T) {
	for _, name := range policy.Names() {
		if p, err := policy.New(name, defaults(t)); err != nil || p == nil {
			t.Errorf("New(%q) = %v, %v: want a policy", name, p, err)
		}
	}
}

func TestNewUnknown(t *testing.T) {
	for _, name := range []string{"", "Random", "spread ", "optimised", "show_of_hands"} {
		p, err := policy.New(name, defaults(t))
		if err == nil || p != nil {
			t.Errorf("New(%q) = %v, %v: want an error", name, p, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "policy: ") || !strings.Contains(err.Error(), "popularity") {
			t.Errorf("New(%q): error %q: want it prefixed and listing the names", name, err)
		}
	}
}

// TestNewSettings checks that New passes each policy its own settings.
func TestNewSettings(t *testing.T) {
	c := defaults(t)
	c.Spread.Iterations, c.Jetlag.Iterations, c.Jetlag.AlertWeight = 11, 22, 0.5
	c.Optimized = policy.OptimizedConfig{Iterations: 33, StartTemp: 0.2, EndTemp: 0.01}
	for _, tc := range []struct {
		name string
		want sim.Policy
	}{
		{"random", policy.Random{}},
		{"popularity", policy.Popularity{}},
		{"spread", policy.Spread{Iterations: 11}},
		{"jetlag", policy.Spread{Iterations: 22, AlertWeight: 0.5}},
		{"show-of-hands", policy.ShowOfHands{}},
		{"open-space", policy.OpenSpace{}},
		{"optimized", policy.Optimized{Iterations: 33, StartTemp: 0.2, EndTemp: 0.01}},
	} {
		got, err := policy.New(tc.name, c)
		if err != nil || got != tc.want {
			t.Errorf("New(%q) = %#v, %v: want %#v", tc.name, got, err, tc.want)
		}
	}
}

func BenchmarkPolicies(b *testing.B) { benchPolicies(b, simtest.Input(simtest.Default)) }

// BenchmarkPoliciesLarge runs each policy on simtest.LargeSpec: 5,000
// attendees, 1,750 proposals, 480 cells.
func BenchmarkPoliciesLarge(b *testing.B) { benchPolicies(b, simtest.Build(simtest.LargeSpec())) }

// benchPolicies runs each policy with the default settings on in.
func benchPolicies(b *testing.B, in *sim.Input) {
	c := defaults(b)
	for _, name := range policy.Names() {
		p, err := policy.New(name, c)
		if err != nil {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := p.Schedule(in, simtest.Src(uint64(i))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
