package plan

import (
	"fmt"
	"math"
	"testing"

	"github.com/unconf/unconf/sim"
)

func TestParseObjective(t *testing.T) {
	for _, tc := range []struct {
		in     string
		metric sim.Metric
		higher bool
	}{
		{"satisfaction", sim.SatisfactionMean, true},
		{"Collapsed", sim.Collapsed, false},
		{"coverage", sim.Coverage, true},
		{"hops", sim.Hops, false},
		{"satisfaction_gini", sim.SatisfactionGini, false},
		{"hands_attendance_corr", sim.HandsAttendanceCorr, true},
		{" turned_away ", sim.TurnedAway, false},
	} {
		o, err := ParseObjective(tc.in)
		if err != nil || o.Metric != tc.metric || o.Higher != tc.higher {
			t.Errorf("ParseObjective(%q) = %v, %v; want %s, higher %v", tc.in, o, err, tc.metric, tc.higher)
		}
	}
	if _, err := ParseObjective("happiness"); err == nil {
		t.Error("unknown objective accepted")
	}
	o := Objective{Metric: sim.Collapsed}
	if !o.Better(1, 2) || o.Better(2, 1) || o.Better(math.NaN(), 5) || !o.Better(5, math.NaN()) {
		t.Error("Better, lower is better")
	}
}

func ExampleParseObjective() {
	for _, s := range []string{"satisfaction", "collapsed"} {
		o, _ := ParseObjective(s)
		fmt.Println(o)
	}
	// Output:
	// satisfaction_mean (higher is better)
	// collapsed (lower is better)
}
