package sim_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
)

// TestMetricTable checks the metric table row by row: a unique column name
// that ParseMetric reads back, a label and a unit, bounds with lo < hi, and
// direction, count-ness and bounds as the metrics' definitions say.
func TestMetricTable(t *testing.T) {
	lower := []sim.Metric{sim.SatisfactionGini, sim.Conflicts, sim.ConflictShare, sim.Collapsed,
		sim.TurnedAway, sim.HandsError, sim.Hops}
	counts := []sim.Metric{sim.Conflicts, sim.Collapsed, sim.TurnedAway, sim.Hops, sim.NewTies,
		sim.CrossBackgroundTies, sim.Sessions}
	seen := map[string]bool{}
	for m := range sim.NumMetrics {
		name := m.String()
		if name == "" || seen[name] {
			t.Errorf("metric %d: column name %q empty or repeated", int(m), name)
		}
		seen[name] = true
		if got, err := sim.ParseMetric(name); err != nil || got != m {
			t.Errorf("ParseMetric(%q) = %v, %v; want %v", name, got, err, m)
		}
		if m.Label() == "" || m.Unit() == "" {
			t.Errorf("%s: label %q, unit %q: want both", name, m.Label(), m.Unit())
		}
		if got, want := m.HigherIsBetter(), !slices.Contains(lower, m); got != want {
			t.Errorf("%s: HigherIsBetter %v, want %v", name, got, want)
		}
		if got, want := m.Count(), slices.Contains(counts, m); got != want {
			t.Errorf("%s: Count %v, want %v", name, got, want)
		}
		wantLo, wantHi := 0.0, 1.0
		switch {
		case m.Count() || m == sim.HandsError:
			wantHi = math.Inf(1)
		case m == sim.HandsAttendanceCorr:
			wantLo = -1
		case m == sim.QualityVsRandom:
			wantLo = math.Inf(-1)
		}
		if lo, hi := m.Bounds(); lo != wantLo || hi != wantHi {
			t.Errorf("%s: bounds [%v, %v], want [%v, %v]", name, lo, hi, wantLo, wantHi)
		}
	}
	if got := sim.MetricNames(); len(got) != int(sim.NumMetrics) || got[0] != "satisfaction_mean" {
		t.Errorf("MetricNames() = %v", got)
	}
	if _, err := sim.ParseMetric("happiness"); err == nil {
		t.Error("ParseMetric(happiness): no error")
	}
	bad := sim.NumMetrics
	if bad.Label() != bad.String() || bad.Unit() != "" || !bad.HigherIsBetter() || bad.Count() {
		t.Errorf("unknown metric: label %q, unit %q, higher %v, count %v", bad.Label(), bad.Unit(), bad.HigherIsBetter(), bad.Count())
	}
}

func ExampleMetric_Label() {
	m := sim.ConflictShare
	lo, hi := m.Bounds()
	fmt.Printf("%s: %s (%s), higher is better: %v, in [%v, %v]\n", m, m.Label(), m.Unit(), m.HigherIsBetter(), lo, hi)
	// Output:
	// conflict_share: conflict share (co-voted pairs in parallel), higher is better: false, in [0, 1]
}
