package cli

import (
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestHelpHasExamples(t *testing.T) {
	env, _, _ := testEnv()
	root := NewRootCmd(env)
	if root.Example == "" {
		t.Errorf("unconf has no example")
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, c := range c.Commands() {
			if c.Hidden || c.Name() == "help" {
				continue
			}
			if c.Example == "" || c.Long == "" {
				t.Errorf("%s: want Long help and an Example", c.CommandPath())
			}
			if c.Args == nil {
				t.Errorf("%s: accepts stray arguments", c.CommandPath())
			}
			walk(c)
		}
	}
	walk(root)
	for _, name := range []string{"compare", "sweep", "merge", "plan", "completion"} {
		if c, _, err := root.Find([]string{name}); err != nil || c.Name() != name {
			t.Errorf("no command %s (%v)", name, err)
		}
	}
	stdout, _, code := runMain(t, "compare", "--help")
	if code != 0 || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "--seeds") {
		t.Errorf("compare --help: exit %d, output\n%s", code, stdout)
	}
}

// TestVersionFlag checks that --version prints what "unconf version" does.
func TestVersionFlag(t *testing.T) {
	a, _, code1 := runMain(t, "--version")
	b, _, code2 := runMain(t, "version")
	if code1 != 0 || code2 != 0 || a != b || !strings.HasPrefix(a, "unconf ") || !strings.Contains(a, runtime.Version()) {
		t.Errorf("--version: %q (exit %d); version: %q (exit %d)", a, code1, b, code2)
	}
}

// TestCompletion checks the completion script of every shell and the
// completion of flag values and sweep specs.
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "# bash completion V2 for unconf", "zsh": "#compdef unconf",
		"fish": "complete -c unconf", "powershell": "Register-ArgumentCompleter",
	} {
		stdout, stderr, code := runMain(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("completion %s: exit %d, stderr %q, script lacks %q", shell, code, stderr, want)
		}
	}
	_, stderr, code := runMain(t, "completion", "tcsh")
	if code != exitUsage {
		t.Errorf("completion tcsh: exit %d, want %d", code, exitUsage)
	}
	oneErrorLine(t, stderr, "takes one shell: bash, zsh, fish, powershell")

	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"compare", "--policies", "random,"}, []string{"random,spread", "random,optimized"}},
		{[]string{"run", "--policy", ""}, []string{"show-of-hands", "jetlag"}},
		{[]string{"sweep", "--format", ""}, []string{"csv", "parquet"}},
		{[]string{"compare", "--format", ""}, []string{"png", "svg", "pdf"}},
		{[]string{"plan", "--objective", ""}, []string{"satisfaction", "conflict_share"}},
		{[]string{"sweep", "embedded:"}, []string{"embedded:sweeps/jetlag.yaml", "embedded:sweeps/lhs.yaml"}},
		{[]string{"config", "--show", ""}, []string{"meetup.yaml", "sweeps/morris.yaml"}},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}},
	} {
		stdout, _, code := runMain(t, append([]string{"__complete"}, tc.args...)...)
		got := strings.Split(stdout, "\n")
		for _, w := range tc.want {
			if code != 0 || !slices.Contains(got, w) {
				t.Errorf("completing %v: want %q among %q", tc.args, w, got)
			}
		}
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, exitOK, ""},
		{[]string{"version"}, exitOK, ""},
		{[]string{"frob"}, exitUsage, `unknown command "frob" for "unconf" (see 'unconf --help')`},
		{[]string{"comapre"}, exitUsage, `unknown command "comapre" for "unconf"; did you mean compare? (see 'unconf --help')`},
		{[]string{"compare", "--bogus"}, exitUsage, "unknown flag --bogus (see 'unconf compare --help')"},
		{[]string{"compare", "--seeds", "x"}, exitUsage, `--seeds "x": want a whole number`},
		{[]string{"version", "now"}, exitUsage, `takes no arguments, got "now"`},
		{[]string{"run", "--replicate", "-1"}, exitUsage, "--replicate -1: want 0 or more"},
		{[]string{"compare", "--config", "missing.toml"}, exitError, "missing.toml: no such config file"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Chdir(t.TempDir())
			_, stderr, code := runMain(t, tt.args...)
			if code != tt.code {
				t.Errorf("unconf %v: exit %d, want %d; stderr %q", tt.args, code, tt.code, stderr)
			}
			if tt.want == "" {
				if stderr != "" {
					t.Errorf("unconf %v: stderr %q, want none", tt.args, stderr)
				}
				return
			}
			oneErrorLine(t, stderr, tt.want)
		})
	}
}

func TestVersionOf(t *testing.T) {
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"release", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}}}, "v1.2.0"},
		{"checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}}}, "devel+0123456789ab"},
		{"dirty checkout", debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}}},
			"devel+0123456789ab+dirty+bin.5e0c7d21a9f4"},
		{"go1.24 pseudo-version", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202222416-f931578dfe24"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "f931578dfe24aa"}}}, "v0.0.0-20261202222416-f931578dfe24"},
		{"go1.24 pseudo-version, dirty", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202222416-f931578dfe24+dirty"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "f931578dfe24aa"}, {Key: "vcs.modified", Value: "true"}}},
			"v0.0.0-20261202222416-f931578dfe24+dirty+bin.5e0c7d21a9f4"},
		{"no vcs (-buildvcs=false)", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel+bin.5e0c7d21a9f4"},
		{"test binary", debug.BuildInfo{}, "devel+bin.5e0c7d21a9f4"},
	}
	hash := func() string { return "5e0c7d21a9f4" }
	for _, tt := range tests {
		if got := versionOf(&tt.info, hash); got != tt.want {
			t.Errorf("%s: versionOf = %q, want %q", tt.name, got, tt.want)
		}
	}
	stdout, _, code := runMain(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "unconf ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("unconf version: exit %d, %q", code, stdout)
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"config: decoding failed due to the following error(s):\n\n'run' has invalid keys: sedes\n'votes' has invalid keys: nose",
			"config: 'run' has invalid keys: sedes; 'votes' has invalid keys: nose"},
		{"unknown command \"con\" for \"unconf\"\n\nDid you mean this?\n\tcompare\n\tconfig\n",
			`unknown command "con" for "unconf"; did you mean compare or config?`},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUserWords(t *testing.T) {
	for in, want := range map[string]string{
		"config: run.seeds: 0: want 1 to 1000000 (set in c.yaml)":  "run.seeds: 0: want 1 to 1000000 (set in c.yaml)",
		"experiments: merge: experiments: x: no rows":              "merge: x: no rows",
		"sweep: merge: runner: x: no rows":                         "merge: x: no rows",
		"runner: compare: summary: charts: x.png: disk full":       "compare: x.png: disk full",
		"sweep spec s.yaml:4: parameters.0.key: scenario: bad":     "sweep spec s.yaml:4: parameters.0.key: bad",
		"sweep spec s.yaml: base: configs: b.yaml: no such file":   "sweep spec s.yaml: base: b.yaml: no such file",
		"c.yaml:3: malformed YAML: did not find expected key":      "c.yaml:3: malformed YAML: did not find expected key",
		"plan: votes.csv:2: column \"proposal\": \"x\" is not one": "votes.csv:2: column \"proposal\": \"x\" is not one",
	} {
		if got := userWords(in); got != want {
			t.Errorf("userWords(%q) = %q, want %q", in, got, want)
		}
	}
}
