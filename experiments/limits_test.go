package experiments

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadBackLimits: files unconf reads back from a folder (a results.csv
// for plot, run.json on resume) are read within a limit, so a link to
// /dev/zero is refused instead of exhausting memory (issue 10 item 5).
func TestReadBackLimits(t *testing.T) {
	dir := t.TempDir()
	_, err := Plot("/dev/zero", PlotOptions{X: "attendees.count", Out: dir})
	if err == nil || !strings.Contains(err.Error(), "/dev/zero:1: line longer than 1 MiB") {
		t.Errorf("plot /dev/zero: %v", err)
	}
	// A link is refused as a link (takeDir); a huge file by its size.
	if err := os.WriteFile(filepath.Join(dir, stateFile), bytes.Repeat([]byte(" "), 16<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := takeDir(dir, runState{Kind: "compare"}, true)
	if err == nil {
		c.release(false)
	}
	if err == nil || !strings.Contains(err.Error(), "run.json: larger than 16 MiB") {
		t.Errorf("run.json of 16 MiB + 1 byte: %v", err)
	}
}

// TestRowLinesLimited: a row file with a line longer than input.MaxLine
// (a damaged or foreign file in a part folder) fails there instead of
// being buffered whole.
func TestRowLinesLimited(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.csv")
	header := []byte("unit,x\n")
	data := append(append([]byte{}, header...), bytes.Repeat([]byte("9"), 2<<20)...)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := openRows(path, header)
	if err == nil {
		r.f.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "results.csv:2: line longer than 1 MiB") {
		t.Errorf("a row of 2 MiB: %v", err)
	}
}
