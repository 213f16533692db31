package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/unconf/unconf/sim/policy"
)

// Box writes a box plot of values[i] for each group groups[i] (usually
// one per policy, coloured as in pols) to path: boxes from the first
// to the third quartile (Tukey's hinges) with the median as a thick line,
// whiskers to the most extreme values within 1.5 interquartile ranges and
// the values beyond as rings. NaNs are dropped (a group left empty shows
// "no data"); infinities are an error wrapping ErrValue. groups and
// values must have the same length (ErrLength) and at least one value
// must remain (ErrNoData). The chart widens with the number of groups.
func Box(path, title, yLabel string, groups []string, values [][]float64, pols policy.Registry) error {
	fig, err := boxFigure(title, yLabel, groups, values, pols)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// boxFigure validates the data of Box and lays out its figure.
func boxFigure(title, yLabel string, groups []string, values [][]float64, pols policy.Registry) (figure, error) {
	if len(groups) != len(values) {
		return figure{}, fmt.Errorf("charts: box %q: %d groups, %d value lists: %w", title, len(groups), len(values), ErrLength)
	}
	clean := make([]plotter.Values, len(values))
	n := 0
	for i, vs := range values {
		for _, v := range vs {
			if math.IsInf(v, 0) {
				return figure{}, fmt.Errorf("charts: box %q: group %q: value %v: %w", title, groups[i], v, ErrValue)
			}
			if !math.IsNaN(v) {
				clean[i] = append(clean[i], v)
			}
		}
		n += len(clean[i])
	}
	if n == 0 {
		return figure{}, fmt.Errorf("charts: box %q: %w", title, ErrNoData)
	}

	slot := vg.Points(78) // horizontal room per group
	w := fitTitle(max(5*vg.Inch, slot*vg.Length(len(groups))+1.3*vg.Inch), title, 0)
	h := 4.5 * vg.Inch
	boxW := slot * 0.45

	p := newPlot(title, "", yLabel)
	p.Add(hGrid())
	st := styler{pols: pols}
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for i, vs := range clean {
		if len(vs) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(boxW, float64(i), vs)
		if err != nil {
			return figure{}, fmt.Errorf("charts: box %q: %w", title, err)
		}
		col, _ := st.style(groups[i])
		b.FillColor = withAlpha(col, 0.3)
		b.BoxStyle = draw.LineStyle{Color: col, Width: vg.Points(1.2)}
		b.WhiskerStyle = draw.LineStyle{Color: col, Width: vg.Points(1.2)}
		b.MedianStyle = draw.LineStyle{Color: oiBlack, Width: vg.Points(2.2)}
		b.CapWidth = boxW / 2
		b.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.RingGlyph{}}
		p.Add(b)
		for _, v := range vs {
			ylo, yhi = math.Min(ylo, v), math.Max(yhi, v)
		}
	}
	for i, vs := range clean {
		if len(vs) == 0 {
			p.Add(note{x: float64(i), y: (ylo + yhi) / 2, text: "no data"})
		}
	}
	p.NominalX(groups...)
	p.X.Min, p.X.Max = -0.6, float64(len(groups))-0.4
	p.Y.Min, p.Y.Max = pad(ylo, yhi, 0.05)
	p.X.Tick.Label.Font.Size = labelSize
	return newFigure(w, h, func(c draw.Canvas) { drawWithLegend(c, p, sideLegend{}) }, p)
}
