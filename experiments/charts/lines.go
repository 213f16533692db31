package charts

import (
	"cmp"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/unconf/unconf/sim/policy"
)

// Series is one line of a line chart, with an optional confidence band.
type Series struct {
	// Name labels the series in the legend, e.g. "spread" or "flew west
	// (62 people)".
	Name string
	// Style picks the series' colour and marker, the same in every chart:
	// a built-in policy's name (PolicyColor) or a jet-lag group, "west", "east" or
	// "none"; any other key, or "" when Name is none of these, gets the
	// next free colour of the chart.
	Style string
	// X and Y are the points, in order of X. X must be finite; a NaN in
	// Y leaves a gap. X may be nil in AlertnessBySlot (then X[i] = i).
	X, Y []float64
	// Low and High bound the band around Y at each X (e.g. the 95% CI of
	// a mean). Both nil draws no band; otherwise both have the length of
	// Y, and points where either is NaN leave a gap in the band.
	Low, High []float64
}

// key returns the key that styles s.
func (s Series) key() string { return cmp.Or(s.Style, s.Name) }

// LineChart is a chart of one or more series against a numeric x axis,
// with the legend, under its title, to the right of the data. The zero
// value of each field is a valid default.
type LineChart struct {
	// Title is written above the chart.
	Title string
	// XLabel and YLabel label the axes; they should state units, e.g.
	// "share of visitors (0–1)".
	XLabel, YLabel string
	// LegendTitle heads the legend, e.g. "policy"; "" writes none.
	LegendTitle string
	// Points draws each series as unjoined markers, its band as a vertical
	// bar at each point, for x values that are samples (a Latin hypercube)
	// rather than an ordered grid; false joins the points of a series in
	// order with lines and shades its band.
	Points bool
	// Series are the lines, in legend order.
	Series []Series
}

// Save writes the chart to path. At least one series must have a finite
// point (ErrNoData); lengths must agree (ErrLength); X, Low and High must
// be finite where used and Low <= High (ErrValue).
func (lc LineChart) Save(path string) error {
	fig, err := lc.figure()
	if err != nil {
		return err
	}
	return fig.save(path)
}

// Lines writes a line chart to path: LineChart{Title: title, XLabel:
// xLabel, YLabel: yLabel, Series: series}.Save(path), one line with
// markers per series, each with its band shaded translucently.
func Lines(path, title, xLabel, yLabel string, series []Series) error {
	return LineChart{Title: title, XLabel: xLabel, YLabel: yLabel, Series: series}.Save(path)
}

// figure validates the chart and lays it out.
func (lc LineChart) figure() (figure, error) {
	where := fmt.Sprintf("charts: lines %q", lc.Title)
	r, err := checkSeries(where, lc.Series)
	if err != nil {
		return figure{}, err
	}
	p := newPlot(lc.Title, lc.XLabel, lc.YLabel)
	p.Add(bothGrid())
	st := newSeriesStyles(lc.Series)
	if err := st.add(p, lc.Series, nil, lc.Points); err != nil {
		return figure{}, fmt.Errorf("%s: %w", where, err)
	}
	p.X.Min, p.X.Max = pad(r.xlo, r.xhi, 0.04)
	p.Y.Min, p.Y.Max = pad(r.ylo, r.yhi, 0.06)
	side := st.legend(lc.LegendTitle, lc.Series, lc.Points)
	w := fitTitle(8*vg.Inch, lc.Title, side.width(draw.Canvas{})+vg.Points(12))
	return newFigure(w, 4.8*vg.Inch, func(c draw.Canvas) { drawWithLegend(c, p, side) }, p)
}

// Slot is one slot of the event on a chart: its day and time of day.
type Slot struct {
	// Day names the slot's day, e.g. "Day 1: Friday 1 December 2017".
	// Consecutive slots with the same Day make one day: AlertnessBySlot
	// draws each day in a panel of its own, ScheduleGrid each day in a
	// block of rows under this heading.
	Day string
	// Time is the slot's time of day, e.g. "09:30–10:30" ("\n" splits it
	// over two lines).
	Time string
}

// days returns the runs of consecutive slots sharing a Day, as index
// ranges [from, to).
func days(slots []Slot) [][2]int {
	var out [][2]int
	for i, s := range slots {
		if i == 0 || s.Day != slots[i-1].Day {
			out = append(out, [2]int{i, i})
		}
		out[len(out)-1][1] = i + 1
	}
	return out
}

// AlertnessBySlot writes the mean alertness in each slot of the event to
// path under title (e.g. "Mean alertness by slot (under random)": naming
// the policy matters, as fatigue from the sessions attended makes
// alertness depend slightly on the schedule), one line (with its band)
// per series, typically one per jet-lag group, named with its size ("flew
// west (62 people)") and styled by its group (Series.Style "west",
// "east", "none"), so each group keeps its colour whichever groups are
// present. Each day of slots (Slot.Day) gets a panel of its own, headed
// by the day, with the slots' times along its x axis, so no line runs
// across the night. A series' X may be nil, meaning X[i] = i, the index
// of the slot in slots. The y axis shows alertness on its whole 0–1
// scale, the same in every panel.
func AlertnessBySlot(path, title string, slots []Slot, series []Series) error {
	fig, err := alertnessFigure(title, slots, series)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// alertnessFigure validates the data of AlertnessBySlot and lays out its
// figure.
func alertnessFigure(title string, slots []Slot, series []Series) (figure, error) {
	where := fmt.Sprintf("charts: alertness by slot %q", title)
	if len(slots) == 0 {
		return figure{}, fmt.Errorf("%s: no slots: %w", where, ErrNoData)
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
			if x < 0 || x > float64(len(slots)-1) || x != math.Trunc(x) {
				return figure{}, fmt.Errorf("%s: series %q: slot %v outside 0..%d: %w", where, s.Name, x, len(slots)-1, ErrValue)
			}
		}
	}
	r, err := checkSeries(where, ss)
	if err != nil {
		return figure{}, err
	}
	ylo, yhi := pad(r.ylo, r.yhi, 0.06)
	ylo, yhi = math.Min(ylo, 0), math.Max(yhi, 1)

	st := newSeriesStyles(ss)
	var panels []panel
	var plots []*plot.Plot
	for i, d := range days(slots) {
		yLabel := ""
		if i == 0 {
			yLabel = "mean alertness (0 = asleep, 1 = fully alert)"
		}
		p := newPlot("", "", yLabel)
		p.Add(bothGrid())
		in := func(x float64) bool { return x >= float64(d[0]) && x < float64(d[1]) }
		if err := st.add(p, ss, in, false); err != nil {
			return figure{}, fmt.Errorf("%s: %w", where, err)
		}
		ticks := make([]plot.Tick, 0, d[1]-d[0])
		for j := d[0]; j < d[1]; j++ {
			ticks = append(ticks, plot.Tick{Value: float64(j), Label: slots[j].Time})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = float64(d[0])-0.35, float64(d[1]-1)+0.35
		p.Y.Min, p.Y.Max = ylo, yhi
		panels = append(panels, panel{p: p, head: slots[d[0]].Day})
		plots = append(plots, p)
	}
	side := st.legend("jet lag", ss, false)
	w := fitTitle(max(8*vg.Inch, vg.Points(62)*vg.Length(len(slots))+vg.Points(40)*vg.Length(len(panels))+3*vg.Inch), title, 0)
	return newFigure(w, 4.8*vg.Inch, func(c draw.Canvas) {
		drawPanels(c, title, [][]panel{panels}, vg.Points(10), 0, side)
	}, plots...)
}

// seriesRange is the extent of a chart's series.
type seriesRange struct{ xlo, xhi, ylo, yhi float64 }

// checkSeries validates series and returns their extent, bands included.
func checkSeries(where string, series []Series) (seriesRange, error) {
	r := seriesRange{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for _, s := range series {
		if len(s.X) != len(s.Y) {
			return r, fmt.Errorf("%s: series %q: %d x, %d y: %w", where, s.Name, len(s.X), len(s.Y), ErrLength)
		}
		if (s.Low == nil) != (s.High == nil) || s.Low != nil && (len(s.Low) != len(s.Y) || len(s.High) != len(s.Y)) {
			return r, fmt.Errorf("%s: series %q: %d y, %d low, %d high: %w",
				where, s.Name, len(s.Y), len(s.Low), len(s.High), ErrLength)
		}
		for i, x := range s.X {
			y := s.Y[i]
			if !finite(x) || math.IsInf(y, 0) {
				return r, fmt.Errorf("%s: series %q: point (%v, %v): %w", where, s.Name, x, y, ErrValue)
			}
			if !math.IsNaN(y) {
				r.xlo, r.xhi = math.Min(r.xlo, x), math.Max(r.xhi, x)
				r.ylo, r.yhi = math.Min(r.ylo, y), math.Max(r.yhi, y)
			}
			if s.Low == nil {
				continue
			}
			l, h := s.Low[i], s.High[i]
			if math.IsNaN(l) || math.IsNaN(h) {
				continue
			}
			if math.IsInf(l, 0) || math.IsInf(h, 0) || l > h {
				return r, fmt.Errorf("%s: series %q: band [%v, %v] at x = %v: %w", where, s.Name, l, h, x, ErrValue)
			}
			r.ylo, r.yhi = math.Min(r.ylo, l), math.Max(r.yhi, h)
		}
	}
	if math.IsInf(r.xlo, 1) {
		return r, fmt.Errorf("%s: %w", where, ErrNoData)
	}
	return r, nil
}

// seriesStyles are the colours and markers of a chart's series, the
// same in each of its panels.
type seriesStyles struct {
	col   []color.RGBA
	glyph []draw.GlyphDrawer
}

func newSeriesStyles(series []Series) seriesStyles {
	st := styler{pols: policy.Builtin()} // Lines' and AlertnessBySlot's series keys are unconf's own policies or groups
	var ss seriesStyles
	for _, s := range series {
		col, glyph := st.style(s.key())
		ss.col = append(ss.col, col)
		ss.glyph = append(ss.glyph, glyph)
	}
	return ss
}

// line, dot and band return series i's line, marker and band colour.
func (st seriesStyles) line(i int) draw.LineStyle {
	return draw.LineStyle{Color: st.col[i], Width: vg.Points(1.8)}
}

func (st seriesStyles) dot(i int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: st.col[i], Radius: vg.Points(3.2), Shape: st.glyph[i]}
}

func (st seriesStyles) band(i int) color.RGBA { return withAlpha(st.col[i], 0.18) }

// add adds series to p: the points whose x is in (all when in is nil),
// joined in runs of finite y with their bands shaded, or, with points,
// as markers with their bands as vertical bars.
func (st seriesStyles) add(p *plot.Plot, series []Series, in func(x float64) bool, points bool) error {
	use := func(s Series, j int) bool { return in == nil || in(s.X[j]) }
	if points {
		// Bars first, then markers over every series' bars.
		for i, s := range series {
			if s.Low == nil {
				continue
			}
			bar := draw.LineStyle{Color: withAlpha(st.col[i], 0.45), Width: vg.Points(1)}
			for j := range s.X {
				if use(s, j) && finite(s.Low[j]) && finite(s.High[j]) {
					p.Add(refBar{x: s.X[j], lo: s.Low[j], hi: s.High[j], style: bar})
				}
			}
		}
		for i, s := range series {
			var xys plotter.XYs
			for j := range s.X {
				if use(s, j) && !math.IsNaN(s.Y[j]) {
					xys = append(xys, plotter.XY{X: s.X[j], Y: s.Y[j]})
				}
			}
			if len(xys) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return err
			}
			sc.GlyphStyle = st.dot(i)
			sc.GlyphStyle.Color = withAlpha(st.col[i], 0.8)
			p.Add(sc)
		}
		return nil
	}
	// Bands first, so no band covers another series' line.
	for i, s := range series {
		if s.Low == nil {
			continue
		}
		for _, run := range runs(len(s.X), func(j int) bool { return use(s, j) && finite(s.Low[j]) && finite(s.High[j]) }) {
			ring := make(plotter.XYs, 0, 2*len(run))
			for _, j := range run {
				ring = append(ring, plotter.XY{X: s.X[j], Y: s.High[j]})
			}
			for k := len(run) - 1; k >= 0; k-- {
				ring = append(ring, plotter.XY{X: s.X[run[k]], Y: s.Low[run[k]]})
			}
			poly, err := plotter.NewPolygon(ring)
			if err != nil {
				return err
			}
			poly.Color = st.band(i)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
	}
	for i, s := range series {
		for _, run := range runs(len(s.Y), func(j int) bool { return use(s, j) && !math.IsNaN(s.Y[j]) }) {
			xys := make(plotter.XYs, len(run))
			for k, j := range run {
				xys[k] = plotter.XY{X: s.X[j], Y: s.Y[j]}
			}
			l, sc, err := plotter.NewLinePoints(xys)
			if err != nil {
				return err
			}
			l.LineStyle, sc.GlyphStyle = st.line(i), st.dot(i)
			p.Add(l, sc)
		}
	}
	return nil
}

// legend returns the legend of series under title: each series' marker,
// on a line (joined series) over a swatch of its band.
func (st seriesStyles) legend(title string, series []Series, points bool) sideLegend {
	leg := newLegend()
	for i, s := range series {
		thumb := lineThumb{ls: st.line(i), gs: st.dot(i)}
		if points {
			thumb.ls.Width = 0
		}
		if s.Low != nil && !points {
			leg.Add(s.Name, bandThumb{st.band(i)}, thumb)
		} else {
			leg.Add(s.Name, thumb)
		}
	}
	return sideLegend{title: title, legend: leg, entries: len(series)}
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

// lineThumb is a legend thumbnail: a line (none when its width is 0)
// with a marker in its middle.
type lineThumb struct {
	ls draw.LineStyle
	gs draw.GlyphStyle
}

// Thumbnail implements plot.Thumbnailer.
func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	if t.ls.Width > 0 {
		c.StrokeLine2(t.ls, c.Min.X, y, c.Max.X, y)
	}
	c.DrawGlyph(t.gs, c.Center())
}

// bandThumb is a legend thumbnail: a swatch of a band's colour.
type bandThumb struct{ col color.Color }

// Thumbnail implements plot.Thumbnailer.
func (t bandThumb) Thumbnail(c *draw.Canvas) {
	c.SetColor(t.col)
	c.Fill(c.Rectangle.Path())
}

// refBar is a Plotter drawing a vertical bar from (x, lo) to (x, hi).
type refBar struct {
	x, lo, hi float64
	style     draw.LineStyle
}

// Plot implements plot.Plotter.
func (b refBar) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	c.StrokeLine2(b.style, trX(b.x), trY(b.lo), trX(b.x), trY(b.hi))
}

// DataRange implements plot.DataRanger.
func (b refBar) DataRange() (xmin, xmax, ymin, ymax float64) { return b.x, b.x, b.lo, b.hi }
