package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrSymlink reports a symbolic link where a file is to be written or a
// folder entered. Output folders are never written through a link, so
// that a link planted in one cannot send rows, locks or charts elsewhere.
var ErrSymlink = errors.New("is a symbolic link; unconf does not write through links inside an output folder: remove it, or use another folder")

// linkError returns the error for a symbolic link at path.
func linkError(path string) error { return fmt.Errorf("%s %w", path, ErrSymlink) }

// isLink reports whether path is a symbolic link.
func isLink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// OpenFile is os.OpenFile that does not follow a symbolic link at path:
// it opens with O_NOFOLLOW where the platform has it (checking with Lstat
// first elsewhere), and a link is reported with an error wrapping
// ErrSymlink that names path.
func OpenFile(path string, flag int, perm os.FileMode) (*os.File, error) {
	if noFollow == 0 && isLink(path) {
		return nil, linkError(path)
	}
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if err != nil && isLink(path) {
		// ELOOP on Linux and macOS, EMLINK on FreeBSD: ask the file
		// system rather than the error number.
		return nil, linkError(path)
	}
	return f, err
}

// Mkdir creates the folder path, whose parent must exist, or accepts an
// existing folder there. A symbolic link at path is refused (ErrSymlink),
// even one to a folder, so that files written into path stay inside the
// output folder that holds it.
func Mkdir(path string) error {
	err := os.Mkdir(path, 0o755)
	if err == nil || !errors.Is(err, os.ErrExist) {
		return err
	}
	fi, lerr := os.Lstat(path)
	switch {
	case lerr != nil:
		return lerr
	case fi.Mode()&os.ModeSymlink != 0:
		return linkError(path)
	case !fi.IsDir():
		return fmt.Errorf("%s exists and is not a folder", path)
	}
	return nil
}

// tempName matches the names of Write's temporary files: "." + the
// target's name + "." + CreateTemp's decimal random part + ".tmp".
var tempName = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// TempPrefix starts the name of a staging folder that a writer of many
// files (a merge) makes inside an output folder and renames its files out
// of; RemoveTemps removes those left by a killed process.
const TempPrefix = ".unconf-tmp-"

// RemoveTemps removes from dir what a killed process leaves there: Write's
// temporary files (".NAME.123.tmp") and staging folders (TempPrefix…).
// Call it only while holding dir's lock, so that no other writer is
// using them. It returns the names removed; a missing dir is not an
// error.
func RemoveTemps(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, TempPrefix) && e.IsDir():
			err = os.RemoveAll(p)
		case tempName.MatchString(name) && e.Type().IsRegular():
			err = os.Remove(p)
		default:
			continue
		}
		if err != nil {
			return removed, err
		}
		removed = append(removed, name)
	}
	return removed, nil
}
