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
