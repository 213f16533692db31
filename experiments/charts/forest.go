package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/unconf/unconf/sim/policy"
)

// ForestRow is one row of a forest chart: an estimate with its
// confidence interval, typically the mean paired difference of a policy
// against the baseline over replicates and its 95% CI.
type ForestRow struct {
	// Label names the row; a policy name also picks the row's colour.
	Label string
	// Mean is the estimate; it must be finite.
	Mean float64
	// Low and High bound the interval, Low <= Mean <= High; both NaN
	// draws the estimate without whiskers (e.g. a single replicate).
	Low, High float64
}

// Forest writes a forest chart of rows to path: one row per entry, top
// to bottom in the order given, each estimate a black tick on a light
// marker with its interval drawn over the marker as whiskers (so a narrow
// interval stays visible), a dashed vertical line at zero (no difference)
// and the numbers ("+0.012 [−0.004, +0.020]", minus signs U+2212, a bound
// that rounds to zero keeping its sign: "−0.000") in a column on the right. The x
// axis always includes zero. Empty rows are an error wrapping ErrNoData;
// a non-finite Mean, a half-missing interval or one not containing Mean,
// ErrValue.
func Forest(path, title, xLabel string, rows []ForestRow, pols policy.Registry) error {
	fig, err := forestFigure(title, xLabel, rows, pols)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// forestFigure validates the data of Forest and lays out its figure.
func forestFigure(title, xLabel string, rows []ForestRow, pols policy.Registry) (figure, error) {
	if len(rows) == 0 {
		return figure{}, fmt.Errorf("charts: forest %q: %w", title, ErrNoData)
	}
	lo, hi := 0.0, 0.0
	for _, r := range rows {
		ci := !math.IsNaN(r.Low) || !math.IsNaN(r.High)
		switch {
		case !finite(r.Mean):
			return figure{}, fmt.Errorf("charts: forest %q: row %q: mean %v: %w", title, r.Label, r.Mean, ErrValue)
		case ci && !(finite(r.Low) && finite(r.High) && r.Low <= r.Mean && r.Mean <= r.High):
			return figure{}, fmt.Errorf("charts: forest %q: row %q: interval [%v, %v] around %v: %w",
				title, r.Label, r.Low, r.High, r.Mean, ErrValue)
		}
		lo, hi = math.Min(lo, r.Mean), math.Max(hi, r.Mean)
		if ci {
			lo, hi = math.Min(lo, r.Low), math.Max(hi, r.High)
		}
	}

	n := len(rows)
	labels := make([]string, n)
	for i, r := range rows {
		labels[n-1-i] = r.Label
	}
	p := newPlot(title, xLabel, "")
	grid := bothGrid()
	grid.Horizontal.Color = nil
	p.Add(grid)
	p.Add(refLine(plotter.XYs{{X: 0, Y: -0.6}, {X: 0, Y: float64(n) - 0.4}}))
	p.Add(&forestRows{rows: rows, pols: pols})
	p.NominalY(labels...)
	p.Y.Tick.Label.Font.Size = labelSize
	p.X.Min, p.X.Max = pad(lo, hi, 0.06)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4

	col := forestColumn(rows)
	w := fitTitle(7.5*vg.Inch, title, col.width()+forestGap)
	h := vg.Inch * vg.Length(1.3+0.42*float64(max(n, 3)))
	return newFigure(w, h, func(c draw.Canvas) { drawForest(c, p, col) }, p)
}

// forestRows draws the markers and intervals of a forest chart. Each
// marker is a light tint of its row's colour under the interval, drawn on
// top in the full colour with caps and a tick at the estimate, so an
// interval narrower than its marker stays visible.
type forestRows struct {
	rows []ForestRow
	pols policy.Registry // the policies' colours and markers
}

// Marker and interval sizes.
const (
	forestMarker = vg.Length(6.5) // marker radius
	forestCap    = vg.Length(5)   // half height of the caps
	forestTick   = vg.Length(7)   // half height of the tick at the estimate
)

// Plot implements plot.Plotter.
func (f *forestRows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	st := styler{pols: f.pols}
	n := len(f.rows)
	for i, r := range f.rows {
		col, glyph := st.style(r.Label)
		y := trY(float64(n - 1 - i))
		x := trX(r.Mean)
		c.DrawGlyph(draw.GlyphStyle{Color: withAlpha(col, 0.35), Radius: forestMarker, Shape: glyph}, vg.Point{X: x, Y: y})
		ls := draw.LineStyle{Color: col, Width: vg.Points(2)}
		if !math.IsNaN(r.Low) {
			x0, x1 := trX(r.Low), trX(r.High)
			c.StrokeLine2(ls, x0, y, x1, y)
			c.StrokeLine2(ls, x0, y-forestCap, x0, y+forestCap)
			c.StrokeLine2(ls, x1, y-forestCap, x1, y+forestCap)
		}
		c.StrokeLine2(draw.LineStyle{Color: oiBlack, Width: vg.Points(1.5)}, x, y-forestTick, x, y+forestTick)
	}
}

// forestText is the column of numbers right of a forest chart.
type forestText struct {
	rows []string
	sty  text.Style
	head text.Style
}

// forestHeader heads the column of numbers.
const forestHeader = "mean [95% CI]"

// forestGap is the space between the plot and the column of numbers.
const forestGap = vg.Length(14)

// forestColumn formats the numbers of rows ("+0.012 [−0.004, +0.020]"),
// all with one number of decimals: two significant digits of the
// narrowest interval.
func forestColumn(rows []ForestRow) forestText {
	narrowest := math.Inf(1)
	for _, r := range rows {
		if r.High > r.Low {
			narrowest = math.Min(narrowest, r.High-r.Low)
		}
	}
	d := decimalsFor(narrowest)
	col := forestText{sty: textStyle(sans, tickSize+0.5, oiBlack), head: textStyle(sansBold, tickSize+0.5, oiBlack)}
	col.sty.YAlign = draw.YCenter
	col.head.YAlign = draw.YBottom
	for _, r := range rows {
		if math.IsNaN(r.Low) {
			col.rows = append(col.rows, signed(r.Mean, d))
		} else {
			col.rows = append(col.rows, fmt.Sprintf("%s [%s, %s]", signed(r.Mean, d), signed(r.Low, d), signed(r.High, d)))
		}
	}
	return col
}

// width returns the column's width.
func (col forestText) width() vg.Length {
	w := col.head.Width(forestHeader)
	for _, t := range col.rows {
		w = max(w, col.sty.Width(t))
	}
	return w
}

// drawForest draws p with the column of numbers to the right of its data
// area.
func drawForest(c draw.Canvas, p *plot.Plot, col forestText) {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	pc := draw.Crop(c, 0, -(col.width() + forestGap), 0, 0)
	p.Draw(pc)
	da := p.DataCanvas(pc)
	_, trY := p.Transforms(&da)
	x := pc.Max.X + forestGap
	n := len(col.rows)
	for i, t := range col.rows {
		c.FillText(col.sty, vg.Point{X: x, Y: trY(float64(n - 1 - i))}, t)
	}
	c.FillText(col.head, vg.Point{X: x, Y: da.Max.Y + vg.Points(2)}, forestHeader)
}
