package charts

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Fonts: Liberation Sans (metric-compatible with Arial), embedded in the
// binary by gonum/plot.
var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// Text sizes in points.
const (
	titleSize  = 13
	labelSize  = 11
	tickSize   = 9.5
	legendSize = 10
	margin     = vg.Length(10) // blank border around every chart
)

// textStyle returns a text style in font f of the given size.
func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(f, size),
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot with our fonts, a title and axis labels.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansBold, titleSize)
	p.Title.Padding = vg.Points(10)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Tick.Length = vg.Points(4)
		a.Tick.Color = refGrey
		a.Color = refGrey
		a.Tick.Marker = niceTicks{}
	}
	p.Legend.TextStyle.Font = font.From(sans, legendSize)
	return p
}

// newLegend returns an empty legend in our fonts, meant to be drawn
// outside the data area by drawWithLegend.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(sans, legendSize)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(22)
	l.Padding = vg.Points(4)
	return l
}

// hGrid returns light horizontal grid lines (behind the data when added
// first).
func hGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal = draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}
	return g
}

// bothGrid returns light grid lines in both directions.
func bothGrid() *plotter.Grid {
	g := hGrid()
	g.Vertical = g.Horizontal
	return g
}

// fitTitle returns w, or the width that fits title above a plot beside
// extra points of other content (a legend, a column of numbers) when that
// is wider, so that no title is cut at the figure's edges.
func fitTitle(w vg.Length, title string, extra vg.Length) vg.Length {
	return max(w, textStyle(sansBold, titleSize, oiBlack).Width(title)+extra+2*margin+vg.Points(16))
}

// sideLegend is a legend drawn to the right of a chart's data, under an
// optional title (e.g. "policy"), so it never covers data.
type sideLegend struct {
	title   string
	legend  plot.Legend
	entries int
}

// legendTitle is the style of a legend's title.
var legendTitle = textStyle(sansBold, legendSize, oiBlack)

// width returns the width the legend needs on c (0 without entries).
func (l sideLegend) width(c draw.Canvas) vg.Length {
	if l.entries == 0 {
		return 0
	}
	return max(l.legend.Rectangle(c).Size().X, legendTitle.Width(l.title))
}

// draw draws the legend on c with its top-left corner at (c.Min.X, top).
func (l sideLegend) draw(c draw.Canvas, top vg.Length) {
	if l.entries == 0 {
		return
	}
	if l.title != "" {
		sty := legendTitle
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		c.FillText(sty, vg.Point{X: c.Min.X, Y: top}, l.title)
		top -= sty.Height(l.title) + vg.Points(2)
	}
	c.Max.Y = top
	l.legend.Draw(c)
}

// drawWithLegend draws p inside a margin of c and, when side has
// entries, side to the right of p's data area, top-aligned with it, so the
// legend never covers data.
func drawWithLegend(c draw.Canvas, p *plot.Plot, side sideLegend) {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	lw := side.width(c)
	if lw == 0 {
		p.Draw(c)
		return
	}
	gap := vg.Points(12)
	pc := draw.Crop(c, 0, -(lw + gap), 0, 0)
	p.Draw(pc)
	da := p.DataCanvas(pc)
	lc := c
	lc.Min.X = pc.Max.X + gap
	side.draw(lc, da.Max.Y)
}

// panel is one plot of a figure of several, under its own heading.
type panel struct {
	p    *plot.Plot
	head string
}

// panelHead is the style of a panel's heading.
var panelHead = textStyle(sansBold, labelSize, oiBlack)

// drawPanels draws a figure of several plots inside a margin of c: title
// on top, then the panels in rows (a nil plot leaves its tile empty),
// aligned so that their data areas have one size, each under its heading
// (shortened with "…" to its data area's width), and side to the right, top-aligned with the first row's data areas.
// Headings are drawn here, at one height over each row's data areas,
// rather than as plot titles, which gonum/plot places at the top of each
// tile and so at different heights when the tiles' axes differ.
func drawPanels(c draw.Canvas, title string, panels [][]panel, gapX, gapY vg.Length, side sideLegend) {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	if title != "" {
		ts := textStyle(sansBold, titleSize, oiBlack)
		ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
		c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y}, title)
		c.Max.Y -= ts.Height(title) + vg.Points(10)
	}
	lw := side.width(c)
	gap := vg.Points(12)
	pc := c
	if lw > 0 {
		pc = draw.Crop(c, 0, -(lw + gap), 0, 0)
	}
	headH := panelHead.Height("Ay") + vg.Points(6)
	plots := make([][]*plot.Plot, len(panels))
	for j, row := range panels {
		plots[j] = make([]*plot.Plot, len(row))
		for i, pn := range row {
			plots[j][i] = pn.p
		}
	}
	tiles := draw.Tiles{Rows: len(panels), Cols: len(panels[0]), PadX: gapX, PadY: gapY + headH, PadTop: headH}
	cs := plot.Align(plots, tiles, pc)
	hs := panelHead
	hs.XAlign, hs.YAlign = draw.XCenter, draw.YBottom
	top := pc.Max.Y
	for j, row := range panels {
		for i, pn := range row {
			if pn.p == nil {
				continue
			}
			pn.p.Draw(cs[j][i])
			da := pn.p.DataCanvas(cs[j][i])
			head := ellipsize(pn.head, hs, da.Max.X-da.Min.X+gapX)
			c.FillText(hs, vg.Point{X: (da.Min.X + da.Max.X) / 2, Y: da.Max.Y + vg.Points(6)}, head)
			if j == 0 {
				top = min(top, da.Max.Y)
			}
		}
	}
	if lw > 0 {
		lc := c
		lc.Min.X = pc.Max.X + gap
		side.draw(lc, top)
	}
}

// refLine returns a dashed grey reference line through xys.
func refLine(xys plotter.XYs) *plotter.Line {
	l, _ := plotter.NewLine(xys) // xys are finite by construction
	l.LineStyle = draw.LineStyle{Color: refGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	return l
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// pad widens [lo, hi] by frac of its width on both sides (by frac of
// |lo|, or 1, when the range is a single value).
func pad(lo, hi, frac float64) (float64, float64) {
	d := hi - lo
	if d == 0 {
		d = math.Abs(lo)
		if d == 0 {
			d = 1
		}
	}
	return lo - frac*d, hi + frac*d
}

// minus is the minus sign every number on a chart is written with
// (U+2212, as in the Markdown reports; PDFs spell it "-").
const minus = "−"

// withMinus writes the hyphen-minus of a formatted number as minus.
func withMinus(s string) string { return strings.ReplaceAll(s, "-", minus) }

// formatFixed formats v with dec decimals and minus; a value that rounds
// to zero keeps its sign ("−0.00"), as the sign is what a reader of a
// difference looks for.
func formatFixed(v float64, dec int) string {
	return withMinus(strconv.FormatFloat(v, 'f', dec, 64))
}

// formatNum formats v with 3 significant digits, without exponent for
// everyday magnitudes.
func formatNum(v float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e6 {
		dec := 2 - int(math.Floor(math.Log10(a)))
		if dec < 0 {
			dec = 0
		}
		return formatFixed(v, dec)
	}
	return withMinus(strconv.FormatFloat(v, 'g', 3, 64))
}

// formatParam formats a parameter value as briefly as it reads: at most
// four significant digits, no trailing zeros, no exponent.
func formatParam(v float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	if err != nil {
		return withMinus(strconv.FormatFloat(v, 'g', 4, 64))
	}
	return withMinus(strconv.FormatFloat(r, 'f', -1, 64))
}

// decimalsOf returns how many decimals show values in [lo, hi] with three
// significant digits at the largest magnitude.
func decimalsOf(lo, hi float64) int {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	if m == 0 || !finite(m) {
		return 0
	}
	return max(0, min(6, 2-int(math.Floor(math.Log10(m)))))
}

// decimalsFor returns how many decimals show a quantity known to about
// ±width/2 with two significant digits of width.
func decimalsFor(width float64) int {
	if !(width > 0) || !finite(width) {
		return 3
	}
	d := 1 - int(math.Floor(math.Log10(width)))
	return max(0, min(d, 6))
}

// signed formats v with dec decimals and an explicit sign, minus being
// U+2212: "+0.012", "−0.012". A value that rounds to zero keeps its sign
// ("−0.000" just below zero, "+0.000" just above), so an interval bound
// reads on the side of zero it lies; only zero itself is unsigned
// ("0.000").
func signed(v float64, dec int) string {
	switch {
	case v == 0:
		return strconv.FormatFloat(0, 'f', dec, 64)
	case v < 0:
		return minus + strconv.FormatFloat(-v, 'f', dec, 64)
	}
	return "+" + strconv.FormatFloat(v, 'f', dec, 64)
}

// note is a Plotter writing a grey, centred text at (x, y) in data
// coordinates.
type note struct {
	x, y float64
	text string
}

// Plot implements plot.Plotter.
func (n note) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(sans, tickSize, refGrey)
	sty.Font.Style = xfont.StyleItalic
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, vg.Point{X: trX(n.x), Y: trY(n.y)}, n.text)
}

// niceTicks is a plot.Ticker with about n (default 7) labelled ticks at
// steps of 1, 2, 2.5 or 5 × 10^k, all labelled with the same number of
// decimals (gonum's default gives as few as two labels).
type niceTicks struct{ n int }

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return []plot.Tick{{Value: lo, Label: formatNum(lo)}}
	}
	n := t.n
	if n == 0 {
		n = 7
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	dec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if math.Abs(step/math.Pow(10, -float64(dec))-2.5) < 1e-9 {
		dec++ // 0.25, 0.75
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatFixed(v, dec)})
	}
	return ticks
}
