package report

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/sim/policy"
)

// comparePage builds the page of a compare folder.
func comparePage(dir string, pols policy.Registry, drawn *Drawn) (*page, error) {
	m, err := experiments.ReadMeta(dir)
	if err != nil {
		return nil, err
	}
	if len(m.Policies) == 0 || m.Replicates < 1 {
		return nil, fmt.Errorf("report: %s: meta.json lists no policies or replicates", dir)
	}
	s, err := readSummary(dir, nil)
	if err != nil {
		return nil, err
	}
	o, err := readOutcomes(dir, satisfaction, 1, m.Replicates, m.Policies, false)
	if err != nil {
		return nil, err
	}
	cfgYAML, cfgNote := configYAML(m.Config, pols)
	event := "unnamed event"
	if cfg, err := scenario.FromJSONWith(m.Config, pols); err == nil {
		event = cmp.Or(cfg.Model.Event.Name, event)
	}
	p := &page{
		Kind:  "compare",
		Title: "Which scheduling policy works best? " + event,
		Subtitle: fmt.Sprintf("unconf compare: %d policies on the same %s (simulated events); baseline %s",
			len(m.Policies), plural(m.Replicates, "replicate"), m.Baseline),
		Config: cfgYAML, ConfigNote: cfgNote,
	}
	st := rank(s, o, 0, m.Policies)
	p.Answer = compareAnswer(s, st, m.Policies, m.Baseline, m.Replicates)
	best := m.Policies[st.order[0]]
	p.Cards = compareCards(s, best, m.Baseline)
	if m.Failed > 0 {
		p.Warnings = append(p.Warnings, failureText(m))
	}
	p.Tables = append(p.Tables,
		meansTable("means", fmt.Sprintf("Key metrics by policy: mean [95%% CI] over %s", plural(m.Replicates, "replicate")),
			"The best policy is highlighted. Click a heading to sort.", s, 0, m.Policies, keyMetrics, best),
		diffTable(s, 0, m.Policies, m.Baseline),
		allMetricsTable(s, m.Policies))

	cs, warnings, err := chartsOf(dir, pols, drawn)
	if err != nil {
		return nil, err
	}
	p.Warnings = append(p.Warnings, warnings...)
	prefix := func(pre string) func(string) bool { return func(n string) bool { return strings.HasPrefix(n, pre) } }
	p.Sections = []section{
		{ID: "satisfaction", Title: "Satisfaction", Open: true,
			Note:   "Left: each policy's paired difference to the baseline, with its 95% interval. Right: the spread over replicates.",
			Charts: takeNamed(&cs, "forest-satisfaction_mean", "box-satisfaction_mean")},
		{ID: "schedule", Title: "The best policy's schedule", Open: true, Wide: true,
			Note:   "Replicate 0 under the policy of highest mean satisfaction: each room's session, hands raised and attendance.",
			Charts: takeNamed(&cs, "schedule")},
		{ID: "crowd", Title: "Hands and alertness", Open: true,
			Note:   "How the hands raised before the event compare with who came, and how alert jet-lagged visitors are slot by slot.",
			Charts: takeNamed(&cs, "hands", "alertness")},
		{ID: "differences", Title: "Every key metric: difference to " + m.Baseline, Open: true, Charts: take(&cs, prefix("forest-"))},
		{ID: "boxes", Title: "Every key metric by policy", Open: true, Charts: take(&cs, prefix("box-"))},
		{ID: "more", Title: "More charts", Open: true, Charts: cs},
	}
	p.Provenance = compareProvenance(m)
	p.Seeds = joinSeeds(m.Seeds)
	p.Files = append(m.Files, File)
	return p, nil
}

// compareAnswer says which policy wins, by how much and how sure.
func compareAnswer(s *summary, st standing, policies []string, baseline string, replicates int) answer {
	best := policies[st.order[0]]
	be := s.get(0, best, satisfaction)
	if math.IsNaN(be.Est.Mean) {
		return answer{Headline: "No policy has a mean satisfaction: every unit failed or no one was on site."}
	}
	var ivs []stats.Interval
	for _, k := range st.order {
		ivs = append(ivs, s.get(0, policies[k], satisfaction).Est)
	}
	dec := decimals(ivs...)
	a := answer{Headline: template.HTML(fmt.Sprintf("<strong>%s</strong> gives the highest mean satisfaction: <span data-key=\"answer/best\" data-value=\"%v\">%s</span> %s.",
		template.HTMLEscapeString(best), be.Est.Mean, fmtNum(be.Est.Mean, dec, false), ciText(be.Est, dec, false)))}
	if len(st.order) > 1 {
		ru := policies[st.order[1]]
		re := s.get(0, ru, satisfaction)
		mdec := decimals(st.margin)
		line := fmt.Sprintf("The runner-up, <strong>%s</strong>, has %s. On the same %s, %s − %s = %s %s",
			template.HTMLEscapeString(ru), fmtNum(re.Est.Mean, dec, false), plural(st.pairs, "simulated event"),
			template.HTMLEscapeString(best), template.HTMLEscapeString(ru),
			fmtNum(st.margin.Mean, mdec, true), ciText(st.margin, mdec, true))
		if st.pairs > 0 {
			line += fmt.Sprintf("; %s did better in %s of them", template.HTMLEscapeString(best), share(st.wins))
		}
		line += "."
		a.Lines = append(a.Lines, template.HTML(line))
		switch {
		case st.margin.N < 2:
			a.Lines = append(a.Lines, "Too few replicates to say how sure: run more seeds (--seeds).")
		case clear(st.margin):
			a.Clear = true
			a.Lines = append(a.Lines, template.HTML(fmt.Sprintf("How sure: the 95%% interval of the difference excludes zero, so %s is clearly ahead on this event (under the model's assumptions).",
				template.HTMLEscapeString(best))))
		default:
			a.Lines = append(a.Lines, template.HTML(fmt.Sprintf("How sure: not clearly: the 95%% interval of the difference includes zero, so %s and %s are about as good on this event.",
				template.HTMLEscapeString(best), template.HTMLEscapeString(ru))))
		}
	}
	if best != baseline {
		d := be.Diff
		ddec := decimals(d)
		a.Lines = append(a.Lines, template.HTML(fmt.Sprintf("Against the baseline, %s: %s %s.",
			template.HTMLEscapeString(baseline), fmtNum(d.Mean, ddec, true), ciText(d, ddec, true))))
	}
	return a
}

// compareCards are the best policy's key numbers beside the baseline's.
func compareCards(s *summary, best, baseline string) []card {
	var cs []card
	for _, m := range []string{"satisfaction_mean", "satisfaction_p10", "collapsed", "new_ties"} {
		e, b := s.get(0, best, m), s.get(0, baseline, m)
		if math.IsNaN(e.Est.Mean) {
			continue
		}
		dec := decimals(e.Est, b.Est)
		c := card{Label: label(m) + " " + arrow(m), Unit: metricLabels[m].unit, Value: fmtNum(e.Est.Mean, dec, false),
			Key: "card/" + m, Raw: e.Est.Mean}
		if best == baseline {
			c.Note = best + " (the baseline)"
		} else {
			c.Note = fmt.Sprintf("%s; %s: %s (%s)", best, baseline, fmtNum(b.Est.Mean, dec, false), fmtNum(e.Diff.Mean, decimals(e.Diff), true))
		}
		cs = append(cs, c)
	}
	return cs
}

// meansTable is policies × metrics, mean [95% CI] at point pt.
func meansTable(id, title, note string, s *summary, pt int, policies, metrics []string, best string) table {
	t := table{ID: id, Title: title, Note: note, Open: true, Head: []head{{Text: "policy"}}}
	dec := map[string]int{}
	for _, m := range metrics {
		t.Head = append(t.Head, metricHead(m))
		var ivs []stats.Interval
		for _, k := range policies {
			ivs = append(ivs, s.get(pt, k, m).Est)
		}
		dec[m] = decimals(ivs...)
	}
	for _, k := range policies {
		r := row{Cells: []cell{{Text: k, Bold: k == best}}}
		if k == best {
			r.Class = "best"
		}
		for _, m := range metrics {
			e := s.get(pt, k, m).Est
			r.Cells = append(r.Cells, cell{Text: fmtNum(e.Mean, dec[m], false), Sub: ivText(e, dec[m], false), Sort: sortKey(e.Mean), Class: "num",
				Key: fmt.Sprintf("mean/%d/%s/%s", pt, k, m), Raw: raw(e.Mean)})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// diffTable is each policy's paired difference to the baseline.
func diffTable(s *summary, pt int, policies []string, baseline string) table {
	t := table{ID: "diffs", Open: true, Head: []head{{Text: "policy"}},
		Title: "Difference to " + baseline + ": mean paired difference [95% CI]",
		Note:  "Every policy meets the same simulated events, so each difference is paired. Green: better than " + baseline + " (the 95% interval excludes zero); red: worse."}
	dec := map[string]int{}
	for _, m := range keyMetrics {
		t.Head = append(t.Head, metricHead(m))
		var ivs []stats.Interval
		for _, k := range policies {
			ivs = append(ivs, s.get(pt, k, m).Est)
		}
		dec[m] = decimals(ivs...)
	}
	for _, k := range policies {
		if k == baseline {
			continue
		}
		r := row{Cells: []cell{{Text: k}}}
		for _, m := range keyMetrics {
			e := s.get(pt, k, m)
			r.Cells = append(r.Cells, cell{Text: fmtNum(e.Diff.Mean, dec[m], true), Sub: ivText(e.Diff, dec[m], true), Sort: sortKey(e.Diff.Mean), Class: "num " + diffClass(e.Diff, m),
				Key: fmt.Sprintf("diff/%d/%s/%s", pt, k, m), Raw: raw(e.Diff.Mean)})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// allMetricsTable is every metric's mean, folded away.
func allMetricsTable(s *summary, policies []string) table {
	t := table{ID: "all", Title: "Every metric: mean over replicates", Note: "As in summary.csv, which also has n, sd and the intervals.",
		Head: []head{{Text: "metric"}}}
	for _, k := range policies {
		t.Head = append(t.Head, head{Text: k, Num: true})
	}
	for _, m := range s.metrics {
		r := row{Cells: []cell{{Text: m}}}
		var ivs []stats.Interval
		for _, k := range policies {
			ivs = append(ivs, s.get(0, k, m).Est)
		}
		dec := decimals(ivs...)
		for _, k := range policies {
			e := s.get(0, k, m).Est
			r.Cells = append(r.Cells, cell{Text: fmtNum(e.Mean, dec, false), Sort: sortKey(e.Mean), Class: "num"})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// failureText says how many units failed, with the first few.
func failureText(m *experiments.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d units failed (see the error column of results.csv); the numbers leave them out.", m.Failed, m.Units)
	for i, f := range m.Failures {
		if i == 3 {
			b.WriteString(" …")
			break
		}
		fmt.Fprintf(&b, " %s: %s.", f.ID, f.Error)
	}
	return b.String()
}

// compareProvenance says how the compare run of meta m was made.
func compareProvenance(m *experiments.Meta) []fact {
	return []fact{
		{"Command", cmp.Or(m.CommandLine, "unconf compare (command line not recorded)")},
		{"Config", cmp.Or(m.ConfigSource, "embedded default")},
		{"unconf version", cmp.Or(m.Version, "unknown")},
		{"Master seed", fmt.Sprintf("%d (replicate r runs with seed rng.Replicate(%d, r), in the seed column of every row)", uint64(m.MasterSeed), uint64(m.MasterSeed))},
		{"Replicates", fmt.Sprint(m.Replicates)},
		{"Policies", strings.Join(m.Policies, ", ") + "; baseline " + m.Baseline},
		{"Units", fmt.Sprintf("%d (%d failed, %d resumed from an interrupted run)", m.Units, m.Failed, m.Resumed)},
		{"Workers", fmt.Sprint(m.Workers)},
		{"Started, finished", m.Start + ", " + m.End},
		{"Spec hash", m.Spec},
	}
}
