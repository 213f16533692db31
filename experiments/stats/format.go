package stats

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Decimals returns how many decimals show two significant digits of the
// narrowest interval's half width in ivs (or three of the largest |mean|
// when no interval has a width), between 0 and 6: the precision for
// printing ivs side by side in a table with Format.
func Decimals(ivs []Interval) int {
	hw, mag := math.Inf(1), 0.0
	for _, iv := range ivs {
		if h := (iv.High - iv.Low) / 2; h > 0 && h < hw {
			hw = h
		}
		if a := math.Abs(iv.Mean); a > mag {
			mag = a
		}
	}
	var d int
	switch {
	case !math.IsInf(hw, 1):
		d = 1 - int(math.Floor(math.Log10(hw)))
	case mag > 0:
		d = 2 - int(math.Floor(math.Log10(mag)))
	default:
		d = 1
	}
	return min(max(d, 0), 6)
}

// Format formats iv with dec decimals for a report: "0.512 [0.500, 0.524]",
// "+0.012 [−0.004, +0.020]" when signed (for differences), just the mean
// when there is no interval (Low is NaN), or "–" without data (N is 0 or
// Mean is NaN). Negative numbers take a minus sign (U+2212), not a hyphen.
func Format(iv Interval, dec int, signed bool) string {
	if iv.N == 0 || math.IsNaN(iv.Mean) {
		return "–"
	}
	f := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', dec, 64)
		if signed && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "+") { // +Inf has its own
			s = "+" + s
		}
		return strings.Replace(s, "-", "−", 1)
	}
	if math.IsNaN(iv.Low) {
		return f(iv.Mean)
	}
	return fmt.Sprintf("%s [%s, %s]", f(iv.Mean), f(iv.Low), f(iv.High))
}
