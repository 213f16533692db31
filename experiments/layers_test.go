package experiments_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/unconf/unconf"

// deps returns the module's packages that pkg (a pattern such as
// experiments/...) imports, directly or not, without test files, by
// importing package.
func deps(t *testing.T, pkg string) map[string][]string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, module+"/"+pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	by := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		var mine []string
		for _, p := range f[1:] {
			if strings.HasPrefix(p, module+"/") {
				mine = append(mine, strings.TrimPrefix(p, module+"/"))
			}
		}
		by[strings.TrimPrefix(f[0], module+"/")] = mine
	}
	return by
}

// TestLayers checks the layers of docs/ARCHITECTURE.md ("Runner,
// experiments and CLI"): compare (experiments), sweep and plan are
// siblings that share what lies below them; the shared layers (runner,
// summary, scenario, charts, stats) import none of the commands; configs
// holds files only; nothing under experiments reaches cmd. (exptest, for
// tests only, may import anything below the commands.)
func TestLayers(t *testing.T) {
	commands := []string{"experiments", "experiments/sweep", "experiments/plan", "experiments/report", "experiments/calibrate"}
	shared := []string{"experiments/runner", "experiments/summary", "experiments/scenario", "experiments/charts", "experiments/stats"}
	for _, tc := range []struct {
		pattern   string
		forbidden []string
	}{
		{"experiments/...", []string{"cmd/..."}},
		{"configs", []string{"experiments/...", "sim/...", "agents", "internal/...", "cmd/..."}},
		{"experiments", []string{"experiments/plan", "experiments/report", "experiments/calibrate"}},
		{"experiments/sweep", []string{"experiments", "experiments/plan", "experiments/report", "experiments/calibrate"}},
		{"experiments/plan", []string{"experiments", "experiments/sweep", "experiments/runner", "experiments/report", "experiments/calibrate"}},
		{"experiments/runner", commands},
		{"experiments/summary", append(slices.Clone(commands), "experiments/runner", "experiments/scenario")},
		{"experiments/scenario", append(slices.Clone(commands), shared...)},
		{"experiments/charts", append(slices.Clone(commands), shared...)},
		{"experiments/stats", append(slices.Clone(commands), shared...)},
		{"experiments/internal/atomicfile", append(slices.Clone(commands), shared...)},
		{"experiments/internal/csvcell", append(slices.Clone(commands), shared...)},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			for pkg, ds := range deps(t, tc.pattern) {
				for _, d := range ds {
					for _, f := range tc.forbidden {
						// "x" forbids the package x, "x/..." x and
						// every package under it.
						tree, ok := strings.CutSuffix(f, "/...")
						if d == f || ok && (d == tree || strings.HasPrefix(d, tree+"/")) {
							t.Errorf("%s imports %s: %s is above it (docs/ARCHITECTURE.md)", pkg, d, f)
						}
					}
				}
			}
		})
	}
}
