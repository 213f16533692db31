package charts

import (
	"cmp"
	"fmt"
	"math"
	"strings"

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

// MorrisChart is the μ*–σ chart of a Morris screening of one metric: one
// point per parameter, labelled with its name, and the dashed diagonal
// σ = μ*. Parameters far right matter; those above the diagonal act
// non-linearly or through interactions; those near the origin can be
// fixed. Points closer than a few points on the chart (e.g. several
// parameters without effect, all at the origin) share one label listing
// their names, one a line, so labels never pile up.
type MorrisChart struct {
	// Title is written above the chart.
	Title string
	// Metric names the metric screened and Unit its unit, e.g.
	// "satisfaction" and "mean per attendee, 0–1": the axes speak of the
	// change in Metric, in Unit. "" for either writes "the metric" and
	// "metric units".
	Metric, Unit string
	// Points are the parameters' results.
	Points []MorrisPoint
}

// Morris writes the μ*–σ chart of pts to path: MorrisChart{Title: title,
// Points: pts}.Save(path).
func Morris(path, title string, pts []MorrisPoint) error {
	return MorrisChart{Title: title, Points: pts}.Save(path)
}

// Save writes the chart to path. Points must not be empty (ErrNoData);
// MuStar and Sigma must be finite and >= 0 (ErrValue).
func (mc MorrisChart) Save(path string) error {
	fig, err := mc.figure()
	if err != nil {
		return err
	}
	return fig.save(path)
}

// figure validates the chart and lays it out.
func (mc MorrisChart) figure() (figure, error) {
	title, pts := mc.Title, mc.Points
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

	metric, unit := cmp.Or(mc.Metric, "the metric"), cmp.Or(mc.Unit, "metric units")
	p := newPlot(title,
		fmt.Sprintf("μ*: mean |change in %s| over a parameter's range (%s)", metric, unit),
		fmt.Sprintf("σ: s.d. of the changes (%s)", unit))
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
	return newFigure(fitTitle(7*vg.Inch, title, 0), 5.6*vg.Inch, func(c draw.Canvas) { drawWithLegend(c, p, sideLegend{}) }, p)
}

// pointLabels writes the names of the Morris points next to them: points
// closer than clusterDist on the canvas form one cluster, labelled with
// their names one a line; each label takes, in order, the nearest of 56
// positions around its point that overlaps no point, no label placed
// before and stays inside the data area (or else the position
// overlapping least), with a thin leader line when the label sits away
// from its point.
type pointLabels struct {
	pts   []MorrisPoint
	style text.Style
}

// offset is the gap between a point and its label; clusterDist the
// distance under which points share a label.
const (
	offset      = vg.Length(6)
	clusterDist = vg.Length(12)
)

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
	for _, cl := range clusters(at, clusterDist) {
		names := make([]string, len(cl))
		for k, i := range cl {
			names[k] = l.pts[i].Param
		}
		name := strings.Join(names, "\n")
		pt := at[cl[0]]
		w, h := l.style.Width(name), l.style.Height(name)
		best, bestCost, bestSpot := vg.Rectangle{}, math.Inf(1), 0
		for k, d := range labelSpots(w, h) {
			r := vg.Rectangle{Min: vg.Point{X: pt.X + d.X, Y: pt.Y + d.Y}}
			r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
			cost := 0.0
			for _, t := range taken {
				cost += overlap(r, t)
			}
			// Leaving the data area, over the axes' labels, costs
			// more than covering text.
			cost += 4 * (float64(w*h) - overlap(r, c.Rectangle))
			if cost < bestCost {
				best, bestCost, bestSpot = r, cost, k
			}
			if cost == 0 {
				break
			}
		}
		taken = append(taken, best)
		if bestSpot > 7 { // beyond the nearest ring: a leader line
			q := nearestOnRect(pt, best)
			c.StrokeLine2(draw.LineStyle{Color: refGrey, Width: vg.Points(0.5)}, pt.X, pt.Y, q.X, q.Y)
		}
		sty := l.style
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		c.FillText(sty, vg.Point{X: best.Min.X, Y: best.Max.Y}, name)
	}
}

// clusters groups the points closer than d to a point of their group
// (single linkage), each group in order of its first point, its points in
// order.
func clusters(pts []vg.Point, d vg.Length) [][]int {
	group := make([]int, len(pts))
	for i := range group {
		group[i] = i
	}
	find := func(i int) int {
		for group[i] != i {
			i = group[i]
		}
		return i
	}
	for i := range pts {
		for j := range i {
			dx, dy := pts[i].X-pts[j].X, pts[i].Y-pts[j].Y
			if dx*dx+dy*dy < d*d {
				a, b := find(i), find(j)
				group[max(a, b)] = min(a, b)
			}
		}
	}
	var out [][]int
	index := map[int]int{}
	for i := range pts {
		g := find(i)
		k, ok := index[g]
		if !ok {
			k = len(out)
			index[g] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

// labelSpots returns the offsets of a w × h label's lower-left corner
// from its point, nearest first: right, left, above, below and the four
// diagonals, at seven distances (far ones for crowded corners, such as
// the origin where parameters without effect sit).
func labelSpots(w, h vg.Length) []vg.Point {
	var spots []vg.Point
	for _, d := range []vg.Length{offset, 2.5 * offset, 4.5 * offset, 7 * offset, 10 * offset, 14 * offset, 20 * offset} {
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
