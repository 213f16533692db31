package runner

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

// WriteFile writes data to path through a temporary file in the
// same directory and a rename, so that path is either absent, its old
// content or the whole new content, never half written.
func WriteFile(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("runner: %w", err)
	}
	return nil
}

// WriteJSON writes v to path as indented JSON with a final newline,
// atomically (WriteFile).
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("runner: %s: %w", filepath.Base(path), err)
	}
	return WriteFile(path, append(b, '\n'))
}

// Write is WriteFile with the content written by fill
// (atomicfile.Write).
func Write(path string, fill func(f *os.File) error) error {
	if err := atomicfile.Write(path, fill); err != nil {
		return fmt.Errorf("runner: %w", err)
	}
	return nil
}

// Exists reports whether path exists (a symbolic link counts, even a
// dangling one: it is never followed).
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// isSymlink reports whether path is a symbolic link.
func isSymlink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// SyncDir flushes a directory's entries (renames) to disk where the
// platform allows it.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not supported everywhere; best effort
		d.Close()
	}
}

// Mkdir creates the folder dir inside an output folder, or accepts an
// existing one, refusing a symbolic link (atomicfile.Mkdir).
func Mkdir(dir string) error {
	if err := atomicfile.Mkdir(dir); err != nil {
		return fmt.Errorf("runner: %w", err)
	}
	return nil
}

// OpenFile opens a file inside an output folder without following a
// symbolic link (atomicfile.OpenFile).
func OpenFile(path string, flag int) (*os.File, error) {
	f, err := atomicfile.OpenFile(path, flag, 0o644)
	if err != nil {
		return nil, fmt.Errorf("runner: %w", err)
	}
	return f, nil
}
