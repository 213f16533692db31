package experiments

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/sim"
)

// ciLevel is the confidence level of every interval reported.
const ciLevel = 0.95

// metricInterval returns the mean of x, values of metric m over
// replicates, with its 95% t interval cut to the metric's range
// (sim.Metric.Bounds): a count's interval never goes below 0, a share's
// never above 1.
func metricInterval(x []float64, m sim.Metric) stats.Interval {
	return stats.TInterval(x, ciLevel).Clamp(m.Bounds())
}

// keyMetrics are the metrics of the Markdown report and the charts. They
// show the conflict share rather than the raw conflicts: those grow with
// the popularity of the sessions a policy schedules (results.csv and
// summary.csv hold both).
var keyMetrics = []sim.Metric{
	sim.SatisfactionMean, sim.SatisfactionP10, sim.Coverage, sim.ConflictShare,
	sim.Collapsed, sim.HandsError, sim.NewTies, sim.AlertShare,
}

// metricLabels are short human names and units of the key metrics.
var metricLabels = map[sim.Metric]struct{ name, unit string }{
	sim.SatisfactionMean: {"satisfaction", "mean per attendee, 0–1"},
	sim.SatisfactionP10:  {"satisfaction p10", "10th percentile, 0–1"},
	sim.Coverage:         {"coverage", "share of hands"},
	sim.Conflicts:        {"conflicts", "co-voter pairs"},
	sim.ConflictShare:    {"conflict share", "co-voted pairs in parallel"},
	sim.Collapsed:        {"collapsed", "sessions"},
	sim.HandsError:       {"hands error", "|hands − n| / hands"},
	sim.NewTies:          {"new ties", "ties"},
	sim.AlertShare:       {"alert share", "share of person-slots"},
}

// summaryRow is one line of summary.csv: a policy's metric over the
// replicates, and its paired difference to the baseline.
type summaryRow struct {
	Policy int
	Metric sim.Metric
	Est    stats.Interval
	// Est is the mean over replicates with its t interval cut to the
	// metric's range (metricInterval). Diff is the mean over replicates of
	// (policy − baseline) with its paired t interval, not cut (a
	// difference may be negative); absent for the baseline itself.
	Diff    stats.Interval
	HasDiff bool
}

// summarize computes every policy × metric row, policies in config order,
// then metrics in sim.Metric order (see rowAt).
func summarize(d *compareData, baseline int) []summaryRow {
	var rows []summaryRow
	for k := range d.l.policies {
		for m := range sim.NumMetrics {
			r := summaryRow{Policy: k, Metric: m, Est: metricInterval(d.vals[k][m], m)}
			if k != baseline {
				r.Diff = stats.Paired(d.vals[k][m], d.vals[baseline][m], ciLevel)
				r.HasDiff = true
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// rowAt returns policy k's row for metric m from rows as summarize orders
// them.
func rowAt(rows []summaryRow, k int, m sim.Metric) summaryRow {
	return rows[k*int(sim.NumMetrics)+int(m)]
}

var summaryHeader = []string{"policy", "metric", "n", "mean", "sd", "ci_low", "ci_high",
	"diff_n", "diff_vs_baseline", "diff_ci_low", "diff_ci_high"}

// summaryCSVBytes formats summary.csv. The baseline's difference cells are
// empty.
func summaryCSVBytes(d *compareData, rows []summaryRow) []byte {
	b := []byte(strings.Join(summaryHeader, ",") + "\n")
	for _, r := range rows {
		b = appendSummaryRow(b, d.l.policies[r.Policy], r.Metric.String(), r.Est, r.Diff, r.HasDiff)
	}
	return b
}

// appendSummaryRow appends the columns of summaryHeader and a line end:
// policy, metric, est's n, mean, sd and interval, and diff's n, mean and
// interval, or four empty cells when hasDiff is false (the baseline).
func appendSummaryRow(b []byte, policy, metric string, est, diff stats.Interval, hasDiff bool) []byte {
	b = csvcell.AppendField(b, policy)
	b = append(append(b, ','), metric...)
	b = strconv.AppendInt(append(b, ','), int64(est.N), 10)
	for _, v := range []float64{est.Mean, est.SD, est.Low, est.High} {
		b = csvcell.AppendFloat(append(b, ','), v)
	}
	if hasDiff {
		b = strconv.AppendInt(append(b, ','), int64(diff.N), 10)
		for _, v := range []float64{diff.Mean, diff.Low, diff.High} {
			b = csvcell.AppendFloat(append(b, ','), v)
		}
	} else {
		b = append(b, ",,,,"...)
	}
	return append(b, '\n')
}

// reportInfo is the run's context for summary.md and meta.json.
type reportInfo struct {
	cfg          *scenario.Config
	configSource string
	version      string
	configYAML   []byte
}

// bestPolicy returns the policy with the highest mean satisfaction (the
// first on ties; −1 when no policy has a value).
func bestPolicy(rows []summaryRow) int {
	best, bv := -1, math.Inf(-1)
	for _, r := range rows {
		if r.Metric == sim.SatisfactionMean && r.Est.Mean > bv {
			best, bv = r.Policy, r.Est.Mean
		}
	}
	return best
}

// tiedWith returns the policies whose mean satisfaction equals best's
// exactly (best included), in order: degenerate events (no proposals, no
// one on site) give every policy the same value.
func tiedWith(rows []summaryRow, best int) []int {
	var v float64
	for _, r := range rows {
		if r.Metric == sim.SatisfactionMean && r.Policy == best {
			v = r.Est.Mean
		}
	}
	var tied []int
	for _, r := range rows {
		if r.Metric == sim.SatisfactionMean && r.Est.Mean == v {
			tied = append(tied, r.Policy)
		}
	}
	return tied
}

// summaryMarkdown formats summary.md.
func summaryMarkdown(d *compareData, rows []summaryRow, baseline int, info reportInfo) string {
	var b strings.Builder
	cfg := info.cfg
	P, R := len(d.l.policies), d.l.replicates
	name := cfg.Model.Event.Name
	if name == "" {
		name = "unnamed event"
	}
	fmt.Fprintf(&b, "# unconf compare: %s\n\n", name)
	fmt.Fprintf(&b, "%d policies × %d replicates = %d units", P, R, d.l.units())
	if n := len(d.failures); n > 0 {
		fmt.Fprintf(&b, ", **%d failed** (see the error column of results.csv)", n)
	} else {
		b.WriteString(", none failed")
	}
	b.WriteString(".\n\n")
	fmt.Fprintf(&b, "- Config: %s\n", cmp.Or(info.configSource, "embedded default"))
	fmt.Fprintf(&b, "- Master seed: %d; replicate r runs with seed rng.Replicate(%d, r), written in the seed column of every row\n", cfg.Run.Seed, cfg.Run.Seed)
	fmt.Fprintf(&b, "- Replicates (seeds): %d\n", R)
	fmt.Fprintf(&b, "- Baseline: %s\n", d.l.policies[baseline])
	fmt.Fprintf(&b, "- unconf version: %s\n\n", cmp.Or(info.version, "unknown"))

	dec := make([]int, len(keyMetrics))
	for i, m := range keyMetrics {
		var ivs []stats.Interval
		for k := range P {
			ivs = append(ivs, rowAt(rows, k, m).Est)
		}
		dec[i] = stats.Decimals(ivs)
	}

	fmt.Fprintf(&b, "## Key metrics: mean [95%% CI] over replicates\n\n")
	header := func() {
		b.WriteString("| policy |")
		for _, m := range keyMetrics {
			fmt.Fprintf(&b, " %s |", metricLabels[m].name)
		}
		b.WriteString("\n|---|")
		for range keyMetrics {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
	}
	header()
	best := bestPolicy(rows)
	for k, p := range d.l.policies {
		if k == best {
			fmt.Fprintf(&b, "| **%s** |", p)
		} else {
			fmt.Fprintf(&b, "| %s |", p)
		}
		for i, m := range keyMetrics {
			fmt.Fprintf(&b, " %s |", stats.Format(rowAt(rows, k, m).Est, dec[i], false))
		}
		b.WriteString("\n")
	}
	if best >= 0 {
		if tied := tiedWith(rows, best); len(tied) > 1 {
			names := make([]string, len(tied))
			for i, k := range tied {
				names[i] = d.l.policies[k]
			}
			fmt.Fprintf(&b, "\nHighest mean satisfaction: a tie between %s.\n", strings.Join(names, ", "))
		} else {
			fmt.Fprintf(&b, "\nHighest mean satisfaction: **%s**.\n", d.l.policies[best])
		}
	}

	fmt.Fprintf(&b, "\n## Difference to %s: mean [95%% CI] of the paired difference\n\n", d.l.policies[baseline])
	header()
	for k, p := range d.l.policies {
		if k == baseline {
			continue
		}
		fmt.Fprintf(&b, "| %s |", p)
		for i, m := range keyMetrics {
			r := rowAt(rows, k, m)
			s := stats.Format(r.Diff, dec[i], true)
			if r.Diff.Low > 0 || r.Diff.High < 0 {
				s += " *"
			}
			fmt.Fprintf(&b, " %s |", s)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n\\* the 95%% interval excludes 0.\n\n")
	b.WriteString("Intervals are Student-t intervals over replicates (mean ± t₀.₉₇₅,ₙ₋₁ · sd/√n). ")
	b.WriteString("Every policy runs on the same replicates (same attendees, proposals, hands and choice noise: common random numbers), ")
	fmt.Fprintf(&b, "so differences are paired: for each replicate the policy's value minus %s's, then a t interval of their mean. ", d.l.policies[baseline])
	b.WriteString("Replicates where a metric is undefined (e.g. an empty jet-lag group) or a unit failed are left out; n in summary.csv says how many remain.\n\n")
	b.WriteString("Units: ")
	for i, m := range keyMetrics {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (`%s`): %s", metricLabels[m].name, m, metricLabels[m].unit)
	}
	b.WriteString(". Every metric, with sd and n, is in summary.csv; per-replicate values in results.csv.\n\n")

	failuresMarkdown(&b, d.failures, len(d.failures))

	b.WriteString("<details><summary>Effective config</summary>\n\n```yaml\n")
	b.Write(info.configYAML)
	b.WriteString("```\n\n</details>\n")
	return b.String()
}

// failuresMarkdown writes summary.md's "Failed units" section: the first
// ten of failures and how many more there are of total; nothing when total
// is 0.
func failuresMarkdown(b *strings.Builder, failures []unitFailure, total int) {
	if total == 0 {
		return
	}
	b.WriteString("## Failed units\n\n")
	for i, f := range failures {
		if i == 10 {
			fmt.Fprintf(b, "- … and %d more (results.csv, column error)\n", total-10)
			break
		}
		fmt.Fprintf(b, "- %s (unit %d): %s\n", f.ID, f.Unit, f.Error)
	}
	b.WriteString("\n")
}
