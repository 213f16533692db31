package calibrate

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/sim/prior"
)

// Files written by Write, in its output folder.
const (
	PosteriorFile   = "posterior.csv"
	DrawsFile       = "draws.csv"
	SessionsFile    = "sessions.csv"
	SummaryFile     = "calibration.md"
	ForecastFile    = "forecast.yaml"
	JournalFile     = ".calibrate.journal"
	chartsDir       = "charts"
	maxForecastRows = PosteriorDraws
)

// Info describes the run for the outputs.
type Info struct {
	// Event names the event; Command is how unconf was called; Version
	// the program's version.
	Event, Command, Version string
	// Format is the charts' file format: png, svg or pdf.
	Format string
}

// Write writes the fit's outputs into dir (which must exist), each file
// atomically, and returns their names relative to dir:
//
//	posterior.csv   the posterior sample: one row per draw, one column per key
//	draws.csv       every simulated draw: round, values, log likelihood, weight
//	sessions.csv    each observed session: observed count, posterior predictive
//	                and leave-one-out ranges, and whether they hold it
//	calibration.md  the summary: parameters prior → posterior, coverage
//	forecast.yaml   a config file whose forecast section plan takes
//	charts/         marginals and predicted versus observed head counts
func (f *Fit) Write(dir string, info Info) ([]string, error) {
	var written []string
	put := func(name string, data []byte) error {
		if err := atomicfile.WriteFile(filepath.Join(dir, name), data); err != nil {
			return fmt.Errorf("calibrate: %w", err)
		}
		written = append(written, name)
		return nil
	}
	for _, out := range []struct {
		name string
		data func() []byte
	}{
		{PosteriorFile, f.posteriorCSV},
		{DrawsFile, f.drawsCSV},
		{SessionsFile, f.sessionsCSV},
		{ForecastFile, func() []byte { return f.ForecastYAML(info) }},
		{SummaryFile, func() []byte { return []byte(f.Summary(info)) }},
	} {
		if err := put(out.name, out.data()); err != nil {
			return written, err
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, chartsDir), 0o755); err != nil {
		return written, fmt.Errorf("calibrate: %w", err)
	}
	charts, err := f.charts(filepath.Join(dir, chartsDir), info)
	for _, c := range charts {
		written = append(written, filepath.Join(chartsDir, c))
	}
	return written, err
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// cell formats a CSV cell: num, or empty for NaN (no value), as in every
// CSV unconf writes.
func cell(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return num(v)
}

func writeCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(rows) // a bytes.Buffer does not fail
	return b.Bytes()
}

func (f *Fit) posteriorCSV() []byte {
	rows := [][]string{append([]string{"draw"}, f.Keys...)}
	for i, x := range f.Posterior {
		row := []string{strconv.Itoa(i)}
		for _, v := range x {
			row = append(row, cell(v))
		}
		rows = append(rows, row)
	}
	return writeCSV(rows)
}

func (f *Fit) drawsCSV() []byte {
	rows := [][]string{append(append([]string{"draw", "round"}, f.Keys...), "log_likelihood", "weight")}
	for i := range f.Draws {
		d := &f.Draws[i]
		row := []string{strconv.Itoa(i), strconv.Itoa(d.Round + 1)}
		for _, v := range d.X {
			row = append(row, cell(v))
		}
		ll := 0.0
		for _, l := range d.LogLik {
			ll += l
		}
		row = append(row, cell(ll), cell(math.Exp(d.LogWeight)))
		rows = append(rows, row)
	}
	return writeCSV(rows)
}

// observed returns observation j as text: "14" or "10-20", with "+" for a
// full room.
func (f *Fit) observed(j int) string {
	o := &f.Problem.Obs[j]
	s := strconv.Itoa(o.Lo)
	if o.Hi != o.Lo {
		s += "-" + strconv.Itoa(o.Hi)
	}
	if o.Full {
		s += "+"
	}
	return s
}

func (f *Fit) sessionsCSV() []byte {
	rows := [][]string{{"proposal", "title", "observed", "median", "p25", "p75", "p10", "p90", "in50", "in80",
		"loo_median", "loo_p25", "loo_p75", "loo_p10", "loo_p90", "loo_in50", "loo_in80"}}
	yes := map[bool]string{true: "yes", false: "no"}
	for j, o := range f.Problem.Obs {
		pr := f.Problem.Data.Proposals[o.Proposal]
		row := []string{csvcell.Text(pr.ID), csvcell.Text(pr.Title), f.observed(j)}
		for _, loo := range []bool{false, true} {
			q := f.Predictive(j, loo)
			row = append(row, cell(q.Median), cell(q.P25), cell(q.P75), cell(q.P10), cell(q.P90),
				yes[f.inside(j, q.P25, q.P75)], yes[f.inside(j, q.P10, q.P90)])
		}
		rows = append(rows, row)
	}
	return writeCSV(rows)
}

// Forecast returns the fitted forecast section: the priors as given (a
// later calibrate starts from them) and the posterior sample, which plan
// draws its parameters from.
func (f *Fit) Forecast() *prior.Config {
	fc := *f.Problem.Forecast
	fc.Posterior = prior.Draws{Keys: f.Keys, Rows: f.Posterior}
	return &fc
}

// ForecastYAML returns Forecast as a config file.
func (f *Fit) ForecastYAML(info Info) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Fitted by unconf calibrate (%s) on %s: %d sessions observed, %d simulated events.\n",
		info.Version, info.Event, len(f.Problem.Obs), f.Sims())
	b.WriteString("# Pass it to unconf plan with --forecast (or --config, on its own).\n")
	b.WriteString("forecast:\n")
	fmt.Fprintf(&b, "  prior_voters: %s\n", num(f.Problem.Forecast.PriorVoters))
	fmt.Fprintf(&b, "  scatter: %s\n", num(f.Problem.Forecast.Scatter))
	b.WriteString("  priors:\n")
	for _, d := range f.Problem.Forecast.Priors {
		fmt.Fprintf(&b, "    - {key: %s", d.Key)
		for _, part := range []struct {
			name string
			v    []float64
		}{{"normal", d.Normal}, {"lognormal", d.LogNormal}, {"uniform", d.Uniform}, {"beta", d.Beta}, {"bounds", d.Bounds}} {
			if part.v != nil {
				fmt.Fprintf(&b, ", %s: %s", part.name, flow(part.v))
			}
		}
		b.WriteString("}\n")
	}
	b.WriteString("  posterior:\n")
	fmt.Fprintf(&b, "    keys: [%s]\n", strings.Join(f.Keys, ", "))
	b.WriteString("    draws:\n")
	for _, x := range f.Posterior[:min(len(f.Posterior), maxForecastRows)] {
		fmt.Fprintf(&b, "      - %s\n", flow(x))
	}
	return []byte(b.String())
}

func flow(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = num(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// Summary returns calibration.md: what was fitted, how well, and how to
// use it.
func (f *Fit) Summary(info Info) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Calibration of %s\n\n", info.Event)
	fmt.Fprintf(&b, "%d observed sessions; %d parameter draws in %d rounds, each simulated on %d replicate worlds: %d simulated events. Effective sample size of the final weights: %.0f.\n\n",
		len(f.Problem.Obs), len(f.Draws), f.Options.Rounds, f.Options.Replicates, f.Sims(), f.ESS)
	b.WriteString("| parameter | prior mean [80%] | posterior mean [80%] | spread vs prior | informed by the data |\n|---|---|---|---:|---|\n")
	for _, m := range f.Marginals() {
		inf := "yes"
		if !m.Informed {
			inf = "**no**: the posterior is the prior back"
		}
		fmt.Fprintf(&b, "| `%s` | %.3g [%.3g, %.3g] | %.3g [%.3g, %.3g] | %.2f | %s |\n",
			m.Key, m.PriorMean, m.PriorLo, m.PriorHi, m.Mean, m.Lo, m.Hi, m.SDRatio, inf)
	}
	n := len(f.Problem.Obs)
	in50, in80 := f.Coverage(false)
	l50, l80 := f.Coverage(true)
	b.WriteString("\nHow often the observed head counts fall in the predicted ranges (sessions.csv has each session):\n\n")
	b.WriteString("| range | nominal | fitted with every session | each session left out |\n|---|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| 50%% | 50%% | %d of %d (%.0f%%) | %d of %d (%.0f%%) |\n", in50, n, pct(in50, n), l50, n, pct(l50, n))
	fmt.Fprintf(&b, "| 80%% | 80%% | %d of %d (%.0f%%) | %d of %d (%.0f%%) |\n", in80, n, pct(in80, n), l80, n, pct(l80, n))
	b.WriteString("\nLeft-out coverage is the honest one: it predicts each session from the others.")
	if f.ESS < 50 {
		fmt.Fprintf(&b, " The effective sample size (%.0f) is small: rerun with more --draws or --rounds for steadier numbers.", f.ESS)
	}
	fmt.Fprintf(&b, "\n\nPlan your next event with this fit: `unconf plan … --forecast %s`.\n\n", ForecastFile)
	fmt.Fprintf(&b, "unconf %s: `%s`\n", info.Version, info.Command)
	return b.String()
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(n) }
