package sweep

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
)

// TestReadBackLimits: files unconf reads back from a folder (a results.csv
// for plot) are read within a limit, so a link to /dev/zero is refused
// instead of exhausting memory (issue 10 item 5; runner's
// TestRunJSONLimit checks run.json).
func TestReadBackLimits(t *testing.T) {
	dir := t.TempDir()
	_, err := Plot("/dev/zero", PlotOptions{X: "attendees.count", Out: dir})
	if err == nil || !strings.Contains(err.Error(), "/dev/zero:1: line longer than 1 MiB") {
		t.Errorf("plot /dev/zero: %v", err)
	}
}

func TestPlotFromResults(t *testing.T) {
	s := tinySpec(t, gridSpec)
	dir := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: dir}, nil); err != nil {
		t.Fatal(err)
	}
	results := filepath.Join(dir, runner.ResultsFile)
	out := t.TempDir()
	files, err := Plot(results, PlotOptions{X: "votes.noise", Y: []string{"satisfaction_mean", "fill_ratio"}, Out: out, Format: "svg"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(out, "satisfaction_mean-vs-votes.noise.svg"), filepath.Join(out, "fill_ratio-vs-votes.noise.svg")}
	if !slices.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	// Human names with units on both axes, the legend under its title.
	for i, labels := range [][]string{
		{"Satisfaction vs vote noise (mean, 95% CI)", "vote noise (sd)", "satisfaction (mean per attendee, 0–1)"},
		{"Fill ratio vs vote noise (mean, 95% CI)", "vote noise (sd)", "fill ratio (attendance / capacity)"},
	} {
		txt := exptest.SVGText(t, want[i])
		for _, s := range append(labels, "policy", "random", "popularity", "spread") {
			if !slices.Contains(txt, s) {
				t.Errorf("%s: no %q in %q", want[i], s, txt)
			}
		}
	}
	files, err = Plot(results, PlotOptions{X: "attendees.count", By: "votes.noise", Out: out, Format: "svg"})
	if err != nil || len(files) != len(summary.KeyMetrics) || !strings.HasSuffix(files[0], "-by-votes.noise.svg") {
		t.Errorf("key metrics by votes.noise: %v, %v", files, err)
	} else if txt := exptest.SVGText(t, files[0]); !slices.Contains(txt, "votes.noise") || !slices.Contains(txt, "attendees (people)") {
		t.Errorf("%s: no legend title votes.noise or x axis in words: %q", files[0], txt)
	}
	// A room group is named by its seats, from the config in meta.json.
	rooms := tinySpec(t, `
replicates: 2
policies: [random]
parameters:
  - key: event.rooms.0.count
    values: [2, 3]
`)
	rdir := t.TempDir()
	if _, err := runSweep(t, context.Background(), rooms, Options{Out: rdir}, nil); err != nil {
		t.Fatal(err)
	}
	files, err = Plot(filepath.Join(rdir, runner.ResultsFile), PlotOptions{X: "event.rooms.0.count", Y: []string{"collapsed"}, Out: out, Format: "svg"})
	if err != nil {
		t.Fatal(err)
	}
	if txt := exptest.SVGText(t, files[0]); !slices.Contains(txt, "rooms of 12 seats") || !slices.Contains(txt, "Collapsed vs rooms of 12 seats (mean, 95% CI)") {
		t.Errorf("%s: room group not named by its seats: %q", files[0], txt)
	}
	for _, tc := range []struct {
		opts PlotOptions
		want string
	}{
		{PlotOptions{X: "attendees.cont"}, `no column "attendees.cont"`},
		{PlotOptions{X: "policy"}, "not a number"},
		{PlotOptions{X: "votes.noise", Y: []string{"happiness"}}, `no column "happiness"`},
		{PlotOptions{X: "votes.noise", Format: "gif"}, "chart format"},
	} {
		tc.opts.Out = out
		if _, err := Plot(results, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Plot(%+v): err %v, want %q", tc.opts, err, tc.want)
		}
	}
}
