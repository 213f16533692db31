package charts

import (
	"errors"
	"os"
)

// Errors wrapped by the chart functions, to be tested with errors.Is.
var (
	// ErrFormat reports a file extension other than .png, .svg or .pdf.
	ErrFormat = errors.New("unsupported file format (want .png, .svg or .pdf)")
	// ErrNoData reports a chart with nothing to draw.
	ErrNoData = errors.New("no data")
	// ErrLength reports slices whose lengths should agree but don't.
	ErrLength = errors.New("length mismatch")
	// ErrValue reports a value a chart cannot draw, such as an infinity,
	// a negative count or a confidence interval whose low end is above
	// its high end.
	ErrValue = errors.New("invalid value")
)

// WriteError reports a chart that was drawn but could not be written to
// Path (a full disk, a folder without write permission, a folder where the
// file should be). Unlike the errors above it is the output folder's
// fault, not the data's: callers that skip a chart without data should
// still fail on it.
type WriteError struct {
	Path string
	Err  error
}

// Error names the file and the cause, without repeating the path that an
// *os.PathError or *os.LinkError carries.
func (e *WriteError) Error() string {
	cause := e.Err
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(cause, &pe):
		cause = pe.Err
	case errors.As(cause, &le):
		cause = le.Err
	}
	return "charts: cannot write " + e.Path + ": " + cause.Error()
}

// Unwrap returns the cause.
func (e *WriteError) Unwrap() error { return e.Err }
