package experiments

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

// writeFileAtomic writes data to path through a temporary file in the
// same directory and a rename, so that path is either absent, its old
// content or the whole new content, never half written.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return nil
}

// writeJSON writes v to path as indented JSON with a final newline,
// atomically (writeFileAtomic).
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("experiments: %s: %w", filepath.Base(path), err)
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeAtomic is writeFileAtomic with the content written by fill
// (atomicfile.Write).
func writeAtomic(path string, fill func(f *os.File) error) error {
	if err := atomicfile.Write(path, fill); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return nil
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// syncDir flushes a directory's entries (renames) to disk where the
// platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not supported everywhere; best effort
		d.Close()
	}
}

// mkdirAll creates dir and its parents.
func mkdirAll(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return nil
}
