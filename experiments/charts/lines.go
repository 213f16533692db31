package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one line of a line chart, with an optional confidence band.
type Series struct {
	// Name labels the series in the legend; a policy name also picks its
	// colour and marker.
	Name string
	// X and Y are the points, in order of X. X must be finite; a NaN in
	// Y leaves a gap. X may be nil in AlertnessBySlot (then X[i] = i).
	X, Y []float64
	// Low and High bound the band around Y at each X (e.g. the 95% CI of
	// a mean). Both nil draws no band; otherwise both have the length of
	// Y, and points where either is NaN leave a gap in the band.
	Low, High []float64
}

// Lines writes a line chart to path: one line with markers per series,
// each with its band shaded translucently, and the legend to the right of
// the data. Used for sweeps: a metric against a swept parameter, one
// line per policy. At least one series must have a finite point
// (ErrNoData); lengths must agree (ErrLength); X, Low and High must be
// finite where used and Low <= High (ErrValue).
func Lines(path, title, xLabel, yLabel string, series []Series) error {
	fig, err := linesFigure(title, xLabel, yLabel, nil, nil, series)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// AlertnessBySlot writes the mean alertness in each slot of the event to
// path under title (e.g. "Mean alertness by slot (under random)": naming
// the policy matters, as fatigue from the sessions attended makes alertness
// depend slightly on the schedule), one line (with its band) per series, typically one per jet-lag
// group ("west", "east", "none"). slotLabels name the slots along the x
// axis (e.g. "Day 1 09:30"; "\n" splits a label over two lines); a
// series' X may be nil, meaning X[i] = i, the index of the slot. The y
// axis shows alertness on its whole 0–1 scale.
func AlertnessBySlot(path, title string, slotLabels []string, series []Series) error {
	fig, err := alertnessFigure(title, slotLabels, series)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// alertnessFigure validates the data of AlertnessBySlot and lays out its
// figure.
func alertnessFigure(title string, slotLabels []string, series []Series) (figure, error) {
	if len(slotLabels) == 0 {
		return figure{}, fmt.Errorf("charts: alertness by slot: no slot labels: %w", ErrNoData)
	}
	ss := make([]Series, len(series))
	for i, s := range series {
		ss[i] = s
		if s.X == nil {
			ss[i].X = make([]float64, len(s.Y))
			for j := range s.Y {
				ss[i].X[j] = float64(j)
			}
		}
		for _, x := range ss[i].X {
			if x < 0 || x > float64(len(slotLabels)-1) {
				return figure{}, fmt.Errorf("charts: alertness by slot: series %q: slot %v outside 0..%d: %w",
					s.Name, x, len(slotLabels)-1, ErrValue)
			}
		}
	}
	return linesFigure(title, "slot (local time)", "mean alertness (0 = asleep, 1 = fully alert)",
		slotLabels, &[2]float64{0, 1}, ss)
}

// linesFigure validates and lays out Lines and AlertnessBySlot; xTicks,
// when not nil, labels x = 0, 1, … instead of numeric ticks, and yRange,
// when not nil, is shown whole on the y axis.
func linesFigure(title, xLabel, yLabel string, xTicks []string, yRange *[2]float64, series []Series) (figure, error) {
	where := fmt.Sprintf("charts: lines %q", title)
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		if len(s.X) != len(s.Y) {
			return figure{}, fmt.Errorf("%s: series %q: %d x, %d y: %w", where, s.Name, len(s.X), len(s.Y), ErrLength)
		}
		if (s.Low == nil) != (s.High == nil) || s.Low != nil && (len(s.Low) != len(s.Y) || len(s.High) != len(s.Y)) {
			return figure{}, fmt.Errorf("%s: series %q: %d y, %d low, %d high: %w",
				where, s.Name, len(s.Y), len(s.Low), len(s.High), ErrLength)
		}
		for i, x := range s.X {
			y := s.Y[i]
			if !finite(x) || math.IsInf(y, 0) {
				return figure{}, fmt.Errorf("%s: series %q: point (%v, %v): %w", where, s.Name, x, y, ErrValue)
			}
			if !math.IsNaN(y) {
				xlo, xhi = math.Min(xlo, x), math.Max(xhi, x)
				ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
			}
			if s.Low == nil {
				continue
			}
			l, h := s.Low[i], s.High[i]
			if math.IsNaN(l) || math.IsNaN(h) {
				continue
			}
			if math.IsInf(l, 0) || math.IsInf(h, 0) || l > h {
				return figure{}, fmt.Errorf("%s: series %q: band [%v, %v] at x = %v: %w", where, s.Name, l, h, x, ErrValue)
			}
			ylo, yhi = math.Min(ylo, l), math.Max(yhi, h)
		}
	}
	if math.IsInf(xlo, 1) {
		return figure{}, fmt.Errorf("%s: %w", where, ErrNoData)
	}

	p := newPlot(title, xLabel, yLabel)
	p.Add(bothGrid())
	leg := newLegend()
	var st styler
	// Bands first, so no band covers another series' line.
	type styled struct {
		col   color.RGBA
		glyph draw.GlyphDrawer
		band  *plotter.Polygon
	}
	sty := make([]styled, len(series))
	for i, s := range series {
		col, glyph := st.style(s.Name)
		sty[i] = styled{col: col, glyph: glyph}
		if s.Low == nil {
			continue
		}
		for _, run := range runs(len(s.X), func(j int) bool { return finite(s.Low[j]) && finite(s.High[j]) }) {
			ring := make(plotter.XYs, 0, 2*len(run))
			for _, j := range run {
				ring = append(ring, plotter.XY{X: s.X[j], Y: s.High[j]})
			}
			for k := len(run) - 1; k >= 0; k-- {
				ring = append(ring, plotter.XY{X: s.X[run[k]], Y: s.Low[run[k]]})
			}
			poly, err := plotter.NewPolygon(ring)
			if err != nil {
				return figure{}, fmt.Errorf("%s: %w", where, err)
			}
			poly.Color = withAlpha(col, 0.18)
			poly.LineStyle.Width = 0
			p.Add(poly)
			sty[i].band = poly
		}
	}
	for i, s := range series {
		col, glyph := sty[i].col, sty[i].glyph
		ls := draw.LineStyle{Color: col, Width: vg.Points(1.8)}
		gs := draw.GlyphStyle{Color: col, Radius: vg.Points(3.2), Shape: glyph}
		for _, run := range runs(len(s.Y), func(j int) bool { return !math.IsNaN(s.Y[j]) }) {
			xys := make(plotter.XYs, len(run))
			for k, j := range run {
				xys[k] = plotter.XY{X: s.X[j], Y: s.Y[j]}
			}
			l, sc, err := plotter.NewLinePoints(xys)
			if err != nil {
				return figure{}, fmt.Errorf("%s: %w", where, err)
			}
			l.LineStyle, sc.GlyphStyle = ls, gs
			p.Add(l, sc)
		}
		thumbs := []plot.Thumbnailer{lineThumb{ls: ls, gs: gs}}
		if sty[i].band != nil {
			thumbs = append([]plot.Thumbnailer{sty[i].band}, thumbs...)
		}
		leg.Add(s.Name, thumbs...)
	}

	if xTicks != nil {
		ticks := make([]plot.Tick, len(xTicks))
		for i, t := range xTicks {
			ticks[i] = plot.Tick{Value: float64(i), Label: t}
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		xlo, xhi = 0, float64(len(xTicks)-1)
	}
	p.X.Min, p.X.Max = pad(xlo, xhi, 0.04)
	p.Y.Min, p.Y.Max = pad(ylo, yhi, 0.06)
	if yRange != nil {
		p.Y.Min, p.Y.Max = math.Min(p.Y.Min, yRange[0]), math.Max(p.Y.Max, yRange[1])
	}

	w := 8 * vg.Inch
	if xTicks != nil {
		w = max(w, vg.Points(62)*vg.Length(len(xTicks))+3*vg.Inch)
	}
	return newFigure(w, 4.8*vg.Inch, func(c draw.Canvas) { drawWithLegend(c, p, leg, len(series)) })
}

// runs returns the maximal runs of consecutive indices in [0, n) where ok
// holds.
func runs(n int, ok func(int) bool) [][]int {
	var out [][]int
	var cur []int
	for i := range n {
		if ok(i) {
			cur = append(cur, i)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// lineThumb is a legend thumbnail: a line with a marker in its middle.
type lineThumb struct {
	ls draw.LineStyle
	gs draw.GlyphStyle
}

// Thumbnail implements plot.Thumbnailer.
func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.ls, c.Min.X, y, c.Max.X, y)
	c.DrawGlyph(t.gs, c.Center())
}
