package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// parseCompare returns the options "compare args" would run with.
func parseCompare(t *testing.T, args ...string) (*CompareOptions, error) {
	return parseFlags(t, NewCompareCmd, args...)
}

func TestCompareFlags(t *testing.T) {
	all := []string{"random", "popularity", "spread", "jetlag", "show-of-hands", "open-space", "optimized"}
	tests := []struct {
		name     string
		args     []string
		seeds    int
		seed     uint64
		policies []string
		baseline string
		workers  int
		format   string
		out      string
	}{
		{"defaults", nil, 30, 2017, all, "random", runtime.GOMAXPROCS(0), "png",
			filepath.Join("unconf-out", "compare-20171117-093000")},
		{"seeds and seed", []string{"--seeds", "200", "--seed", "7"}, 200, 7, all, "random", runtime.GOMAXPROCS(0), "png",
			filepath.Join("unconf-out", "compare-20171117-093000")},
		{"policies and baseline", []string{"--policies", "spread,optimized", "--baseline", "spread"}, 30, 2017,
			[]string{"spread", "optimized"}, "spread", runtime.GOMAXPROCS(0), "png",
			filepath.Join("unconf-out", "compare-20171117-093000")},
		{"repeated policies flag", []string{"--policies", "random", "--policies", "jetlag"}, 30, 2017,
			[]string{"random", "jetlag"}, "random", runtime.GOMAXPROCS(0), "png",
			filepath.Join("unconf-out", "compare-20171117-093000")},
		{"workers, out, format", []string{"--workers", "3", "-o", "res", "--format", "SVG"}, 30, 2017, all, "random", 3, "svg", "res"},
		{"huge seed", []string{"--seed", "18446744073709551615"}, 30, 18446744073709551615, all, "random",
			runtime.GOMAXPROCS(0), "png", filepath.Join("unconf-out", "compare-20171117-093000")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			o, err := parseCompare(t, tt.args...)
			if err != nil {
				t.Fatalf("compare %v: %v", tt.args, err)
			}
			r := o.Config.Run
			if r.Seeds != tt.seeds || r.Seed != tt.seed || !slices.Equal(r.Policies, tt.policies) || r.Baseline != tt.baseline {
				t.Errorf("compare %v: run = %+v, want seeds %d seed %d policies %v baseline %s",
					tt.args, r, tt.seeds, tt.seed, tt.policies, tt.baseline)
			}
			if o.Workers != tt.workers || o.Format != tt.format || o.OutDir != tt.out {
				t.Errorf("compare %v: workers %d format %q out %q, want %d %q %q",
					tt.args, o.Workers, o.Format, o.OutDir, tt.workers, tt.format, tt.out)
			}
			if o.Version == "" || !strings.HasPrefix(o.ConfigSource, "embedded socml2017.yaml") {
				t.Errorf("compare %v: version %q, source %q", tt.args, o.Version, o.ConfigSource)
			}
		})
	}
}

func TestCompareFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown flag", []string{"--sedes", "3"}, []string{"unknown flag: --sedes"}},
		{"seeds not a number", []string{"--seeds", "many"}, []string{"--seeds", "many"}},
		{"seeds zero", []string{"--seeds", "0"}, []string{"--seeds 0: want 1 to 1000000"}},
		{"negative seed", []string{"--seed", "-1"}, []string{"--seed"}},
		{"workers zero", []string{"--workers", "0"}, []string{"--workers 0: want at least 1"}},
		{"bad format", []string{"--format", "gif"}, []string{`--format "gif": want png, svg or pdf`}},
		{"unknown policy", []string{"--policies", "random,fifo"}, []string{`--policies: unknown policy "fifo" (want one of random, popularity,`}},
		{"misspelt policy", []string{"--policies", "random,sprad"}, []string{`--policies: unknown policy "sprad" (did you mean "spread"?)`}},
		{"baseline not compared", []string{"--policies", "spread,jetlag"}, []string{"--policies spread,jetlag leaves out the baseline", "--baseline"}},
		{"unknown baseline", []string{"--baseline", "fifo"}, []string{`--baseline: unknown policy "fifo"`}},
		{"argument", []string{"extra"}, []string{"takes no arguments"}},
		{"missing config", []string{"--config", "nope.yaml"}, []string{"nope.yaml: no such config file"}},
		{"embedded name", []string{"--config", "meetup.yaml"}, []string{"meetup.yaml: no such config file", "unconf config --show meetup.yaml"}},
		{"config type", []string{"--config", "c.txt"}, []string{"c.txt", `unsupported config file type ".txt"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			o, err := parseCompare(t, tt.args...)
			if err == nil {
				t.Fatalf("compare %v: no error, ran with %+v", tt.args, o)
			}
			if o != nil {
				t.Errorf("compare %v: ran the work despite %v", tt.args, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("compare %v: error %q does not contain %q", tt.args, err, w)
				}
			}
		})
	}
}

// TestCompareBadInput runs the whole program on each bad input of issue 3
// and checks the exit status, the single error line, and that nothing is
// left on disk.
func TestCompareBadInput(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		config string // written to c.yaml when not empty
		code   int
		want   []string
	}{
		{"unknown flag", []string{"--sedes", "3"}, "", exitUsage, []string{"unknown flag --sedes (did you mean --seeds?)"}},
		{"unknown config key", []string{"--config", "c.yaml"}, "votes:\n  nose: 0.1\n", exitError,
			[]string{"c.yaml", `unknown key "votes.nose"`, `did you mean "votes.noise"`}},
		{"malformed yaml", []string{"--config", "c.yaml"}, "run:\n  seeds: [1, 2\n", exitError,
			[]string{"c.yaml:1: malformed YAML: did not find expected"}},
		{"bad value", []string{"--config", "c.yaml"}, "attendees:\n  count: lots\n", exitError,
			[]string{`attendees.count: "lots": want a whole number`, "c.yaml"}},
		{"seeds 0", []string{"--seeds", "0"}, "", exitUsage, []string{"--seeds 0: want 1 to 1000000"}},
		{"unknown policy", []string{"--policies", "random,fifo"}, "", exitUsage, []string{`"fifo"`}},
		{"unwritable out", []string{"--out", "file.txt/out"}, "", exitError, []string{"--out file.txt/out"}},
		{"unknown command", []string{"comapre"}, "", exitUsage, []string{`unknown command "comapre"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir, "file.txt", "not a folder\n")
			if tt.config != "" {
				writeFile(t, dir, "c.yaml", tt.config)
			}
			before := listTree(t, dir)
			args := tt.args
			if args[0] != "comapre" {
				args = append([]string{"compare", "--seeds", "2"}, args...)
			}
			stdout, stderr, code := runMain(t, args...)
			if code != tt.code {
				t.Errorf("unconf %v: exit %d, want %d (stderr %q)", args, code, tt.code, stderr)
			}
			if stdout != "" {
				t.Errorf("unconf %v: stdout %q, want nothing", args, stdout)
			}
			oneErrorLine(t, stderr, tt.want...)
			if after := listTree(t, dir); !slices.Equal(before, after) {
				t.Errorf("unconf %v: left files behind: before %v, after %v", args, before, after)
			}
		})
	}
}

func TestPrepareOut(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a", "b", "c")
	o, err := prepareOut(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := listTree(t, dir); !slices.Equal(got, []string{"a", filepath.Join("a", "b"), filepath.Join("a", "b", "c")}) {
		t.Errorf("after prepareOut: %v, want a/b/c and no probe file", got)
	}
	writeFile(t, out, "results.csv", "x\n")
	o.cleanup() // c is not empty: nothing may go
	if !nonEmpty(out) {
		t.Errorf("cleanup removed a folder holding results")
	}
	os.Remove(filepath.Join(out, "results.csv"))
	o.cleanup()
	if got := listTree(t, dir); len(got) != 0 {
		t.Errorf("after cleanup: %v, want nothing", got)
	}
	// An existing folder is kept.
	o, err = prepareOut(dir)
	if err != nil {
		t.Fatal(err)
	}
	o.cleanup()
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("cleanup removed a folder it did not create: %v", err)
	}
}

func TestDefaultOutAvoidsExisting(t *testing.T) {
	t.Chdir(t.TempDir())
	env, _, _ := testEnv()
	first := defaultOut("compare", env.Now())
	if err := os.MkdirAll(first, 0o755); err != nil {
		t.Fatal(err)
	}
	if second := defaultOut("compare", env.Now()); second != first+"-2" {
		t.Errorf("defaultOut with %s taken = %s, want %s-2", first, second, first)
	}
}

func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		gogc string
		want int
	}{{"", compareGC}, {"100", 0}, {"off", 0}} {
		got := gcPercent(func(k string) string {
			if k != "GOGC" {
				t.Errorf("gcPercent reads %s, want GOGC", k)
			}
			return tc.gogc
		})
		if got != tc.want {
			t.Errorf("GOGC=%q: gcPercent = %d, want %d", tc.gogc, got, tc.want)
		}
	}
}
