//go:build unix

package experiments

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile is the file a compare, sweep, shard or merge holds an exclusive
// lock on while it writes a directory.
const lockFile = ".unconf.lock"

// lockDir takes an exclusive, non-blocking lock on dir (created if
// missing), so that two processes never append to the same journals (a
// requeued Slurm task while the first still runs, the same command started
// twice in one --out). The lock goes with the process, even on kill -9.
func lockDir(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("experiments: output directory: %w", err)
	}
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("experiments: %s is being written by another unconf process (it holds %s): wait for it to finish or stop it", dir, path)
		}
		return nil, fmt.Errorf("experiments: locking %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
