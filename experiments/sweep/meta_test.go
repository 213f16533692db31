package sweep

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim/rng"
)

// TestMetaSeedsAsStrings: a sweep's meta.json writes the master seed, the
// replicates' seeds and the base config's run.seed as strings, exact for
// any 64-bit seed, and so does a shard's part.json.
func TestMetaSeedsAsStrings(t *testing.T) {
	s := tinySpec(t, "seed: 9223372036854788153\nreplicates: 1\nparameters: [{key: attendees.count, values: [20]}]\n")
	sdir := t.TempDir()
	h := defaultHooks()
	h.skipCharts = true
	if _, err := runSweep(t, context.Background(), s, Options{Out: sdir, Workers: 1}, &h); err != nil {
		t.Fatal(err)
	}
	m := exptest.ReadJSONAsDoubles(t, filepath.Join(sdir, runner.MetaFile))
	exptest.WantSeedString(t, "sweep meta.json master_seed", m["master_seed"], exptest.BigSeed)
	exptest.WantSeedString(t, "sweep meta.json seeds.0", m["seeds"].([]any)[0], rng.Replicate(exptest.BigSeed, 0))
	run, _ := m["base_config"].(map[string]any)["run"].(map[string]any)
	exptest.WantSeedString(t, "sweep meta.json base_config.run.seed", run["seed"], exptest.BigSeed)

	// A shard's part.json carries the spec, seed included; merge reads it
	// back.
	pdir := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, Options{Out: pdir, Workers: 1, Shard: runner.Shard{Index: 0, Count: 1}}, &h)
	if err != nil {
		t.Fatal(err)
	}
	m = exptest.ReadJSONAsDoubles(t, filepath.Join(rep.Out, runner.PartFile))
	exptest.WantSeedString(t, "part.json sweep.seed", m["sweep"].(map[string]any)["seed"], exptest.BigSeed)
	mdir := t.TempDir()
	if _, err := Merge(context.Background(), []string{pdir}, MergeOptions{Out: mdir, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	exptest.SameFiles(t, sdir, mdir, runner.ResultsFile, runner.SummaryCSV)
}
