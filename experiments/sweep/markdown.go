package sweep

// summary.md of a sweep or merge.

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// markdown formats summary.md. It holds nothing that depends on workers,
// shards or times, so a merged sweep's equals a single run's.
func (a *sweepAgg) markdown(mrows []morrisRow, version string) string {
	p, l := a.p, a.p.l
	var b strings.Builder
	fmt.Fprintf(&b, "# unconf sweep: %s\n\n", cmp.Or(p.spec.Source, "sweep spec"))
	fmt.Fprintf(&b, "%s design over %d parameter(s): %d points × %d replicates × %d policies = %d units",
		designName(p.spec.Design), len(p.spec.Parameters), l.Points, l.Replicates, len(l.Policies), l.Units())
	if a.failed > 0 {
		fmt.Fprintf(&b, ", **%d failed** (see the error column of results.csv)", a.failed)
	} else {
		b.WriteString(", none failed")
	}
	b.WriteString(".\n\n")
	fmt.Fprintf(&b, "- Base scenario: %s (%s)\n", cmp.Or(p.spec.Base, "embedded"), p.baseCfg.Model.Event.Name)
	fmt.Fprintf(&b, "- Master seed: %d; replicate r runs with seed rng.Replicate(%d, r) at every point (common random numbers)\n", l.Master, l.Master)
	fmt.Fprintf(&b, "- Policies: %s; baseline: %s\n", strings.Join(l.Policies, ", "), l.Policies[p.baseline])
	fmt.Fprintf(&b, "- Spec hash: %s\n", p.hash)
	fmt.Fprintf(&b, "- unconf version: %s\n\n", cmp.Or(version, "unknown"))

	b.WriteString("## Parameters\n\n| key | values |\n|---|---|\n")
	for _, ps := range p.spec.Parameters {
		fmt.Fprintf(&b, "| `%s` | %s |\n", ps.Key, describeParam(ps))
	}
	b.WriteString("\n")

	if p.d.morris != nil {
		a.morrisMarkdown(&b, mrows)
	}
	a.winnersMarkdown(&b)
	summary.FailuresMarkdown(&b, a.failures, a.failed)
	b.WriteString("Every point × policy × metric, with n, sd, the 95% t interval and the paired difference to the baseline, is in summary.csv; every unit in results.csv. ")
	b.WriteString("Redraw charts from the results with `unconf plot results.csv --x KEY [--y METRIC]`.\n")
	return b.String()
}

func designName(d DesignSpec) string {
	switch d.Kind {
	case DesignLHS:
		return fmt.Sprintf("Latin hypercube (%d samples)", d.Samples)
	case DesignMorris:
		return fmt.Sprintf("Morris (%d trajectories, %d levels)", d.Trajectories, d.Levels)
	}
	return "Full factorial grid"
}

func describeParam(ps ParamSpec) string {
	var s string
	switch {
	case ps.Values != nil:
		vs := make([]string, len(ps.Values))
		for i, v := range ps.gridValues() {
			vs[i] = formatValue(v)
		}
		s = strings.Join(vs, ", ")
	case ps.Range != nil && ps.Range.Steps > 0:
		s = fmt.Sprintf("%d steps from %v to %v", ps.Range.Steps, ps.Range.From, ps.Range.To)
	default:
		lo, hi := ps.bounds()
		s = fmt.Sprintf("uniform on [%v, %v]", lo, hi)
	}
	if ps.Integer {
		s += ", rounded to integers"
	}
	return s
}

func (a *sweepAgg) winnersMarkdown(b *strings.Builder) {
	p, l := a.p, a.p.l
	fmt.Fprintf(b, "## Best policy per point\n\nBy mean satisfaction [95%% CI]; the margin is the paired difference to the runner-up.\n\n| point |")
	for _, ps := range p.spec.Parameters {
		fmt.Fprintf(b, " %s |", ps.Key)
	}
	b.WriteString(" best | satisfaction | runner-up | margin |\n|---:|")
	for range p.spec.Parameters {
		b.WriteString("---:|")
	}
	b.WriteString("---|---:|---|---:|\n")
	var ivs []stats.Interval
	for pt := range l.Points {
		for k := range l.Policies {
			ivs = append(ivs, a.key[pt][k][0].Est)
		}
	}
	dec := stats.Decimals(ivs)
	for pt := range min(l.Points, maxReportPoints) {
		fmt.Fprintf(b, "| %d |", pt)
		for _, v := range p.d.values[pt] {
			fmt.Fprintf(b, " %s |", formatValue(v))
		}
		w := a.win[pt]
		if w.best < 0 {
			b.WriteString(" – | – | – | – |\n")
			continue
		}
		second := "–"
		if w.second >= 0 {
			second = l.Policies[w.second]
		}
		fmt.Fprintf(b, " %s | %s | %s | %s |\n", l.Policies[w.best],
			stats.Format(a.key[pt][w.best][0].Est, dec, false), second, stats.Format(w.margin, dec, true))
	}
	if l.Points > maxReportPoints {
		fmt.Fprintf(b, "\n… %d more points in summary.csv.\n", l.Points-maxReportPoints)
	}
	counts := make([]int, len(l.Policies))
	for _, w := range a.win {
		if w.best >= 0 {
			counts[w.best]++
		}
	}
	b.WriteString("\nPoints won: ")
	for k, n := range counts {
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s %d", l.Policies[k], n)
	}
	b.WriteString(".\n\n")
}

func (a *sweepAgg) morrisMarkdown(b *strings.Builder, rows []morrisRow) {
	p, l := a.p, a.p.l
	mp := p.d.morris
	fmt.Fprintf(b, "## Morris screening: μ* (σ) of mean satisfaction\n\n")
	fmt.Fprintf(b, "Elementary effects per whole parameter range, %d trajectories over %d levels (Δ = %d/%d). ", mp.r, mp.levels, mp.levels, 2*(mp.levels-1))
	b.WriteString("μ* large: the parameter matters; σ large relative to μ*: non-linear or interacting. Every metric is in morris.csv.\n\n| parameter |")
	for _, pol := range l.Policies {
		fmt.Fprintf(b, " %s |", pol)
	}
	b.WriteString("\n|---|")
	for range l.Policies {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for i, ps := range p.spec.Parameters {
		fmt.Fprintf(b, "| `%s` |", ps.Key)
		for k := range l.Policies {
			for _, r := range rows {
				if r.policy == k && r.param == i && r.metric == sim.SatisfactionMean {
					fmt.Fprintf(b, " %.4g (%.4g) |", r.muStar, r.sigma)
				}
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}
