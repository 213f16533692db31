package charts

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// scaleSteps is the number of cells of a colour scale.
const scaleSteps = 128

// colorScale is a horizontal colour scale from lo to hi in colours of r,
// drawn as a thin 1×n row of vector tiles in a plot of its own
// (plotter.ColorBar is upside down in PDF and missing in SVG), with label
// under its ticks.
type colorScale struct {
	p      *plot.Plot
	height vg.Length // of the coloured bar
}

func newColorScale(r ramp, lo, hi float64, label string) colorScale {
	step := (hi - lo) / scaleSteps
	t := &tiles{cols: scaleSteps, rows: 1, x0: lo, dx: step, y0: -0.5, dy: 1, inset: -vg.Points(0.6),
		color: func(i, _ int) color.Color { return r.at((float64(i) + 0.5) / scaleSteps) }}
	p := newPlot("", label, "")
	p.Add(t)
	p.X.Tick.Marker = niceTicks{n: 8}
	p.HideY()
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = -0.5, 0.5
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Label.TextStyle.Font.Size = tickSize + 0.5
	return colorScale{p: p, height: vg.Points(11)}
}

// size returns the height the scale needs below its top edge.
func (s colorScale) size(c draw.Canvas) vg.Length {
	c.Max.Y = c.Min.Y + 200
	d := s.p.DataCanvas(c)
	return s.height + (d.Min.Y - c.Min.Y) + (c.Max.Y - d.Max.Y)
}

// draw draws the scale on c so that its bar spans x0..x1 and its top is
// at top.
func (s colorScale) draw(c draw.Canvas, x0, x1, top vg.Length) {
	probe := c
	probe.Min = vg.Point{X: x0, Y: top - 200}
	probe.Max = vg.Point{X: x1, Y: top}
	d := s.p.DataCanvas(probe)
	c.Min = vg.Point{X: x0 - (d.Min.X - x0), Y: top - s.height - (d.Min.Y - probe.Min.Y)}
	c.Max = vg.Point{X: x1 + (x1 - d.Max.X), Y: top + (top - d.Max.Y)}
	s.p.Draw(c)
	// A thin frame makes the light end of the scale visible.
	c.SetLineStyle(draw.LineStyle{Color: refGrey, Width: vg.Points(0.5)})
	var frame vg.Path
	frame.Move(vg.Point{X: x0, Y: top})
	frame.Line(vg.Point{X: x1, Y: top})
	frame.Line(vg.Point{X: x1, Y: top - s.height})
	frame.Line(vg.Point{X: x0, Y: top - s.height})
	frame.Close()
	c.Stroke(frame)
}
