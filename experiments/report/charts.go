package report

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/sim/policy"
)

// chartsOf returns the charts of the compare or sweep folder dir as
// SVG, in the order drawn, with a warning for each chart not drawn: those
// of drawn, or redrawn when drawn is nil.
func chartsOf(dir string, pols policy.Registry, drawn *Drawn) ([]chart, []string, error) {
	if drawn == nil {
		return redrawn(dir, pols)
	}
	cs, err := readCharts(drawn.Dir, drawn.Files)
	return cs, drawn.Warnings, err
}

// redrawn draws the charts of the compare or sweep folder dir as SVG
// (experiments.RedrawCharts, in a temporary folder) and returns them in
// the order drawn, with a warning for each chart not drawn.
func redrawn(dir string, pols policy.Registry) ([]chart, []string, error) {
	tmp, err := os.MkdirTemp("", "unconf-report-")
	if err != nil {
		return nil, nil, fmt.Errorf("report: %w", err)
	}
	defer os.RemoveAll(tmp)
	files, warnings, err := experiments.RedrawCharts(dir, tmp, "svg", pols)
	if err != nil {
		return nil, nil, err
	}
	cs, err := readCharts(tmp, files)
	return cs, warnings, err
}

// readCharts reads the SVG files (relative to dir) as inline charts.
func readCharts(dir string, files []string) ([]chart, error) {
	var cs []chart
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		cs = append(cs, chart{Name: strings.TrimSuffix(filepath.Base(f), ".svg"), SVG: inlineSVG(b)})
	}
	return cs, nil
}

// inlineSVG prepares an SVG file of the charts package for inlining: the
// XML declaration and comment before the <svg> element go, and the chart
// is marked as an image for screen readers. The charts package escapes
// every text it draws, and its SVGs define no ids, so several can share
// a page.
func inlineSVG(b []byte) template.HTML {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		b = b[i:]
	}
	b = bytes.Replace(b, []byte("<svg "), []byte(`<svg role="img" `), 1)
	return template.HTML(bytes.TrimSpace(b)) // #nosec: drawn by our charts package, text escaped
}

// take removes the charts whose names satisfy keep from *cs and returns
// them, in order.
func take(cs *[]chart, keep func(name string) bool) []chart {
	var out, rest []chart
	for _, c := range *cs {
		if keep(c.Name) {
			out = append(out, c)
		} else {
			rest = append(rest, c)
		}
	}
	*cs = rest
	return out
}

// takeNamed removes the named charts from *cs and returns them in the
// order of names (those drawn).
func takeNamed(cs *[]chart, names ...string) []chart {
	var out []chart
	for _, n := range names {
		out = append(out, take(cs, func(c string) bool { return c == n })...)
	}
	return out
}
