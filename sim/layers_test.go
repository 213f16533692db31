package sim_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/unconf/unconf"

// deps returns the module's packages that pkg imports, directly or not,
// without test files (go list -deps).
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", module+"/"+pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	var mine []string
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, module+"/") && p != module+"/"+pkg {
			mine = append(mine, strings.TrimPrefix(p, module+"/"))
		}
	}
	return mine
}

// TestLayers checks the model's layers (docs/ARCHITECTURE.md): sim and
// its sub-packages build on nothing of unconf's but sim/…; agents on
// nothing but sim/…; the vocabulary, sim itself, on its random streams
// alone (never on the policies, choosers or priors that plug into it).
// So no edge leads from the model to agents, experiments, cmd or configs.
func TestLayers(t *testing.T) {
	within := func(prefixes ...string) func(string) bool {
		return func(p string) bool {
			for _, x := range prefixes {
				if p == x || strings.HasPrefix(p, x+"/") {
					return true
				}
			}
			return false
		}
	}
	for _, tc := range []struct {
		pkg     string
		allowed func(string) bool
		rule    string
	}{
		{"sim", func(p string) bool { return p == "sim/rng" }, "sim/rng only"},
		{"sim/...", within("sim"), "sim/… only"},
		{"agents", within("sim"), "sim/… only"},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			for _, p := range deps(t, tc.pkg) {
				if !tc.allowed(p) {
					t.Errorf("%s imports %s: want %s", tc.pkg, p, tc.rule)
				}
			}
		})
	}
}
