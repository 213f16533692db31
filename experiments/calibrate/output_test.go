package calibrate

import (
	"math"
	"strings"
	"testing"
)

// TestCSVEmptyCells: a number without a value (NaN) is an empty cell in
// the CSV files, as in every CSV unconf writes, never the text NaN.
func TestCSVEmptyCells(t *testing.T) {
	nan := math.NaN()
	f := &Fit{Keys: []string{"a", "b"}, Posterior: [][]float64{{0.5, nan}},
		Draws: []Draw{{X: []float64{nan, 1}, LogLik: []float64{-2}}}}
	for name, b := range map[string][]byte{"posterior": f.posteriorCSV(), "draws": f.drawsCSV()} {
		if s := string(b); strings.Contains(s, "NaN") || !strings.Contains(s, ",,") && !strings.Contains(s, ",\n") {
			t.Errorf("%s CSV:\n%s\nwant an empty cell for NaN", name, s)
		}
	}
}
