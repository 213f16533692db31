package experiments

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// tinyConfig is a fast scenario: 30 attendees, one day of two slots, three
// rooms, four replicates, three policies.
func tinyConfig(t testing.TB) *scenario.Config {
	t.Helper()
	c := defaultConfig(t)
	c.Run.Seeds = 4
	c.Run.Policies = []string{"random", "popularity", "spread"}
	c.Run.Baseline = "random"
	c.Model.Event.Days = 1
	c.Model.Event.Slots = c.Model.Event.Slots[:2]
	c.Model.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 3, Capacity: 12}}
	c.Model.Attendees.Count = 30
	c.Model.Attendees.Affiliations = 10
	c.Model.Metrics.RandomSchedules = 3
	c.Policy.Spread.Iterations = 200
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// runCompare runs compare with hooks h (default hooks when nil) into dir.
func runCompare(t testing.TB, ctx context.Context, cfg *scenario.Config, dir string, workers int, h *hooks) (*Report, error) {
	t.Helper()
	hk := testHooks()
	if h != nil {
		hk = *h
	}
	return compare(ctx, cfg, Options{Out: dir, Workers: workers, Version: "test", ConfigSource: "tiny test config"}, hk)
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readCSV parses a CSV file.
func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(mustRead(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// sameFiles fails unless every named file is byte-identical in dirs a, b.
func sameFiles(t *testing.T, a, b string, names ...string) {
	t.Helper()
	for _, n := range names {
		x, y := mustRead(t, filepath.Join(a, n)), mustRead(t, filepath.Join(b, n))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s (%d bytes) and %s (%d bytes)", n, a, len(x), b, len(y))
		}
	}
}

// dirFiles lists the regular files in dir, recursively, relative to dir.
func dirFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(dir, p)
			out = append(out, r)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// testHooks are the default hooks without charts.
func testHooks() hooks {
	h := defaultHooks()
	h.skipCharts = true
	return h
}

// defaultConfig returns the embedded default scenario.
func defaultConfig(t testing.TB) *scenario.Config {
	t.Helper()
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
