package charts

import "errors"

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
