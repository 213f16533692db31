package charts

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/unconf/unconf/sim/policy"
)

// Tests of what each chart shows, read from the figure's plots and from
// what it draws (texts, strokes and fills, in order), not from pixels.

// asciiMinus matches a hyphen-minus used as a minus sign: before a digit
// and not inside a word ("show-of-hands", "p-10" are words).
var asciiMinus = regexp.MustCompile(`(^|[^\pL\pN])-[0-9]`)

// checkMinus fails if any text r drew writes a number with "-".
func checkMinus(t *testing.T, r *recorder) {
	t.Helper()
	for _, s := range r.texts() {
		if asciiMinus.MatchString(s) {
			t.Errorf("text %q writes a minus as '-', want '−'", s)
		}
	}
}

func TestForestContent(t *testing.T) {
	rows := []ForestRow{
		{Label: "popularity", Mean: -0.0030, Low: -0.0061, High: -0.00002}, // bound just below zero
		{Label: "spread", Mean: 0.0677, Low: 0.0672, High: 0.0682},         // narrower than its marker
		{Label: "open-space", Mean: 0.0005, Low: -0.0018, High: 0.0029},
		{Label: "jetlag", Mean: 0, Low: 0, High: 0}, // no difference at all
	}
	fig, err := forestFigure("Satisfaction: difference to random", "Δ satisfaction (0–1)", rows, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	p := fig.panels[0]
	if p.X.Min > -0.0061 || p.X.Max < 0.0682 {
		t.Errorf("x axis %v..%v does not hold every interval", p.X.Min, p.X.Max)
	}
	r := record(t, fig)
	for _, want := range []string{
		"−0.0030 [−0.0061, −0.0000]", // signed zero: the bound lies below zero
		"+0.0677 [+0.0672, +0.0682]",
		"+0.0005 [−0.0018, +0.0029]",
		"0.0000 [0.0000, 0.0000]",
	} {
		if len(r.find(want)) != 1 {
			t.Errorf("no number %q in %q", want, r.texts())
		}
	}
	checkMinus(t, r)

	// Each row: a translucent marker, then its interval over it.
	st := styler{pols: policy.Builtin()}
	for i, row := range rows {
		col, _ := st.style(row.Label)
		marker, interval := -1, -1
		for k, o := range r.ops {
			switch {
			case o.kind == "fill" && o.color == withAlpha(col, 0.35):
				marker = k
			case o.kind == "stroke" && o.color == col && o.box.Max.Y-o.box.Min.Y < 0.01 && o.box.Max.X-o.box.Min.X > 0 && marker >= 0 && interval < 0:
				interval = k
			}
		}
		if row.High == row.Low {
			continue // a zero-width interval has nothing to show
		}
		if marker < 0 || interval < 0 || interval < marker {
			t.Errorf("row %q: marker at op %d, interval at op %d: the interval must be drawn over the marker", row.Label, marker, interval)
			continue
		}
		m, iv := r.ops[marker], r.ops[interval]
		if y := iv.box.Min.Y; y < m.box.Min.Y || y > m.box.Max.Y {
			t.Errorf("row %q: interval at y %v, marker from %v to %v", row.Label, y, m.box.Min.Y, m.box.Max.Y)
		}
		if i == 1 && iv.box.Max.X-iv.box.Min.X >= vg.Length(13) {
			t.Errorf("test data: the spread interval is %v wide, meant to be narrower than its marker", iv.box.Max.X-iv.box.Min.X)
		}
	}
}

// centre returns the horizontal centre of text op o.
func centre(o op) vg.Length { b := textBox(o); return (b.Min.X + b.Max.X) / 2 }

func TestAlertnessContent(t *testing.T) {
	slots, series := sampleAlertness()
	fig, err := alertnessFigure("Mean alertness by slot (under random)", slots, series)
	if err != nil {
		t.Fatal(err)
	}
	if len(fig.panels) != 2 {
		t.Fatalf("%d panels, want one per day (2)", len(fig.panels))
	}
	for d, p := range fig.panels {
		lo, hi := float64(3*d), float64(3*d+2)
		if p.X.Min > lo || p.X.Max < hi || p.X.Min < lo-1 || p.X.Max > hi+1 {
			t.Errorf("day %d: x axis %v..%v, want about slots %v..%v only", d+1, p.X.Min, p.X.Max, lo, hi)
		}
		if p.Y.Min > 0 || p.Y.Max < 1 {
			t.Errorf("day %d: y axis %v..%v, want the whole 0–1 scale", d+1, p.Y.Min, p.Y.Max)
		}
	}
	r := record(t, fig)
	for _, s := range []string{"Day 1: Friday 1 December 2017", "Day 2: Saturday 2 December 2017",
		"jet lag", "west (41 people)", "east (12 people)", "none (147 people)"} {
		if len(r.find(s)) != 1 {
			t.Errorf("%q drawn %d times, want once", s, len(r.find(s)))
		}
	}
	// No line runs across the night: none spans from day 1's last slot to
	// day 2's first.
	evening, morning := r.find("15:30–16:30"), r.find("09:30–10:30")
	if len(evening) != 2 || len(morning) != 2 {
		t.Fatalf("slot times drawn %d and %d times, want twice each", len(evening), len(morning))
	}
	x0, x1 := centre(evening[0]), centre(morning[1])
	lines := 0
	for _, o := range r.ops {
		if o.kind == "stroke" && o.width == vg.Points(1.8) {
			lines++
			if o.box.Min.X <= x0+1 && o.box.Max.X >= x1-1 {
				t.Errorf("a line runs from x = %v to %v, across the night between %v and %v", o.box.Min.X, o.box.Max.X, x0, x1)
			}
		}
	}
	if lines == 0 {
		t.Error("no lines drawn")
	}

	// A group keeps its colour whichever groups are present.
	east := []Series{{Name: "flew east (12 people)", Style: "east", Y: []float64{0.4, 0.5, 0.6, 0.5, 0.6, 0.7}}}
	fig, err = alertnessFigure("t", slots, east)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range record(t, fig).ops {
		if o.kind == "stroke" && o.width == vg.Points(1.8) && o.color != oiOrange {
			t.Errorf("east drawn in %v, want its fixed orange %v", o.color, oiOrange)
		}
	}
}

func TestHandsContent(t *testing.T) {
	var pts []HandsPoint
	maxHands, maxAtt := 0, 0
	collapsed := map[string]int{}
	for i := range 60 {
		g := []string{"random", "spread", "optimized"}[i%3]
		h, a := 10+i, 2+i/3 // attendance far below hands
		if i%7 == 0 {
			a = 1
		}
		pts = append(pts, HandsPoint{Hands: h, Attendance: a, Collapsed: a <= 2, Group: g})
		if a <= 2 {
			collapsed[g]++
		}
		maxHands, maxAtt = max(maxHands, h), max(maxAtt, a)
	}
	fig, err := handsFigure("Hands raised vs attendance", pts, policy.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if len(fig.panels) != 3 {
		t.Fatalf("%d panels, want one per policy (3)", len(fig.panels))
	}
	for i, p := range fig.panels {
		if p.X.Max < float64(maxHands) || p.X.Max > 1.1*float64(maxHands)+1 {
			t.Errorf("panel %d: hands axis to %v, want just above the most hands raised, %d", i, p.X.Max, maxHands)
		}
		if p.Y.Max < float64(maxAtt) || p.Y.Max > 1.1*float64(maxAtt)+1 {
			t.Errorf("panel %d: attendance axis to %v, want just above the largest attendance, %d", i, p.Y.Max, maxAtt)
		}
	}
	r := record(t, fig)
	var heads []op
	for _, g := range []string{"random", "spread", "optimized"} {
		h := r.find(fmt.Sprintf("%s: %d of 20 collapsed", g, collapsed[g]))
		if len(h) != 1 {
			t.Fatalf("no heading for %s with its %d collapsed sessions in %q", g, collapsed[g], r.texts())
		}
		heads = append(heads, h[0])
	}
	// Each cross lies in its policy's panel: nearest its heading.
	got := make([]int, len(heads))
	for _, o := range r.ops {
		if o.kind != "stroke" || o.color != oiBlack || o.width != vg.Points(1.5) {
			continue
		}
		x := (o.box.Min.X + o.box.Max.X) / 2
		best := 0
		for k := range heads {
			if abs(x-centre(heads[k])) < abs(x-centre(heads[best])) {
				best = k
			}
		}
		got[best]++
	}
	for k, g := range []string{"random", "spread", "optimized"} {
		// One stroke a cross, and the legend's beside the last panel.
		want := collapsed[g]
		if k == len(heads)-1 {
			want++
		}
		if got[k] != want {
			t.Errorf("%s: %d crosses in its panel, want %d", g, got[k], want)
		}
	}
}

func abs(v vg.Length) vg.Length { return max(v, -v) }

func TestLineChartContent(t *testing.T) {
	series := sampleSweep()
	lc := LineChart{Title: "Satisfaction vs share of visitors", XLabel: "share of visitors (0–1)",
		YLabel: "satisfaction (mean per attendee, 0–1)", LegendTitle: "policy", Series: series}
	for _, points := range []bool{false, true} {
		lc.Points = points
		fig, err := lc.figure()
		if err != nil {
			t.Fatal(err)
		}
		p := fig.panels[0]
		if p.X.Label.Text != lc.XLabel || p.Y.Label.Text != lc.YLabel {
			t.Errorf("axes %q, %q", p.X.Label.Text, p.Y.Label.Text)
		}
		r := record(t, fig)
		if len(r.find("policy")) != 1 {
			t.Errorf("points %v: no legend title", points)
		}
		joined := 0
		for _, o := range r.ops {
			if o.kind == "stroke" && o.width == vg.Points(1.8) && o.box.Max.X-o.box.Min.X > 30 {
				joined++
			}
		}
		if points && joined > 0 {
			t.Errorf("points: %d lines join points", joined)
		}
		if !points && joined < len(series) {
			t.Errorf("lines: %d lines for %d series", joined, len(series))
		}
	}
}

// overlapping returns the pairs of texts r drew whose boxes overlap.
func overlapping(r *recorder) [][2]string {
	var texts []op
	for _, o := range r.ops {
		if o.kind == "text" && o.text != "" {
			texts = append(texts, o)
		}
	}
	boxes := make([]vg.Rectangle, len(texts))
	for i, o := range texts {
		boxes[i] = textBox(o)
	}
	var out [][2]string
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			if overlap(boxes[i], boxes[j]) > 0 {
				out = append(out, [2]string{texts[i].text, texts[j].text})
			}
		}
	}
	return out
}

// TestTextInsideFigure checks no chart writes text past its edges, long
// titles included.
func TestTextInsideFigure(t *testing.T) {
	long := "Satisfaction p10: difference to random (paired, 95% CI; higher is better)"
	groups, values := sampleBox()
	extra := []chart{
		{"long forest", func() (figure, error) { return forestFigure(long, "Δ", sampleForest(), policy.Builtin()) }, nil},
		{"long box", func() (figure, error) { return boxFigure(long+long, "y", groups[:2], values[:2], policy.Builtin()) }, nil},
		{"long lines", func() (figure, error) {
			return LineChart{Title: long + " vs weight of interest", LegendTitle: "policy", Series: sampleSweep()}.figure()
		}, nil},
	}
	for _, c := range append(charts(), extra...) {
		if c.fig == nil {
			continue
		}
		fig, err := c.fig()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, o := range record(t, fig).ops {
			if o.kind != "text" || o.text == "" {
				continue
			}
			if b := textBox(o); b.Min.X < -0.5 || b.Max.X > fig.w+0.5 || b.Min.Y < -0.5 || b.Max.Y > fig.h+0.5 {
				t.Errorf("%s: %q at %v..%v runs off the %v × %v figure", c.name, o.text, b.Min, b.Max, fig.w, fig.h)
			}
		}
	}
}

func TestMorrisContent(t *testing.T) {
	mc := MorrisChart{Title: "Morris screening of satisfaction: spread", Metric: "satisfaction",
		Unit: "mean per attendee, 0–1", Points: sampleMorris()}
	fig, err := mc.figure()
	if err != nil {
		t.Fatal(err)
	}
	p := fig.panels[0]
	for _, l := range []string{p.X.Label.Text, p.Y.Label.Text} {
		if !strings.Contains(l, "(mean per attendee, 0–1)") {
			t.Errorf("axis %q states no unit", l)
		}
	}
	r := record(t, fig)
	// The three points at (or next to) the origin share one label, one
	// name a line.
	var lines []op
	for _, name := range []string{"metrics.collapsed", "choice.b_crowd", "votes.budget"} {
		o := r.find(name)
		if len(o) != 1 {
			t.Fatalf("%q drawn %d times, want once", name, len(o))
		}
		lines = append(lines, o[0])
	}
	for i := 1; i < len(lines); i++ {
		if lines[i].at.X != lines[0].at.X || lines[i].at.Y >= lines[i-1].at.Y {
			t.Errorf("%q at %v is not the line under %q at %v", lines[i].text, lines[i].at, lines[i-1].text, lines[i-1].at)
		}
	}
	if o := overlapping(r); len(o) > 0 {
		t.Errorf("overlapping texts: %q", o)
	}
}
