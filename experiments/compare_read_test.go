package experiments

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim"
)

// TestReadCompareFirstError checks that readCompare reports the error of
// the first file in the order results, slots, sessions, whether it reads
// them one after another or at once.
func TestReadCompareFirstError(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	// Valid, empty results and slots; the files named missing-* do not exist.
	for name, header := range map[string]string{
		"results.csv": "unit,error," + strings.Join(sim.MetricNames(), ","),
		"slots.csv":   "unit,slot,group,on_site,alertness",
	} {
		if err := runner.WriteFile(path(name), []byte(header+"\n")); err != nil {
			t.Fatal(err)
		}
	}
	l := runner.NewLayout(1, 2, []string{"random"}, 1, nil, nil)
	for _, tc := range []struct{ results, sessions, slots, want string }{
		{"missing-results.csv", "missing-sessions.csv", "missing-slots.csv", "missing-results.csv"},
		{"results.csv", "missing-sessions.csv", "missing-slots.csv", "missing-slots.csv"},
		{"results.csv", "missing-sessions.csv", "slots.csv", "missing-sessions.csv"},
	} {
		for _, workers := range []int{1, 2} {
			_, err := readCompare(l, path(tc.results), path(tc.sessions), path(tc.slots), workers)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("workers %d, reading %s, %s, %s: error %v, want one naming %s", workers, tc.results, tc.sessions, tc.slots, err, tc.want)
			}
		}
	}
}

// TestReadCompareUnitOutside checks that a row of slots.csv or
// sessions.csv whose unit is not one of the run's is an error naming the
// file and line, as in results.csv, not an index out of range (a panic
// in a reading goroutine with more than one worker).
func TestReadCompareUnitOutside(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	slots, sessions := "unit,slot,group,on_site,alertness", "unit,replicate,slot,room,room_name,title,capacity,hands,attendance,turned_away"
	files := map[string]string{
		"results.csv":       "unit,error," + strings.Join(sim.MetricNames(), ","),
		"slots.csv":         slots,
		"sessions.csv":      sessions,
		"slots-neg.csv":     slots + "\n-1,1,west,3,0.5",
		"slots-past.csv":    slots + "\n4,1,west,3,0.5",
		"sessions-neg.csv":  sessions + "\n-3,0,1,1,R,T,10,2,2,0",
		"sessions-past.csv": sessions + "\n0,0,1,1,R,T,10,2,2,0\n7,0,1,1,R,T,10,2,2,0",
	}
	for name, text := range files {
		if err := runner.WriteFile(path(name), []byte(text+"\n")); err != nil {
			t.Fatal(err)
		}
	}
	l := runner.NewLayout(1, 2, []string{"random", "spread"}, 1, nil, nil) // units 0..3
	for _, tc := range []struct{ sessions, slots, want string }{
		{"sessions.csv", "slots-neg.csv", "slots-neg.csv:2: unit -1 outside 0..3"},
		{"sessions.csv", "slots-past.csv", "slots-past.csv:2: unit 4 outside 0..3"},
		{"sessions-neg.csv", "slots.csv", "sessions-neg.csv:2: unit -3 outside 0..3"},
		{"sessions-past.csv", "slots.csv", "sessions-past.csv:3: unit 7 outside 0..3"},
	} {
		for _, workers := range []int{1, 2} {
			_, err := readCompare(l, path("results.csv"), path(tc.sessions), path(tc.slots), workers)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("workers %d, reading %s and %s: error %v, want one naming %s", workers, tc.sessions, tc.slots, err, tc.want)
			}
		}
	}
}
