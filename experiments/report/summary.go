package report

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/sim"
)

// level is the confidence level of every interval of the CSVs.
const level = 0.95

// satisfaction is the metric policies are ranked on.
const satisfaction = "satisfaction_mean"

// keyMetrics are the metrics of the key tables, as in summary.md.
var keyMetrics = []string{
	"satisfaction_mean", "satisfaction_p10", "coverage", "conflicts",
	"collapsed", "hands_error", "new_ties", "alert_share",
}

// metricLabels are short human names and units of the key metrics.
var metricLabels = map[string]struct{ name, unit string }{
	"satisfaction_mean": {"satisfaction", "mean per attendee, 0–1"},
	"satisfaction_p10":  {"satisfaction p10", "10th percentile of attendees, 0–1"},
	"coverage":          {"coverage", "share of hands acted on"},
	"conflicts":         {"conflicts", "co-voter pairs in parallel"},
	"collapsed":         {"collapsed", "sessions with too few people"},
	"turned_away":       {"turned away", "arrivals turned away by full rooms"},
	"hands_error":       {"hands error", "|hands − attendance| / hands"},
	"new_ties":          {"new ties", "acquaintances made"},
	"alert_share":       {"alert share", "share of person-slots alert"},
}

// label returns a metric's short name.
func label(m string) string {
	if l, ok := metricLabels[m]; ok {
		return l.name
	}
	return strings.ReplaceAll(m, "_", " ")
}

// higherIsBetter reports a metric's direction (unknown names: higher).
func higherIsBetter(m string) bool {
	if pm, err := sim.ParseMetric(m); err == nil {
		return pm.HigherIsBetter()
	}
	return true
}

// arrow is ↑ for a metric where higher is better, ↓ otherwise.
func arrow(m string) string {
	if higherIsBetter(m) {
		return "↑"
	}
	return "↓"
}

// metricHead returns a table heading for metric m, with its unit and
// direction as a tooltip.
func metricHead(m string) head {
	dir := "higher is better"
	if !higherIsBetter(m) {
		dir = "lower is better"
	}
	title := m + ": " + dir
	if l, ok := metricLabels[m]; ok {
		title = fmt.Sprintf("%s (%s): %s", m, l.unit, dir)
	}
	return head{Text: label(m) + " " + arrow(m), Title: title, Num: true}
}

// estimate is a summary row: a policy's metric at a point over the
// replicates, and its paired difference to the baseline.
type estimate struct {
	Est, Diff stats.Interval
	HasDiff   bool
}

// summaryKey names a row of summary.csv.
type summaryKey struct {
	point          int
	policy, metric string
}

// summary is summary.csv read back.
type summary struct {
	rows map[summaryKey]estimate
	// metrics in file order.
	metrics []string
	// params[point] are the swept keys' values as written (sweeps).
	params [][]string
}

// readSummary reads dir/summary.csv; paramCols are a sweep's key columns
// (none for compare).
func readSummary(dir string, paramCols []string) (*summary, error) {
	need := []string{"policy", "metric", "n", "mean", "sd", "ci_low", "ci_high", "diff_n", "diff_vs_baseline", "diff_ci_low", "diff_ci_high"}
	if len(paramCols) > 0 {
		need = append(append([]string{"point"}, paramCols...), need...)
	}
	t, err := readTable(filepath.Join(dir, "summary.csv"), need...)
	if err != nil {
		return nil, err
	}
	s := &summary{rows: map[summaryKey]estimate{}}
	for i := range t.rows {
		k := summaryKey{policy: t.str(i, "policy"), metric: t.str(i, "metric")}
		if len(paramCols) > 0 {
			if k.point, err = t.int(i, "point"); err != nil {
				return nil, err
			}
			if k.point < 0 || k.point > 1e7 {
				return nil, fmt.Errorf("report: %s:%d: point %d out of range", t.path, i+2, k.point)
			}
			for len(s.params) <= k.point {
				s.params = append(s.params, nil)
			}
			if s.params[k.point] == nil {
				for _, c := range paramCols {
					s.params[k.point] = append(s.params[k.point], t.str(i, c))
				}
			}
		}
		var e estimate
		var n, dn float64
		for _, f := range []struct {
			col string
			p   *float64
		}{
			{"n", &n}, {"mean", &e.Est.Mean}, {"sd", &e.Est.SD}, {"ci_low", &e.Est.Low}, {"ci_high", &e.Est.High},
			{"diff_n", &dn}, {"diff_vs_baseline", &e.Diff.Mean}, {"diff_ci_low", &e.Diff.Low}, {"diff_ci_high", &e.Diff.High},
		} {
			if *f.p, err = t.num(i, f.col); err != nil {
				return nil, err
			}
		}
		e.Est.N = count(n)
		e.Diff.N = count(dn)
		e.HasDiff = t.str(i, "diff_n") != ""
		if !slices.Contains(s.metrics, k.metric) {
			s.metrics = append(s.metrics, k.metric)
		}
		s.rows[k] = e
	}
	return s, nil
}

func count(v float64) int {
	if math.IsNaN(v) {
		return 0
	}
	return int(v)
}

// get returns a row (an empty estimate when absent).
func (s *summary) get(point int, policy, metric string) estimate {
	if e, ok := s.rows[summaryKey{point, policy, metric}]; ok {
		return e
	}
	return estimate{Est: stats.Interval{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}}
}

// outcomes are one metric's values per point, policy and replicate, from
// results.csv; NaN for a failed unit or an undefined value.
type outcomes [][][]float64

// readOutcomes reads metric from dir/results.csv for points × policies ×
// replicates (pointCol is "" for compare, whose rows have no point).
func readOutcomes(dir, metric string, points, replicates int, policies []string, pointCol bool) (outcomes, error) {
	need := []string{"replicate", "policy", metric, "error"}
	if pointCol {
		need = append(need, "point")
	}
	t, err := readTable(filepath.Join(dir, "results.csv"), need...)
	if err != nil {
		return nil, err
	}
	o := make(outcomes, points)
	for p := range o {
		o[p] = make([][]float64, len(policies))
		for k := range o[p] {
			o[p][k] = make([]float64, replicates)
			for r := range o[p][k] {
				o[p][k][r] = math.NaN()
			}
		}
	}
	for i := range t.rows {
		pt := 0
		if pointCol {
			if pt, err = t.int(i, "point"); err != nil {
				return nil, err
			}
		}
		r, err := t.int(i, "replicate")
		if err != nil {
			return nil, err
		}
		k := slices.Index(policies, t.str(i, "policy"))
		if pt < 0 || pt >= points || r < 0 || r >= replicates || k < 0 {
			return nil, fmt.Errorf("report: %s:%d: point %d, replicate %d, policy %q: not in meta.json's %d points × %d replicates × %v",
				t.path, i+2, pt, r, t.str(i, "policy"), points, replicates, policies)
		}
		if t.str(i, "error") != "" {
			continue
		}
		if o[pt][k][r], err = t.num(i, metric); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// standing is how policies rank at one point on mean satisfaction.
type standing struct {
	// order holds policy indices, best first; policies without a value
	// come last.
	order []int
	// margin is best − runner-up, paired over the replicates; wins the
	// share of replicates where the best did better.
	margin stats.Interval
	wins   float64
	pairs  int
}

// rank ranks the policies at point pt.
func rank(s *summary, o outcomes, pt int, policies []string) standing {
	var st standing
	for k := range policies {
		st.order = append(st.order, k)
	}
	mean := func(k int) float64 { return s.get(pt, policies[k], satisfaction).Est.Mean }
	slices.SortStableFunc(st.order, func(a, b int) int {
		ma, mb := mean(a), mean(b)
		switch {
		case math.IsNaN(ma) && math.IsNaN(mb):
			return 0
		case math.IsNaN(ma):
			return 1
		case math.IsNaN(mb):
			return -1
		}
		return cmp.Compare(mb, ma)
	})
	st.margin = stats.Interval{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
	if len(st.order) < 2 || o == nil {
		return st
	}
	a, b := o[pt][st.order[0]], o[pt][st.order[1]]
	st.margin = stats.Paired(a, b, level)
	won := 0
	for r := range a {
		if math.IsNaN(a[r]) || math.IsNaN(b[r]) {
			continue
		}
		st.pairs++
		if a[r] > b[r] {
			won++
		}
	}
	if st.pairs > 0 {
		st.wins = float64(won) / float64(st.pairs)
	}
	return st
}

// clear reports whether an interval excludes zero.
func clear(iv stats.Interval) bool { return iv.Low > 0 || iv.High < 0 }

// ivText formats an interval's bounds with dec decimals: "[0.470, 0.473]",
// "" without an interval.
func ivText(iv stats.Interval, dec int, signed bool) string {
	if iv.N < 2 || math.IsNaN(iv.Low) {
		return ""
	}
	return "[" + fmtNum(iv.Low, dec, signed) + ", " + fmtNum(iv.High, dec, signed) + "]"
}

// fmtNum formats a number with dec decimals, a true minus sign, and "–"
// for NaN.
func fmtNum(v float64, dec int, signed bool) string {
	return stats.Format(stats.Interval{N: 1, Mean: v, Low: math.NaN()}, dec, signed)
}

// ciText is "[95% CI 0.470, 0.473]".
func ciText(iv stats.Interval, dec int, signed bool) string {
	if iv.N < 2 || math.IsNaN(iv.Low) {
		return "(no interval: fewer than two replicates)"
	}
	return fmt.Sprintf("[95%% CI %s, %s]", fmtNum(iv.Low, dec, signed), fmtNum(iv.High, dec, signed))
}

// decimals returns the decimals for showing ivs side by side.
func decimals(ivs ...stats.Interval) int {
	var ok []stats.Interval
	for _, iv := range ivs {
		if iv.N > 0 && !math.IsNaN(iv.Mean) {
			ok = append(ok, iv)
		}
	}
	return stats.Decimals(ok)
}

// raw returns a pointer to v, nil for NaN (no data-value).
func raw(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

// sortKey is a cell's numeric sort key ("" sorts last).
func sortKey(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// diffClass colours a difference: "good" or "bad" when its interval
// excludes zero, in the metric's direction, else "".
func diffClass(iv stats.Interval, metric string) string {
	if !clear(iv) {
		return ""
	}
	if (iv.Mean > 0) == higherIsBetter(metric) {
		return "good"
	}
	return "bad"
}

// share formats a share as a percentage.
func share(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// plural returns "1 point" or "3 points".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
