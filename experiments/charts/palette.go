package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/unconf/unconf/sim/policy"
)

// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"):
// eight colours that stay distinct under protanopia, deuteranopia and
// tritanopia.
var (
	oiBlack      = color.RGBA{0x00, 0x00, 0x00, 0xff}
	oiOrange     = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	oiSkyBlue    = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	oiGreen      = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	oiBlue       = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	oiVermillion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	oiPurple     = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
	fallbackGrey = color.RGBA{0x99, 0x99, 0x99, 0xff}
	refGrey      = color.RGBA{0x66, 0x66, 0x66, 0xff}
	gridGrey     = color.RGBA{0xe3, 0xe3, 0xe3, 0xff}
)

// policyGlyphs are the policies' markers, by their position in the
// registry's report order (their colours are the registry's Kind.Color).
var (
	policyGlyphs = [...]draw.GlyphDrawer{
		draw.CircleGlyph{}, polyGlyph{4, 45}, polyGlyph{3, 90}, polyGlyph{4, 0},
		polyGlyph{3, -90}, polyGlyph{5, 90}, polyGlyph{6, 0},
	}
	// otherColors colour series whose names are not policies, in order
	// of appearance (yellow is left out: too light for lines on white).
	otherColors = [...]color.RGBA{oiBlue, oiOrange, oiGreen, oiVermillion, oiSkyBlue, oiPurple, oiBlack}
)

// groupKeys are the series keys besides the policy names that have a
// fixed colour and marker in every chart (Series.Style): the jet-lag
// groups, west (blue circles), east (orange squares) and none (bluish
// green triangles); groupColors and groupGlyphs style them.
var (
	groupKeys   = [...]string{"west", "east", "none"}
	groupColors = [...]color.RGBA{oiBlue, oiOrange, oiGreen}
	groupGlyphs = [...]draw.GlyphDrawer{draw.CircleGlyph{}, polyGlyph{4, 45}, polyGlyph{3, 90}}
)

// PolicyColor returns the colour of the policy called name, the same in
// every chart: its Kind.Color in policy.Builtin (Okabe–Ito). Any other
// name gets a neutral grey.
func PolicyColor(name string) color.Color {
	if k, ok := policy.Builtin().Lookup(name); ok {
		return k.Color
	}
	return fallbackGrey
}

// styler hands out the colour and marker of each series of one chart by
// its key: the policies of pols get their Kind.Color and the marker of
// their position, groupKeys their fixed colour, other keys the next
// unused colour of otherColors.
type styler struct {
	pols   policy.Registry
	others map[string]int
}

func (s *styler) style(name string) (color.RGBA, draw.GlyphDrawer) {
	if k, ok := s.pols.Lookup(name); ok {
		return k.Color, policyGlyphs[s.pols.Index(name)%len(policyGlyphs)]
	}
	for i, g := range groupKeys {
		if g == name {
			return groupColors[i], groupGlyphs[i]
		}
	}
	if s.others == nil {
		s.others = make(map[string]int)
	}
	i, ok := s.others[name]
	if !ok {
		i = len(s.others)
		s.others[name] = i
	}
	return otherColors[i%len(otherColors)], policyGlyphs[i%len(policyGlyphs)]
}

// withAlpha returns c at opacity a in [0, 1], premultiplied as
// color.RGBA requires.
func withAlpha(c color.RGBA, a float64) color.RGBA {
	return color.RGBA{
		R: uint8(float64(c.R)*a + 0.5),
		G: uint8(float64(c.G)*a + 0.5),
		B: uint8(float64(c.B)*a + 0.5),
		A: uint8(255*a + 0.5),
	}
}

// ramp is a continuous colour map given by evenly spaced stops.
type ramp []color.RGBA

var (
	// viridis (van der Walt & Smith, matplotlib): perceptually uniform,
	// colour-blind safe, readable in greyscale.
	viridis = ramp{
		{0x44, 0x01, 0x54, 0xff}, {0x47, 0x2c, 0x7a, 0xff}, {0x3b, 0x51, 0x8b, 0xff},
		{0x2c, 0x71, 0x8e, 0xff}, {0x21, 0x90, 0x8d, 0xff}, {0x27, 0xad, 0x81, 0xff},
		{0x5c, 0xc8, 0x63, 0xff}, {0xaa, 0xdc, 0x32, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
	}
	// blues is ColorBrewer's single-hue Blues.
	blues = ramp{
		{0xf7, 0xfb, 0xff, 0xff}, {0xde, 0xeb, 0xf7, 0xff}, {0xc6, 0xdb, 0xef, 0xff},
		{0x9e, 0xca, 0xe1, 0xff}, {0x6b, 0xae, 0xd6, 0xff}, {0x42, 0x92, 0xc6, 0xff},
		{0x21, 0x71, 0xb5, 0xff}, {0x08, 0x51, 0x9c, 0xff}, {0x08, 0x30, 0x6b, 0xff},
	}
	// redBlue is ColorBrewer's diverging RdBu: negative red, zero white,
	// positive blue.
	redBlue = ramp{
		{0xb2, 0x18, 0x2b, 0xff}, {0xd6, 0x60, 0x4d, 0xff}, {0xf4, 0xa5, 0x82, 0xff},
		{0xfd, 0xdb, 0xc7, 0xff}, {0xf7, 0xf7, 0xf7, 0xff}, {0xd1, 0xe5, 0xf0, 0xff},
		{0x92, 0xc5, 0xde, 0xff}, {0x43, 0x93, 0xc3, 0xff}, {0x21, 0x66, 0xac, 0xff},
	}
)

// at returns the colour at t in [0, 1] (clamped), interpolated linearly
// between stops.
func (r ramp) at(t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	f := t * float64(len(r)-1)
	i := int(f)
	if i >= len(r)-1 {
		return r[len(r)-1]
	}
	u := f - float64(i)
	a, b := r[i], r[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-u) + float64(y)*u + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// luminance returns the relative luminance of c in [0, 1] (WCAG 2).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// textOn returns black or white, whichever reads better on background bg.
func textOn(bg color.Color) color.Color {
	if luminance(bg) > 0.2 {
		return color.Black
	}
	return color.White
}

// polyGlyph is a filled regular polygon with N corners, the first at
// Rot degrees counter-clockwise from the x axis; its area is about that of
// a circle of the glyph's radius.
type polyGlyph struct {
	N   int
	Rot float64
}

// DrawGlyph implements draw.GlyphDrawer.
func (g polyGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	n := float64(g.N)
	// Circumradius giving the polygon the area of the circle.
	r := float64(sty.Radius) * math.Sqrt(2*math.Pi/(n*math.Sin(2*math.Pi/n)))
	var p vg.Path
	for i := range g.N {
		a := (g.Rot + 360*float64(i)/n) * math.Pi / 180
		q := vg.Point{X: pt.X + vg.Length(r*math.Cos(a)), Y: pt.Y + vg.Length(r*math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	c.Fill(p)
}

// crossGlyph is an × drawn with strokes of width W.
type crossGlyph struct{ W vg.Length }

// DrawGlyph implements draw.GlyphDrawer.
func (g crossGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.W})
	r := sty.Radius * 0.7071
	var p vg.Path
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
	p.Move(vg.Point{X: pt.X - r, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
	c.Stroke(p)
}
