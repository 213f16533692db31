//go:build !race

// The hostile-input test tool (issue 10, "What must hold"): it builds the
// unconf binary once and replays tables of hostile inputs against it —
// configs, UNCONF_* variables, flags, CSVs, sweep specs, folders with links
// to /dev/zero — each in a fresh folder with its own environment, and
// asserts for every case:
//
//   - the exit status (0, 1 for an error, 2 for a usage error), and that the
//     process was not killed (by a signal, a panic, a memory limit or the
//     time limit);
//   - on failure, exactly one line on stderr, "unconf: …", containing the
//     case's words (the key, flag, file:line or variable at fault), and no
//     internal package names or Go error text;
//   - no file written outside --out (the case folder is compared before
//     and after), nothing in TMPDIR, and no temporary (*.tmp) file left;
//   - on failure, no --out folder created when there was none.
//
// Cases live in tables grouped by area (hostile_*_test.go), so that adding
// one is adding a line. The file is skipped under -race: it runs the
// binary, which the race detector does not watch, and CI runs it once.

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// hostileCase is one hostile invocation of unconf.
type hostileCase struct {
	// name names the case in test output.
	name string
	// args follow "unconf"; {dir} is replaced by the case's folder.
	args []string
	// env holds extra environment variables (the child gets no other
	// UNCONF_* variable).
	env map[string]string
	// files are created in the case's folder before the run, by path
	// relative to it; links are symbolic links (path → target).
	files map[string]string
	links map[string]string
	// code is the exit status wanted; want the words the single error
	// line must contain (for code 0: words stderr must contain, warnings
	// for instance); never words that must appear neither on stdout nor
	// on stderr (a secret from a wrong file).
	code  int
	want  []string
	never []string
	// out is the --out folder relative to the case's folder ("" when the
	// case writes nothing): only it may change; writes is set when it
	// may be created although the run fails (failed units).
	out    string
	writes bool
	// check, if set, inspects the case's folder after the run.
	check func(t *testing.T, dir string)
}

// binFlag replays the cases against another build (an older one, to see
// which cases it fails): go test ./cmd/unconf -run Hostile -args -unconf-bin PATH.
var binFlag = flag.String("unconf-bin", "", "run the hostile cases against this unconf binary instead of building one")

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// unconfBinary builds the unconf binary once per test process.
func unconfBinary(t *testing.T) string {
	t.Helper()
	if *binFlag != "" {
		return *binFlag
	}
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "unconf-hostile-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "unconf")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Limits of one run: a case that needs more is a failure (an unbounded
// read, a quadratic loop).
const (
	caseTimeout = 60 * time.Second
	caseMemory  = 2 << 30 // bytes of address space (ulimit -v)
)

// runHostile runs each case in parallel subtests.
func runHostile(t *testing.T, cases []hostileCase) {
	bin := unconfBinary(t)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			runCase(t, bin, c)
		})
	}
}

func runCase(t *testing.T, bin string, c hostileCase) {
	dir := t.TempDir()
	for p, content := range c.files {
		path := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(content, "{dir}", dir)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for p, target := range c.links {
		path := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(strings.ReplaceAll(target, "{dir}", dir), path); err != nil {
			t.Fatal(err)
		}
	}
	tmp := filepath.Join(dir, ".tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	outExisted := c.out != "" && exists(filepath.Join(dir, c.out))

	args := make([]string, len(c.args))
	for i, a := range c.args {
		args[i] = strings.ReplaceAll(a, "{dir}", dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
	defer cancel()
	// ulimit -v turns an unbounded read into a failed allocation instead
	// of a machine swapping.
	script := fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, caseMemory>>10)
	cmd := exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", script, bin}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + tmp, "LANG=C.UTF-8"}
	for k, v := range c.env {
		cmd.Env = append(cmd.Env, k+"="+strings.ReplaceAll(v, "{dir}", dir))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	code := 0
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("unconf %q: still running after %v (killed)", args, caseTimeout)
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("unconf %q: killed by %v\nstderr: %.2000s", args, ws.Signal(), stderr.String())
		}
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	t.Logf("unconf %q: exit %d in %v", args, code, elapsed.Round(time.Millisecond))
	if code != 0 {
		t.Logf("stderr: %.300s", stderr.String())
	}

	errText := stderr.String()
	for _, bad := range []string{"panic:", "goroutine ", "fatal error:", "runtime error"} {
		if strings.Contains(errText, bad) {
			t.Fatalf("unconf %q: %s on stderr:\n%.3000s", args, bad, errText)
		}
	}
	if code != c.code {
		t.Errorf("unconf %q: exit %d, want %d\nstderr: %.2000s", args, code, c.code, errText)
	}
	if code != 0 {
		checkErrorLine(t, args, errText, c.want)
	} else {
		for _, w := range c.want {
			if !strings.Contains(errText, w) {
				t.Errorf("unconf %q: stderr does not contain %q:\n%.2000s", args, w, errText)
			}
		}
	}
	for _, w := range c.never {
		if strings.Contains(errText, w) || strings.Contains(stdout.String(), w) {
			t.Errorf("unconf %q: output shows %q", args, w)
		}
	}

	after := snapshot(t, dir)
	for p, sum := range after {
		if strings.HasSuffix(p, ".tmp") && p != ".tmp" {
			t.Errorf("unconf %q: left a temporary file %s", args, p)
		}
		if strings.HasPrefix(p, ".tmp/") {
			t.Errorf("unconf %q: left %s in TMPDIR", args, p)
		}
		if before[p] == sum || p == ".tmp" {
			continue
		}
		if c.out == "" || !(p == c.out || strings.HasPrefix(p, c.out+"/")) {
			t.Errorf("unconf %q: wrote %s outside --out %q", args, p, c.out)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok && (c.out == "" || !strings.HasPrefix(p, c.out+"/")) {
			t.Errorf("unconf %q: removed %s", args, p)
		}
	}
	if code != 0 && c.out != "" && !outExisted && !c.writes && exists(filepath.Join(dir, c.out)) {
		t.Errorf("unconf %q failed but created --out %s: %v", args, c.out, keys(after))
	}
	if c.check != nil {
		c.check(t, dir)
	}
}

// internals match words of Go and of unconf's packages that must not reach
// the user: a package prefix ("experiments: ", "yaml: ") where a message
// or a wrapped part of it starts, and Go's own error texts.
var internals = regexp.MustCompile(`(^|: )(experiments|configs|config|plan|sim|charts|agents|policy|input|csvcell|yaml|json|toml|cli|cobra|viper): ` +
	`|strconv\.|mapstructure|invalid syntax|interface \{\}|map\[|\bopen /|no such file or directory|<nil>|%!`)

// checkErrorLine checks that stderr is one line "unconf: …" holding every
// want and no internals.
func checkErrorLine(t *testing.T, args []string, stderr string, want []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "unconf: ") || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("unconf %q: stderr is not one line \"unconf: …\":\n%.3000s", args, stderr)
		return
	}
	for _, w := range want {
		if !strings.Contains(lines[0], w) {
			t.Errorf("unconf %q: error line\n\t%s\ndoes not contain %q", args, lines[0], w)
		}
	}
	if bad := internals.FindString(strings.TrimPrefix(lines[0], "unconf: ")); bad != "" {
		t.Errorf("unconf %q: error line\n\t%s\nspeaks of %q", args, lines[0], bad)
	}
	if len(lines[0]) > 1000 {
		t.Errorf("unconf %q: error line of %d bytes", args, len(lines[0]))
	}
}

// snapshot maps every path under dir (relative, slash-separated) to its
// size and modification time; a link to its target.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			m[rel] = "-> " + target
			return nil
		}
		if d.IsDir() {
			m[rel] = "dir"
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		m[rel] = fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// noFormulas returns a check that every cell of the CSV files (paths
// relative to the case's folder) that starts with =, +, -, @, a tab or a
// carriage return is a number: text that a spreadsheet would run is
// neutralised (issue 10 item 19).
func noFormulas(files ...string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		for _, name := range files {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				t.Error(err)
				continue
			}
			rows, err := csv.NewReader(f).ReadAll()
			f.Close()
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			quoted := 0
			for i, row := range rows {
				for _, cell := range row {
					if strings.HasPrefix(cell, "'") {
						quoted++
					}
					if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						continue
					}
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s:%d: cell %q would run as a formula", name, i+1, cell)
					}
				}
			}
			if quoted == 0 {
				t.Errorf("%s: no neutralised cell: the case's formulas did not reach the file", name)
			}
		}
	}
}
