package experiments_test

import (
	"context"
	"fmt"
	"image/color"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/report"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// TestCompareWithToyPolicy registers an eighth policy, one row added to
// the built-in registry, and checks that compare validates it, runs it,
// colours it and lists it in every file it writes and in report.html, so
// that a new policy needs no other change than its file and its row.
func TestCompareWithToyPolicy(t *testing.T) {
	const toy = "toy"
	toyColor := color.RGBA{0x12, 0x34, 0x56, 0xff}
	pols, err := policy.Builtin().With(policy.Kind{
		Name: toy, Doc: "popularity under another name", Color: toyColor,
		New: func(policy.Config) sim.Policy { return policy.Popularity{} },
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := exptest.TinyConfig(t)
	cfg.Run.Policies = append(cfg.Run.Policies, toy)
	if err := cfg.Validate(); err == nil {
		t.Fatal("the built-in registry accepts run.policies naming the toy")
	}
	if _, err := experiments.Compare(context.Background(), cfg, experiments.Options{Out: t.TempDir()}); err == nil {
		t.Fatal("compare without the toy's registry accepts the toy")
	}

	dir := t.TempDir()
	rep, err := experiments.Compare(context.Background(), cfg, experiments.Options{Out: dir, Workers: 2, Format: "svg", Policies: pols})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 || len(rep.Warnings) != 0 {
		t.Fatalf("%d units failed, warnings %v", rep.Failed, rep.Warnings)
	}

	// Every row file and summary.csv has the toy's rows.
	for _, name := range []string{runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.SummaryCSV} {
		recs := exptest.ReadCSV(t, filepath.Join(dir, name))
		col := slices.Index(recs[0], "policy")
		if col < 0 {
			t.Fatalf("%s: no policy column in %v", name, recs[0])
		}
		n := 0
		for _, r := range recs[1:] {
			if r[col] == toy {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no row of the toy policy", name)
		}
	}
	for _, name := range []string{runner.SummaryMD, runner.MetaFile} {
		if !strings.Contains(string(exptest.MustRead(t, filepath.Join(dir, name))), toy) {
			t.Errorf("%s does not name the toy policy", name)
		}
	}

	// The charts show the toy, in its own colour where policies have one.
	charts := filepath.Join(dir, summary.ChartsDir)
	fill := fmt.Sprintf("#%02X%02X%02X", toyColor.R, toyColor.G, toyColor.B)
	for _, m := range summary.KeyMetrics {
		for _, name := range []string{"box-" + m.String(), "forest-" + m.String()} {
			path := filepath.Join(charts, name+".svg")
			if !slices.Contains(exptest.SVGText(t, path), toy) {
				t.Errorf("%s.svg: no %s", name, toy)
			}
			if !strings.Contains(strings.ToUpper(string(exptest.MustRead(t, path))), fill) {
				t.Errorf("%s.svg: the toy's colour %s is not drawn", name, fill)
			}
		}
	}
	if !slices.ContainsFunc(exptest.SVGText(t, filepath.Join(charts, "hands.svg")), func(s string) bool { return strings.HasPrefix(s, toy+": ") }) {
		t.Error("hands.svg: no panel for the toy")
	}

	// report.html lists it among the policies.
	html, err := report.Build(dir, pols)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), toy) {
		t.Error("report.html does not name the toy policy")
	}
}
