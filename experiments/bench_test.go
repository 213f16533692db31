package experiments

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim/policy"
)

// BenchmarkCompareDefault runs the main job: every policy on 200 replicates
// of the embedded default event, 2 workers, charts included. Run it with
// -bench CompareDefault -benchtime 1x.
func BenchmarkCompareDefault(b *testing.B) {
	cfg := exptest.DefaultConfig(b)
	cfg.Run.Seeds = 200
	b.ReportAllocs()
	for b.Loop() {
		rep, err := compare(context.Background(), cfg, Options{Out: b.TempDir(), Workers: 2}, defaultHooks())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Units), "units/op")
	}
}

// BenchmarkCompareAfterUnits runs what BenchmarkCompareDefault does once
// its units are done (reading the rows back, then summary.csv, summary.md,
// the PNG charts and the SVG charts for report.html, as unconf compare
// draws them) with 1 and 2 workers: the part of compare that does not run
// replicates. Run it with -bench CompareAfterUnits -benchtime 3x.
func BenchmarkCompareAfterUnits(b *testing.B) {
	cfg := exptest.DefaultConfig(b)
	cfg.Run.Seeds = 200
	dir := b.TempDir()
	h := defaultHooks()
	h.skipCharts = true
	if _, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2}, h); err != nil {
		b.Fatal(err)
	}
	l := runner.NewLayout(1, cfg.Run.Seeds, cfg.Run.Policies, cfg.Run.Seed, nil, nil)
	baseline := slices.Index(cfg.Run.Policies, cfg.Run.Baseline)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				d, err := readCompare(l, filepath.Join(dir, runner.ResultsFile), filepath.Join(dir, runner.SessionsFile), filepath.Join(dir, runner.SlotsFile), workers)
				if err != nil {
					b.Fatal(err)
				}
				r := compareRun{cfg: cfg, opts: &Options{ReportCharts: b.TempDir()}, pols: policy.Builtin(), out: b.TempDir(), format: "png",
					workers: workers, baseline: baseline}
				if _, _, _, _, err := r.writeSummaries(d, summarize(d, baseline), false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRunnerOverhead measures the runner alone (pool, in-order
// writer, journals, aggregation) on a model that does nothing.
func BenchmarkRunnerOverhead(b *testing.B) {
	cfg := exptest.TinyConfig(b)
	cfg.Run.Seeds = 1000
	table := make([][]float64, len(cfg.Run.Policies))
	for k := range table {
		table[k] = make([]float64, cfg.Run.Seeds)
	}
	h := fakeHooks(cfg, table, nil)
	h.skipCharts = true
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compare(context.Background(), cfg, Options{Out: b.TempDir(), Workers: 2}, h); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(3*cfg.Run.Seeds), "ns/unit")
}
