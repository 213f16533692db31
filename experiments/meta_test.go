package experiments

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim/rng"
)

// TestMetaSeedsAsStrings: compare's meta.json writes the master seed, the
// replicates' seeds and the config's run.seed as strings, exact for any
// 64-bit seed (sweep's TestMetaSeedsAsStrings checks a sweep's).
func TestMetaSeedsAsStrings(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seed = exptest.BigSeed
	cfg.Run.Seeds = 2
	dir := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, dir, 2, nil); err != nil {
		t.Fatal(err)
	}
	m := exptest.ReadJSONAsDoubles(t, filepath.Join(dir, runner.MetaFile))
	exptest.WantSeedString(t, "compare meta.json master_seed", m["master_seed"], exptest.BigSeed)
	seeds, _ := m["seeds"].([]any)
	if len(seeds) != 2 {
		t.Fatalf("compare meta.json seeds = %v, want 2", m["seeds"])
	}
	for r, v := range seeds {
		exptest.WantSeedString(t, "compare meta.json seeds."+strconv.Itoa(r), v, rng.Replicate(exptest.BigSeed, r))
	}
	run, _ := m["config"].(map[string]any)["run"].(map[string]any)
	exptest.WantSeedString(t, "compare meta.json config.run.seed", run["seed"], exptest.BigSeed)
}
