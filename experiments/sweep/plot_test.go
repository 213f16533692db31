package sweep

import (
	"strings"
	"testing"
)

// TestReadBackLimits: files unconf reads back from a folder (a results.csv
// for plot) are read within a limit, so a link to /dev/zero is refused
// instead of exhausting memory (issue 10 item 5; runner's
// TestRunJSONLimit checks run.json).
func TestReadBackLimits(t *testing.T) {
	dir := t.TempDir()
	_, err := Plot("/dev/zero", PlotOptions{X: "attendees.count", Out: dir})
	if err == nil || !strings.Contains(err.Error(), "/dev/zero:1: line longer than 1 MiB") {
		t.Errorf("plot /dev/zero: %v", err)
	}
}
