// Package input reads the files people hand to unconf (config files, sweep
// specs and their base scenarios, CSV data) within stated limits, so that
// a link to /dev/zero, a runaway export or a wrong file is refused with
// one line instead of exhausting memory. Reading stops at the limit: a
// larger file is never read whole.
package input

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits, generous for real use; the README states them.
const (
	// MaxConfig is the largest config file, sweep spec or sweep base
	// scenario: 1 MiB, some 200 times the embedded default scenario.
	MaxConfig = 1 << 20
	// MaxCSV is the largest CSV input of plan (attendees, proposals,
	// votes, a schedule): 64 MiB.
	MaxCSV = 64 << 20
	// MaxJSON is the largest state file unconf reads back from an output
	// folder (run.json, part.json): 16 MiB.
	MaxJSON = 16 << 20
	// MaxLine is the longest line of a results file read back (plot,
	// summaries, merge): 1 MiB.
	MaxLine = 1 << 20
)

// TooLargeError reports a file larger than its limit.
type TooLargeError struct {
	// Path is the file; What names its kind ("a config file").
	Path, What string
	// Limit is the size limit in bytes.
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s, the limit for %s", e.Path, Size(e.Limit), e.What)
}

// LineTooLongError reports a line longer than MaxLine (or the reader's
// limit).
type LineTooLongError struct {
	Path  string
	Line  int
	Limit int
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("%s:%d: line longer than %s: not a file unconf wrote", e.Path, e.Line, Size(int64(e.Limit)))
}

// Size formats a byte count as "1 MiB", "64 MiB", "512 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the file at path, which must hold at most limit bytes;
// what names the kind of file for the error ("a config file"). It reads
// at most limit+1 bytes, so a device or FIFO that never ends is refused as
// too large. Errors name path and say what is wrong in plain words ("no
// such file", "is a folder").
func ReadFile(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, OpenError(path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, not %s", path, what)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: path, What: what, Limit: limit}
	}
	return data, nil
}

// OpenError rewords an error of os.Open for the user: "PATH: no such
// file", "PATH: permission denied". It wraps err, so errors.Is(err,
// os.ErrNotExist) still holds.
func OpenError(path string, err error) error {
	msg := unwrapPath(err).Error()
	switch {
	case errors.Is(err, os.ErrNotExist):
		msg = "no such file"
	case errors.Is(err, os.ErrPermission):
		msg = "permission denied"
	}
	return &openError{path: path, msg: msg, err: err}
}

type openError struct {
	path, msg string
	err       error
}

func (e *openError) Error() string { return e.path + ": " + e.msg }
func (e *openError) Unwrap() error { return e.err }

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Lines returns a reader of r that fails with a *LineTooLongError as soon
// as a line (bytes between line ends) exceeds limit bytes, so that a
// line-oriented parser (encoding/csv, bufio) never buffers an endless
// line. path names r in the error.
func Lines(r io.Reader, path string, limit int) io.Reader {
	return &lineLimiter{r: bufio.NewReaderSize(r, 64<<10), path: path, limit: limit, line: 1}
}

type lineLimiter struct {
	r     *bufio.Reader
	path  string
	limit int
	cur   int // bytes of the current line so far
	line  int
	err   error
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			l.cur = 0
			l.line++
			continue
		}
		l.cur++
		if l.cur > l.limit {
			l.err = &LineTooLongError{Path: l.path, Line: l.line, Limit: l.limit}
			return i, l.err
		}
	}
	return n, err
}
