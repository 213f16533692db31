package cli

import (
	"fmt"
	"strings"
)

// checkWorkers checks a --workers value.
func checkWorkers(n int) error {
	if n < 1 {
		return &usageError{fmt.Errorf("--workers %d: want at least 1", n)}
	}
	return nil
}

// chartFormat checks a chart format given by the flag called name
// (format, chart-format) and returns it in lower case without a dot.
func chartFormat(name, s string) (string, error) {
	f := strings.ToLower(strings.TrimPrefix(s, "."))
	switch f {
	case "png", "svg", "pdf":
		return f, nil
	}
	return "", &usageError{fmt.Errorf("--%s %q: want png, svg or pdf", name, s)}
}

// resultsFormat checks a --format value of sweep or merge.
func resultsFormat(s string) (string, error) {
	f := strings.ToLower(strings.TrimPrefix(s, "."))
	switch f {
	case "csv", "parquet":
		return f, nil
	}
	return "", &usageError{fmt.Errorf("--format %q: want csv or parquet (charts: --chart-format)", s)}
}
