package report

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/sim/policy"
)

// risk is a session at risk, in words.
type risk struct {
	Kind, Title, When, Room, Text string
}

// leftOut is a proposal left out, and why.
type leftOut struct {
	ID, Title, Proposer, Reason string
	Hands                       int
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
	p.RangeNote = rangeNote(m, has50)
	obj := cmp.Or(m.Objective.Metric, metrics[0])
	p.Risks = risks(m, sessions)
	for _, l := range m.LeftOut {
		p.LeftOut = append(p.LeftOut, leftOut{ID: l.Proposal, Title: l.Title, Proposer: cmp.Or(l.ProposerName, l.Proposer), Hands: l.Hands, Reason: l.Reason})
	}
	p.Answer = planAnswer(m, cands, comp, rec, obj, len(sessions), len(p.Risks))
	p.Cards = planCards(m, comp[[2]string{rec, obj}], rec, obj, len(sessions), len(p.Risks))
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

	ms := tableMetrics(obj, metrics)
	p.Tables = append(p.Tables, planMeansTable(cands, comp, ms, rec, m.Replicates), planDiffTable(cands, comp, ms, rec), sessionsTable(sessions))

	cs, err := planCharts(cands, comp, rec, []string{obj, "collapsed", "turned_away"}, pols)
	if err != nil {
		return nil, err
	}
	p.Sections = []section{{ID: "charts", Title: "Every schedule against the recommended one", Open: true,
		Note:   "Each schedule's paired difference to " + rec + " over the same simulated events, with its 95% interval.",
		Charts: cs}}

	p.Provenance = planProvenance(m, obj)
	p.Seeds = strings.Join(m.Seeds, " ")
	p.Files = append(m.Files, plan.MetaJSON, File)
	return p, nil
}

// rangeNote explains a board's cells: the predicted head count, its
// ranges (the 50% range only when has50) and the risk mark.
func rangeNote(m *plan.Meta, has50 bool) string {
	ranges := "the range 8 in 10 of them fall in (80%)"
	if has50 {
		ranges = "the ranges half of them (50%) and 8 in 10 of them (80%) fall in"
	}
	return fmt.Sprintf("Each cell: the session, its moderator and the hands raised for it; then the predicted number of people in the room "+
		"(the median over %s, moderator included) and %s. Shading: predicted people over the room's places. "+
		"⚠ marks a session at risk: it collapses (%d or fewer people) or fills its room in at least %s of the simulated events.",
		plural(m.Replicates, "simulated event"), ranges, m.Collapsed, share(m.Risk))
}

// risks says, for each session at risk, what the risk is and what to do.
func risks(m *plan.Meta, sessions []session) []risk {
	var rs []risk
	for _, s := range sessions {
		if s.risk == "" {
			continue
		}
		rk := risk{Kind: s.risk, Title: s.title, When: fmt.Sprintf("day %d %s", s.day, s.start), Room: s.room}
		predicted := fmt.Sprintf("%s; predicted %.0f (80%%: %s)", plan.HandsText(s.hands), math.Round(s.median), headRange(s.p10, s.p90))
		if s.risk == "collapse" {
			rk.Text = fmt.Sprintf("%d or fewer people in %s of the simulated events (%s). Consider a smaller room, another slot, or merging it with a related session.",
				m.Collapsed, share(s.pCollapse), predicted)
		} else {
			rk.Text = fmt.Sprintf("the room (%d places) fills up in %s of the simulated events (%s). Consider a bigger room.",
				s.capacity, share(s.pOverflow), predicted)
		}
		rs = append(rs, rk)
	}
	return rs
}

// planCards are the plan's key numbers: the recommended schedule's
// objective (r), its sessions, those at risk and the proposals left out.
func planCards(m *plan.Meta, r comparisonRow, rec, obj string, sessions, atRisk int) []card {
	return []card{
		{Label: label(obj) + " " + arrow(obj), Unit: "the objective, " + rec, Value: fmtNum(r.est.Mean, decimals(r.est), false), Key: "card/objective", Raw: r.est.Mean},
		{Label: "sessions", Unit: "in the schedule", Value: fmt.Sprint(sessions), Key: "card/sessions", Raw: float64(sessions)},
		{Label: "at risk", Unit: "collapse or overflow", Value: fmt.Sprint(atRisk), Key: "card/risks", Raw: float64(atRisk)},
		{Label: "left out", Unit: "proposals without a session", Value: fmt.Sprint(len(m.LeftOut)), Key: "card/left-out", Raw: float64(len(m.LeftOut))},
	}
}

// tableMetrics are the metrics of the plan's tables: the objective obj,
// then those of the key metrics that comparison.csv has (metrics).
func tableMetrics(obj string, metrics []string) []string {
	ms := []string{obj}
	for _, k := range []string{"satisfaction_mean", "satisfaction_p10", "coverage", "conflicts", "collapsed", "turned_away", "hands_error", "new_ties"} {
		if k != obj && slices.Contains(metrics, k) {
			ms = append(ms, k)
		}
	}
	return ms
}

// planProvenance says how the plan was made.
func planProvenance(m *plan.Meta, obj string) []fact {
	return []fact{
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
