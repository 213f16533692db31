package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MorrisPoint is one parameter's Morris screening result for one metric.
type MorrisPoint struct {
	// Param names the parameter, e.g. its dotted config key.
	Param string
	// MuStar is the mean absolute elementary effect and Sigma the
	// standard deviation of the elementary effects; both >= 0, in the
	// metric's units.
	MuStar, Sigma float64
}

// Morris writes the μ*–σ chart of a Morris screening to path: one point
// per parameter, labelled with its name (placed to avoid other labels and
// points), and the dashed diagonal σ = μ*. Parameters far right matter;
// those above the diagonal act non-linearly or through interactions;
// those near the origin can be fixed. pts must not be empty (ErrNoData);
// MuStar and Sigma must be finite and >= 0 (ErrValue).
func Morris(path, title string, pts []MorrisPoint) error {
	fig, err := morrisFigure(title, pts)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// morrisFigure validates the data of Morris and lays out its figure.
func morrisFigure(title string, pts []MorrisPoint) (figure, error) {
	if len(pts) == 0 {
		return figure{}, fmt.Errorf("charts: morris %q: %w", title, ErrNoData)
	}
	top := 0.0
	xys := make(plotter.XYs, len(pts))
	for i, pt := range pts {
		if !finite(pt.MuStar) || !finite(pt.Sigma) || pt.MuStar < 0 || pt.Sigma < 0 {
			return figure{}, fmt.Errorf("charts: morris %q: %s: μ* %v, σ %v: %w", title, pt.Param, pt.MuStar, pt.Sigma, ErrValue)
		}
		xys[i] = plotter.XY{X: pt.MuStar, Y: pt.Sigma}
		top = math.Max(top, math.Max(pt.MuStar, pt.Sigma))
	}
	if top == 0 {
		top = 1
	}
	top *= 1.08

	p := newPlot(title, "μ* (mean |elementary effect|, metric units)", "σ (s.d. of elementary effects, metric units)")
	p.Add(bothGrid())
	p.Add(refLine(plotter.XYs{{X: 0, Y: 0}, {X: top, Y: top}}))
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return figure{}, fmt.Errorf("charts: morris %q: %w", title, err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: oiBlue, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	p.Add(s)
	p.Add(&pointLabels{pts: pts, style: textStyle(sans, tickSize+0.5, oiBlack)})
	p.Add(&cornerNote{x: 0.86 * top, y: 0.86 * top, text: "σ = μ*"})
	p.X.Min, p.Y.Min = 0, 0
	p.X.Max, p.Y.Max = top, top
	return newFigure(7*vg.Inch, 5.6*vg.Inch, func(c draw.Canvas) { drawWithLegend(c, p, sideLegend{}) })
}

// pointLabels writes each Morris point's name next to it, choosing for
// each, in order, the nearest of 24 positions around the point that
// overlaps no point, no label placed before and stays inside the data
// area (or else the position overlapping least), with a thin leader line
// when the label sits away from its point.
type pointLabels struct {
	pts   []MorrisPoint
	style text.Style
}

// offset is the gap between a point and its label.
const offset = vg.Length(6)

// Plot implements plot.Plotter.
func (l *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var taken []vg.Rectangle
	at := make([]vg.Point, len(l.pts))
	for i, pt := range l.pts {
		at[i] = vg.Point{X: trX(pt.MuStar), Y: trY(pt.Sigma)}
		r := vg.Length(5)
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: at[i].X - r, Y: at[i].Y - r}, Max: vg.Point{X: at[i].X + r, Y: at[i].Y + r}})
	}
	for i, pt := range l.pts {
		w, h := l.style.Width(pt.Param), l.style.Height(pt.Param)
		best, bestCost, bestSpot := vg.Rectangle{}, math.Inf(1), 0
		for k, d := range labelSpots(w, h) {
			r := vg.Rectangle{Min: vg.Point{X: at[i].X + d.X, Y: at[i].Y + d.Y}}
			r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
			cost := 0.0
			for _, t := range taken {
				cost += overlap(r, t)
			}
			// Leaving the data area costs as much as covering text.
			cost += float64(w*h) - overlap(r, c.Rectangle)
			if cost < bestCost {
				best, bestCost, bestSpot = r, cost, k
			}
			if cost == 0 {
				break
			}
		}
		taken = append(taken, best)
		if bestSpot > 7 { // beyond the nearest ring: a leader line
			q := nearestOnRect(at[i], best)
			c.StrokeLine2(draw.LineStyle{Color: refGrey, Width: vg.Points(0.5)}, at[i].X, at[i].Y, q.X, q.Y)
		}
		sty := l.style
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		c.FillText(sty, best.Min, pt.Param)
	}
}

// labelSpots returns the offsets of a w × h label's lower-left corner
// from its point, nearest first: right, left, above, below and the four
// diagonals, at three distances.
func labelSpots(w, h vg.Length) []vg.Point {
	var spots []vg.Point
	for _, d := range []vg.Length{offset, 2.5 * offset, 4.5 * offset} {
		e := d * 0.7
		spots = append(spots,
			vg.Point{X: d, Y: -h / 2}, vg.Point{X: -d - w, Y: -h / 2},
			vg.Point{X: -w / 2, Y: d}, vg.Point{X: -w / 2, Y: -d - h},
			vg.Point{X: e, Y: e}, vg.Point{X: -e - w, Y: e},
			vg.Point{X: e, Y: -e - h}, vg.Point{X: -e - w, Y: -e - h})
	}
	return spots
}

// nearestOnRect returns the point of r nearest to p.
func nearestOnRect(p vg.Point, r vg.Rectangle) vg.Point {
	return vg.Point{X: max(r.Min.X, min(p.X, r.Max.X)), Y: max(r.Min.Y, min(p.Y, r.Max.Y))}
}

// overlap returns the area shared by a and b.
func overlap(a, b vg.Rectangle) float64 {
	w := math.Min(float64(a.Max.X), float64(b.Max.X)) - math.Max(float64(a.Min.X), float64(b.Min.X))
	h := math.Min(float64(a.Max.Y), float64(b.Max.Y)) - math.Max(float64(a.Min.Y), float64(b.Min.Y))
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// cornerNote writes a small grey text starting just right of and below
// (x, y) in data coordinates: under a rising line through (x, y).
type cornerNote struct {
	x, y float64
	text string
}

// Plot implements plot.Plotter.
func (n *cornerNote) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(sans, tickSize+0.5, refGrey)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	c.FillText(sty, vg.Point{X: trX(n.x) + 6, Y: trY(n.y) - 2}, n.text)
}
