package experiments

import (
	"context"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
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
