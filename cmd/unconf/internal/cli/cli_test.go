package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// testEnv returns an Env writing into buffers, with a fixed clock.
func testEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{
		Out: &out,
		Err: &errb,
		Now: func() time.Time { return time.Date(2017, 11, 17, 9, 30, 0, 0, time.UTC) },
		Context: func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		},
	}, &out, &errb
}

// parseFlags builds a command with newCmd and a fake run function,
// executes it on args and returns the options it would have run with (nil
// when parsing failed before the run).
func parseFlags[O any](t *testing.T, newCmd func(*Env, func(context.Context, *O) error) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	env, _, _ := testEnv()
	var got *O
	cmd := newCmd(env, func(_ context.Context, o *O) error {
		got = o
		return nil
	})
	cmd.SetArgs(args)
	cmd.SetOut(env.Out)
	cmd.SetErr(env.Err)
	err := cmd.ExecuteContext(context.Background())
	return got, err
}

// runMain runs unconf with args in a fresh temporary working directory and
// returns stdout, stderr and the exit status.
func runMain(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	env, out, errb := testEnv()
	code = Main(args, env)
	return out.String(), errb.String(), code
}

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// listTree returns every path under dir, relative, sorted.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// oneErrorLine checks that stderr is the single line "unconf: …" and that
// it contains every want.
func oneErrorLine(t *testing.T, stderr string, want ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "unconf: ") || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("stderr = %q, want one line \"unconf: …\"", stderr)
	}
	for _, w := range want {
		if !strings.Contains(lines[0], w) {
			t.Errorf("error line %q does not contain %q", lines[0], w)
		}
	}
}
