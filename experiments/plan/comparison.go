package plan

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// keyMetrics are the metrics of comparison.md and the box plots, after
// the objective.
var keyMetrics = []sim.Metric{
	sim.SatisfactionMean, sim.SatisfactionP10, sim.Coverage, sim.ConflictShare,
	sim.Collapsed, sim.TurnedAway, sim.HandsError, sim.NewTies,
}

// axisLabel returns "collapsed (sessions)": the metric's column name and
// its unit (summary.Unit).
func axisLabel(m sim.Metric) string {
	if u := summary.Unit(m); u != "" {
		return m.String() + " (" + u + ")"
	}
	return m.String()
}

// reportMetrics returns the objective followed by the other key metrics.
func (rep *Report) reportMetrics() []sim.Metric {
	ms := []sim.Metric{rep.Objective.Metric}
	for _, m := range keyMetrics {
		if m != rep.Objective.Metric {
			ms = append(ms, m)
		}
	}
	return ms
}

// ComparisonCSV formats comparison.csv: one row per candidate × metric,
// candidates in rank order, with columns candidate, rank (1 = best on the
// objective), metric, n, mean, sd, ci_low, ci_high (95% t interval over
// replicates), and diff_n, diff_vs_best, diff_ci_low, diff_ci_high (the
// paired difference candidate − recommended, empty for the recommended
// schedule itself).
func (rep *Report) ComparisonCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"candidate", "rank", "metric", "n", "mean", "sd", "ci_low", "ci_high",
		"diff_n", "diff_vs_best", "diff_ci_low", "diff_ci_high"})
	g := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	for i, k := range rep.order() {
		for m := range sim.NumMetrics {
			r, _ := rep.Row(k, m)
			rec := []string{csvcell.Text(rep.Candidates[k].Name), strconv.Itoa(i + 1), m.String(), strconv.Itoa(r.Est.N),
				g(r.Est.Mean), g(r.Est.SD), g(r.Est.Low), g(r.Est.High), "", "", "", ""}
			if r.HasDiff {
				rec[8], rec[9], rec[10], rec[11] = strconv.Itoa(r.Diff.N), g(r.Diff.Mean), g(r.Diff.Low), g(r.Diff.High)
			}
			w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}

// order returns the ranked candidates, the recommended first (it may not
// be first in Ranking when it is the sticky schedule).
func (rep *Report) order() []int {
	out := []int{rep.Best}
	for _, k := range rep.Ranking {
		if k != rep.Best {
			out = append(out, k)
		}
	}
	return out
}

// ComparisonMarkdown formats comparison.md: every candidate's key metrics
// with 95% intervals, the paired differences to the recommended schedule,
// and how the comparison was run.
func (rep *Report) ComparisonMarkdown(wo WriteOptions) string {
	var b strings.Builder
	o := rep.Options
	fmt.Fprintf(&b, "# Policy comparison: %s\n\n", eventName(rep))
	rep.comparisonTables(&b)
	for _, c := range rep.Candidates {
		if c.Err != nil {
			fmt.Fprintf(&b, "- %s made no schedule: %v\n", c.Name, c.Err)
		}
	}
	fmt.Fprintf(&b, "\nEach policy scheduled replicate 0's world once; that schedule was then evaluated on all %d replicate worlds. ", o.Seeds)
	b.WriteString("Every world keeps what your files fix (attendees, proposals, hands, declared fields) and redraws what they leave open ")
	b.WriteString("(interests, given the hands and declared topics; missing backgrounds, home time zones, affiliations; ")
	b.WriteString("each attendee's session choices), the same worlds for every schedule, so differences are paired. ")
	b.WriteString("Intervals are Student-t intervals over replicates (95%). Every metric is in comparison.csv.\n\n")
	fmt.Fprintf(&b, "- Objective: %s\n", rep.Objective)
	fmt.Fprintf(&b, "- Replicates: %d; master seed %d (replicate r uses rng.Replicate(%d, r))\n", o.Seeds, o.Seed, o.Seed)
	fmt.Fprintf(&b, "- Data: %d attendees, %d proposals, %d hands\n", len(rep.Data.Attendees), len(rep.Data.Proposals), sum(handCounts(rep.Data)))
	fmt.Fprintf(&b, "- Config: %s\n", cmp.Or(wo.ConfigSource, "embedded default"))
	fmt.Fprintf(&b, "- unconf version: %s\n", cmp.Or(wo.Version, "unknown"))
	return b.String()
}

// comparisonTables writes the means table and the differences table.
func (rep *Report) comparisonTables(b *strings.Builder) {
	ms := rep.reportMetrics()
	order := rep.order()
	dec := make([]int, len(ms))
	for i, m := range ms {
		var ivs []stats.Interval
		for _, k := range order {
			r, _ := rep.Row(k, m)
			ivs = append(ivs, r.Est)
		}
		dec[i] = stats.Decimals(ivs)
	}
	header := func(first string) {
		fmt.Fprintf(b, "| %s |", first)
		for _, m := range ms {
			arrow := "↑"
			if !m.HigherIsBetter() {
				arrow = "↓"
			}
			fmt.Fprintf(b, " %s %s |", m, arrow)
		}
		b.WriteString("\n|---|")
		for range ms {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "## Mean [95%% CI] over %d replicates (↑ higher is better, ↓ lower)\n\n", len(rep.Seeds))
	header("schedule")
	for _, k := range order {
		name := rep.Candidates[k].Name
		if k == rep.Best {
			name = "**" + name + "** (recommended)"
		}
		fmt.Fprintf(b, "| %s |", name)
		for i, m := range ms {
			r, _ := rep.Row(k, m)
			fmt.Fprintf(b, " %s |", stats.Format(r.Est, dec[i], false))
		}
		b.WriteString("\n")
	}
	if len(order) > 1 {
		fmt.Fprintf(b, "\n## Difference to %s: mean [95%% CI] of the paired difference\n\n", rep.Recommended().Name)
		header("schedule")
		for _, k := range order[1:] {
			fmt.Fprintf(b, "| %s |", rep.Candidates[k].Name)
			for i, m := range ms {
				r, _ := rep.Row(k, m)
				s := stats.Format(r.Diff, dec[i], true)
				if summary.Excludes0(r.Diff) {
					s += " *"
				}
				fmt.Fprintf(b, " %s |", s)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n\\* the 95% interval excludes 0.\n")
	}
}
