package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestOneKindOfRunPerFolder runs plan into a compare folder and compare
// into a plan folder: each is refused with one line naming the folder and
// the run it holds, and the folder's files are left as they were.
func TestOneKindOfRunPerFolder(t *testing.T) {
	planArgs := append(exampleArgs(t), "--seeds", "2", "--policies", "popularity,spread")
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := writeFile(t, dir, "tiny.yaml", tinyConfig)
	compareArgs := []string{"compare", "--config", cfg, "--seeds", "2", "--policies", "random,spread"}

	cmp := filepath.Join(dir, "cmp")
	if _, stderr, code := runMain(t, append(compareArgs, "--out", cmp)...); code != 0 {
		t.Fatalf("compare: exit %d\n%s", code, stderr)
	}
	pln := filepath.Join(dir, "plan")
	if _, stderr, code := runMain(t, append(planArgs, "--out", pln)...); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		out  string
		want string
	}{
		{"plan into a compare folder", planArgs, cmp, "a compare run"},
		{"compare into a plan folder", compareArgs, pln, "a plan run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, tc.out)
			_, stderr, code := runMain(t, append(tc.args, "--out", tc.out)...)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			oneErrorLine(t, lines[len(lines)-1]+"\n", tc.out, tc.want)
			if after := snapshot(t, tc.out); after != before {
				t.Errorf("the refused run changed %s", tc.out)
			}
		})
	}
}

// snapshot returns every file under dir with its content, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range listTree(t, dir) {
		fi, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(p + "\n")
		if fi.Mode().IsRegular() {
			c, _ := os.ReadFile(filepath.Join(dir, p))
			b.Write(c)
		}
	}
	return b.String()
}

// TestCompareChartWriteError: a chart that cannot be written (a folder
// holds its name, as a full disk would refuse it) fails the run with exit
// status 1 and a line naming it, rather than a warning and exit 0.
func TestCompareChartWriteError(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := writeFile(t, dir, "tiny.yaml", tinyConfig)
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(filepath.Join(out, "charts", "hands.png", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runMain(t, "compare", "--config", cfg, "--seeds", "2", "--policies", "random,spread", "--out", out)
	if code != exitError {
		t.Errorf("exit %d, want %d\n%s", code, exitError, stderr)
	}
	if strings.Contains(stderr, "not drawn") || strings.Contains(stderr, "Wrote ") {
		t.Errorf("stderr reports success or warnings:\n%s", stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	oneErrorLine(t, lines[len(lines)-1]+"\n", filepath.Join(out, "charts", "hands.png"))
}

// TestVersionIdentifiesBuild: a binary built without VCS information (as
// with GOFLAGS=-buildvcs=false, and every test binary) still has a version
// unique to its build, not the bare "devel".
func TestVersionIdentifiesBuild(t *testing.T) {
	stdout, _, code := runMain(t, "version")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !regexp.MustCompile(`^unconf devel\+bin\.[0-9a-f]{12} \(go1\.`).MatchString(stdout) {
		t.Errorf("unconf version = %q, want devel+bin.<12 hex digits of the executable's SHA-256>", stdout)
	}
	again, _, _ := runMain(t, "version")
	if !bytes.Equal([]byte(stdout), []byte(again)) {
		t.Errorf("two calls: %q, %q", stdout, again)
	}
}

// TestPrepareOutTogether starts several runs into one new folder at once,
// as the shards of a Slurm array do: each finds the folder missing, and
// the ones that lose the race to create it must use it, not fail.
func TestPrepareOutTogether(t *testing.T) {
	for round := range 50 {
		dir := filepath.Join(t.TempDir(), "runs", fmt.Sprint(round))
		errs := make(chan error, 8)
		var start sync.WaitGroup
		start.Add(1)
		for range cap(errs) {
			go func() {
				start.Wait()
				_, err := prepareOut(dir)
				errs <- err
			}()
		}
		start.Done()
		for range cap(errs) {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}
