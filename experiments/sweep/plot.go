package sweep

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
)

// PlotOptions say what Plot draws.
type PlotOptions struct {
	// X is the column on the x axis, typically a swept parameter's key
	// (e.g. "attendees.visitor_share"); it must hold numbers.
	X string
	// Y lists the metric columns to draw, one chart each; empty means the
	// key metrics of the report.
	Y []string
	// By is the column whose values make the lines (default "policy").
	By string
	// Out is the directory the charts go to (default ".").
	Out string
	// Format is "png" (default), "svg" or "pdf".
	Format string
	// Base is the config the results were run from, which names room
	// groups in axis labels ("rooms of 15 seats", KeyLabel); nil takes it
	// from the meta.json beside the results file, if there is one.
	Base *scenario.Config
}

// ColumnError reports a column that a results file lacks.
type ColumnError struct {
	// File is the results file, Column the column asked for, Columns
	// those the file has (sorted).
	File, Column string
	Columns      []string
}

func (e *ColumnError) Error() string {
	var hint string
	if s := scenario.Suggest(e.Column, e.Columns); s != "" {
		hint = fmt.Sprintf("did you mean %q?", s)
	} else {
		const most = 40
		cols := e.Columns[:min(len(e.Columns), most)]
		if len(e.Columns) > most {
			cols = append(slices.Clone(cols), fmt.Sprintf("and %d more", len(e.Columns)-most))
		}
		hint = "it has " + strings.Join(cols, ", ")
	}
	return fmt.Sprintf("%s has no column %s (%s)", e.File, input.Quote(e.Column), hint)
}

// Plot draws charts from a saved results.csv (of a sweep, or of a compare
// with X a column it has) without running anything: for each Y metric, its
// mean over the rows sharing an X value, one line per value of By (the
// legend's title), with a shaded 95% t interval. Axes name parameters and
// metrics in a reader's words with their units (KeyLabel, "share of
// visitors (0–1)"). Rows with an error are left out. It streams the file,
// holding one running mean per line × X value × metric. It returns the
// files written.
func Plot(results string, opts PlotOptions) ([]string, error) {
	format, err := summary.ChartFormat("plot", opts.Format)
	if err != nil {
		return nil, err
	}
	by := cmp.Or(opts.By, "policy")
	if opts.X == "" {
		return nil, errors.New("sweep: plot: no x column")
	}
	ys := opts.Y
	if len(ys) == 0 {
		for _, m := range summary.KeyMetrics {
			ys = append(ys, m.String())
		}
	}
	pm, err := readPlotMeans(results, opts.X, by, ys)
	if err != nil {
		return nil, err
	}
	base := opts.Base
	if base == nil {
		base = metaConfig(filepath.Join(filepath.Dir(results), runner.MetaFile))
	}
	out := cmp.Or(opts.Out, ".")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: plot: %w", err)
	}
	var files []string
	for i, y := range ys {
		name := fileSafe(y) + "-vs-" + fileSafe(opts.X)
		if by != "policy" {
			name += "-by-" + fileSafe(by)
		}
		path := filepath.Join(out, name+"."+format)
		lc := charts.LineChart{
			Title:  fmt.Sprintf("%s vs %s (mean, 95%% CI)", summary.Capitalize(columnName(y, base)), columnName(opts.X, base)),
			XLabel: columnLabel(opts.X, base), YLabel: columnLabel(y, base), LegendTitle: by, Series: pm.series(i, y),
		}
		if err := lc.Save(path); err != nil {
			if errors.Is(err, charts.ErrNoData) {
				continue // an all-NaN metric: nothing to draw
			}
			return files, fmt.Errorf("sweep: plot: %w", err)
		}
		files = append(files, path)
	}
	return files, nil
}

// plotKey is one point of one line of a plot: the line's value of the
// --by column and x.
type plotKey struct {
	line string
	x    float64
}

// plotMeans are the moments of each y column at each point of each line,
// with the lines in order of first appearance and the xs sorted.
type plotMeans struct {
	acc   map[plotKey][]stats.Moments
	lines []string
	xs    []float64
}

// readPlotMeans reads a results file (of compare or sweep) and gathers,
// for each row without an error, its y values by its by and x values.
func readPlotMeans(results, xCol, by string, ys []string) (*plotMeans, error) {
	t, err := runner.OpenTable(results)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if _, ok := t.Col["unit"]; !ok {
		return nil, fmt.Errorf("%s: not a results.csv of compare or sweep (no unit column)", results)
	}
	var cols []string
	for c := range t.Col {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	need := append([]string{xCol, by}, ys...)
	for _, c := range need {
		if _, ok := t.Col[c]; !ok {
			return nil, &ColumnError{File: results, Column: c, Columns: cols}
		}
	}
	errCol, hasErr := t.Col["error"]
	pm := &plotMeans{acc: map[plotKey][]stats.Moments{}}
	xset := map[float64]bool{}
	for {
		rec, err := t.Next()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		if hasErr && rec[errCol] != "" {
			continue
		}
		x, err := strconv.ParseFloat(rec[t.Col[xCol]], 64)
		if err != nil || !finite(x) {
			return nil, fmt.Errorf("sweep: plot: %s:%d: column %s: %q is not a number: --x needs a numeric column", results, t.Line, xCol, rec[t.Col[xCol]])
		}
		k := plotKey{csvcell.Unquote(rec[t.Col[by]]), x}
		m, ok := pm.acc[k]
		if !ok {
			m = make([]stats.Moments, len(ys))
			pm.acc[k] = m
			if !slices.Contains(pm.lines, k.line) {
				pm.lines = append(pm.lines, k.line)
			}
			xset[x] = true
		}
		for i, y := range ys {
			v, err := t.Float(rec, y)
			if err != nil {
				return nil, fmt.Errorf("sweep: plot: %w", err)
			}
			m[i].Add(v)
		}
	}
	if len(pm.acc) == 0 {
		return nil, fmt.Errorf("sweep: plot: %s has no rows without an error", results)
	}
	for x := range xset {
		pm.xs = append(pm.xs, x)
	}
	slices.SortFunc(pm.xs, cmp.Compare)
	return pm, nil
}

// series returns the lines of the i-th y column, named y: the mean and
// 95% interval at each x, the band cut to the metric's range as in
// summary.csv.
func (pm *plotMeans) series(i int, y string) []charts.Series {
	lo, hi := math.Inf(-1), math.Inf(1)
	if m, err := sim.ParseMetric(y); err == nil {
		lo, hi = m.Bounds()
	}
	var series []charts.Series
	for _, line := range pm.lines {
		s := charts.Series{Name: line}
		for _, x := range pm.xs {
			m, ok := pm.acc[plotKey{line, x}]
			if !ok {
				continue
			}
			iv := m[i].TInterval(summary.CILevel).Clamp(lo, hi)
			s.X = append(s.X, x)
			s.Y = append(s.Y, iv.Mean)
			s.Low = append(s.Low, iv.Low)
			s.High = append(s.High, iv.High)
		}
		series = append(series, s)
	}
	return series
}

// columnLabel labels a results.csv column on an axis: a metric with its
// unit (summary.Axis), a config key in words (KeyLabel), else the column.
func columnLabel(col string, base *scenario.Config) string {
	if m, err := sim.ParseMetric(col); err == nil {
		return summary.Axis(m)
	}
	return KeyLabel(col, base)
}

// columnName names a results.csv column in a title: columnLabel without
// its unit.
func columnName(col string, base *scenario.Config) string {
	if m, err := sim.ParseMetric(col); err == nil {
		return summary.Label(m)
	}
	return keyName(col, base)
}

// metaConfig returns the config recorded in the meta.json at path (a
// sweep's base_config, a compare's config), or nil when there is none or
// it does not read: it only names things on charts.
func metaConfig(path string) *scenario.Config {
	data, err := input.ReadFile(path, "a meta.json", input.MaxJSON)
	if err != nil {
		return nil
	}
	var meta struct {
		Base   json.RawMessage `json:"base_config"`
		Config json.RawMessage `json:"config"`
	}
	if json.Unmarshal(data, &meta) != nil {
		return nil
	}
	settings := meta.Base
	if settings == nil {
		settings = meta.Config
	}
	if settings == nil {
		return nil
	}
	// scenario.FromJSON reads run.seed written as a string, as meta.json
	// writes it.
	c, err := scenario.FromJSON(settings)
	if err != nil {
		return nil
	}
	return c
}
