//go:build unix

package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

// lockDir takes an exclusive, non-blocking lock on dir (created if
// missing), so that two processes never write the same folder at once (a
// requeued Slurm task while the first still runs, the same command started
// twice in one --out, plan and compare given the same --out). The lock
// goes with the process, even on kill -9. The lock file is opened without
// following a symbolic link.
func lockDir(dir string) (*dirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("runner: output directory: %w", err)
	}
	path := filepath.Join(dir, LockFile)
	for range 100 {
		created := true
		f, err := atomicfile.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			created = false
			f, err = atomicfile.OpenFile(path, os.O_RDWR, 0o644)
			if errors.Is(err, os.ErrNotExist) {
				continue // removed between the two opens by a run releasing it
			}
		}
		if err != nil {
			return nil, fmt.Errorf("runner: %w", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, fmt.Errorf("runner: %s is being written by another unconf process (it holds %s): wait for it to finish or stop it", dir, path)
			}
			return nil, fmt.Errorf("runner: locking %s: %w", path, err)
		}
		// A run that created the file may remove it when it releases the
		// lock (release(true)); if that happened between our open and our
		// lock, we hold a lock on a file nobody else will open: try again.
		if fi, err := f.Stat(); err == nil {
			if now, err := os.Lstat(path); err == nil && os.SameFile(fi, now) {
				return &dirLock{Path: path, f: f, created: created}, nil
			}
		}
		f.Close()
	}
	return nil, fmt.Errorf("runner: %s keeps being replaced while unconf locks it", path)
}

// release unlocks; with remove, it first deletes the lock file if lockDir
// created it (a run that failed before writing anything leaves the folder
// as it found it).
func (l *dirLock) release(remove bool) {
	if remove && l.created {
		os.Remove(l.Path)
	}
	l.f.Close()
}
