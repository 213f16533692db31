package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write writes path with the content fill writes to f, a temporary file
// ".NAME.*.tmp" in path's folder, then syncs and closes f, makes it
// readable by all (0644) and renames it over path. On any error the
// temporary file is removed and path is left as it was. Errors of fill,
// the sync, the chmod and the close are wrapped as "writing PATH: …"; the
// others are the os package's, which name the file. The rename replaces a
// symbolic link at path rather than writing through it.
func Write(path string, fill func(f *os.File) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := fill(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Through f, not its name: the name could have been replaced since.
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}

// WriteFile is Write with data as the content.
func WriteFile(path string, data []byte) error {
	return Write(path, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}
