package experiments

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/experiments/sweep"
	"github.com/unconf/unconf/sim/policy"
)

// sameCharts fails unless RedrawCharts draws, from run's folder alone,
// exactly the SVG charts the run drew.
func sameCharts(t *testing.T, run string, drawn []string) {
	t.Helper()
	var want []string
	for _, f := range drawn {
		if strings.HasPrefix(f, summary.ChartsDir+string(filepath.Separator)) {
			want = append(want, f)
		}
	}
	if len(want) == 0 {
		t.Fatalf("the run drew no charts: %v", drawn)
	}
	out := t.TempDir()
	got, warnings, err := RedrawCharts(run, out, "svg", policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("redrawn %v, want %v", got, want)
	}
	for _, f := range want {
		if a, b := exptest.MustRead(t, filepath.Join(run, f)), exptest.MustRead(t, filepath.Join(out, f)); !bytes.Equal(a, b) {
			t.Errorf("%s: redrawn chart differs from the run's (%d vs %d bytes)", f, len(b), len(a))
		}
	}
}

func TestRedrawChartsCompare(t *testing.T) {
	dir := t.TempDir()
	cfg := exptest.TinyConfig(t)
	rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2, Format: "svg", Version: "test"}, defaultHooks())
	if err != nil {
		t.Fatal(err)
	}
	sameCharts(t, dir, rep.Files)
}

func TestRedrawChartsSweep(t *testing.T) {
	for name, spec := range map[string]string{
		"grid one key":  "replicates: 2\nparameters:\n  - key: attendees.count\n    values: [20, 30]\n",
		"grid two keys": exptest.GridSpec,
		"lhs":           "design: {kind: lhs, samples: 3}\nreplicates: 2\nparameters:\n  - key: votes.noise\n    distribution: {uniform: [0, 0.5]}\n",
		"morris": "design: {kind: morris, trajectories: 2, levels: 4}\nreplicates: 2\npolicies: [random, spread]\nbaseline: random\n" +
			"parameters:\n  - key: votes.noise\n    range: {from: 0, to: 0.4}\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			rep, err := sweep.Run(context.Background(), tinySpec(t, spec), sweep.Options{Out: dir, Workers: 2, ChartFormat: "svg", Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			sameCharts(t, dir, rep.Files)
		})
	}
}

func TestRedrawChartsNotOutput(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := RedrawCharts(dir, t.TempDir(), "svg", policy.Builtin()); !errors.Is(err, ErrNotOutput) {
		t.Errorf("empty folder: %v, want ErrNotOutput", err)
	}
	os.WriteFile(filepath.Join(dir, runner.MetaFile), []byte(`{"command": "run"}`), 0o644)
	if _, _, err := RedrawCharts(dir, t.TempDir(), "svg", policy.Builtin()); !errors.Is(err, ErrNotOutput) {
		t.Errorf("meta.json of another command: %v, want ErrNotOutput", err)
	}
}

func TestFlexUint(t *testing.T) {
	for in, want := range map[string]uint64{`17`: 17, `"18446744073709551615"`: 1<<64 - 1} {
		var u FlexUint
		if err := u.UnmarshalJSON([]byte(in)); err != nil || uint64(u) != want {
			t.Errorf("%s: %d, %v; want %d", in, u, err, want)
		}
	}
	var u FlexUint
	if err := u.UnmarshalJSON([]byte(`-1`)); err == nil {
		t.Error("-1: no error")
	}
}
