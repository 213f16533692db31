package experiments

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim/rng"
)

// bigSeed is above 2^53: a JSON number this large loses digits in jq,
// JavaScript and R, which hold numbers as doubles.
const bigSeed uint64 = 1<<63 + 12345

// readJSONAsDoubles reads a JSON file as jq or JavaScript would: numbers
// as float64.
func readJSONAsDoubles(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(mustRead(t, path), &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// wantSeedString fails unless v is the JSON string of seed.
func wantSeedString(t *testing.T, where string, v any, seed uint64) {
	t.Helper()
	if s, ok := v.(string); !ok || s != strconv.FormatUint(seed, 10) {
		t.Errorf("%s = %#v (%T), want the string %q", where, v, v, strconv.FormatUint(seed, 10))
	}
}

// TestMetaSeedsAsStrings: meta.json writes the master seed, the
// replicates' seeds and the config's run.seed as strings, exact for any
// 64-bit seed.
func TestMetaSeedsAsStrings(t *testing.T) {
	cfg := tinyConfig(t)
	cfg.Run.Seed = bigSeed
	cfg.Run.Seeds = 2
	dir := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, dir, 2, nil); err != nil {
		t.Fatal(err)
	}
	m := readJSONAsDoubles(t, filepath.Join(dir, runner.MetaFile))
	wantSeedString(t, "compare meta.json master_seed", m["master_seed"], bigSeed)
	seeds, _ := m["seeds"].([]any)
	if len(seeds) != 2 {
		t.Fatalf("compare meta.json seeds = %v, want 2", m["seeds"])
	}
	for r, v := range seeds {
		wantSeedString(t, "compare meta.json seeds."+strconv.Itoa(r), v, rng.Replicate(bigSeed, r))
	}
	run, _ := m["config"].(map[string]any)["run"].(map[string]any)
	wantSeedString(t, "compare meta.json config.run.seed", run["seed"], bigSeed)

	s := tinySpec(t, "seed: 9223372036854788153\nreplicates: 1\nparameters: [{key: attendees.count, values: [20]}]\n")
	sdir := t.TempDir()
	h := defaultHooks()
	h.skipCharts = true
	if _, err := runSweep(t, context.Background(), s, SweepOptions{Out: sdir, Workers: 1}, &h); err != nil {
		t.Fatal(err)
	}
	m = readJSONAsDoubles(t, filepath.Join(sdir, runner.MetaFile))
	wantSeedString(t, "sweep meta.json master_seed", m["master_seed"], bigSeed)
	wantSeedString(t, "sweep meta.json seeds.0", m["seeds"].([]any)[0], rng.Replicate(bigSeed, 0))
	run, _ = m["base_config"].(map[string]any)["run"].(map[string]any)
	wantSeedString(t, "sweep meta.json base_config.run.seed", run["seed"], bigSeed)

	// A shard's part.json carries the spec, seed included; merge reads it
	// back.
	pdir := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, SweepOptions{Out: pdir, Workers: 1, Shard: Shard{0, 1}}, &h)
	if err != nil {
		t.Fatal(err)
	}
	m = readJSONAsDoubles(t, filepath.Join(rep.Out, runner.PartFile))
	wantSeedString(t, "part.json sweep.seed", m["sweep"].(map[string]any)["seed"], bigSeed)
	mdir := t.TempDir()
	if _, err := Merge(context.Background(), []string{pdir}, MergeOptions{Out: mdir, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, sdir, mdir, runner.ResultsFile, runner.SummaryCSV)
}
