package charts

import (
	"cmp"
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/unconf/unconf/sim/policy"
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

// HandsVsAttendance writes scatter charts of attendance against hands
// raised to path: one panel per group (e.g. policy, in order of first
// appearance), headed by the group and its number of collapsed sessions
// ("spread: 2 of 60 collapsed"),
// its points in the group's colour and marker (policies keep their
// colour and marker in pols), its collapsed sessions overdrawn with black crosses, and
// the reference line attendance = hands. All panels share axes sized to
// the data: hands from 0 to the most raised, attendance from 0 to the
// largest, so the points fill the panels. Points are spread by a small
// deterministic jitter (at most ±0.2) so sessions with equal counts stay
// visible; markers are translucent so dense areas show. pts must not be
// empty (ErrNoData) and counts must be >= 0 (ErrValue).
func HandsVsAttendance(path, title string, pts []HandsPoint, pols policy.Registry) error {
	fig, err := handsFigure(title, pts, pols)
	if err != nil {
		return err
	}
	return fig.save(path)
}

// handsFigure validates the data of HandsVsAttendance and lays out its figure.
func handsFigure(title string, pts []HandsPoint, pols policy.Registry) (figure, error) {
	where := fmt.Sprintf("charts: hands vs attendance %q", title)
	if len(pts) == 0 {
		return figure{}, fmt.Errorf("%s: %w", where, ErrNoData)
	}
	var groups []string
	byGroup := make(map[string]plotter.XYs)
	collapsed := make(map[string]plotter.XYs)
	xmax, ymax := 1.0, 1.0
	for i, pt := range pts {
		if pt.Hands < 0 || pt.Attendance < 0 {
			return figure{}, fmt.Errorf("%s: point %d: hands %d, attendance %d: %w", where, i, pt.Hands, pt.Attendance, ErrValue)
		}
		g := cmp.Or(pt.Group, "sessions")
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		dx, dy := jitter(i)
		xy := plotter.XY{X: float64(pt.Hands) + dx, Y: float64(pt.Attendance) + dy}
		byGroup[g] = append(byGroup[g], xy)
		if pt.Collapsed {
			collapsed[g] = append(collapsed[g], xy)
		}
		xmax, ymax = math.Max(xmax, float64(pt.Hands)), math.Max(ymax, float64(pt.Attendance))
	}
	xmax, ymax = xmax*1.05+0.3, ymax*1.05+0.3
	diag := math.Min(xmax, ymax)

	// At most four panels a row, rows filled evenly: 7 groups are 4 + 3.
	rows := (len(groups) + 3) / 4
	cols := (len(groups) + rows - 1) / rows
	grid := make([][]panel, rows)
	for j := range grid {
		grid[j] = make([]panel, cols)
	}
	var plots []*plot.Plot
	st := styler{pols: pols}
	cross := draw.GlyphStyle{Color: oiBlack, Radius: vg.Points(4.5), Shape: crossGlyph{W: vg.Points(1.5)}}
	for i, g := range groups {
		col, glyph := st.style(g)
		head := fmt.Sprintf("%s: %d of %d collapsed", g, len(collapsed[g]), len(byGroup[g]))
		p := newPlot("", "", "")
		if i%cols == 0 {
			p.Y.Label.Text = "attendance (people present)"
		}
		if i+cols >= len(groups) {
			p.X.Label.Text = "hands raised in the vote (people)"
		}
		p.Add(bothGrid())
		p.Add(refLine(plotter.XYs{{X: 0, Y: 0}, {X: diag, Y: diag}}))
		if err := addSessions(p, byGroup[g], collapsed[g], draw.GlyphStyle{Color: withAlpha(col, 0.6), Radius: vg.Points(3), Shape: glyph}, cross); err != nil {
			return figure{}, fmt.Errorf("%s: %w", where, err)
		}
		p.X.Min, p.Y.Min = -0.5, -0.5
		p.X.Max, p.Y.Max = xmax, ymax
		p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{n: 5}, niceTicks{n: 5}
		grid[i/cols][i%cols] = panel{p: p, head: head}
		plots = append(plots, p)
	}
	leg := newLegend()
	leg.Add("collapsed session", crossThumb{cross})
	leg.Add("attendance = hands", refLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}))
	side := sideLegend{legend: leg, entries: 2}
	w := fitTitle(max(8*vg.Inch, vg.Length(cols)*2.9*vg.Inch+2*vg.Inch), title, 0)
	h := vg.Length(rows)*2.6*vg.Inch + 0.6*vg.Inch
	return newFigure(w, h, func(c draw.Canvas) {
		drawPanels(c, title, grid, vg.Points(14), vg.Points(8), side)
	}, plots...)
}

// addSessions adds a panel's sessions to p, all of them as sty, then the
// collapsed ones overdrawn as cross.
func addSessions(p *plot.Plot, all, collapsed plotter.XYs, sty, cross draw.GlyphStyle) error {
	s, err := plotter.NewScatter(all)
	if err != nil {
		return err
	}
	s.GlyphStyle = sty
	p.Add(s)
	if len(collapsed) > 0 {
		c, err := plotter.NewScatter(collapsed)
		if err != nil {
			return err
		}
		c.GlyphStyle = cross
		p.Add(c)
	}
	return nil
}

// crossThumb is the legend thumbnail of collapsed sessions.
type crossThumb struct{ gs draw.GlyphStyle }

// Thumbnail implements plot.Thumbnailer.
func (t crossThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyph(t.gs, c.Center()) }

// jitter returns a deterministic offset in [-0.2, 0.2)² for index i,
// from the R2 low-discrepancy sequence (Roberts 2018: the fractional parts
// of i/g and i/g², g the plastic number), so points with equal counts fan
// out evenly without any random numbers.
func jitter(i int) (dx, dy float64) {
	const a1, a2 = 0.7548776662466927, 0.5698402909980532
	fx, fy := float64(i)*a1, float64(i)*a2
	return 0.4 * (fx - math.Floor(fx) - 0.5), 0.4 * (fy - math.Floor(fy) - 0.5)
}
