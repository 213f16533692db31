package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunJSONLimit: run.json is read back within a limit, so a huge file
// is refused by its size (a link is refused as a link) instead of
// exhausting memory (issue 10 item 5).
func TestRunJSONLimit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, StateFile), bytes.Repeat([]byte(" "), 16<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := TakeDir(dir, State{Kind: "compare"}, true)
	if err == nil {
		c.Release(false)
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
	r, err := OpenRows(path, header)
	if err == nil {
		r.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "results.csv:2: line longer than 1 MiB") {
		t.Errorf("a row of 2 MiB: %v", err)
	}
}
