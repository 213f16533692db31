package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim/policy"
)

// board is one day of a schedule: rooms as columns, slots as rows.
type board struct {
	// Event names the event on printed pages.
	ID, Title, Event string
	Rooms            []plan.MetaRoom
	Rows             []boardRow
}

type boardRow struct {
	Start, End string
	Cells      []boardCell
}

// boardCell is a session and its forecast, or an empty room.
type boardCell struct {
	Empty            bool
	Title, Moderator string
	Hands            int
	// Median is the predicted head count; MedianText it rounded. Range50
	// and Range80 are the whole head counts inside the 50% and 80%
	// ranges ("" when schedule.csv has no 50% range).
	Median           float64
	MedianText       string
	Range50, Range80 string
	// Fill shades the cell by median over capacity, 0 (empty) to 4
	// (full).
	Fill           int
	Risk, RiskText string
	Key            string
}

// risk is a session at risk, in words.
type risk struct {
	Kind, Title, When, Room, Text string
}

// leftOut is a proposal left out, and why.
type leftOut struct {
	ID, Title, Proposer, Reason string
	Hands                       int
}

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

// headRange formats the whole head counts inside [lo, hi] as "9–14",
// widening to the nearest whole numbers when none is inside (as
// schedule.md does).
func headRange(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	a, b := math.Ceil(lo), math.Floor(hi)
	if a > b {
		a, b = math.Floor(lo), math.Ceil(hi)
	}
	if a == b {
		return fmt.Sprintf("%.0f", a)
	}
	return fmt.Sprintf("%.0f–%.0f", a, b)
}

// boards lays out sessions as one board per day of ev.
func boards(id string, ev plan.MetaEvent, sessions []session, collapsed int, risk float64) ([]board, error) {
	type cellKey struct {
		slot int
		room string
	}
	at := map[cellKey]session{}
	for _, s := range sessions {
		if !slices.ContainsFunc(ev.Rooms, func(r plan.MetaRoom) bool { return r.Name == s.room }) {
			return nil, fmt.Errorf("report: schedule room %q is not one of the event's rooms in meta.json", s.room)
		}
		at[cellKey{s.slot, s.room}] = s
	}
	var out []board
	for _, d := range ev.Days {
		b := board{ID: fmt.Sprintf("%s-day-%d", id, d.Day), Rooms: ev.Rooms, Title: fmt.Sprintf("Day %d", d.Day), Event: ev.Name}
		if t, err := time.Parse("2006-01-02", d.Date); err == nil {
			b.Title += ": " + t.Format("Monday 2 January 2006")
		}
		for _, sl := range ev.Slots {
			if sl.Day != d.Day {
				continue
			}
			r := boardRow{Start: sl.Start, End: sl.End}
			for _, room := range ev.Rooms {
				s, ok := at[cellKey{sl.Slot, room.Name}]
				if !ok {
					r.Cells = append(r.Cells, boardCell{Empty: true})
					continue
				}
				c := boardCell{Title: s.title, Moderator: s.moderator, Hands: s.hands, Median: s.median,
					MedianText: fmt.Sprintf("%.0f", math.Round(s.median)), Key: fmt.Sprintf("%s/%s", id, s.id), Risk: s.risk}
				if r80 := headRange(s.p10, s.p90); r80 != "" {
					c.Range80 = "80%: " + r80
				}
				if r50 := headRange(s.p25, s.p75); r50 != "" {
					c.Range50 = "50%: " + r50
				}
				if s.capacity > 0 {
					c.Fill = min(4, int(5*s.median/float64(s.capacity)))
				}
				switch s.risk {
				case "overflow":
					c.RiskText = fmt.Sprintf("overflow risk: full in %s of simulated events", share(s.pOverflow))
				case "collapse":
					c.RiskText = fmt.Sprintf("collapse risk: %d or fewer people in %s", collapsed, share(s.pCollapse))
				}
				r.Cells = append(r.Cells, c)
			}
			b.Rows = append(b.Rows, r)
		}
		out = append(out, b)
	}
	return out, nil
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

// planPage builds the page of a plan folder.
func planPage(dir string, pols policy.Registry) (*page, error) {
	m, err := readPlanMeta(dir)
	if err != nil {
		return nil, err
	}
	sessions, has50, err := readSchedule(filepath.Join(dir, plan.ScheduleCSV))
	if err != nil {
		return nil, err
	}
	cands, comp, metrics, err := readComparison(filepath.Join(dir, plan.ComparisonCSV))
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("report: %s: no schedules", filepath.Join(dir, plan.ComparisonCSV))
	}
	rec := cmp.Or(m.Recommended, cands[0])
	cfgYAML, cfgNote := configYAML(m.Config, pols)
	p := &page{
		Kind:  "plan",
		Title: "Recommended schedule: " + m.Event.Name,
		Subtitle: fmt.Sprintf("unconf plan: %d attendees, %d proposals, %d hands; %d schedules each simulated on the same %s",
			m.Data.Attendees, m.Data.Proposals, m.Data.Hands, len(cands), plural(m.Replicates, "replicate world")),
		Config: cfgYAML, ConfigNote: cfgNote,
	}
	if p.Boards, err = boards("rec", m.Event, sessions, m.Collapsed, m.Risk); err != nil {
		return nil, err
	}
	ranges := "the range 8 in 10 of them fall in (80%)"
	if has50 {
		ranges = "the ranges half of them (50%) and 8 in 10 of them (80%) fall in"
	}
	p.RangeNote = fmt.Sprintf("Each cell: the session, its moderator and the hands raised for it; then the predicted number of people in the room "+
		"(the median over %s, moderator included) and %s. Shading: predicted people over the room's places. "+
		"⚠ marks a session at risk: it collapses (%d or fewer people) or fills its room in at least %s of the simulated events.",
		plural(m.Replicates, "simulated event"), ranges, m.Collapsed, share(m.Risk))

	obj := cmp.Or(m.Objective.Metric, metrics[0])
	atRisk := 0
	for _, s := range sessions {
		if s.risk == "" {
			continue
		}
		atRisk++
		rk := risk{Kind: s.risk, Title: s.title, When: fmt.Sprintf("day %d %s", s.day, s.start), Room: s.room}
		predicted := fmt.Sprintf("%d hands; predicted %.0f (80%%: %s)", s.hands, math.Round(s.median), headRange(s.p10, s.p90))
		if s.risk == "collapse" {
			rk.Text = fmt.Sprintf("%d or fewer people in %s of the simulated events (%s). Consider a smaller room, another slot, or merging it with a related session.",
				m.Collapsed, share(s.pCollapse), predicted)
		} else {
			rk.Text = fmt.Sprintf("the room (%d places) fills up in %s of the simulated events (%s). Consider a bigger room.",
				s.capacity, share(s.pOverflow), predicted)
		}
		p.Risks = append(p.Risks, rk)
	}
	for _, l := range m.LeftOut {
		p.LeftOut = append(p.LeftOut, leftOut{ID: l.Proposal, Title: l.Title, Proposer: cmp.Or(l.ProposerName, l.Proposer), Hands: l.Hands, Reason: l.Reason})
	}
	p.Answer = planAnswer(m, cands, comp, rec, obj, len(sessions), atRisk)
	r := comp[[2]string{rec, obj}]
	p.Cards = []card{
		{Label: label(obj) + " " + arrow(obj), Unit: "the objective, " + rec, Value: fmtNum(r.est.Mean, decimals(r.est), false), Key: "card/objective", Raw: r.est.Mean},
		{Label: "sessions", Unit: "in the schedule", Value: fmt.Sprint(len(sessions)), Key: "card/sessions", Raw: float64(len(sessions))},
		{Label: "at risk", Unit: "collapse or overflow", Value: fmt.Sprint(atRisk), Key: "card/risks", Raw: float64(atRisk)},
		{Label: "left out", Unit: "proposals without a session", Value: fmt.Sprint(len(m.LeftOut)), Key: "card/left-out", Raw: float64(len(m.LeftOut))},
	}
	for _, f := range m.Failed {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%s made no schedule: %s", f.Name, f.Error))
	}
	if st := m.Stick; st != nil {
		p.Changes = stickText(st)
	}
	if fixed, _, err := readSchedule(filepath.Join(dir, plan.FixedScheduleCSV)); err == nil {
		if p.FixedBoards, err = boards("fixed", m.Event, fixed, m.Collapsed, m.Risk); err != nil {
			return nil, err
		}
	} else if !os.IsNotExist(unwrapAll(err)) {
		return nil, err
	}

	ms := []string{obj}
	for _, k := range []string{"satisfaction_mean", "satisfaction_p10", "coverage", "conflicts", "collapsed", "turned_away", "hands_error", "new_ties"} {
		if k != obj && slices.Contains(metrics, k) {
			ms = append(ms, k)
		}
	}
	p.Tables = append(p.Tables, planMeansTable(cands, comp, ms, rec, m.Replicates), planDiffTable(cands, comp, ms, rec), sessionsTable(sessions))

	cs, err := planCharts(cands, comp, rec, []string{obj, "collapsed", "turned_away"}, pols)
	if err != nil {
		return nil, err
	}
	p.Sections = []section{{ID: "charts", Title: "Every schedule against the recommended one", Open: true,
		Note:   "Each schedule's paired difference to " + rec + " over the same simulated events, with its 95% interval.",
		Charts: cs}}

	p.Provenance = []fact{
		{"Command", cmp.Or(m.CommandLine, "unconf plan (command line not recorded)")},
		{"Config", m.ConfigSource},
		{"unconf version", m.Version},
		{"Made", m.Created},
		{"Master seed", m.MasterSeed + " (replicate r uses rng.Replicate(seed, r))"},
		{"Replicates", fmt.Sprint(m.Replicates)},
		{"Policies", strings.Join(m.Policies, ", ")},
		{"Objective", fmt.Sprintf("%s (%s is better)", obj, map[bool]string{true: "higher", false: "lower"}[m.Objective.Higher])},
		{"Risk threshold", share(m.Risk) + " of the simulated events"},
	}
	p.Seeds = strings.Join(m.Seeds, " ")
	p.Files = append(m.Files, plan.MetaJSON, File)
	return p, nil
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

// planAnswer says what is recommended, by how much and how sure.
func planAnswer(m *plan.Meta, cands []string, comp map[[2]string]comparisonRow, rec, obj string, sessions, atRisk int) answer {
	esc := template.HTMLEscapeString
	r := comp[[2]string{rec, obj}]
	dec := decimals(r.est)
	var a answer
	what := fmt.Sprintf("<strong>%s</strong>, the best of %d schedules", esc(rec), len(cands))
	switch {
	case m.Stick != nil:
		what = fmt.Sprintf("<strong>%s</strong>, %s's schedule moved back towards the previous one", esc(rec), esc(m.Stick.Policy))
	case rec == plan.FixedName:
		what = "<strong>your own schedule</strong>: no policy beat it"
	}
	dir := "higher is better"
	if !m.Objective.Higher {
		dir = "lower is better"
	}
	a.Headline = template.HTML(fmt.Sprintf("Recommended: %s, on %s (%s): <span data-key=\"answer/objective\" data-value=\"%v\">%s</span> %s.",
		what, esc(obj), dir, r.est.Mean, fmtNum(r.est.Mean, dec, false), ciText(r.est, dec, false)))
	for _, c := range cands {
		if c == rec {
			continue
		}
		d := comp[[2]string{c, obj}]
		ddec := decimals(d.diff)
		line := fmt.Sprintf("Runner-up: <strong>%s</strong>, %s (%s − %s: %s %s): ", esc(c), fmtNum(d.est.Mean, dec, false), esc(c), esc(rec),
			fmtNum(d.diff.Mean, ddec, true), ciText(d.diff, ddec, true))
		if clear(d.diff) {
			line += "clearly behind."
			a.Clear = true
		} else {
			line += "not clearly different: either schedule is a good choice."
		}
		a.Lines = append(a.Lines, template.HTML(line))
		break
	}
	a.Lines = append(a.Lines, template.HTML(fmt.Sprintf("%s, %d at risk, %s left out.", plural(sessions, "session"), atRisk, plural(len(m.LeftOut), "proposal"))))
	return a
}

// stickText says how the schedule relates to the previous one.
func stickText(st *plan.MetaStick) []string {
	a := st.After
	total := a.Kept + a.Moved + a.Dropped
	out := []string{fmt.Sprintf("Of the %s of the previous schedule, %d keep their slot and room, %d moved and %d dropped; %s.",
		plural(total, "session"), a.Kept, a.Moved, a.Dropped, plural(a.New, "new session")),
		fmt.Sprintf("%s's own schedule would have moved %d, dropped %d and added %d.", st.Policy, st.Before.Moved, st.Before.Dropped, st.Before.New)}
	effect, note := fmt.Sprintf("cost %.1f%%", 100*st.Cost), ""
	if st.Cost < 0 {
		effect, note = fmt.Sprintf("gained %.1f%%", -100*st.Cost), " A gain on so few replicates is mostly chance: the table below has them all."
	}
	out = append(out, fmt.Sprintf("Moving sessions back %s of the objective on the first %d replicates (budget %.0f%%).%s",
		effect, st.Replicates, 100*st.Budget, note))
	if len(st.Unknown) > 0 {
		out = append(out, "The previous schedule also ran proposals no longer in the proposals file: "+strings.Join(st.Unknown, ", ")+".")
	}
	return out
}

// planMeansTable is every schedule's key metrics.
func planMeansTable(cands []string, comp map[[2]string]comparisonRow, ms []string, rec string, replicates int) table {
	t := table{ID: "schedules", Title: fmt.Sprintf("Every schedule: mean [95%% CI] over %s", plural(replicates, "replicate")), Open: true,
		Note: "Ranked on the objective (first column); the recommended schedule is highlighted. Click a heading to sort.",
		Head: []head{{Text: "schedule"}}}
	dec := map[string]int{}
	for _, m := range ms {
		t.Head = append(t.Head, metricHead(m))
		var ivs []stats.Interval
		for _, c := range cands {
			ivs = append(ivs, comp[[2]string{c, m}].est)
		}
		dec[m] = decimals(ivs...)
	}
	for _, c := range cands {
		r := row{Cells: []cell{{Text: c, Bold: c == rec}}}
		if c == rec {
			r.Class = "best"
		}
		for _, m := range ms {
			e := comp[[2]string{c, m}].est
			r.Cells = append(r.Cells, cell{Text: fmtNum(e.Mean, dec[m], false), Sub: ivText(e, dec[m], false), Sort: sortKey(e.Mean), Class: "num",
				Key: fmt.Sprintf("mean/%s/%s", c, m), Raw: raw(e.Mean)})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// planDiffTable is every schedule's paired difference to the recommended.
func planDiffTable(cands []string, comp map[[2]string]comparisonRow, ms []string, rec string) table {
	t := table{ID: "schedule-diffs", Title: "Difference to " + rec + ": mean paired difference [95% CI]", Open: false,
		Note: "Green: better than " + rec + " on that metric (the 95% interval excludes zero); red: worse.",
		Head: []head{{Text: "schedule"}}}
	dec := map[string]int{}
	for _, m := range ms {
		t.Head = append(t.Head, metricHead(m))
		var ivs []stats.Interval
		for _, c := range cands {
			ivs = append(ivs, comp[[2]string{c, m}].est)
		}
		dec[m] = decimals(ivs...)
	}
	for _, c := range cands {
		if c == rec {
			continue
		}
		r := row{Cells: []cell{{Text: c}}}
		for _, m := range ms {
			d := comp[[2]string{c, m}].diff
			r.Cells = append(r.Cells, cell{Text: fmtNum(d.Mean, dec[m], true), Sub: ivText(d, dec[m], true), Sort: sortKey(d.Mean),
				Class: "num " + diffClass(d, m)})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// sessionsTable lists the recommended schedule's sessions, sortable.
func sessionsTable(ss []session) table {
	t := table{ID: "sessions", Title: "Every session of the recommended schedule", Open: false,
		Note: "As in schedule.csv. Click a heading to sort, e.g. by the chance of a full room.",
		Head: []head{{Text: "session"}, {Text: "moderator"}, {Text: "day", Num: true}, {Text: "start", Num: true}, {Text: "room"},
			{Text: "places", Num: true}, {Text: "hands", Num: true}, {Text: "predicted", Num: true, Title: "median head count"},
			{Text: "80% range", Num: true}, {Text: "P(collapse)", Num: true}, {Text: "P(full)", Num: true}, {Text: "risk"}}}
	for _, s := range ss {
		t.Rows = append(t.Rows, row{Cells: []cell{{Text: s.title}, {Text: s.moderator},
			{Text: fmt.Sprint(s.day), Class: "num", Sort: fmt.Sprint(s.day)}, {Text: s.start, Class: "num"}, {Text: s.room},
			{Text: fmt.Sprint(s.capacity), Class: "num", Sort: fmt.Sprint(s.capacity)},
			{Text: fmt.Sprint(s.hands), Class: "num", Sort: fmt.Sprint(s.hands)},
			{Text: fmt.Sprintf("%.0f", math.Round(s.median)), Class: "num", Sort: sortKey(s.median)},
			{Text: headRange(s.p10, s.p90), Class: "num", Sort: sortKey(s.p10)},
			{Text: share(s.pCollapse), Class: "num", Sort: sortKey(s.pCollapse)},
			{Text: share(s.pOverflow), Class: "num", Sort: sortKey(s.pOverflow)},
			{Text: s.risk}}})
	}
	return t
}

// planCharts draws forest plots of each schedule's paired difference to
// the recommended one on the metrics ms, from comparison.csv, the
// policies coloured as in pols.
func planCharts(cands []string, comp map[[2]string]comparisonRow, rec string, ms []string, pols policy.Registry) ([]chart, error) {
	tmp, err := os.MkdirTemp("", "unconf-report-")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(tmp)
	var files []string
	for i, m := range ms {
		if i > 0 && m == ms[0] {
			continue
		}
		var rows []charts.ForestRow
		for _, c := range cands {
			d, ok := comp[[2]string{c, m}]
			if c == rec || !ok || !d.hasDiff || math.IsNaN(d.diff.Mean) {
				continue
			}
			rows = append(rows, charts.ForestRow{Label: c, Mean: d.diff.Mean, Low: d.diff.Low, High: d.diff.High})
		}
		if len(rows) == 0 {
			continue
		}
		name := "forest-" + m + ".svg"
		title := fmt.Sprintf("%s: difference to %s (paired, 95%% CI)", label(m), rec)
		axis := fmt.Sprintf("%s − %s's (%s is better)", m, rec, map[bool]string{true: "higher", false: "lower"}[higherIsBetter(m)])
		if err := charts.Forest(filepath.Join(tmp, name), title, axis, rows, pols); err != nil {
			return nil, fmt.Errorf("report: chart %s: %w", name, err)
		}
		files = append(files, name)
	}
	return readCharts(tmp, files)
}
