package charts

import (
	"bytes"
	"compress/zlib"
	"flag"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim/policy"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var review = flag.String("review", "", "write every chart with sample data as PNG, SVG and PDF into this directory (TestReview)")

// chart is one chart function with sample data: fig lays it out, write
// saves it.
type chart struct {
	name  string
	fig   func() (figure, error)
	write func(path string) error
}

func charts() []chart {
	groups, values := sampleBox()
	rows := sampleForest()
	sweep := sampleSweep()
	slotLabels, alert := sampleAlertness()
	hands := sampleHands()
	slots, rooms, cells := sampleGrid()
	xs, ys, z := sampleHeat(false)
	sxs, sys, sz := sampleHeat(true)
	morris := sampleMorris()
	const (
		boxTitle   = "Mean satisfaction by policy (200 replicates)"
		boxY       = "mean satisfaction (0–1)"
		forestT    = "Satisfaction: difference to random (paired over 200 replicates)"
		forestX    = "Δ mean satisfaction vs random (95% CI)"
		sweepT     = "Mean satisfaction vs share of west-coast visitors"
		sweepX     = "jetlag.west_share (fraction of attendees)"
		sweepY     = "mean satisfaction (0–1)"
		handsT     = "Hands raised vs attendance"
		gridT      = "Schedule, replicate 0, policy optimized"
		gridV      = "attendance / capacity"
		heatT      = "Mean satisfaction (optimized) over rooms × attendees"
		heatX      = "rooms.count (rooms)"
		heatY      = "attendees.count (people)"
		heatZ      = "mean satisfaction (0–1)"
		marginT    = "Margin of optimized over random"
		marginZ    = "Δ mean satisfaction (optimized − random)"
		morrisT    = "Morris screening: mean satisfaction"
		alertTitle = "alertness"
		alertT     = "Mean alertness by slot (under random)"
	)
	gridX := GridText{Caption: "Each cell: session title, then hands raised → predicted median attendance.",
		Legend: map[string]string{"collapse": "collapse risk", "overflow": "overflow risk"}}
	return append([]chart{
		{"box",
			func() (figure, error) { return boxFigure(boxTitle, boxY, groups, values, policy.Builtin()) },
			func(p string) error { return Box(p, boxTitle, boxY, groups, values, policy.Builtin()) }},
		{"forest",
			func() (figure, error) { return forestFigure(forestT, forestX, rows, policy.Builtin()) },
			func(p string) error { return Forest(p, forestT, forestX, rows, policy.Builtin()) }},
		{"sweep",
			func() (figure, error) {
				return LineChart{Title: sweepT, XLabel: sweepX, YLabel: sweepY, Series: sweep}.figure()
			},
			func(p string) error { return Lines(p, sweepT, sweepX, sweepY, sweep) }},
		{"alertness",
			func() (figure, error) { return alertnessFigure(alertT, slotLabels, alert) },
			func(p string) error { return AlertnessBySlot(p, alertT, slotLabels, alert) }},
		{"hands",
			func() (figure, error) { return handsFigure(handsT, hands, policy.Builtin()) },
			func(p string) error { return HandsVsAttendance(p, handsT, hands, policy.Builtin()) }},
		{"grid",
			func() (figure, error) { return gridFigure(gridT, gridV, slots, rooms, cells, gridX) },
			func(p string) error { return ScheduleGrid(p, gridT, gridV, slots, rooms, cells, gridX) }},
		{"heat",
			func() (figure, error) {
				return HeatMap{Title: heatT, XLabel: heatX, YLabel: heatY, ZLabel: heatZ, X: xs, Y: ys, Z: z}.figure()
			},
			func(p string) error { return Heat(p, heatT, heatX, heatY, heatZ, xs, ys, z) }},
		{"heat-signed",
			func() (figure, error) {
				return HeatMap{Title: marginT, XLabel: heatX, YLabel: heatY, ZLabel: marginZ, X: sxs, Y: sys, Z: sz}.figure()
			},
			func(p string) error { return Heat(p, marginT, heatX, heatY, marginZ, sxs, sys, sz) }},
		{"morris",
			func() (figure, error) { return MorrisChart{Title: morrisT, Points: morris}.figure() },
			func(p string) error { return Morris(p, morrisT, morris) }},
		{"heat-winner",
			func() (figure, error) { return sampleWinner().figure() },
			func(p string) error { return sampleWinner().Save(p) }},
	}, edgeCharts()...)
}

// edgeCharts are charts of degenerate but valid data.
func edgeCharts() []chart {
	nan := math.NaN()
	gaps := []Series{
		{Name: "a series with a rather long name (units)", X: []float64{1, 2, 3, 4, 5}, Y: []float64{1, 2, nan, 4, 5},
			Low: []float64{0.5, 1.5, 2, nan, 4.5}, High: []float64{1.5, 2.5, 4, nan, 5.5}},
		{Name: "random", X: []float64{3}, Y: []float64{3}},
	}
	var bigX, bigY []float64
	var bigZ [][]float64
	for i := range 20 {
		bigX = append(bigX, 0.05*float64(i))
	}
	for j := range 15 {
		bigY = append(bigY, float64(100*j))
		row := make([]float64, len(bigX))
		for i := range row {
			row[i] = float64(i*j) - 50
			if i == j {
				row[i] = nan
			}
		}
		bigZ = append(bigZ, row)
	}
	small := [][]Cell{{{}, {Title: "Only session", Hands: 3, Attendance: 2, Value: nan, Risk: "low quorum"}}}
	return []chart{
		{"edge-box", nil, func(p string) error {
			return Box(p, "One value, one empty group", "value", []string{"x", "empty"}, [][]float64{{2}, {nan}}, policy.Builtin())
		}},
		{"edge-forest", nil, func(p string) error {
			return Forest(p, "One row, no interval", "difference", []ForestRow{{Label: "spread", Mean: 0.2, Low: nan, High: nan}}, policy.Builtin())
		}},
		{"edge-lines", nil, func(p string) error { return Lines(p, "Gaps", "x", "y", gaps) }},
		{"edge-heat-1x1", nil, func(p string) error {
			return Heat(p, "One cell", "x", "y", "z", []float64{1}, []float64{2}, [][]float64{{0.5}})
		}},
		{"edge-heat-big", nil, func(p string) error {
			return Heat(p, "20 × 15 cells, NaN diagonal", "jetlag.west_share", "attendees.count", "z", bigX, bigY, bigZ)
		}},
		{"edge-grid", nil, func(p string) error {
			return ScheduleGrid(p, "Tiny grid", "v", []Slot{{"Day 1", "09:30"}}, []string{"Room A", "Room B"}, small, GridText{})
		}},
		{"edge-morris", nil, func(p string) error {
			return Morris(p, "No effects", []MorrisPoint{{"a", 0, 0}, {"b", 0, 0}})
		}},
		{"edge-hands", nil, func(p string) error {
			return HandsVsAttendance(p, "One session", []HandsPoint{{Hands: 0, Attendance: 0, Collapsed: true}}, policy.Builtin())
		}},
	}
}

// TestFormats writes every chart as PNG, SVG and PDF and checks each file
// decodes as its format, the PNG at the figure's size.
func TestFormats(t *testing.T) {
	for _, c := range charts() {
		t.Run(c.name, func(t *testing.T) {
			var fig figure
			if c.fig != nil {
				var err error
				if fig, err = c.fig(); err != nil {
					t.Fatalf("%s: layout: %v", c.name, err)
				}
			}
			dir := t.TempDir()
			for _, ext := range []string{".png", ".svg", ".pdf"} {
				path := filepath.Join(dir, c.name+ext)
				if err := c.write(path); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				switch ext {
				case ".png":
					img, err := png.Decode(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("%s: png.Decode: %v", path, err)
					}
					wantW := int(float64(fig.w)/72*PNGDPI + 0.5)
					wantH := int(float64(fig.h)/72*PNGDPI + 0.5)
					if b := img.Bounds(); c.fig != nil && (b.Dx() != wantW || b.Dy() != wantH) {
						t.Errorf("%s: %d×%d px, want %d×%d", path, b.Dx(), b.Dy(), wantW, wantH)
					}
				case ".svg":
					if !bytes.Contains(data, []byte("<svg")) {
						t.Errorf("%s: no <svg element", path)
					}
					if err := parseXML(data); err != nil {
						t.Fatalf("%s: invalid XML: %v", path, err)
					}
				case ".pdf":
					if !bytes.HasPrefix(data, []byte("%PDF")) {
						t.Errorf("%s: starts %q, want %%PDF", path, data[:min(8, len(data))])
					}
				}
			}
			left, _ := os.ReadDir(dir)
			if len(left) != 3 {
				t.Errorf("%s: %d files in the output directory, want 3 (temporary files left?)", c.name, len(left))
			}
		})
	}
}

// TestPolicyColor checks every policy has its own colour, none the
// fallback, and unknown names get the fallback.
func TestPolicyColor(t *testing.T) {
	seen := map[color.Color]string{}
	for _, name := range policy.Names() {
		c := PolicyColor(name)
		if c == color.Color(fallbackGrey) {
			t.Errorf("PolicyColor(%q) is the fallback", name)
		}
		if other, dup := seen[c]; dup {
			t.Errorf("PolicyColor(%q) = PolicyColor(%q)", name, other)
		}
		seen[c] = name
	}
	if got := PolicyColor("no-such-policy"); got != color.Color(fallbackGrey) {
		t.Errorf("PolicyColor(unknown) = %v, want the fallback %v", got, fallbackGrey)
	}
	if len(policyGlyphs) < len(policy.Names()) {
		t.Errorf("%d policy markers for %d policies", len(policyGlyphs), len(policy.Names()))
	}
}

// TestReview renders every chart into the -review directory, for looking
// at them.
func TestReview(t *testing.T) {
	if *review == "" {
		t.Skip("no -review directory")
	}
	if err := os.MkdirAll(*review, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range charts() {
		for _, ext := range []string{".png", ".svg", ".pdf"} {
			if err := c.write(filepath.Join(*review, c.name+ext)); err != nil {
				t.Error(err)
			}
		}
	}
}

func BenchmarkBoxPNG(b *testing.B) {
	groups, values := sampleBox()
	path := filepath.Join(b.TempDir(), "box.png")
	b.ReportAllocs()
	for b.Loop() {
		if err := Box(path, "Mean satisfaction", "mean satisfaction (0–1)", groups, values, policy.Builtin()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPDFWorkarounds checks the PDF backend fixes: a translucent fill
// keeps its straight colour, text is cp1252 in one embedded face.
func TestPDFWorkarounds(t *testing.T) {
	fig := figure{w: 100, h: 100, draw: func(c draw.Canvas) {
		c.SetColor(withAlpha(oiOrange, 0.5))
		c.Fill(c.Rectangle.Path())
		bold := textStyle(sansBold, 10, oiBlack)
		c.FillText(bold, vg.Point{X: 10, Y: 50}, "μ* → σ")
	}}
	path := filepath.Join(t.TempDir(), "w.pdf")
	if err := fig.save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var content []byte
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`).FindAllSubmatch(data, -1) {
		if r, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			b, _ := io.ReadAll(r)
			content = append(content, b...)
		}
	}
	// Orange #e69f00 is 0.902 0.624 0.000 (0.451 0.312 0 premultiplied).
	if !regexp.MustCompile(`0\.(89|90)\d 0\.6[0-3]\d 0\.000 rg`).Match(content) {
		t.Errorf("translucent orange fill not written as straight 0.902 0.624 0.000 rg")
	}
	if !bytes.Contains(content, []byte("\xb5* -> sigma")) {
		t.Errorf("text not re-encoded to cp1252 with fallbacks")
	}
	if n := bytes.Count(data, []byte("/FontFile2")); n != 1 {
		t.Errorf("%d embedded font files, want 1", n)
	}
}

func BenchmarkScheduleGridPNG(b *testing.B) {
	slots, rooms, cells := sampleGrid()
	path := filepath.Join(b.TempDir(), "grid.png")
	b.ReportAllocs()
	for b.Loop() {
		if err := ScheduleGrid(path, "Schedule", "attendance / capacity", slots, rooms, cells, GridText{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGridText checks a schedule grid writes the caption and legend labels
// its GridText gives, and the defaults otherwise.
func TestGridText(t *testing.T) {
	cells := [][]Cell{{
		{Title: "Dead", Hands: 4, Attendance: 1, Value: 0.1, Risk: "collapse"},
		{Title: "Packed", Hands: 40, Attendance: 20, Value: 1, Risk: "overflow"},
		{Title: "Odd", Hands: 3, Attendance: 3, Value: 0.3, Risk: "low quorum"},
	}}
	tests := []struct {
		name      string
		text      GridText
		want, not []string
	}{
		{"zero", GridText{},
			[]string{DefaultGridCaption, ">collapse<", ">overflow<", ">low quorum<"},
			[]string{"risk", "collapsed", "turned away"}},
		{"outcomes", GridText{Legend: map[string]string{"collapse": "collapsed (≤ 2 present)", "overflow": "people turned away"}},
			[]string{DefaultGridCaption, "collapsed (≤ 2 present)", "people turned away", ">low quorum<"},
			[]string{"risk"}},
		{"forecast", GridText{Caption: "Each cell: hands raised → predicted median attendance.",
			Legend: map[string]string{"collapse": "collapse risk", "overflow": "overflow risk", "low quorum": "quorum risk"}},
			[]string{"predicted median attendance.", "collapse risk", "overflow risk", "quorum risk"},
			[]string{DefaultGridCaption, "collapsed", "turned away"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "grid.svg")
			if err := ScheduleGrid(path, "Title", "v", []Slot{{"Day 1", "09:30"}}, []string{"A", "B", "C"}, cells, tt.text); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			svg := string(data)
			for _, s := range tt.want {
				if !strings.Contains(svg, s) {
					t.Errorf("no %q in the SVG", s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(svg, s) {
					t.Errorf("%q in the SVG", s)
				}
			}
		})
	}
	// A long legend widens the chart rather than running off it.
	short, err := gridFigure("t", "v", []Slot{{"d", "s"}}, []string{"A", "B", "C"}, cells, GridText{})
	if err != nil {
		t.Fatal(err)
	}
	long, err := gridFigure("t", "v", []Slot{{"d", "s"}}, []string{"A", "B", "C"}, cells,
		GridText{Legend: map[string]string{"collapse": strings.Repeat("very long label ", 8)}})
	if err != nil {
		t.Fatal(err)
	}
	if long.w <= short.w {
		t.Errorf("width %v with a long legend label, %v without", long.w, short.w)
	}
}
