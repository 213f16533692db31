package charts

import (
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// draw draws the figure on c: the title, each block of rows, then the
// colour scale and the legend (risk marks, cells without a value).
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
	if g.note != "" {
		c.FillText(cs, vg.Point{X: c.Min.X, Y: top - 19 - gridNoteH}, g.note)
	}
	top -= g.titleH()

	for _, b := range g.blocks {
		g.drawBlock(c, x0, top, b)
		top -= g.blockH(b)
	}

	lx := x0
	legTop := top
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

// drawBlock draws block b with its heading's top at top and its cells
// from x0.
func (g gridFig) drawBlock(c draw.Canvas, x0, top vg.Length, b gridBlock) {
	ds := gridDay
	ds.XAlign, ds.YAlign = draw.XLeft, draw.YTop
	c.FillText(ds, vg.Point{X: c.Min.X, Y: top}, b.head)
	top -= gridDayH

	hs := gridHead
	hs.XAlign, hs.YAlign = draw.XCenter, draw.YBottom
	for r, name := range g.rooms[b.room0:b.room1] {
		x := x0 + vg.Length(r)*(cellW+cellGap) + cellW/2
		c.FillText(hs, vg.Point{X: x, Y: top - gridHeadH + 5}, ellipsize(name, hs, cellW))
	}
	top -= gridHeadH

	ss := gridSlot
	ss.XAlign, ss.YAlign = draw.XRight, draw.YCenter
	for s := b.from; s < b.to; s++ {
		y := top - vg.Length(s-b.from)*(cellH+cellGap)
		c.FillText(ss, vg.Point{X: x0 - 8, Y: y - cellH/2}, g.slots[s].Time)
		for r, cell := range g.cells[s][b.room0:b.room1] {
			x := x0 + vg.Length(r)*(cellW+cellGap)
			g.drawCell(c, vg.Rectangle{Min: vg.Point{X: x, Y: y - cellH}, Max: vg.Point{X: x + cellW, Y: y}}, cell)
		}
	}
}

// drawCell draws one cell in rectangle r: the title (two lines at most),
// the moderator, and at the bottom the numbers, with the risk right of
// them or, when they leave no room, right of the moderator.
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
	inner := cellW - 2*cellPad - 2
	left := r.Min.X + cellPad + 1

	ts := cellTitle
	ts.Color = fg
	ts.XAlign, ts.YAlign = draw.XLeft, draw.YTop
	y := r.Max.Y - cellPad - 1
	for _, line := range wrap(cell.Title, ts, inner, 2) {
		c.FillText(ts, vg.Point{X: left, Y: y}, line)
		y -= ts.Height(line) + 1
	}

	nums := cell.numbers()
	ns := cellNums
	ns.Color = fg
	ns.XAlign, ns.YAlign = draw.XLeft, draw.YBottom
	bottom := r.Min.Y + cellPad + 1
	c.FillText(ns, vg.Point{X: left, Y: bottom}, nums)

	rs := cellRisk
	rs.Color = fg
	rs.XAlign, rs.YAlign = draw.XRight, draw.YBottom
	risk := ellipsize(cell.Risk, rs, cellW/2)
	riskW := rs.Width(risk)
	modY := bottom + ns.Height(nums) + 1
	modW := inner
	if cell.Risk != "" {
		if ns.Width(nums)+6+riskW <= inner {
			c.FillText(rs, vg.Point{X: r.Max.X - cellPad - 2, Y: bottom}, risk)
		} else {
			c.FillText(rs, vg.Point{X: r.Max.X - cellPad - 2, Y: modY}, risk)
			modW -= riskW + 6
		}
	}
	if cell.Moderator != "" {
		ms := cellMod
		ms.Color = fg
		ms.XAlign, ms.YAlign = draw.XLeft, draw.YBottom
		c.FillText(ms, vg.Point{X: left, Y: modY}, ellipsize(cell.Moderator, ms, modW))
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
// sty, shortening the last (or a single over-long word) with "…". Each
// line takes as many words as fit, found by bisection, so that the work is
// O(len(s) · log len(s)) however long s is: text widths only grow as words
// are added.
func wrap(s string, sty text.Style, w vg.Length, n int) []string {
	words := strings.Fields(s)
	var lines []string
	for len(words) > 0 {
		if len(lines) == n-1 {
			return append(lines, ellipsize(strings.Join(words, " "), sty, w))
		}
		// The first word always goes on the line; k is the most that fit.
		k := 1 + sort.Search(len(words)-1, func(i int) bool {
			return sty.Width(strings.Join(words[:i+2], " ")) > w
		})
		lines = append(lines, ellipsize(strings.Join(words[:k], " "), sty, w))
		words = words[k:]
	}
	return lines
}

// ellipsize shortens s with "…" until it is no wider than w, keeping the
// longest prefix that fits (found by bisection: O(len(s) · log len(s))).
func ellipsize(s string, sty text.Style, w vg.Length) string {
	if sty.Width(s) <= w {
		return s
	}
	r := []rune(s)
	short := func(k int) string { return strings.TrimRight(string(r[:k]), " ") + "…" }
	// The shortened forms r[:k]+"…" only widen as k grows: find the first
	// k (from 1) that is too wide.
	k := 1 + sort.Search(len(r)-1, func(i int) bool { return sty.Width(short(i+1)) > w })
	if k == 1 {
		return "…"
	}
	return short(k - 1)
}
