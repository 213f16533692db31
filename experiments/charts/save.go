package charts

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	xfont "golang.org/x/image/font"
	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

// PNGDPI is the resolution of PNG charts in dots per inch: a chart of
// w × h inches is w·PNGDPI × h·PNGDPI pixels, sharp enough for print and
// high-density screens.
const PNGDPI = 150

// format returns the lower-case extension of path if it is one we write.
func format(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".png", ".svg", ".pdf":
		return ext, nil
	}
	return "", fmt.Errorf("charts: %q: %w", path, ErrFormat)
}

// newCanvas returns an empty w × h canvas writing format ext.
func newCanvas(ext string, w, h vg.Length) vg.CanvasWriterTo {
	switch ext {
	case ".png":
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI))}
	case ".svg":
		return svgCanvas{vgsvg.New(w, h)}
	default:
		return pdfCanvas{vgpdf.New(w, h)}
	}
}

// render draws f on cv, returning a panic inside gonum/plot as an error
// so that a chart never takes its caller down.
func render(f figure, cv vg.CanvasWriterTo) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f.draw(draw.New(cv))
	return nil
}

// svgCanvas names fallbacks for the font vgsvg writes as the bare family
// "Liberation Sans": Arial and Helvetica have the same metrics, so text
// fits as laid out wherever one of the three is installed, and a viewer
// with none falls back to a sans-serif rather than its default serif.
// (Embedding the fonts instead costs 1.1 MB a file, and librsvg ignores
// embedded fonts anyway.)
type svgCanvas struct{ *vgsvg.Canvas }

// FillString implements vg.Canvas, keeping the file valid XML: invalid
// UTF-8 becomes U+FFFD and control characters spaces.
func (c svgCanvas) FillString(f font.Face, pt vg.Point, s string) {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	c.Canvas.FillString(f, pt, s)
}

// WriteTo implements io.WriterTo.
func (c svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	n, err := w.Write(out)
	return int64(n), err
}

// pdfCanvas works around four faults of vgpdf (gonum/plot v0.17):
//
//   - it registers every font under style "" but selects bold and italic
//     faces with style "B" / "I", which fails with "undefined font";
//
//   - every embedded font file is named "font.z", and fpdf keys embedded
//     files by that name, so all faces of a PDF end up drawn with the
//     glyphs of the last one registered (bold titles turn every label
//     bold, an italic note turns all text italic);
//
//   - it embeds fonts with the cp1252 encoding but passes text on as
//     UTF-8, so every non-ASCII character comes out as mojibake ("â†’"
//     for "→").
//
//   - it hands the premultiplied components of a translucent colour to
//     fpdf as if they were straight, so translucent fills come out too
//     dark: SetColor un-premultiplies them (straightColor).
//
// So PDF text is drawn in the regular face only (emphasis is lost, the
// layout is unchanged) and re-encoded to cp1252, the few characters
// cp1252 lacks spelled out (pdfFallback).
type pdfCanvas struct{ *vgpdf.Canvas }

// SetColor implements vg.Canvas.
func (c pdfCanvas) SetColor(col color.Color) {
	if col != nil {
		if r, g, b, a := col.RGBA(); a != 0 && a != 0xffff {
			col = straightColor{r * 0xffff / a, g * 0xffff / a, b * 0xffff / a, a}
		}
	}
	c.Canvas.SetColor(col)
}

// straightColor is a colour whose RGBA method returns straight (not
// premultiplied) components, which is what vgpdf expects.
type straightColor struct{ r, g, b, a uint32 }

// RGBA implements color.Color, breaking its premultiplication contract
// on purpose; only pdfCanvas uses it.
func (c straightColor) RGBA() (r, g, b, a uint32) { return c.r, c.g, c.b, c.a }

// pdfFallback spells out characters our charts use that cp1252 lacks.
var pdfFallback = map[rune]string{
	'→': "->", '←': "<-", '−': "-", '≤': "<=", '≥': ">=", '≈': "~",
	'μ': "\xb5", 'σ': "sigma", 'Δ': "delta", 'φ': "phi", 'ρ': "rho",
}

// toCP1252 re-encodes s for a vgpdf font.
func toCP1252(s string) string {
	var b strings.Builder
	for _, r := range s {
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
		} else if f, ok := pdfFallback[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// FillString implements vg.Canvas.
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Weight != xfont.WeightNormal || f.Font.Style != xfont.StyleNormal {
		regular := f.Font
		regular.Weight, regular.Style = xfont.WeightNormal, xfont.StyleNormal
		f = font.DefaultCache.Lookup(regular, regular.Size)
	}
	c.Canvas.FillString(f, pt, toCP1252(s))
}

// figure is a laid-out chart: its size, how to draw it and the plots it
// draws, whose titles, labels and ranges tests read as data.
type figure struct {
	w, h   vg.Length
	draw   func(c draw.Canvas)
	panels []*plot.Plot
}

// newFigure returns the figure of size w × h drawn by fn, showing panels,
// for the last line of the chart builders.
func newFigure(w, h vg.Length, fn func(c draw.Canvas), panels ...*plot.Plot) (figure, error) {
	return figure{w: w, h: h, draw: fn, panels: panels}, nil
}

// save renders f in the format of path's extension and writes it
// atomically: to a temporary file in path's directory that is renamed to
// path once complete and removed on any error, which is a *WriteError.
func (f figure) save(path string) error {
	ext, err := format(path)
	if err != nil {
		return err
	}
	cv := newCanvas(ext, f.w, f.h)
	if err := render(f, cv); err != nil {
		return fmt.Errorf("charts: drawing %s: %w", path, err)
	}
	err = atomicfile.Write(path, func(w *os.File) error {
		_, err := cv.WriteTo(w)
		return err
	})
	if err != nil {
		return &WriteError{Path: path, Err: err}
	}
	return nil
}
