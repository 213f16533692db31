package summary

import (
	"strconv"

	"github.com/unconf/unconf/experiments/internal/csvcell"
)

// CSVHeader is the header of summary.csv (after a sweep's point columns):
// one row per policy × metric.
var CSVHeader = []string{"policy", "metric", "n", "mean", "sd", "ci_low", "ci_high",
	"diff_n", "diff_vs_baseline", "diff_ci_low", "diff_ci_high"}

// AppendCSV appends r as the columns of CSVHeader and a line end: arm (the
// policy's name), the metric's name, r.Est's n, mean, sd and interval, and
// r.Diff's n, mean and interval, or four empty cells when r has no
// difference (the baseline).
func AppendCSV(b []byte, arm string, r Row) []byte {
	b = csvcell.AppendField(b, arm)
	b = append(append(b, ','), r.Metric.String()...)
	b = strconv.AppendInt(append(b, ','), int64(r.Est.N), 10)
	for _, v := range []float64{r.Est.Mean, r.Est.SD, r.Est.Low, r.Est.High} {
		b = csvcell.AppendFloat(append(b, ','), v)
	}
	if r.HasDiff {
		b = strconv.AppendInt(append(b, ','), int64(r.Diff.N), 10)
		for _, v := range []float64{r.Diff.Mean, r.Diff.Low, r.Diff.High} {
			b = csvcell.AppendFloat(append(b, ','), v)
		}
	} else {
		b = append(b, ",,,,"...)
	}
	return append(b, '\n')
}
