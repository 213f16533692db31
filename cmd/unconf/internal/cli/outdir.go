package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/unconf/unconf/experiments/runner"
)

// defaultOut returns ./unconf-out/<kind>-YYYYMMDD-HHMMSS, with a -2, -3, …
// suffix if that folder already exists.
func defaultOut(kind string, now time.Time) string {
	base := filepath.Join("unconf-out", kind+"-"+now.Format("20060102-150405"))
	dir := base
	for i := 2; exists(dir); i++ {
		dir = fmt.Sprintf("%s-%d", base, i)
	}
	return dir
}

// isDir reports whether path is a folder (not a link to one).
func isDir(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.IsDir()
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// outDir is an output folder made ready by prepareOut.
type outDir struct {
	// created lists the folders prepareOut made, outermost first.
	created []string
}

// prepareOut creates dir (and missing parents) and checks that a file can
// be written there, before any work starts. On error nothing is left
// behind.
func prepareOut(dir string) (*outDir, error) {
	o := &outDir{}
	var missing []string
	for d := filepath.Clean(dir); !exists(d); d = filepath.Dir(d) {
		missing = append([]string{d}, missing...)
		if d == filepath.Dir(d) {
			break
		}
	}
	for _, d := range missing {
		err := os.Mkdir(d, 0o755)
		if errors.Is(err, fs.ErrExist) && isDir(d) {
			// Another process made it meanwhile (shards of one run start
			// together): it is theirs to clean up, not ours.
			continue
		}
		if err != nil {
			o.cleanup()
			return nil, fmt.Errorf("--out %s: cannot create folder: %w", dir, unwrapPath(err))
		}
		o.created = append(o.created, d)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		o.cleanup()
		return nil, fmt.Errorf("--out %s: not a folder", dir)
	}
	probe, err := os.CreateTemp(dir, ".unconf-probe-*")
	if err != nil {
		o.cleanup()
		return nil, fmt.Errorf("--out %s: not writable: %w", dir, unwrapPath(err))
	}
	name := probe.Name()
	probe.Close()
	if err := os.Remove(name); err != nil {
		o.cleanup()
		return nil, fmt.Errorf("--out %s: %w", dir, err)
	}
	return o, nil
}

// cleanup removes the folders prepareOut created that are still empty,
// innermost first.
func (o *outDir) cleanup() {
	for i := len(o.created) - 1; i >= 0; i-- {
		if os.Remove(o.created[i]) != nil {
			return
		}
	}
}

// stopped returns the error of a resumable run (compare, sweep) into dir
// that failed with err, after removing the folders prepareOut created that
// are still empty. When ctx was cancelled it is one line, "interrupted
// after N of M units; resume with: COMMAND", COMMAND being resume (the
// same command with --out dir); a run that stopped for another reason
// also gives the command when units are kept.
func (o *outDir) stopped(ctx context.Context, dir string, err error, resume string) error {
	o.cleanup()
	var st *runner.StoppedError
	stoppedRun := errors.As(err, &st)
	if ctx.Err() != nil {
		switch {
		case !nonEmpty(dir):
			return errors.New("interrupted")
		case stoppedRun:
			return fmt.Errorf("interrupted after %d of %d units; resume with: %s", st.Done, st.Units, resume)
		}
		return fmt.Errorf("interrupted; resume with: %s", resume)
	}
	if stoppedRun && st.Done > 0 {
		return fmt.Errorf("%w; once fixed, resume with: %s", err, resume)
	}
	return err
}

// failedUnits is the error of a finished run (compare, sweep, merge) in
// which failed of units failed; nil when none did.
func failedUnits(failed, units int) error {
	if failed > 0 {
		return fmt.Errorf("%d of %d units failed (see the error column of results.csv)", failed, units)
	}
	return nil
}

// nonEmpty reports whether dir exists and holds anything.
func nonEmpty(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) > 0
}

// unwrapPath drops the path from a *PathError, since messages name it
// already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
