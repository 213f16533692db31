//go:build unix

package calibrate

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockJournal takes an exclusive, non-blocking lock on the open journal f
// (named name), so that two processes never append to the same journal (a
// requeued Slurm task while the first still runs, the same command started
// twice). The lock goes with the process, even on kill -9.
func lockJournal(f *os.File, name string) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("calibrate: %s is being written by another unconf process: wait for it to finish or stop it", name)
		}
		return fmt.Errorf("calibrate: locking %s: %w", name, err)
	}
	return nil
}
