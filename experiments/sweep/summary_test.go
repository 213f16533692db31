package sweep

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
)

// TestSummaryIntervalsRespectBounds: the interval of a mean in a sweep's
// summary.csv is cut to the range the metric can take (sim.Metric.Bounds),
// as compare's; a paired difference may be negative and is not cut.
func TestSummaryIntervalsRespectBounds(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 4
	sat, more := exptest.BoundsTables()
	h := testHooks()
	exptest.FakeModel(&h.Hooks, cfg, sat, more)
	s := tinySpec(t, "replicates: 4\nparameters: [{key: votes.noise, values: [0.1, 0.2]}]\n")
	dir := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2}, &h); err != nil {
		t.Fatal(err)
	}
	exptest.CheckSummaryBounds(t, "sweep summary.csv", exptest.ReadCSV(t, filepath.Join(dir, runner.SummaryCSV)))
}
