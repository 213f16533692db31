package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/internal/input"
)

// session is a row of schedule.csv.
type session struct {
	day, slot                      int
	date, start, end, room         string
	capacity, hands                int
	id, title, proposer, moderator string
	median, p10, p90, p25, p75     float64
	pCollapse, pOverflow           float64
	risk                           string
}

// readSchedule reads a schedule.csv written by plan. The 50% range
// columns (predicted_p25, predicted_p75) are optional.
func readSchedule(path string) ([]session, bool, error) {
	t, err := readTable(path, "day", "slot", "start", "end", "room", "capacity", "proposal", "title", "proposer",
		"proposer_name", "hands", "predicted_median", "predicted_p10", "predicted_p90", "p_collapse", "p_overflow", "risk")
	if err != nil {
		return nil, false, err
	}
	has50 := t.has("predicted_p25") && t.has("predicted_p75")
	var out []session
	for i := range t.rows {
		s := session{date: t.str(i, "date"), start: t.str(i, "start"), end: t.str(i, "end"), room: t.str(i, "room"),
			id: t.str(i, "proposal"), title: t.str(i, "title"), proposer: t.str(i, "proposer"),
			moderator: cmp.Or(t.str(i, "proposer_name"), t.str(i, "proposer")), risk: t.str(i, "risk"),
			p25: math.NaN(), p75: math.NaN()}
		for _, f := range []struct {
			col string
			p   *int
		}{{"day", &s.day}, {"slot", &s.slot}, {"capacity", &s.capacity}, {"hands", &s.hands}} {
			if *f.p, err = t.int(i, f.col); err != nil {
				return nil, false, err
			}
		}
		cols := []struct {
			col string
			p   *float64
		}{{"predicted_median", &s.median}, {"predicted_p10", &s.p10}, {"predicted_p90", &s.p90},
			{"p_collapse", &s.pCollapse}, {"p_overflow", &s.pOverflow}}
		if has50 {
			cols = append(cols, struct {
				col string
				p   *float64
			}{"predicted_p25", &s.p25}, struct {
				col string
				p   *float64
			}{"predicted_p75", &s.p75})
		}
		for _, f := range cols {
			if *f.p, err = t.num(i, f.col); err != nil {
				return nil, false, err
			}
		}
		out = append(out, s)
	}
	return out, has50, nil
}

// comparisonRow is a row of comparison.csv.
type comparisonRow struct {
	rank      int
	est, diff stats.Interval
	hasDiff   bool
}

// readComparison reads comparison.csv: candidates in rank order and
// their rows by (candidate, metric).
func readComparison(path string) ([]string, map[[2]string]comparisonRow, []string, error) {
	t, err := readTable(path, "candidate", "rank", "metric", "n", "mean", "ci_low", "ci_high", "diff_n", "diff_vs_best", "diff_ci_low", "diff_ci_high")
	if err != nil {
		return nil, nil, nil, err
	}
	var cands, metrics []string
	rows := map[[2]string]comparisonRow{}
	for i := range t.rows {
		c, m := t.str(i, "candidate"), t.str(i, "metric")
		if !slices.Contains(cands, c) {
			cands = append(cands, c)
		}
		if !slices.Contains(metrics, m) {
			metrics = append(metrics, m)
		}
		var r comparisonRow
		var n, dn float64
		if r.rank, err = t.int(i, "rank"); err != nil {
			return nil, nil, nil, err
		}
		for _, f := range []struct {
			col string
			p   *float64
		}{{"n", &n}, {"mean", &r.est.Mean}, {"ci_low", &r.est.Low}, {"ci_high", &r.est.High},
			{"diff_n", &dn}, {"diff_vs_best", &r.diff.Mean}, {"diff_ci_low", &r.diff.Low}, {"diff_ci_high", &r.diff.High}} {
			if *f.p, err = t.num(i, f.col); err != nil {
				return nil, nil, nil, err
			}
		}
		r.est.N, r.diff.N = count(n), count(dn)
		r.hasDiff = t.str(i, "diff_n") != ""
		rows[[2]string{c, m}] = r
	}
	slices.SortStableFunc(cands, func(a, b string) int {
		return cmp.Compare(rows[[2]string{a, metrics[0]}].rank, rows[[2]string{b, metrics[0]}].rank)
	})
	return cands, rows, metrics, nil
}

// readPlanMeta reads a plan folder's meta.json.
func readPlanMeta(dir string) (*plan.Meta, error) {
	b, err := input.ReadFile(filepath.Join(dir, plan.MetaJSON), "a meta.json", input.MaxJSON)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var m plan.Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, plan.MetaJSON), err)
	}
	if len(m.Event.Rooms) == 0 || len(m.Event.Slots) == 0 {
		return nil, fmt.Errorf("report: %s: no event rooms or slots", filepath.Join(dir, plan.MetaJSON))
	}
	return &m, nil
}

// unwrapAll returns the innermost wrapped error.
func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}
