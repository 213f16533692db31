package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HandsPoint is one session of a hands-vs-attendance chart.
type HandsPoint struct {
	// Hands is the number of hands raised for the session in the vote and
	// Attendance the number of people present; both >= 0.
	Hands, Attendance int
	// Collapsed marks a session that collapsed (too few present).
	Collapsed bool
	// Group names the point's series, e.g. its policy ("" is "sessions").
	Group string
}

// HandsVsAttendance writes a scatter chart of attendance against hands
// raised to path: one colour and marker per group (policies keep their
// PolicyColor), the reference line attendance = hands, and collapsed
// sessions overdrawn with black crosses; the legend sits to the right of
// the data. Points are spread by a small deterministic jitter (at most
// ±0.2) so sessions with equal counts stay visible; markers are
// translucent so dense areas show. pts must not be empty (ErrNoData) and
// counts must be >= 0 (ErrValue).
func HandsVsAttendance(path, title string, pts []HandsPoint) error {
	fig, err := handsFigure(title, pts)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// handsFigure validates the data of HandsVsAttendance and lays out its figure.
func handsFigure(title string, pts []HandsPoint) (figure, error) {
	if len(pts) == 0 {
		return figure{}, fmt.Errorf("charts: hands vs attendance %q: %w", title, ErrNoData)
	}
	var groups []string
	byGroup := make(map[string]plotter.XYs)
	var collapsed plotter.XYs
	top := 1.0
	for i, pt := range pts {
		if pt.Hands < 0 || pt.Attendance < 0 {
			return figure{}, fmt.Errorf("charts: hands vs attendance %q: point %d: hands %d, attendance %d: %w",
				title, i, pt.Hands, pt.Attendance, ErrValue)
		}
		g := pt.Group
		if g == "" {
			g = "sessions"
		}
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		dx, dy := jitter(i)
		xy := plotter.XY{X: float64(pt.Hands) + dx, Y: float64(pt.Attendance) + dy}
		byGroup[g] = append(byGroup[g], xy)
		if pt.Collapsed {
			collapsed = append(collapsed, xy)
		}
		top = math.Max(top, math.Max(float64(pt.Hands), float64(pt.Attendance)))
	}

	p := newPlot(title, "hands raised in the vote (people)", "attendance (people present)")
	p.Add(bothGrid())
	top *= 1.04
	ref := refLine(plotter.XYs{{X: 0, Y: 0}, {X: top, Y: top}})
	p.Add(ref)
	leg := newLegend()
	var st styler
	for _, g := range groups {
		col, glyph := st.style(g)
		s, err := plotter.NewScatter(byGroup[g])
		if err != nil {
			return figure{}, fmt.Errorf("charts: hands vs attendance %q: %w", title, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(col, 0.6), Radius: vg.Points(3), Shape: glyph}
		p.Add(s)
		leg.Add(g, s)
	}
	n := len(groups) + 1
	if len(collapsed) > 0 {
		s, err := plotter.NewScatter(collapsed)
		if err != nil {
			return figure{}, fmt.Errorf("charts: hands vs attendance %q: %w", title, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: oiBlack, Radius: vg.Points(5), Shape: crossGlyph{W: vg.Points(1.5)}}
		p.Add(s)
		leg.Add("collapsed session", s)
		n++
	}
	leg.Add("attendance = hands", ref)
	p.X.Min, p.Y.Min = -0.5, -0.5
	p.X.Max, p.Y.Max = top, top
	return newFigure(8*vg.Inch, 5.6*vg.Inch, func(c draw.Canvas) { drawWithLegend(c, p, leg, n) })
}

// jitter returns a deterministic offset in [-0.2, 0.2)² for index i,
// from the R2 low-discrepancy sequence (Roberts 2018: the fractional parts
// of i/g and i/g², g the plastic number), so points with equal counts fan
// out evenly without any random numbers.
func jitter(i int) (dx, dy float64) {
	const a1, a2 = 0.7548776662466927, 0.5698402909980532
	fx, fy := float64(i)*a1, float64(i)*a2
	return 0.4 * (fx - math.Floor(fx) - 0.5), 0.4 * (fy - math.Floor(fy) - 0.5)
}
