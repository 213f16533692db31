package report

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/sweep"
	"github.com/unconf/unconf/sim/policy"
)

// maxPointRows is how many points the per-point tables list; the page
// stays small for sweeps of thousands of points (every point is in
// summary.csv).
const maxPointRows = 400

// sweepPage builds the page of a sweep or merge folder.
func sweepPage(dir string, pols policy.Registry, drawn *Drawn) (*page, error) {
	m, err := experiments.ReadMeta(dir)
	if err != nil {
		return nil, err
	}
	if len(m.Policies) == 0 || m.Replicates < 1 || m.Points < 1 {
		return nil, fmt.Errorf("report: %s: meta.json lists no policies, replicates or points", dir)
	}
	var keys []string
	for _, ps := range m.Parameters {
		keys = append(keys, ps.Key)
	}
	s, err := readSummary(dir, keys)
	if err != nil {
		return nil, err
	}
	o, err := readOutcomes(dir, satisfaction, m.Points, m.Replicates, m.Policies, true)
	if err != nil {
		return nil, err
	}
	cfgYAML, cfgNote := configYAML(m.BaseConfig, pols)
	event := "unnamed event"
	if cfg, err := scenario.FromJSONWith(m.BaseConfig, pols); err == nil {
		event = cmp.Or(cfg.Model.Event.Name, event)
	}
	p := &page{
		Kind:  "sweep",
		Title: "For which events does which policy win? " + event,
		Subtitle: fmt.Sprintf("unconf %s: %s design over %s (%s), %d points × %s × %d policies = %d units",
			m.Command, designName(m.Design), plural(len(keys), "parameter"), strings.Join(keys, ", "), m.Points,
			plural(m.Replicates, "replicate"), len(m.Policies), m.Units),
		Config: cfgYAML, ConfigNote: cfgNote,
	}
	if cfgNote == "" {
		p.ConfigNote = "the base scenario; each point overrides the swept keys"
	}
	sts := make([]standing, m.Points)
	for pt := range sts {
		sts[pt] = rank(s, o, pt, m.Policies)
	}
	p.Answer, p.Cards = sweepAnswer(s, sts, m.Policies, keys, s.params)
	if m.Failed > 0 {
		p.Warnings = append(p.Warnings, failureText(m))
	}
	p.Tables = append(p.Tables, winnersTable(s, sts, m.Policies, keys), pointMeansTable(s, m.Points, m.Policies, keys), paramsTable(m.Parameters))
	if t, ok, err := morrisTable(dir); err != nil {
		return nil, err
	} else if ok {
		p.Tables = append(p.Tables, t)
	}

	cs, warnings, err := chartsOf(dir, pols, drawn)
	if err != nil {
		return nil, err
	}
	p.Warnings = append(p.Warnings, warnings...)
	note := sweepChartNote(m.Design.Kind, len(keys))
	p.Sections = []section{{ID: "charts", Title: "Charts", Open: true, Note: note, Charts: cs}}
	if len(cs) == 0 {
		p.Warnings = append(p.Warnings, "No charts for this design (a grid over three keys or more, or over a key that is not a number): `unconf plot results.csv --x KEY` draws any metric against any key.")
	}
	p.Provenance = sweepProvenance(m)
	p.Seeds = joinSeeds(m.Seeds)
	p.Files = append(m.Files, File)
	return p, nil
}

// designName names a design for people.
func designName(d sweep.DesignSpec) string {
	switch d.Kind {
	case sweep.DesignLHS:
		return fmt.Sprintf("Latin hypercube (%d samples)", d.Samples)
	case sweep.DesignMorris:
		return fmt.Sprintf("Morris (%d trajectories, %d levels)", d.Trajectories, d.Levels)
	}
	return "grid"
}

// pointLabel is "attendees.count = 30, votes.noise = 0.2".
func pointLabel(keys, vals []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := ""
		if i < len(vals) {
			v = vals[i]
		}
		parts[i] = k + " = " + shortValue(v)
	}
	return strings.Join(parts, ", ")
}

// sweepAnswer counts the points each policy wins and how clearly.
func sweepAnswer(s *summary, sts []standing, policies, keys []string, params [][]string) (answer, []card) {
	won := make([]int, len(policies))
	clearWon := make([]int, len(policies))
	for pt, st := range sts {
		k := st.order[0]
		if math.IsNaN(s.get(pt, policies[k], satisfaction).Est.Mean) {
			continue // every unit of the point failed
		}
		won[k]++
		if clear(st.margin) {
			clearWon[k]++
		}
	}
	order := make([]int, len(policies))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(won[b], won[a]) })
	top := order[0]
	n := len(sts)
	var a answer
	esc := template.HTMLEscapeString
	switch {
	case won[top] == n:
		a.Headline = template.HTML(fmt.Sprintf("<strong>%s</strong> gives the highest mean satisfaction at every one of the %d points.", esc(policies[top]), n))
	default:
		a.Headline = template.HTML(fmt.Sprintf("<strong>%s</strong> gives the highest mean satisfaction at %d of the %d points.", esc(policies[top]), won[top], n))
		var others []string
		for _, k := range order[1:] {
			if won[k] > 0 {
				others = append(others, fmt.Sprintf("%s at %d", esc(policies[k]), won[k]))
			}
		}
		if len(others) > 0 {
			a.Lines = append(a.Lines, template.HTML("The others win "+strings.Join(others, ", ")+"."))
		}
	}
	clearN := 0
	for _, c := range clearWon {
		clearN += c
	}
	a.Clear = clearWon[top] == n
	a.Lines = append(a.Lines, template.HTML(fmt.Sprintf("How sure: at %d of the %d points the winner is clearly ahead of the runner-up "+
		"(the 95%% interval of their paired difference excludes zero); at the others the two are about as good.", clearN, n)))
	// The closest and the widest win, for the story.
	lo, hi := -1, -1
	for pt, st := range sts {
		if math.IsNaN(st.margin.Mean) {
			continue
		}
		if lo < 0 || st.margin.Mean < sts[lo].margin.Mean {
			lo = pt
		}
		if hi < 0 || st.margin.Mean > sts[hi].margin.Mean {
			hi = pt
		}
	}
	if hi >= 0 && n > 1 {
		say := func(pt int) string {
			st := sts[pt]
			dec := decimals(st.margin)
			return fmt.Sprintf("%s by %s %s at %s", esc(policies[st.order[0]]), fmtNum(st.margin.Mean, dec, true),
				ciText(st.margin, dec, true), esc(pointLabel(keys, params[pt])))
		}
		a.Lines = append(a.Lines, template.HTML("Widest margin: "+say(hi)+"; narrowest: "+say(lo)+"."))
	}
	var cards []card
	for _, k := range order {
		cards = append(cards, card{Label: policies[k], Unit: "points won", Value: fmt.Sprintf("%d / %d", won[k], n),
			Note: fmt.Sprintf("clearly at %d", clearWon[k]), Key: "won/" + policies[k], Raw: float64(won[k])})
	}
	return a, cards
}

// winnersTable is the best policy per point with its margin.
func winnersTable(s *summary, sts []standing, policies, keys []string) table {
	t := table{ID: "winners", Title: "Best policy per point", Open: true,
		Note: "By mean satisfaction [95% CI]; the margin is the paired difference to the runner-up over the same replicates. Click a heading to sort."}
	t.Head = append(t.Head, head{Text: "point", Num: true}, head{Text: "best"}, head{Text: "satisfaction ↑", Num: true}, head{Text: "runner-up"},
		head{Text: "margin", Num: true, Title: "best − runner-up, paired"}, head{Text: "best did better in", Num: true, Title: "share of replicates"})
	for _, k := range keys {
		t.Head = append(t.Head, head{Text: k, Num: true})
	}
	var ests []stats.Interval
	for pt, st := range sts {
		ests = append(ests, s.get(pt, policies[st.order[0]], satisfaction).Est)
	}
	dec := decimals(ests...)
	for pt, st := range sts {
		if pt == maxPointRows {
			t.Note += fmt.Sprintf(" The first %d of %d points are shown; every point is in summary.csv.", maxPointRows, len(sts))
			break
		}
		best := policies[st.order[0]]
		e := s.get(pt, best, satisfaction).Est
		r := row{Cells: []cell{{Text: fmt.Sprint(pt), Sort: fmt.Sprint(pt), Class: "num"}}}
		ru, margin := "", cell{Text: "–", Class: "num"}
		if len(st.order) > 1 {
			ru = policies[st.order[1]]
			mdec := decimals(st.margin)
			margin = cell{Text: fmtNum(st.margin.Mean, mdec, true), Sub: ivText(st.margin, mdec, true), Sort: sortKey(st.margin.Mean),
				Class: "num " + diffClass(st.margin, satisfaction), Key: fmt.Sprintf("margin/%d", pt), Raw: raw(st.margin.Mean)}
		}
		r.Cells = append(r.Cells,
			cell{Text: best, Bold: true},
			cell{Text: fmtNum(e.Mean, dec, false), Sub: ivText(e, dec, false), Sort: sortKey(e.Mean), Class: "num",
				Key: fmt.Sprintf("best/%d", pt), Raw: raw(e.Mean)},
			cell{Text: ru}, margin,
			cell{Text: share(st.wins), Sort: sortKey(st.wins), Class: "num"})
		r.Cells = append(r.Cells, paramCells(s, pt, len(keys))...)
		t.Rows = append(t.Rows, r)
	}
	return t
}

// paramCells are point pt's values of the n swept keys.
func paramCells(s *summary, pt, n int) []cell {
	var out []cell
	for i := range n {
		v := ""
		if pt < len(s.params) && i < len(s.params[pt]) {
			v = s.params[pt][i]
		}
		c := cell{Text: shortValue(v)}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			c.Class, c.Sort = "num", sortKey(f)
		}
		out = append(out, c)
	}
	return out
}

// shortValue shows a swept value: a fraction with at most 4 significant
// digits (a Latin hypercube's 0.166666666667 as 0.1667), anything else
// (whole numbers, text) as written.
func shortValue(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f == math.Trunc(f) {
		return v
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

// pointMeansTable is every policy's mean satisfaction at every point.
func pointMeansTable(s *summary, points int, policies, keys []string) table {
	t := table{ID: "by-point", Title: "Mean satisfaction by point and policy", Open: false,
		Note: "Mean [95% CI] over the replicates; every metric is in summary.csv."}
	t.Head = append(t.Head, head{Text: "point", Num: true})
	for _, k := range keys {
		t.Head = append(t.Head, head{Text: k, Num: true})
	}
	var ivs []stats.Interval
	for _, k := range policies {
		t.Head = append(t.Head, head{Text: k, Num: true})
		for pt := range points {
			ivs = append(ivs, s.get(pt, k, satisfaction).Est)
		}
	}
	dec := decimals(ivs...)
	for pt := range min(points, maxPointRows) {
		r := row{Cells: []cell{{Text: fmt.Sprint(pt), Sort: fmt.Sprint(pt), Class: "num"}}}
		r.Cells = append(r.Cells, paramCells(s, pt, len(keys))...)
		for _, k := range policies {
			e := s.get(pt, k, satisfaction).Est
			r.Cells = append(r.Cells, cell{Text: fmtNum(e.Mean, dec, false), Sub: ivText(e, dec, false), Sort: sortKey(e.Mean), Class: "num",
				Key: fmt.Sprintf("mean/%d/%s/%s", pt, k, satisfaction), Raw: raw(e.Mean)})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// paramsTable lists the swept keys.
func paramsTable(ps []sweep.ParamSpec) table {
	t := table{ID: "parameters", Title: "Swept parameters", Open: true, Head: []head{{Text: "key"}, {Text: "values"}}}
	for _, p := range ps {
		var v string
		switch {
		case len(p.Values) > 0:
			var vs []string
			for _, x := range p.Values {
				vs = append(vs, fmt.Sprint(x))
			}
			v = strings.Join(vs, ", ")
		case p.Range != nil && p.Range.Steps > 0:
			v = fmt.Sprintf("%g to %g in %d steps", p.Range.From, p.Range.To, p.Range.Steps)
		case p.Range != nil:
			v = fmt.Sprintf("uniform on [%g, %g]", p.Range.From, p.Range.To)
		case p.Distribution != nil && len(p.Distribution.Uniform) == 2:
			v = fmt.Sprintf("uniform on [%g, %g]", p.Distribution.Uniform[0], p.Distribution.Uniform[1])
		}
		if p.Integer {
			v += ", rounded to whole numbers"
		}
		t.Rows = append(t.Rows, row{Cells: []cell{{Text: p.Key}, {Text: v}}})
	}
	return t
}

// morrisTable shows morris.csv's satisfaction rows, when there is one.
func morrisTable(dir string) (table, bool, error) {
	path := filepath.Join(dir, "morris.csv")
	if _, err := os.Stat(path); err != nil {
		return table{}, false, nil
	}
	mt, err := readTable(path, "policy", "metric", "parameter", "mu_star", "sigma")
	if err != nil {
		return table{}, false, err
	}
	t := table{ID: "morris", Title: "Morris screening of satisfaction", Open: true,
		Note: "μ*: a key's mean absolute effect on mean satisfaction over its whole range; σ: how much that effect varies with the other keys. Every metric is in morris.csv.",
		Head: []head{{Text: "policy"}, {Text: "parameter"}, {Text: "μ*", Num: true}, {Text: "σ", Num: true}}}
	for i := range mt.rows {
		if mt.str(i, "metric") != satisfaction {
			continue
		}
		mu, err := mt.num(i, "mu_star")
		if err != nil {
			return table{}, false, err
		}
		sg, err := mt.num(i, "sigma")
		if err != nil {
			return table{}, false, err
		}
		t.Rows = append(t.Rows, row{Cells: []cell{{Text: mt.str(i, "policy")}, {Text: mt.str(i, "parameter")},
			{Text: fmtNum(mu, 4, false), Sort: sortKey(mu), Class: "num"}, {Text: fmtNum(sg, 4, false), Sort: sortKey(sg), Class: "num"}}})
	}
	return t, true, nil
}

// sweepChartNote says what the charts of a sweep show, by its design
// kind (DesignSpec.Kind) and its number of keys nkeys.
func sweepChartNote(kind string, nkeys int) string {
	note := "Each line is a policy's mean over the replicates at each point, the band its 95% interval."
	switch kind {
	case sweep.DesignLHS:
		note = "Mean satisfaction at each sampled point against one key; the other keys vary too."
	case sweep.DesignMorris:
		note = "Morris screening: μ* is a key's mean absolute effect over its whole range, σ how much that effect varies with the other keys."
	}
	if nkeys == 2 && kind == sweep.DesignGrid {
		note = "Heat maps over the two swept keys: each policy's mean satisfaction, its paired difference to the baseline, and the winner's margin."
	}
	return note
}

// sweepProvenance says how the sweep or merge of meta m was made.
func sweepProvenance(m *experiments.Meta) []fact {
	prov := []fact{
		{"Command", cmp.Or(m.CommandLine, "unconf "+m.Command+" (command line not recorded)")},
		{"Spec", cmp.Or(m.Source, "not recorded")},
		{"unconf version", cmp.Or(m.Version, "unknown")},
		{"Master seed", fmt.Sprintf("%d (replicate r runs with seed rng.Replicate(%d, r) at every point: common random numbers)", uint64(m.MasterSeed), uint64(m.MasterSeed))},
		{"Replicates per point", fmt.Sprint(m.Replicates)},
		{"Policies", strings.Join(m.Policies, ", ") + "; baseline " + m.Baseline},
		{"Units", fmt.Sprintf("%d (%d failed, %d resumed from an interrupted run)", m.Units, m.Failed, m.Resumed)},
		{"Started, finished", m.Start + ", " + m.End},
		{"Spec hash", m.Spec},
	}
	if len(m.Parts) > 0 {
		prov = append(prov, fact{"Merged from", strings.Join(m.Parts, ", ")})
	} else {
		prov = append(prov, fact{"Workers", fmt.Sprint(m.Workers)})
	}
	return prov
}
