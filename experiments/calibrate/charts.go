package calibrate

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/unconf/unconf/experiments/charts"
)

// Chart files of Write, without their extension.
const (
	marginalsChart = "parameters"
	rangesChart    = "observed-vs-predicted"
)

// charts draws the marginals of the parameters and the observed head
// counts against their leave-one-out predictions into dir.
func (f *Fit) charts(dir string, info Info) ([]string, error) {
	ext := "." + cmp.Or(info.Format, "png")
	var panels []charts.MarginalPanel
	margs := f.Marginals()
	for k, key := range f.Keys {
		pn := charts.MarginalPanel{Label: key}
		for i := range f.Draws {
			if f.Draws[i].Round == 0 {
				pn.Prior = append(pn.Prior, f.Draws[i].X[k])
			}
		}
		for _, x := range f.Posterior {
			pn.Posterior = append(pn.Posterior, x[k])
		}
		if !margs[k].Informed {
			pn.Note = "not informed by the data"
		}
		panels = append(panels, pn)
	}
	var written []string
	var errs []error
	name := marginalsChart + ext
	if err := charts.Marginals(filepath.Join(dir, name), fmt.Sprintf("Fitted parameters of %s: prior and posterior", info.Event), panels); err != nil {
		errs = append(errs, err)
	} else {
		written = append(written, name)
	}

	rows := make([]charts.RangeRow, len(f.Problem.Obs))
	for j, o := range f.Problem.Obs {
		q := f.Predictive(j, true)
		rows[j] = charts.RangeRow{Label: f.Problem.Data.Proposals[o.Proposal].Title,
			P10: q.P10, P25: q.P25, Median: q.Median, P75: q.P75, P90: q.P90,
			ObsLo: float64(o.Lo), ObsHi: float64(o.Hi)}
	}
	slices.SortStableFunc(rows, func(a, b charts.RangeRow) int { return cmp.Compare(b.Median, a.Median) })
	name = rangesChart + ext
	if err := charts.Ranges(filepath.Join(dir, name), "Observed head counts and their predictions, each session left out of the fit", "people in the session", rows); err != nil {
		errs = append(errs, err)
	} else {
		written = append(written, name)
	}
	return written, errors.Join(errs...)
}
