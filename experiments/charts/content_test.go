package charts

import (
	"regexp"
	"testing"

	"gonum.org/v1/plot/vg"
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
	fig, err := forestFigure("Satisfaction: difference to random", "Δ satisfaction (0–1)", rows)
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
	var st styler
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
