package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RangeRow is one session of a predicted-versus-observed chart: its
// predicted head count (median, 50% and 80% ranges) and what was observed
// (a count, ObsLo = ObsHi, or a recalled range).
type RangeRow struct {
	Label                      string
	P10, P25, Median, P75, P90 float64
	ObsLo, ObsHi               float64
}

// Ranges writes a predicted-versus-observed chart to path: one row per
// session, top to bottom in the order given, the 80% range as a thin line,
// the 50% range as a thick one, the median as a hollow circle and the
// observed count as a filled diamond (a recalled range as a bar of
// diamonds' height). Empty rows are an error wrapping ErrNoData, a
// non-finite or disordered row ErrValue.
func Ranges(path, title, xLabel string, rows []RangeRow) error {
	fig, err := rangesFigure(title, xLabel, rows)
	if err != nil {
		return err
	}
	return fig.save(path)
}

func rangesFigure(title, xLabel string, rows []RangeRow) (figure, error) {
	if len(rows) == 0 {
		return figure{}, fmt.Errorf("charts: ranges %q: %w", title, ErrNoData)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		v := []float64{r.P10, r.P25, r.Median, r.P75, r.P90}
		if !slices.IsSorted(v) || !finite(r.P10) || !finite(r.P90) || !finite(r.ObsLo) || !finite(r.ObsHi) || r.ObsLo > r.ObsHi {
			return figure{}, fmt.Errorf("charts: ranges %q: row %q: %v, observed [%v, %v]: %w", title, r.Label, v, r.ObsLo, r.ObsHi, ErrValue)
		}
		lo = min(lo, r.P10, r.ObsLo)
		hi = max(hi, r.P90, r.ObsHi)
	}
	n := len(rows)
	labels := make([]string, n)
	for i, r := range rows {
		labels[n-1-i] = ellipsize(r.Label, textStyle(sans, tickSize, oiBlack), 2.6*vg.Inch)
	}
	p := newPlot(title, xLabel, "")
	grid := bothGrid()
	grid.Horizontal.Color = nil
	p.Add(grid)
	p.Add(&rangeRows{rows: rows})
	p.NominalY(labels...)
	p.Y.Tick.Label.Font.Size = tickSize
	p.X.Min, p.X.Max = pad(min(lo, 0), hi, 0.04)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	leg := newLegend()
	for _, e := range rangeLegend() {
		leg.Add(e.label, e.thumb)
	}
	w, h := 8*vg.Inch, vg.Inch*vg.Length(1.3+0.3*float64(max(n, 4)))
	return newFigure(w, h, func(c draw.Canvas) { drawWithLegend(c, p, sideLegend{legend: leg, entries: 4}) }, p)
}

var (
	rangeColor = oiBlue
	obsColor   = oiVermillion
)

type legendEntry struct {
	label string
	thumb plot.Thumbnailer
}

// rangeLegend explains the marks of Ranges.
func rangeLegend() []legendEntry {
	line := func(w vg.Length) plot.Thumbnailer {
		l, _ := plotter.NewLine(plotter.XYs{{}, {X: 1}})
		l.LineStyle = draw.LineStyle{Color: rangeColor, Width: w}
		return l
	}
	glyph := func(g draw.GlyphStyle) plot.Thumbnailer {
		s, _ := plotter.NewScatter(plotter.XYs{{}})
		s.GlyphStyle = g
		return s
	}
	return []legendEntry{
		{"80% range", line(vg.Points(1.5))},
		{"50% range", line(vg.Points(6))},
		{"predicted median", glyph(draw.GlyphStyle{Color: rangeColor, Radius: vg.Points(4), Shape: draw.CircleGlyph{}})},
		{"observed", glyph(draw.GlyphStyle{Color: obsColor, Radius: vg.Points(4.5), Shape: draw.PyramidGlyph{}})},
	}
}

// rangeRows draws the rows of Ranges.
type rangeRows struct{ rows []RangeRow }

// Plot implements plot.Plotter.
func (r *rangeRows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(r.rows)
	for i, row := range r.rows {
		y := trY(float64(n - 1 - i))
		c.StrokeLine2(draw.LineStyle{Color: rangeColor, Width: vg.Points(1.5)}, trX(row.P10), y, trX(row.P90), y)
		c.StrokeLine2(draw.LineStyle{Color: withAlpha(rangeColor, 0.55), Width: vg.Points(6)}, trX(row.P25), y, trX(row.P75), y)
		c.DrawGlyph(draw.GlyphStyle{Color: rangeColor, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}, vg.Point{X: trX(row.Median), Y: y})
		if row.ObsHi > row.ObsLo {
			c.StrokeLine2(draw.LineStyle{Color: obsColor, Width: vg.Points(2)}, trX(row.ObsLo), y+vg.Points(5), trX(row.ObsHi), y+vg.Points(5))
		}
		for _, x := range []float64{row.ObsLo, row.ObsHi} {
			c.DrawGlyph(draw.GlyphStyle{Color: obsColor, Radius: vg.Points(4.5), Shape: draw.PyramidGlyph{}}, vg.Point{X: trX(x), Y: y})
		}
	}
}

// MarginalPanel is one parameter of a Marginals chart: draws from its
// prior and from its posterior.
type MarginalPanel struct {
	Label            string
	Prior, Posterior []float64
	// Note is shown under the label, e.g. "not informed by the data".
	Note string
}

// Marginals writes one small histogram per parameter to path, the prior's
// draws in grey behind the posterior's in colour, both as densities, in a
// grid of up to three columns. Panels without draws are an error wrapping
// ErrNoData, non-finite draws ErrValue.
func Marginals(path, title string, panels []MarginalPanel) error {
	fig, err := marginalsFigure(title, panels)
	if err != nil {
		return err
	}
	return fig.save(path)
}

func marginalsFigure(title string, panels []MarginalPanel) (figure, error) {
	if len(panels) == 0 {
		return figure{}, fmt.Errorf("charts: marginals %q: %w", title, ErrNoData)
	}
	plots := make([]*plot.Plot, len(panels))
	for i, pn := range panels {
		if len(pn.Prior) == 0 || len(pn.Posterior) == 0 {
			return figure{}, fmt.Errorf("charts: marginals %q: %s: %w", title, pn.Label, ErrNoData)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range slices.Concat(pn.Prior, pn.Posterior) {
			if !finite(v) {
				return figure{}, fmt.Errorf("charts: marginals %q: %s: draw %v: %w", title, pn.Label, v, ErrValue)
			}
			lo, hi = min(lo, v), max(hi, v)
		}
		label := pn.Label
		if pn.Note != "" {
			label += "\n(" + pn.Note + ")"
		}
		p := newPlot("", label, "")
		p.Y.Tick.Label.Color = nil // densities: only the shape matters
		p.Add(hGrid())
		for _, d := range []struct {
			xs  []float64
			col color.RGBA
		}{{pn.Prior, color.RGBA{0x9a, 0x9a, 0x9a, 0xff}}, {pn.Posterior, rangeColor}} {
			h, err := plotter.NewHist(plotter.Values(d.xs), 24)
			if err != nil {
				return figure{}, fmt.Errorf("charts: marginals %q: %s: %w", title, pn.Label, err)
			}
			h.Normalize(1)
			h.FillColor = withAlpha(d.col, 0.45)
			h.LineStyle = draw.LineStyle{Color: d.col, Width: vg.Points(0.75)}
			p.Add(h)
		}
		p.X.Min, p.X.Max = pad(lo, hi, 0.02)
		plots[i] = p
	}
	cols := min(3, len(panels))
	rowsN := (len(panels) + cols - 1) / cols
	w, h := 9*vg.Inch, vg.Inch*vg.Length(0.6+2.2*float64(rowsN))
	head := textStyle(sansBold, titleSize, oiBlack)
	head.XAlign = draw.XCenter
	sub := textStyle(sans, legendSize, oiBlack)
	sub.XAlign = draw.XCenter
	return newFigure(w, h, func(c draw.Canvas) {
		c = draw.Crop(c, margin, -margin, margin, -margin)
		top := c.Max.Y - head.Height(title)
		c.FillText(head, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, title)
		c.FillText(sub, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top - sub.Height("x") - vg.Points(2)}, "grey: prior, blue: posterior")
		body := c
		body.Max.Y = top - 2*sub.Height("x") - vg.Points(6)
		tiles := draw.Tiles{Rows: rowsN, Cols: cols, PadX: vg.Points(18), PadY: vg.Points(14)}
		for i, p := range plots {
			p.Draw(tiles.At(body, i%cols, i/cols))
		}
	})
}
