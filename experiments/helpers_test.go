package experiments

import (
	"context"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/sweep"
	"github.com/unconf/unconf/sim"
)

// runCompare runs compare with hooks h (default hooks when nil) into dir.
func runCompare(t testing.TB, ctx context.Context, cfg *scenario.Config, dir string, workers int, h *hooks) (*Report, error) {
	t.Helper()
	hk := testHooks()
	if h != nil {
		hk = *h
	}
	return compare(ctx, cfg, Options{Out: dir, Workers: workers, Version: "test", ConfigSource: "tiny test config"}, hk)
}

// testHooks are the default hooks without charts.
func testHooks() hooks {
	h := defaultHooks()
	h.skipCharts = true
	return h
}

// fakeHooks are testHooks with the fake model of exptest.FakeModel on
// cfg's policies.
func fakeHooks(cfg *scenario.Config, table [][]float64, more map[sim.Metric][][]float64) hooks {
	h := testHooks()
	exptest.FakeModel(&h.Hooks, cfg, table, more)
	return h
}

// cancelAfter returns hooks that cancel the run after task k is written.
func cancelAfter(k int) (context.Context, *hooks) {
	ctx, after := exptest.CancelAfter(k)
	h := testHooks()
	h.AfterTask = after
	return ctx, &h
}

// tinySpec parses a sweep spec and sets its base to the tiny test config.
func tinySpec(t testing.TB, yamlText string) *sweep.Spec {
	t.Helper()
	s, err := sweep.ParseSpec([]byte(yamlText), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Settings, err = scenario.Settings(exptest.TinyConfig(t)); err != nil {
		t.Fatal(err)
	}
	s.Source = "test.yaml"
	return s
}
