package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Cell is one room in one slot of a schedule grid.
type Cell struct {
	// Title is the session's title; "" leaves the cell blank (no session).
	Title string
	// Hands is the number of hands raised for the session and Attendance
	// the (simulated or predicted) number of people present; both >= 0.
	Hands, Attendance int
	// Value colours the cell on the chart's scale, e.g. attendance /
	// capacity or predicted attendance; NaN paints it grey.
	Value float64
	// Risk flags the session: "collapse" (vermillion outline) and
	// "overflow" (dashed orange outline) are known; any other non-empty
	// text gets a dotted black outline. The text is also written in the
	// cell and, worded by GridText.Legend, explained in the legend.
	Risk string
}

// DefaultGridCaption is the caption of a schedule grid whose GridText
// leaves it empty.
const DefaultGridCaption = "Each cell: session title, then hands raised → attendance."

// GridText words what a schedule grid's caption and legend say about its
// cells, which differ between a simulated schedule (what happened) and a
// forecast (what may happen). The zero value uses DefaultGridCaption and
// labels each outline with its Cell.Risk as it is.
type GridText struct {
	// Caption is written under the title to explain the numbers in each
	// cell, e.g. "Each cell: session title, then hands raised →
	// predicted median attendance."; "" means DefaultGridCaption.
	Caption string
	// Legend labels the outline of each Cell.Risk in the legend, e.g.
	// {"collapse": "collapsed (≤ 2 present)", "overflow": "people
	// turned away"}; a Risk missing from it is labelled with itself.
	Legend map[string]string
}

// caption returns the caption to write.
func (t GridText) caption() string {
	if t.Caption == "" {
		return DefaultGridCaption
	}
	return t.Caption
}

// label returns the legend label of risk.
func (t GridText) label(risk string) string {
	if l, ok := t.Legend[risk]; ok {
		return l
	}
	return risk
}

// Known risks and their outlines.
var riskStyles = map[string]draw.LineStyle{
	"collapse": {Color: oiVermillion, Width: vg.Points(2.6)},
	"overflow": {Color: oiOrange, Width: vg.Points(2.6), Dashes: []vg.Length{vg.Points(5), vg.Points(2.5)}},
}

// riskStyle returns the outline of risk.
func riskStyle(risk string) draw.LineStyle {
	if s, ok := riskStyles[risk]; ok {
		return s
	}
	return draw.LineStyle{Color: oiBlack, Width: vg.Points(2), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
}

// Grid geometry, in points.
const (
	cellW   = vg.Length(100)
	cellH   = vg.Length(58)
	cellGap = vg.Length(3)
	cellPad = vg.Length(4)
)

// ScheduleGrid writes a schedule as a grid to path: one row per slot
// (slotLabels, "\n" allowed), one column per room (roomLabels), cells[s][r]
// the session in slot s and room r. Each session's box is coloured by its
// Value on a blue scale from min(0, smallest value) to the largest,
// labelled valueLabel and drawn below the grid, and shows its title (two
// lines at most, shortened with "…") above "hands → attendance"; flagged
// sessions (Cell.Risk) get a coloured outline and their flag written in
// the corner, explained in a legend; text words the caption under the
// title and the legend's labels. The chart grows with the grid: 10 rooms × 6
// slots is about 15 × 6.6 inches. Errors: no slots or rooms (ErrNoData),
// cells not len(slotLabels) × len(roomLabels) (ErrLength), negative
// counts or an infinite Value (ErrValue).
func ScheduleGrid(path, title, valueLabel string, slotLabels, roomLabels []string, cells [][]Cell, text GridText) error {
	fig, err := gridFigure(title, valueLabel, slotLabels, roomLabels, cells, text)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// gridFigure validates the data of ScheduleGrid and lays out its figure.
func gridFigure(title, valueLabel string, slotLabels, roomLabels []string, cells [][]Cell, text GridText) (figure, error) {
	where := fmt.Sprintf("charts: schedule grid %q", title)
	if len(slotLabels) == 0 || len(roomLabels) == 0 {
		return figure{}, fmt.Errorf("%s: %d slots, %d rooms: %w", where, len(slotLabels), len(roomLabels), ErrNoData)
	}
	if len(cells) != len(slotLabels) {
		return figure{}, fmt.Errorf("%s: %d rows of cells, %d slots: %w", where, len(cells), len(slotLabels), ErrLength)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	var risks []string
	greys := false
	for s, row := range cells {
		if len(row) != len(roomLabels) {
			return figure{}, fmt.Errorf("%s: slot %d has %d cells, %d rooms: %w", where, s, len(row), len(roomLabels), ErrLength)
		}
		for r, c := range row {
			if c.Hands < 0 || c.Attendance < 0 || math.IsInf(c.Value, 0) {
				return figure{}, fmt.Errorf("%s: slot %d, room %d: hands %d, attendance %d, value %v: %w",
					where, s, r, c.Hands, c.Attendance, c.Value, ErrValue)
			}
			if c.Title == "" {
				continue
			}
			if math.IsNaN(c.Value) {
				greys = true
			} else {
				lo, hi = math.Min(lo, c.Value), math.Max(hi, c.Value)
			}
			if c.Risk != "" && !slices.Contains(risks, c.Risk) {
				risks = append(risks, c.Risk)
			}
		}
	}
	hasScale := !math.IsInf(lo, 1)
	if hasScale {
		lo = math.Min(lo, 0)
		if lo == hi {
			lo, hi = pad(lo, hi, 0.5)
		}
	}

	g := gridFig{
		title: title, valueLabel: valueLabel, slots: slotLabels, rooms: roomLabels, cells: cells,
		lo: lo, hi: hi, hasScale: hasScale, risks: risks, greys: greys, text: text,
	}
	w, h := g.size()
	return newFigure(w, h, g.draw)
}

// gridFig lays out and draws a schedule grid.
type gridFig struct {
	title, valueLabel string
	slots, rooms      []string
	cells             [][]Cell
	lo, hi            float64
	hasScale, greys   bool
	risks             []string
	text              GridText
}

// Layout sizes, in points.
const (
	gridTitleH  = vg.Length(40) // title and caption
	gridHeadH   = vg.Length(20) // room labels
	gridLegendH = vg.Length(56) // colour scale and risk legend
)

var (
	gridHead  = textStyle(sansBold, 9.5, oiBlack)
	gridSlot  = textStyle(sans, 9.5, oiBlack)
	cellTitle = textStyle(sans, 7.5, oiBlack)
	cellNums  = textStyle(sansBold, 8.5, oiBlack)
)

func (g gridFig) rowLabelW() vg.Length {
	w := vg.Length(0)
	for _, s := range g.slots {
		w = max(w, gridSlot.Width(s))
	}
	return w + 10
}

func (g gridFig) size() (w, h vg.Length) {
	w = 2*margin + g.rowLabelW() + vg.Length(len(g.rooms))*(cellW+cellGap)
	h = 2*margin + gridTitleH + gridHeadH + vg.Length(len(g.slots))*(cellH+cellGap) + gridLegendH
	head := max(textStyle(sansBold, titleSize, oiBlack).Width(g.title), textStyle(sans, tickSize, oiBlack).Width(g.text.caption()))
	return max(w, 2*margin+g.rowLabelW()+g.legendW(), 2*margin+head, 4*vg.Inch), h
}

// scaleW returns the width of the colour scale.
func (g gridFig) scaleW() vg.Length {
	return max(200, min(320, vg.Length(len(g.rooms))*(cellW+cellGap)*0.45))
}

// legendW returns the width of the colour scale and risk legend.
func (g gridFig) legendW() vg.Length {
	var w vg.Length
	if g.hasScale {
		w += g.scaleW() + 40
	}
	ls := textStyle(sans, legendSize, oiBlack)
	for _, risk := range g.risks {
		w += 28 + 6 + ls.Width(g.text.label(risk)) + 24
	}
	if g.greys {
		w += 28 + 6 + ls.Width("no value") + 24
	}
	return w
}

func (g gridFig) draw(c draw.Canvas) {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	x0 := c.Min.X + g.rowLabelW()
	top := c.Max.Y

	ts := textStyle(sansBold, titleSize, oiBlack)
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YTop
	c.FillText(ts, vg.Point{X: c.Min.X, Y: top}, g.title)
	cs := textStyle(sans, tickSize, refGrey)
	cs.XAlign, cs.YAlign = draw.XLeft, draw.YTop
	c.FillText(cs, vg.Point{X: c.Min.X, Y: top - 19}, g.text.caption())
	top -= gridTitleH

	hs := gridHead
	hs.XAlign, hs.YAlign = draw.XCenter, draw.YBottom
	for r, name := range g.rooms {
		x := x0 + vg.Length(r)*(cellW+cellGap) + cellW/2
		c.FillText(hs, vg.Point{X: x, Y: top - gridHeadH + 5}, ellipsize(name, hs, cellW))
	}
	top -= gridHeadH

	ss := gridSlot
	ss.XAlign, ss.YAlign = draw.XRight, draw.YCenter
	for s, name := range g.slots {
		y := top - vg.Length(s)*(cellH+cellGap)
		c.FillText(ss, vg.Point{X: x0 - 8, Y: y - cellH/2}, name)
		for r, cell := range g.cells[s] {
			x := x0 + vg.Length(r)*(cellW+cellGap)
			g.drawCell(c, vg.Rectangle{Min: vg.Point{X: x, Y: y - cellH}, Max: vg.Point{X: x + cellW, Y: y}}, cell)
		}
	}
	bottom := top - vg.Length(len(g.slots))*(cellH+cellGap)

	lx := x0
	legTop := bottom - 12
	if g.hasScale {
		sw := g.scaleW()
		newColorScale(blues, g.lo, g.hi, g.valueLabel).draw(c, lx, lx+sw, legTop)
		lx += sw + 40
	}
	ls := textStyle(sans, legendSize, oiBlack)
	ls.XAlign, ls.YAlign = draw.XLeft, draw.YCenter
	entry := func(label string, fill color.Color, outline *draw.LineStyle) {
		r := vg.Rectangle{Min: vg.Point{X: lx, Y: legTop - 16}, Max: vg.Point{X: lx + 28, Y: legTop}}
		c.SetColor(fill)
		c.Fill(r.Path())
		if outline != nil {
			strokeInset(c, r, *outline)
		}
		c.FillText(ls, vg.Point{X: r.Max.X + 6, Y: legTop - 8}, label)
		lx = r.Max.X + 6 + ls.Width(label) + 24
	}
	for _, risk := range g.risks {
		o := riskStyle(risk)
		entry(g.text.label(risk), blues.at(0.15), &o)
	}
	if g.greys {
		entry("no value", nanGrey, nil)
	}
}

// drawCell draws one cell in rectangle r.
func (g gridFig) drawCell(c draw.Canvas, r vg.Rectangle, cell Cell) {
	if cell.Title == "" {
		strokeInset(c, r, draw.LineStyle{Color: gridGrey, Width: vg.Points(0.8)})
		return
	}
	var bg color.Color = nanGrey
	if !math.IsNaN(cell.Value) {
		bg = blues.at((cell.Value - g.lo) / (g.hi - g.lo))
	}
	c.SetColor(bg)
	c.Fill(r.Path())
	if cell.Risk != "" {
		strokeInset(c, r, riskStyle(cell.Risk))
	}
	fg := textOn(bg)

	ts := cellTitle
	ts.Color = fg
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YTop
	inner := cellW - 2*cellPad - 2
	y := r.Max.Y - cellPad - 1
	for _, line := range wrap(cell.Title, ts, inner, 2) {
		c.FillText(ts, vg.Point{X: r.Min.X + cellPad + 1, Y: y}, line)
		y -= ts.Height(line) + 1
	}

	ns := cellNums
	ns.Color = fg
	ns.XAlign, ns.YAlign = draw.XLeft, draw.YBottom
	c.FillText(ns, vg.Point{X: r.Min.X + cellPad + 1, Y: r.Min.Y + cellPad + 1},
		fmt.Sprintf("%d → %d", cell.Hands, cell.Attendance))
	if cell.Risk != "" {
		rs := textStyle(sans, 7.5, fg)
		rs.Font.Style = xfont.StyleItalic
		rs.XAlign, rs.YAlign = draw.XRight, draw.YBottom
		c.FillText(rs, vg.Point{X: r.Max.X - cellPad - 2, Y: r.Min.Y + cellPad + 1}, ellipsize(cell.Risk, rs, cellW/2))
	}
}

// strokeInset strokes the outline of r inside it.
func strokeInset(c draw.Canvas, r vg.Rectangle, ls draw.LineStyle) {
	d := ls.Width / 2
	in := vg.Rectangle{Min: vg.Point{X: r.Min.X + d, Y: r.Min.Y + d}, Max: vg.Point{X: r.Max.X - d, Y: r.Max.Y - d}}
	c.SetLineStyle(ls)
	c.Stroke(in.Path())
}

// wrap breaks s at spaces into at most n lines no wider than w in style
// sty, shortening the last (or a single over-long word) with "…".
func wrap(s string, sty text.Style, w vg.Length, n int) []string {
	words := strings.Fields(s)
	var lines []string
	for len(words) > 0 {
		if len(lines) == n-1 {
			return append(lines, ellipsize(strings.Join(words, " "), sty, w))
		}
		k := 1
		for k < len(words) && sty.Width(strings.Join(words[:k+1], " ")) <= w {
			k++
		}
		lines = append(lines, ellipsize(strings.Join(words[:k], " "), sty, w))
		words = words[k:]
	}
	return lines
}

// ellipsize shortens s with "…" until it is no wider than w.
func ellipsize(s string, sty text.Style, w vg.Length) string {
	if sty.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		t := strings.TrimRight(string(r), " ") + "…"
		if sty.Width(t) <= w {
			return t
		}
	}
	return "…"
}
