package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/experiments/sweep"
)

// ReportFile is the one-file report every run folder holds, beside its
// CSVs and charts; the compact answer points to it.
const ReportFile = "report.html"

// Output says what a command prints on stdout when it is done. Progress,
// warnings and errors always go to stderr.
type Output struct {
	// Quiet prints only the output folder (for scripts that go on with
	// the files); JSON prints the answer as one JSON document. Neither:
	// the compact answer for a person.
	Quiet, JSON bool
}

// addOutputFlags binds --quiet and --json.
func addOutputFlags(f *pflag.FlagSet, o *Output) {
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print only the output folder on stdout")
	f.BoolVar(&o.JSON, "json", false, "print the answer as JSON on stdout (progress and warnings stay on stderr)")
}

// check rejects --quiet with --json.
func (o Output) check() error {
	if o.Quiet && o.JSON {
		return &usageError{errors.New("--quiet and --json exclude each other: use one")}
	}
	return nil
}

// print writes the result of a run into dir: the folder alone (Quiet), v
// as indented JSON (JSON), or what human writes.
func (o Output) print(w io.Writer, dir string, v any, human func(io.Writer) error) error {
	switch {
	case o.Quiet:
		_, err := fmt.Fprintln(w, dir)
		return err
	case o.JSON:
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("json: %w", err)
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	return human(w)
}

// compareJSON is what compare --json prints: the answer and the report's
// path.
type compareJSON struct {
	*experiments.Answer
	Report string `json:"report"`
}

// sweepJSON is what sweep --json and merge --json print.
type sweepJSON struct {
	*sweep.Answer
	Report string `json:"report"`
}

// shardJSON is what sweep --json prints for a shard.
type shardJSON struct {
	Command string `json:"command"`
	Shard   string `json:"shard"`
	Units   int    `json:"units"`
	Failed  int    `json:"failed"`
	Out     string `json:"out"`
	// Merge is the command that combines the shards once all are done.
	Merge string `json:"merge"`
}

// screenMetrics are the key metrics of compare's compact table: the
// objective, how well co-voted sessions were kept apart, and the
// organiser's worry. summary.md and --json have them all.
var screenMetrics = []string{"satisfaction_mean", "conflict_share", "collapsed"}

// writeCompareAnswer prints a compare run in at most about 25 lines: each
// policy's mean of the screen metrics and its paired difference to the
// baseline, the winner with its margin and how sure that is, the folder and
// the report.
func writeCompareAnswer(w io.Writer, a *experiments.Answer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s: %d policies × %d replicates, %s.\n", a.Event, len(a.Policies), a.Replicates, failedText(a.Failed, a.Units))
	fmt.Fprintf(&b, "Mean over replicates, then the paired difference to %s ± its 95%% CI (* the interval excludes 0).\n\n", a.Baseline)

	var infos []summary.MetricInfo
	for _, name := range screenMetrics {
		for _, mi := range a.Metrics {
			if mi.Name == name {
				infos = append(infos, mi)
			}
		}
	}
	dec := make([]int, len(infos))
	for i, mi := range infos {
		var ivs []stats.Interval
		for _, p := range a.Policies {
			if d := p.Metrics[mi.Name].VsBaseline; d != nil {
				ivs = append(ivs, d.Interval())
			}
		}
		if len(ivs) == 0 {
			for _, p := range a.Policies {
				ivs = append(ivs, p.Metrics[mi.Name].Interval())
			}
		}
		dec[i] = max(stats.Decimals(ivs)-1, 0)
	}
	// One cell per metric, "mean  difference", the means padded to one
	// width so that the differences align under the metric's name.
	cells := make([][]string, len(a.Policies))
	for i, mi := range infos {
		means := make([]string, len(a.Policies))
		w := 0
		for k, p := range a.Policies {
			means[k] = fixed(float64(p.Metrics[mi.Name].Mean), dec[i], false)
			w = max(w, len([]rune(means[k])))
		}
		for k, p := range a.Policies {
			c := means[k]
			if d := p.Metrics[mi.Name].VsBaseline; d != nil {
				c += strings.Repeat(" ", w-len([]rune(means[k]))+1) + plusMinus(*d, dec[i])
			}
			cells[k] = append(cells[k], c)
		}
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 3, ' ', 0)
	fmt.Fprint(tw, "policy")
	for _, mi := range infos {
		fmt.Fprintf(tw, "\t%s %s", mi.Label, arrow(mi.HigherIsBetter))
	}
	fmt.Fprintln(tw)
	for k, p := range a.Policies {
		name := p.Policy
		if p.Policy == a.Winner.Policy && len(a.Winner.Tied) == 0 {
			name += " ★"
		}
		fmt.Fprintf(tw, "%s\t%s\n", name, strings.Join(cells[k], "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("\n")
	writeWinner(&b, a.Winner, a.Metrics[0].Label)
	writeWhere(&b, a.Out)
	return trimWrite(w, b.Bytes())
}

// writeWinner writes "Winner: …" with the margin over the runner-up, and
// how sure that is.
func writeWinner(b *bytes.Buffer, w experiments.Winner, label string) {
	switch {
	case w.Policy == "":
		b.WriteString("Winner: none (no policy has a value; see the error column of results.csv).\n")
		return
	case len(w.Tied) > 1:
		fmt.Fprintf(b, "Winner: none, a tie between %s (the same mean %s).\n", strings.Join(w.Tied, ", "), label)
		return
	}
	ivs := []stats.Interval{w.Value.Interval()}
	if w.Margin != nil {
		ivs = []stats.Interval{w.Margin.Interval()}
	}
	dec := max(stats.Decimals(ivs)-1, 0)
	fmt.Fprintf(b, "Winner: %s, mean %s %s", w.Policy, label, fixed(float64(w.Value.Mean), dec, false))
	if w.Margin == nil || w.RunnerUpValue == nil {
		b.WriteString(" (the only policy).\n")
		return
	}
	fmt.Fprintf(b, "; runner-up %s, %s.\n", w.RunnerUp, fixed(float64(w.RunnerUpValue.Mean), dec, false))
	how, excl := "clearly", ""
	if !w.Clear {
		how, excl = "not clearly", " includes 0"
	}
	sure := fmt.Sprintf("How sure: %s: paired margin %s [95%% CI %s]%s,", how,
		fixed(float64(w.Margin.Mean), dec, true), ciText(*w.Margin, dec, true), excl)
	won := fmt.Sprintf("better in %d of %d replicates.", w.Wins, w.Pairs)
	if utf8.RuneCountInString(sure)+1+utf8.RuneCountInString(won) > answerWidth {
		fmt.Fprintf(b, "%s\n  %s\n", sure, won) // "not clearly … includes 0" with wide numbers
		return
	}
	fmt.Fprintf(b, "%s %s\n", sure, won)
}

// answerWidth is the most characters of a line of the compact answer, so
// that it fits a terminal; a longer "How sure" line goes on two.
const answerWidth = 100

// writeWhere writes the folder and the report's path.
func writeWhere(b *bytes.Buffer, dir string) {
	fmt.Fprintf(b, "Folder: %s\n", dir)
	fmt.Fprintf(b, "Report: %s\n", filepath.Join(dir, ReportFile))
}

// maxScreenPoints is the most points a sweep's compact answer lists one by
// one; beyond, or with more than maxScreenKeys swept keys, it counts the
// points each policy won.
const (
	maxScreenPoints = 12
	maxScreenKeys   = 3
)

// writeSweepAnswer prints a sweep (or merge) in at most about 25 lines: the
// best policy per point with its margin over the runner-up (or, for many
// points, the points each policy won), the overall winner, the folder and
// the report.
func writeSweepAnswer(w io.Writer, a *sweep.Answer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n", a.Source)
	fmt.Fprintf(&b, "%s over %s: %d points × %d replicates × %d policies, %s.\n", a.Design, strings.Join(a.Parameters, ", "),
		a.Points, a.Replicates, len(a.Policies), failedText(a.Failed, a.Units))
	var ivs []stats.Interval
	for _, pw := range a.PointWinners {
		if pw.Margin != nil {
			ivs = append(ivs, pw.Margin.Interval())
		}
	}
	dec := max(stats.Decimals(ivs)-1, 0)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if a.Points <= maxScreenPoints && len(a.Parameters) <= maxScreenKeys {
		b.WriteString("Best policy per point by mean satisfaction, and its paired margin over the runner-up ± 95% CI (* the interval excludes 0).\n\n")
		fmt.Fprintf(tw, "point\t%s\tbest\tsatisfaction\tmargin\trunner-up\n", strings.Join(a.Parameters, "\t"))
		for _, pw := range a.PointWinners {
			vals := make([]string, len(pw.Values))
			for i, v := range pw.Values {
				vals[i] = fmt.Sprint(v)
			}
			fmt.Fprintf(tw, "%d\t%s\t", pw.Point, strings.Join(vals, "\t"))
			if pw.Best == "" {
				fmt.Fprintln(tw, "–\t–\t–\t–")
				continue
			}
			margin, second := "–", "–"
			if pw.Margin != nil {
				margin, second = plusMinus(*pw.Margin, dec), pw.RunnerUp
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", pw.Best, fixed(float64(pw.Value.Mean), dec, false), margin, second)
		}
	} else {
		fmt.Fprintf(&b, "Points won by each policy on mean satisfaction; clearly: the paired margin over the runner-up excludes 0 (every point: summary.md).\n\n")
		fmt.Fprintln(tw, "policy\tpoints won\tclearly")
		for _, pw := range a.Won {
			fmt.Fprintf(tw, "%s\t%d\t%d\n", pw.Policy, pw.Points, pw.Clearly)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("\n")
	if a.Winner == "" {
		b.WriteString("Winner: none (no policy has a value; see the error column of results.csv).\n")
	} else {
		for _, pw := range a.Won {
			if pw.Policy == a.Winner {
				fmt.Fprintf(&b, "Winner: %s, best at %d of %d points, clearly (margin's 95%% CI above 0) at %d.\n",
					pw.Policy, pw.Points, a.Points, pw.Clearly)
			}
		}
	}
	writeWhere(&b, a.Out)
	return trimWrite(w, b.Bytes())
}

// writeDryRun prints a sweep's design, its units (of the shard, if one is
// chosen), the timing and the estimated run time.
func writeDryRun(w io.Writer, e *sweep.DryRun) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n", e.Source)
	fmt.Fprintf(&b, "Design: %s, %d points × %d replicates × %d policies = %d units.\n", e.Design, e.Points, e.Replicates, len(e.Policies), e.Units)
	for _, p := range e.Parameters {
		fmt.Fprintf(&b, "  %s: %s\n", p.Key, p.Values)
	}
	fmt.Fprintf(&b, "Policies: %s.\n", strings.Join(e.Policies, ", "))
	if e.Shard != "" {
		fmt.Fprintf(&b, "Shard %s: units %d to %d (%d units).\n", e.Shard, e.FirstUnit, e.LastUnit, e.ShardUnits)
	}
	if e.TimedUnits == 0 {
		b.WriteString("Nothing to run: the shard is empty.\n")
	} else {
		pts := make([]string, len(e.TimedPoints))
		for i, p := range e.TimedPoints {
			pts[i] = fmt.Sprint(p)
		}
		fmt.Fprintf(&b, "Timing: %d units (points %s) took %s on one worker, %s a unit.\n",
			e.TimedUnits, strings.Join(slices.Compact(pts), ", "), roundDuration(e.Timed), roundDuration(e.PerUnit))
		fmt.Fprintf(&b, "Estimated run time: about %s with %d workers, if they scale and the timed units are typical.\n",
			roundDuration(e.Estimate), e.Workers)
	}
	fmt.Fprintf(&b, "Would write: %s (a dry run writes nothing).\n", e.Out)
	_, err := w.Write(b.Bytes())
	return err
}

// roundDuration keeps two or three significant figures: 28ms, 1.4s, 3m20s,
// 2h15m0s.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond)
	case d < time.Minute:
		return d.Round(100 * time.Millisecond)
	case d < time.Hour:
		return d.Round(time.Second)
	}
	return d.Round(time.Minute)
}

// failedText is "none failed" or "3 of 210 units failed (see the error
// column of results.csv)".
func failedText(failed, units int) string {
	if failed == 0 {
		return "none failed"
	}
	return fmt.Sprintf("%d of %d units failed (see the error column of results.csv)", failed, units)
}

func arrow(higher bool) string {
	if higher {
		return "↑"
	}
	return "↓"
}

// fixed formats v with dec decimals, a minus sign (U+2212) for negatives
// and, when signed, a plus for positives; "–" for NaN.
func fixed(v float64, dec int, signed bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := fmt.Sprintf("%.*f", dec, v)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "−0.000"
	}
	switch {
	case strings.HasPrefix(s, "-"):
		s = "−" + s[1:]
	case signed:
		s = "+" + s
	}
	return s
}

// plusMinus formats a paired difference as "+0.068±0.006", with " *" when
// its interval excludes 0; without an interval just the difference.
func plusMinus(e summary.Estimate, dec int) string {
	s := fixed(float64(e.Mean), dec, true)
	if hw := float64(e.High-e.Low) / 2; !math.IsNaN(hw) {
		s += "±" + fixed(hw, dec, false)
	}
	if e.Excludes0() {
		s += " *"
	}
	return s
}

// ciText is "0.451, 0.460", or "+0.014, +0.024" when signed (a
// difference); "n/a" without an interval.
func ciText(e summary.Estimate, dec int, signed bool) string {
	if math.IsNaN(float64(e.Low)) {
		return "n/a"
	}
	return fixed(float64(e.Low), dec, signed) + ", " + fixed(float64(e.High), dec, signed)
}

// trimWrite writes text with the spaces tabwriter leaves at line ends
// removed.
func trimWrite(w io.Writer, text []byte) error {
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}
