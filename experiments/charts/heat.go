package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// nanGrey fills cells without a value.
var nanGrey = color.RGBA{0xd9, 0xd9, 0xd9, 0xff}

// HeatMap is a heat map of Z over two swept parameters: Z[i][j] is the
// value at Y[i] (row, y axis) and X[j] (column, x axis). Cells are
// equal-sized and labelled with the parameter values, in the order given;
// with at most 12×12 cells each shows its value or label. The colour
// scale, labelled ZLabel, is drawn below the map: viridis, or a
// red–white–blue ramp centred on zero when the scale spans both signs
// (e.g. the margin of one policy over another). NaN cells are grey.
type HeatMap struct {
	// Title is written above the map.
	Title string
	// XLabel, YLabel and ZLabel label the axes and the colour scale; they
	// should state units.
	XLabel, YLabel, ZLabel string
	// X and Y are the parameter values of the columns and rows.
	X, Y []float64
	// Z holds a row of len(X) values for each of Y.
	Z [][]float64
	// ZMin and ZMax, when ZMin < ZMax, fix the colour scale, so that the
	// maps of one quantity (e.g. mean satisfaction under each policy)
	// share one and compare by colour; a range of both signs is widened
	// to be symmetric around zero. Otherwise the scale spans Z. A value
	// outside the scale is an error (ErrValue).
	ZMin, ZMax float64
	// Labels, when not nil, are written in the cells instead of the
	// values (Labels[i][j] in cell Z[i][j], "\n" splitting lines), e.g.
	// the winning policy and its margin; nil writes the values.
	Labels [][]string
}

// Heat writes a heat map to path: HeatMap{Title: title, XLabel: xLabel,
// YLabel: yLabel, ZLabel: zLabel, X: xs, Y: ys, Z: z}.Save(path).
func Heat(path, title, xLabel, yLabel, zLabel string, xs, ys []float64, z [][]float64) error {
	return HeatMap{Title: title, XLabel: xLabel, YLabel: yLabel, ZLabel: zLabel, X: xs, Y: ys, Z: z}.Save(path)
}

// Save writes the heat map to path. Errors: no cells or no finite value
// (ErrNoData), ragged Z or Labels (ErrLength), non-finite X or Y,
// infinite Z or Z outside a fixed scale (ErrValue).
func (hm HeatMap) Save(path string) error {
	fig, err := hm.figure()
	if err != nil {
		return err
	}
	return fig.save(path)
}

// scale returns the colour scale's range and ramp.
func (hm HeatMap) scale() (lo, hi float64, r ramp) {
	lo, hi = hm.ZMin, hm.ZMax
	if !(lo < hi) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, row := range hm.Z {
			for _, v := range row {
				if !math.IsNaN(v) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	switch {
	case lo < 0 && hi > 0:
		m := math.Max(-lo, hi)
		return -m, m, redBlue
	case lo == hi:
		lo, hi = pad(lo, hi, 0.5)
	}
	return lo, hi, viridis
}

// figure validates the heat map and lays it out.
func (hm HeatMap) figure() (figure, error) {
	xs, ys, z := hm.X, hm.Y, hm.Z
	where := fmt.Sprintf("charts: heat %q", hm.Title)
	if len(xs) == 0 || len(ys) == 0 {
		return figure{}, fmt.Errorf("%s: %d x values, %d y values: %w", where, len(xs), len(ys), ErrNoData)
	}
	if len(z) != len(ys) || hm.Labels != nil && len(hm.Labels) != len(ys) {
		return figure{}, fmt.Errorf("%s: %d rows of z, %d rows of labels, %d y values: %w", where, len(z), len(hm.Labels), len(ys), ErrLength)
	}
	for _, v := range append(append([]float64(nil), xs...), ys...) {
		if !finite(v) {
			return figure{}, fmt.Errorf("%s: parameter value %v: %w", where, v, ErrValue)
		}
	}
	any := false
	for i, row := range z {
		if len(row) != len(xs) || hm.Labels != nil && len(hm.Labels[i]) != len(xs) {
			return figure{}, fmt.Errorf("%s: row %d of z or labels is not %d long: %w", where, i, len(xs), ErrLength)
		}
		for _, v := range row {
			if math.IsInf(v, 0) || hm.ZMin < hm.ZMax && (v < hm.ZMin || v > hm.ZMax) {
				return figure{}, fmt.Errorf("%s: z value %v (scale %v..%v): %w", where, v, hm.ZMin, hm.ZMax, ErrValue)
			}
			any = any || !math.IsNaN(v)
		}
	}
	if !any {
		return figure{}, fmt.Errorf("%s: all z values are NaN: %w", where, ErrNoData)
	}
	lo, hi, r := hm.scale()

	cellColor := func(v float64) color.Color {
		if math.IsNaN(v) {
			return nanGrey
		}
		return r.at((v - lo) / (hi - lo))
	}
	p := newPlot(hm.Title, hm.XLabel, hm.YLabel)
	p.Add(&tiles{cols: len(xs), rows: len(ys), x0: -0.5, dx: 1, y0: -0.5, dy: 1, inset: vg.Points(0.5),
		color: func(i, j int) color.Color { return cellColor(z[j][i]) }})
	if len(xs) <= 12 && len(ys) <= 12 {
		p.Add(heatLabels{z: z, labels: hm.Labels, color: cellColor, dec: decimalsOf(lo, hi)})
	}
	p.X.Tick.Marker = indexTicks(xs)
	p.Y.Tick.Marker = indexTicks(ys)
	p.X.Padding, p.Y.Padding = 0, 0
	scale := newColorScale(r, lo, hi, hm.ZLabel)

	return newFigure(fitTitle(7.5*vg.Inch, hm.Title, 0), 6.5*vg.Inch, func(c draw.Canvas) {
		c = draw.Crop(c, margin, -margin, margin, -margin)
		gap := vg.Points(26)
		sh := scale.size(c)
		pc := draw.Crop(c, 0, 0, sh+gap, 0)
		p.Draw(pc)
		da := p.DataCanvas(pc)
		scale.draw(c, da.Min.X, da.Max.X, c.Min.Y+sh)
	}, p, scale.p)
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

// heatLabels writes each cell's label, or else its value with dec
// decimals, in it, black or white for contrast.
type heatLabels struct {
	z      [][]float64
	labels [][]string
	color  func(float64) color.Color
	dec    int
}

// text returns the text of cell (i, j).
func (h heatLabels) text(i, j int) string {
	switch {
	case h.labels != nil:
		return h.labels[j][i]
	case math.IsNaN(h.z[j][i]):
		return "n/a"
	}
	return formatFixed(h.z[j][i], h.dec)
}

// Plot implements plot.Plotter. All cells' texts take one size, at most
// 10 points, that fits the longest in its cell.
func (h heatLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cw, ch := trX(1)-trX(0), trY(1)-trY(0)
	size := vg.Length(10)
	ref := textStyle(sans, size, nil)
	for j, row := range h.z {
		for i := range row {
			txt := h.text(i, j)
			if w := ref.Width(txt); w > 0 {
				size = min(size, 10*0.86*cw/w)
			}
			if ht := ref.Height(txt); ht > 0 {
				size = min(size, 10*0.86*ch/ht)
			}
		}
	}
	for j, row := range h.z {
		for i, v := range row {
			sty := textStyle(sans, size, textOn(h.color(v)))
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			c.FillText(sty, vg.Point{X: trX(float64(i)), Y: trY(float64(j))}, h.text(i, j))
		}
	}
}
