package charts

import (
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// A recorder is a vg.Canvas that keeps what a figure draws, in order, as
// data for tests: every text with where it starts, every stroke and fill
// with its bounding box and colour, in page coordinates (points from the
// lower-left corner).
type recorder struct {
	w, h  vg.Length
	ops   []op
	state recState
	stack []recState
}

// op is one drawing operation.
type op struct {
	kind  string // "text", "stroke" or "fill"
	text  string
	at    vg.Point     // text: the transformed start point
	box   vg.Rectangle // stroke, fill: the transformed bounding box
	color color.RGBA   // premultiplied, as set
	width vg.Length    // stroke width
	dash  bool         // stroke is dashed
	font  font.Font    // text: the font
	size  vg.Length    // text: font size
	local vg.Point     // text: the start point before the transform m
	m     [6]float64   // text: the transform
}

type recState struct {
	m     [6]float64 // affine transform: x' = m0 x + m1 y + m2, y' = m3 x + m4 y + m5
	color color.RGBA
	width vg.Length
	dash  bool
}

func newRecorder(w, h vg.Length) *recorder {
	return &recorder{w: w, h: h, state: recState{m: [6]float64{1, 0, 0, 0, 1, 0}, color: color.RGBA{A: 0xff}, width: 1}}
}

// record draws f on a recorder and returns it.
func record(t *testing.T, f figure) *recorder {
	t.Helper()
	r := newRecorder(f.w, f.h)
	if err := render(f, r); err != nil {
		t.Fatalf("drawing: %v", err)
	}
	return r
}

// WriteTo lets render take a recorder; it writes nothing.
func (r *recorder) WriteTo(io.Writer) (int64, error) { return 0, nil }

func (r *recorder) Size() (vg.Length, vg.Length)           { return r.w, r.h }
func (r *recorder) SetLineWidth(w vg.Length)               { r.state.width = w }
func (r *recorder) SetLineDash(p []vg.Length, _ vg.Length) { r.state.dash = len(p) > 0 }
func (r *recorder) SetColor(c color.Color) {
	if c == nil {
		c = color.Black
	}
	r.state.color = color.RGBAModel.Convert(c).(color.RGBA)
}
func (r *recorder) Rotate(rad float64) {
	c, s := math.Cos(rad), math.Sin(rad)
	m := r.state.m
	r.state.m = [6]float64{m[0]*c + m[1]*s, -m[0]*s + m[1]*c, m[2], m[3]*c + m[4]*s, -m[3]*s + m[4]*c, m[5]}
}
func (r *recorder) Translate(pt vg.Point) {
	m := r.state.m
	x, y := float64(pt.X), float64(pt.Y)
	r.state.m[2] = m[0]*x + m[1]*y + m[2]
	r.state.m[5] = m[3]*x + m[4]*y + m[5]
}
func (r *recorder) Scale(x, y float64) {
	m := r.state.m
	r.state.m = [6]float64{m[0] * x, m[1] * y, m[2], m[3] * x, m[4] * y, m[5]}
}
func (r *recorder) Push() { r.stack = append(r.stack, r.state) }
func (r *recorder) Pop() {
	r.state = r.stack[len(r.stack)-1]
	r.stack = r.stack[:len(r.stack)-1]
}

func (r *recorder) apply(p vg.Point) vg.Point {
	m := r.state.m
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m[0]*x + m[1]*y + m[2]), Y: vg.Length(m[3]*x + m[4]*y + m[5])}
}

func (r *recorder) bounds(p vg.Path) vg.Rectangle {
	b := vg.Rectangle{Min: vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))},
		Max: vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))}}
	add := func(q vg.Point) {
		q = r.apply(q)
		b.Min.X, b.Min.Y = min(b.Min.X, q.X), min(b.Min.Y, q.Y)
		b.Max.X, b.Max.Y = max(b.Max.X, q.X), max(b.Max.Y, q.Y)
	}
	for _, c := range p {
		switch c.Type {
		case vg.MoveComp, vg.LineComp:
			add(c.Pos)
		case vg.ArcComp:
			add(vg.Point{X: c.Pos.X - c.Radius, Y: c.Pos.Y - c.Radius})
			add(vg.Point{X: c.Pos.X + c.Radius, Y: c.Pos.Y + c.Radius})
		case vg.CurveComp:
			add(c.Pos)
			for _, q := range c.Control {
				add(q)
			}
		}
	}
	return b
}

func (r *recorder) Stroke(p vg.Path) {
	if r.state.width <= 0 {
		return
	}
	r.ops = append(r.ops, op{kind: "stroke", box: r.bounds(p), color: r.state.color, width: r.state.width, dash: r.state.dash})
}

func (r *recorder) Fill(p vg.Path) {
	r.ops = append(r.ops, op{kind: "fill", box: r.bounds(p), color: r.state.color})
}

func (r *recorder) FillString(f font.Face, pt vg.Point, text string) {
	if f.Font.Size == 0 {
		return
	}
	r.ops = append(r.ops, op{kind: "text", text: text, at: r.apply(pt), color: r.state.color, font: f.Font, size: f.Font.Size,
		local: pt, m: r.state.m})
}

func (r *recorder) DrawImage(vg.Rectangle, image.Image) {}

// texts returns every text drawn, in order.
func (r *recorder) texts() []string {
	var out []string
	for _, o := range r.ops {
		if o.kind == "text" {
			out = append(out, o.text)
		}
	}
	return out
}

// has reports whether some text drawn contains s.
func (r *recorder) has(s string) bool {
	return slices.ContainsFunc(r.texts(), func(t string) bool { return strings.Contains(t, s) })
}

// find returns the text ops whose text equals s.
func (r *recorder) find(s string) []op {
	var out []op
	for _, o := range r.ops {
		if o.kind == "text" && o.text == s {
			out = append(out, o)
		}
	}
	return out
}

// textBox returns the box a text op's glyphs cover, from its font's
// metrics (its start point is the baseline's left end, as vg draws it;
// a rotated text's box is that of its rotated corners). The box spans
// most of the ascent and descent, not the line gap, so that lines set
// one under the other do not overlap.
func textBox(o op) vg.Rectangle {
	sty := textStyle(o.font, o.size, nil)
	w := sty.Width(o.text)
	e := sty.FontExtents()
	r := &recorder{state: recState{m: o.m}}
	lo := vg.Point{X: o.local.X, Y: o.local.Y - 0.8*e.Descent}
	hi := vg.Point{X: o.local.X + w, Y: o.local.Y + 0.8*e.Ascent}
	var p vg.Path
	p.Move(lo)
	p.Line(vg.Point{X: hi.X, Y: lo.Y})
	p.Line(hi)
	p.Line(vg.Point{X: lo.X, Y: hi.Y})
	return r.bounds(p)
}
