package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "tiny.yaml", tinyConfig)
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runMain(t, "compare", "--config", cfg, "--seeds", "2", "--policies", "random,spread", "--out", out)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Report: "+filepath.Join(out, "report.html")) {
		t.Errorf("compare's answer does not point at report.html:\n%s", stdout)
	}
	meta, err := os.ReadFile(filepath.Join(out, "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `"command_line": "unconf compare --config ` + cfg + ` --seeds 2 --policies random,spread --out ` + out + `"`; !strings.Contains(string(meta), want) {
		t.Errorf("meta.json lacks %s", want)
	}
	first, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(out, "report.html"))
	_, stderr, code = runMain(t, "report", out)
	if code != 0 || !strings.Contains(stderr, "Wrote "+filepath.Join(out, "report.html")) {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	again, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil || string(again) != string(first) {
		t.Errorf("unconf report rebuilt another page than compare wrote (%v)", err)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report"}, exitUsage, "needs exactly one output folder"},
		{[]string{"report", dir}, exitError, "unconf: report: " + dir + " has no meta.json"},
		{[]string{"report", filepath.Join(dir, "nope")}, exitError, "no such folder"},
	} {
		_, stderr, code := runMain(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line with %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

func TestCommandLine(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "--seeds", "3"}, "unconf compare --seeds 3"},
		{[]string{"plan", "--out", "my plan", "--config", "it's.yaml"}, `unconf plan --out 'my plan' --config 'it'\''s.yaml'`},
		{[]string{"sweep", ""}, "unconf sweep ''"},
	} {
		if got := commandLine(c.args); got != c.want {
			t.Errorf("%q: %s, want %s", c.args, got, c.want)
		}
	}
}
