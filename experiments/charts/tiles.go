package charts

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// tiles is a plot.Plotter drawing a grid of vector rectangles: cell (i, j)
// spans [x0+i·dx, x0+(i+1)·dx] × [y0+j·dy, y0+(j+1)·dy] in data
// coordinates, filled with color(i, j) (nil leaves it empty).
//
// It replaces plotter.HeatMap, whose abutting cells show hairline seams in
// PNG and in many PDF and SVG viewers (anti-aliasing of shared edges): a
// positive inset shrinks every cell by that much on each side, leaving
// clean white gaps (heat map cells), and a negative one extends each cell
// over its right and upper neighbour, which is drawn later and covers the
// overlap, so a colour scale is seamless.
type tiles struct {
	cols, rows     int
	x0, dx, y0, dy float64
	color          func(i, j int) color.Color
	inset          vg.Length
}

// Plot implements plot.Plotter.
func (t *tiles) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for j := range t.rows {
		for i := range t.cols {
			col := t.color(i, j)
			if col == nil {
				continue
			}
			r := vg.Rectangle{
				Min: vg.Point{X: trX(t.x0 + float64(i)*t.dx), Y: trY(t.y0 + float64(j)*t.dy)},
				Max: vg.Point{X: trX(t.x0 + float64(i+1)*t.dx), Y: trY(t.y0 + float64(j+1)*t.dy)},
			}
			switch {
			case t.inset > 0:
				r.Min.X += t.inset
				r.Min.Y += t.inset
				r.Max.X -= t.inset
				r.Max.Y -= t.inset
			case t.inset < 0:
				if i < t.cols-1 {
					r.Max.X -= t.inset
				}
				if j < t.rows-1 {
					r.Max.Y -= t.inset
				}
			}
			c.SetColor(col)
			c.Fill(r.Path())
		}
	}
}

// DataRange implements plot.DataRanger.
func (t *tiles) DataRange() (xmin, xmax, ymin, ymax float64) {
	return t.x0, t.x0 + float64(t.cols)*t.dx, t.y0, t.y0 + float64(t.rows)*t.dy
}
