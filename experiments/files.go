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

// exists reports whether path exists (a symbolic link counts, even a
// dangling one: it is never followed).
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// isSymlink reports whether path is a symbolic link.
func isSymlink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// syncDir flushes a directory's entries (renames) to disk where the
// platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not supported everywhere; best effort
		d.Close()
	}
}

// mkdir creates the folder dir inside an output folder, or accepts an
// existing one, refusing a symbolic link (atomicfile.Mkdir).
func mkdir(dir string) error {
	if err := atomicfile.Mkdir(dir); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return nil
}

// openFile opens a file inside an output folder without following a
// symbolic link (atomicfile.OpenFile).
func openFile(path string, flag int) (*os.File, error) {
	f, err := atomicfile.OpenFile(path, flag, 0o644)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	return f, nil
}
