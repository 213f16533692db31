package experiments

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// summarize computes every policy × metric row, policies in config order,
// then metrics in sim.Metric order (see rowAt), with differences to the
// baseline.
func summarize(d *compareData, baseline int) []summary.Row {
	var rows []summary.Row
	for k := range d.l.Policies {
		for m := range sim.NumMetrics {
			var ref []float64
			if k != baseline {
				ref = d.vals[baseline][m]
			}
			rows = append(rows, summary.NewRow(k, m, d.vals[k][m], ref))
		}
	}
	return rows
}

// rowAt returns policy k's row for metric m from rows as summarize orders
// them.
func rowAt(rows []summary.Row, k int, m sim.Metric) summary.Row {
	return rows[k*int(sim.NumMetrics)+int(m)]
}

// satisfaction returns each of the P policies' mean satisfaction.
func satisfaction(rows []summary.Row, P int) []float64 {
	means := make([]float64, P)
	for k := range means {
		means[k] = rowAt(rows, k, sim.SatisfactionMean).Est.Mean
	}
	return means
}

// bestPolicy returns the policy with the highest mean satisfaction (the
// first on ties, summary.Rank; −1 when no policy has a value).
func bestPolicy(rows []summary.Row, P int) int {
	if rank := summary.Rank(satisfaction(rows, P), true); len(rank) > 0 {
		return rank[0]
	}
	return -1
}

// summaryCSVBytes formats summary.csv (summary.CSVHeader). The baseline's
// difference cells are empty.
func summaryCSVBytes(d *compareData, rows []summary.Row) []byte {
	b := []byte(strings.Join(summary.CSVHeader, ",") + "\n")
	for _, r := range rows {
		b = summary.AppendCSV(b, d.l.Policies[r.Arm], r)
	}
	return b
}

// reportInfo is the run's context for summary.md and meta.json.
type reportInfo struct {
	cfg          *scenario.Config
	configSource string
	version      string
	configYAML   []byte
}

// summaryMarkdown formats summary.md.
func summaryMarkdown(d *compareData, rows []summary.Row, baseline int, info reportInfo) string {
	var b strings.Builder
	cfg := info.cfg
	P, R := len(d.l.Policies), d.l.Replicates
	name := cfg.Model.Event.Name
	if name == "" {
		name = "unnamed event"
	}
	fmt.Fprintf(&b, "# unconf compare: %s\n\n", name)
	fmt.Fprintf(&b, "%d policies × %d replicates = %d units", P, R, d.l.Units())
	if n := len(d.failures); n > 0 {
		fmt.Fprintf(&b, ", **%d failed** (see the error column of results.csv)", n)
	} else {
		b.WriteString(", none failed")
	}
	b.WriteString(".\n\n")
	fmt.Fprintf(&b, "- Config: %s\n", cmp.Or(info.configSource, "embedded default"))
	fmt.Fprintf(&b, "- Master seed: %d; replicate r runs with seed rng.Replicate(%d, r), written in the seed column of every row\n", cfg.Run.Seed, cfg.Run.Seed)
	fmt.Fprintf(&b, "- Replicates (seeds): %d\n", R)
	fmt.Fprintf(&b, "- Baseline: %s\n", d.l.Policies[baseline])
	fmt.Fprintf(&b, "- unconf version: %s\n\n", cmp.Or(info.version, "unknown"))

	t := keyTables{policies: d.l.Policies, rows: rows}
	for _, m := range summary.KeyMetrics {
		var ivs []stats.Interval
		for k := range P {
			ivs = append(ivs, rowAt(rows, k, m).Est)
		}
		t.dec = append(t.dec, stats.Decimals(ivs))
	}
	t.means(&b)
	t.differences(&b, baseline)
	summary.FailuresMarkdown(&b, d.failures, len(d.failures))
	b.WriteString("<details><summary>Effective config</summary>\n\n```yaml\n")
	b.Write(info.configYAML)
	b.WriteString("```\n\n</details>\n")
	return b.String()
}

// keyTables are summary.md's two tables of the key metrics, a row per
// policy, each metric's numbers with the decimals dec of all its
// intervals.
type keyTables struct {
	policies []string
	rows     []summary.Row
	dec      []int
}

// header writes a table's header: policy and one column per key metric.
func (t keyTables) header(b *strings.Builder) {
	b.WriteString("| policy |")
	for _, m := range summary.KeyMetrics {
		fmt.Fprintf(b, " %s |", summary.Label(m))
	}
	b.WriteString("\n|---|")
	for range summary.KeyMetrics {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
}

// means writes the table of means, the best policy in bold, and which
// policy (or which tie) has the highest mean satisfaction.
func (t keyTables) means(b *strings.Builder) {
	P := len(t.policies)
	fmt.Fprintf(b, "## Key metrics: mean [95%% CI] over replicates\n\n")
	t.header(b)
	best := bestPolicy(t.rows, P)
	for k, p := range t.policies {
		if k == best {
			fmt.Fprintf(b, "| **%s** |", p)
		} else {
			fmt.Fprintf(b, "| %s |", p)
		}
		for i, m := range summary.KeyMetrics {
			fmt.Fprintf(b, " %s |", stats.Format(rowAt(t.rows, k, m).Est, t.dec[i], false))
		}
		b.WriteString("\n")
	}
	if best < 0 {
		return
	}
	if tied := summary.Tied(satisfaction(t.rows, P), best); len(tied) > 1 {
		names := make([]string, len(tied))
		for i, k := range tied {
			names[i] = t.policies[k]
		}
		fmt.Fprintf(b, "\nHighest mean satisfaction: a tie between %s.\n", strings.Join(names, ", "))
	} else {
		fmt.Fprintf(b, "\nHighest mean satisfaction: **%s**.\n", t.policies[best])
	}
}

// differences writes the table of paired differences to the baseline,
// and how to read it: the intervals, the pairing, the units.
func (t keyTables) differences(b *strings.Builder, baseline int) {
	fmt.Fprintf(b, "\n## Difference to %s: mean [95%% CI] of the paired difference\n\n", t.policies[baseline])
	t.header(b)
	for k, p := range t.policies {
		if k == baseline {
			continue
		}
		fmt.Fprintf(b, "| %s |", p)
		for i, m := range summary.KeyMetrics {
			r := rowAt(t.rows, k, m)
			s := stats.Format(r.Diff, t.dec[i], true)
			if summary.Excludes0(r.Diff) {
				s += " *"
			}
			fmt.Fprintf(b, " %s |", s)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "\n\\* the 95%% interval excludes 0.\n\n")
	b.WriteString("Intervals are Student-t intervals over replicates (mean ± t₀.₉₇₅,ₙ₋₁ · sd/√n). ")
	b.WriteString("Every policy runs on the same replicates (same attendees, proposals, hands and choice noise: common random numbers), ")
	fmt.Fprintf(b, "so differences are paired: for each replicate the policy's value minus %s's, then a t interval of their mean. ", t.policies[baseline])
	b.WriteString("Replicates where a metric is undefined (e.g. an empty jet-lag group) or a unit failed are left out; n in summary.csv says how many remain.\n\n")
	b.WriteString("Units: ")
	for i, m := range summary.KeyMetrics {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(b, "%s (`%s`): %s", summary.Label(m), m, summary.Unit(m))
	}
	b.WriteString(". Every metric, with sd and n, is in summary.csv; per-replicate values in results.csv.\n\n")
}
