package charts

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// nanGrey fills cells without a value.
var nanGrey = color.RGBA{0xd9, 0xd9, 0xd9, 0xff}

// Heat writes a heat map of z over two swept parameters to path:
// z[i][j] is the value at ys[i] (row, y axis) and xs[j] (column, x axis).
// Cells are equal-sized and labelled with the parameter values, in the
// order given; with at most 12×12 cells each shows its value. The colour
// scale, labelled zLabel, is drawn below the map: viridis, or a red–white–
// blue ramp centred on zero when z takes both signs (e.g. the margin of
// one policy over another). NaN cells are grey. Errors: no cells or no
// finite value (ErrNoData), ragged z (ErrLength), non-finite xs or ys or
// infinite z (ErrValue).
func Heat(path, title, xLabel, yLabel, zLabel string, xs, ys []float64, z [][]float64) error {
	fig, err := heatFigure(title, xLabel, yLabel, zLabel, xs, ys, z)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// heatFigure validates the data of Heat and lays out its figure.
func heatFigure(title, xLabel, yLabel, zLabel string, xs, ys []float64, z [][]float64) (figure, error) {
	where := fmt.Sprintf("charts: heat %q", title)
	if len(xs) == 0 || len(ys) == 0 {
		return figure{}, fmt.Errorf("%s: %d x values, %d y values: %w", where, len(xs), len(ys), ErrNoData)
	}
	if len(z) != len(ys) {
		return figure{}, fmt.Errorf("%s: %d rows of z, %d y values: %w", where, len(z), len(ys), ErrLength)
	}
	for _, v := range append(append([]float64(nil), xs...), ys...) {
		if !finite(v) {
			return figure{}, fmt.Errorf("%s: parameter value %v: %w", where, v, ErrValue)
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, row := range z {
		if len(row) != len(xs) {
			return figure{}, fmt.Errorf("%s: row %d of z has %d values, want %d: %w", where, i, len(row), len(xs), ErrLength)
		}
		for _, v := range row {
			if math.IsInf(v, 0) {
				return figure{}, fmt.Errorf("%s: z value %v: %w", where, v, ErrValue)
			}
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return figure{}, fmt.Errorf("%s: all z values are NaN: %w", where, ErrNoData)
	}
	r := viridis
	if lo < 0 && hi > 0 {
		m := math.Max(-lo, hi)
		lo, hi, r = -m, m, redBlue
	} else if lo == hi {
		lo, hi = pad(lo, hi, 0.5)
	}

	cellColor := func(v float64) color.Color {
		if math.IsNaN(v) {
			return nanGrey
		}
		return r.at((v - lo) / (hi - lo))
	}
	p := newPlot(title, xLabel, yLabel)
	p.Add(&tiles{cols: len(xs), rows: len(ys), x0: -0.5, dx: 1, y0: -0.5, dy: 1, inset: vg.Points(0.5),
		color: func(i, j int) color.Color { return cellColor(z[j][i]) }})
	if len(xs) <= 12 && len(ys) <= 12 {
		p.Add(heatLabels{z: z, color: cellColor, dec: decimalsOf(lo, hi)})
	}
	p.X.Tick.Marker = indexTicks(xs)
	p.Y.Tick.Marker = indexTicks(ys)
	p.X.Padding, p.Y.Padding = 0, 0
	scale := newColorScale(r, lo, hi, zLabel)

	return newFigure(7.5*vg.Inch, 6.5*vg.Inch, func(c draw.Canvas) {
		c = draw.Crop(c, margin, -margin, margin, -margin)
		gap := vg.Points(26)
		sh := scale.size(c)
		pc := draw.Crop(c, 0, 0, sh+gap, 0)
		p.Draw(pc)
		da := p.DataCanvas(pc)
		scale.draw(c, da.Min.X, da.Max.X, c.Min.Y+sh)
	})
}

// indexTicks labels positions 0, 1, … with vs, thinned to at most 12
// labels.
func indexTicks(vs []float64) plot.ConstantTicks {
	step := (len(vs) + 11) / 12
	var ticks []plot.Tick
	for i, v := range vs {
		t := plot.Tick{Value: float64(i)}
		if i%step == 0 {
			t.Label = formatParam(v)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// heatLabels writes each cell's value in it, black or white for contrast,
// all with dec decimals.
type heatLabels struct {
	z     [][]float64
	color func(float64) color.Color
	dec   int
}

// Plot implements plot.Plotter.
func (h heatLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cw := trX(1) - trX(0)
	size := vg.Length(math.Min(10, float64(cw)/4.5))
	for j, row := range h.z {
		for i, v := range row {
			txt := "n/a"
			if !math.IsNaN(v) {
				txt = strconv.FormatFloat(v, 'f', h.dec, 64)
			}
			sty := textStyle(sans, size, textOn(h.color(v)))
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			c.FillText(sty, vg.Point{X: trX(float64(i)), Y: trY(float64(j))}, txt)
		}
	}
}
