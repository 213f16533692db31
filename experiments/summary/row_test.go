package summary

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
)

func TestRank(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		means  []float64
		higher bool
		want   []int
	}{
		{"highest first", []float64{0.5, 0.7, 0.6}, true, []int{1, 2, 0}},
		{"lowest first", []float64{0.5, 0.7, 0.6}, false, []int{0, 2, 1}},
		{"ties keep arm order", []float64{0.5, 0.7, 0.7, 0.7}, true, []int{1, 2, 3, 0}},
		{"ties keep arm order when lower is better", []float64{0.7, 0.5, 0.5}, false, []int{1, 2, 0}},
		{"NaN is not ranked", []float64{nan, 0.2, nan, 0.1}, true, []int{1, 3}},
		{"nothing to rank", []float64{nan}, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Rank(tc.means, tc.higher); !slices.Equal(got, tc.want) {
				t.Errorf("Rank(%v, %v) = %v, want %v", tc.means, tc.higher, got, tc.want)
			}
		})
	}
}

func TestTied(t *testing.T) {
	means := []float64{0.5, 0.7, 0.7}
	if got := Tied(means, 1); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("Tied(%v, 1) = %v, want [1 2]: policies 1 and 2 share the best mean", means, got)
	}
	means[2] = 0.6
	if got := Tied(means, 1); !slices.Equal(got, []int{1}) {
		t.Errorf("Tied(%v, 1) = %v, want [1]", means, got)
	}
}

// TestNewRow: the estimate is cut to the metric's range, the paired
// difference is not, and the reference arm has none.
func TestNewRow(t *testing.T) {
	x := []float64{0, 0, 0, 1}   // collapsed sessions: mean 0.25, sd 0.5
	ref := []float64{1, 2, 1, 2} // mean 1.5
	r := NewRow(1, sim.Collapsed, x, ref)
	if r.Arm != 1 || r.Metric != sim.Collapsed || !r.HasDiff {
		t.Fatalf("NewRow = %+v", r)
	}
	if r.Est.Mean != 0.25 || r.Est.Low != 0 {
		t.Errorf("estimate %v: want mean 0.25 with its interval cut at 0", r.Est)
	}
	if r.Diff.Mean != -1.25 || !(r.Diff.Low < -1.25) {
		t.Errorf("difference %v: want mean -1.25 with an interval below it", r.Diff)
	}
	if b := NewRow(0, sim.Collapsed, ref, nil); b.HasDiff || b.Diff.N != 0 {
		t.Errorf("the reference's row %+v has a difference", b)
	}
}

// TestEstimateJSON checks that an interval of one replicate (NaN bounds)
// encodes as null, which encoding/json would otherwise refuse.
func TestEstimateJSON(t *testing.T) {
	b, err := json.Marshal(Estimate{N: 1, Mean: 0.5, Low: Number(math.NaN()), High: Number(math.Inf(1))})
	if want := `{"n":1,"mean":0.5,"ci_low":null,"ci_high":null}`; err != nil || string(b) != want {
		t.Errorf("got %s (%v), want %s", b, err, want)
	}
}
