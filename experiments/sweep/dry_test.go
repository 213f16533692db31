package sweep

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/experiments/runner"
)

// TestDrySweep checks the design a dry run reports, for the whole sweep
// and for a shard, the units it times (first, middle and last task, one
// replicate of a point each), its estimate, and that it writes nothing.
func TestDrySweep(t *testing.T) {
	s := tinySpec(t, gridSpec) // 6 points × 3 replicates × 3 policies = 54 units: 18 tasks
	h := defaultHooks()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := 0
	h.Now = func() time.Time { calls++; return t0.Add(time.Duration(calls) * 90 * time.Millisecond) }
	out := filepath.Join(t.TempDir(), "never")
	for _, tc := range []struct {
		name        string
		shard       runner.Shard
		units       int
		first, last int
		tasks       int
		points      []int
		dir         string
	}{
		// 18 tasks: 0, 6, 12, 1, 7, 13, … up to 12 of them, at every point.
		{"whole", runner.Shard{}, 54, 0, 53, 12, []int{0, 1, 2, 3, 4, 5}, out},
		// Shard 1/3 holds tasks 6…11 (points 2 and 3): all of them.
		{"shard", runner.Shard{Index: 1, Count: 3}, 18, 18, 35, 6, []int{2, 3}, "shard-1-of-3-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls = 0
			e, err := dry(context.Background(), s, Options{Out: out, Workers: 2, Shard: tc.shard}, h)
			if err != nil {
				t.Fatal(err)
			}
			if e.Points != 6 || e.Replicates != 3 || len(e.Policies) != 3 || e.Units != 54 || e.ShardUnits != tc.units ||
				e.FirstUnit != tc.first || e.LastUnit != tc.last || !strings.Contains(e.Out, tc.dir) {
				t.Errorf("estimate %+v", e)
			}
			if len(e.Parameters) != 2 || e.Parameters[0].Key != "attendees.count" || e.Parameters[0].Values != "20, 40" {
				t.Errorf("parameters %+v", e.Parameters)
			}
			// The fake clock moves 90 ms a reading, so every task takes
			// 90 ms: 30 ms a unit.
			if e.TimedUnits != 3*tc.tasks || !slices.Equal(e.TimedPoints, tc.points) || e.Timed != time.Duration(tc.tasks)*90*time.Millisecond {
				t.Errorf("timed %d units at points %v in %v, want %d at %v", e.TimedUnits, e.TimedPoints, e.Timed, 3*tc.tasks, tc.points)
			}
			if want := time.Duration(tc.units) * 30 * time.Millisecond / 2; e.PerUnit != 30*time.Millisecond || e.Estimate != want {
				t.Errorf("per unit %v, estimate %v; want 30ms and %v", e.PerUnit, e.Estimate, want)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a dry run made %s (%v)", out, err)
	}
}

// TestDrySweepBudget checks that the timing stops starting tasks once
// dryTimeBudget has passed, after the first one.
func TestDrySweepBudget(t *testing.T) {
	s := tinySpec(t, gridSpec)
	h := defaultHooks()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := 0
	h.Now = func() time.Time { calls++; return t0.Add(time.Duration(calls) * 2 * time.Second) }
	e, err := dry(context.Background(), s, Options{Out: t.TempDir(), Workers: 1}, h)
	if err != nil {
		t.Fatal(err)
	}
	// start 2 s; task 1 from 4 s to 6 s; task 2 would start at 8 s, 6 s in.
	if e.TimedUnits != 3 || len(e.TimedPoints) != 1 || e.PerUnit != 2*time.Second/3 {
		t.Errorf("timed %d units at %v, %v a unit; want 3 at one point, 667ms", e.TimedUnits, e.TimedPoints, e.PerUnit)
	}
}

func TestDryOrder(t *testing.T) {
	for _, tc := range []struct {
		first, end int
		want       []int
	}{
		{0, 7, []int{0, 2, 4, 1, 3, 5, 6}},
		{3, 5, []int{3, 4}},
		{5, 6, []int{5}},
		{0, 0, nil},
	} {
		if got := dryOrder(tc.first, tc.end); !slices.Equal(got, tc.want) {
			t.Errorf("dryOrder(%d, %d) = %v, want %v", tc.first, tc.end, got, tc.want)
		}
	}
}
