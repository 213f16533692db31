//go:build !unix

package runner

import (
	"fmt"
	"os"
)

// lockDir only creates dir where advisory file locks are not available:
// two processes must not write the same directory at once.
func lockDir(dir string) (*dirLock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("runner: output directory: %w", err)
	}
	return &dirLock{}, nil
}

// release does nothing: there is no lock.
func (l *dirLock) release(bool) {}
