package charts

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"errors"
	"flag"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/unconf/unconf/sim/policy"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
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

// TestBadInput checks each kind of bad input returns the right error and
// writes nothing.
func TestBadInput(t *testing.T) {
	nan := math.NaN()
	inf := math.Inf(1)
	tests := []struct {
		name  string
		write func(path string) error
		ext   string
		want  error
	}{
		{"unknown extension", func(p string) error { return Box(p, "t", "y", []string{"a"}, [][]float64{{1}}, policy.Builtin()) }, ".jpg", ErrFormat},
		{"no extension", func(p string) error { return Morris(p, "t", sampleMorris()) }, "", ErrFormat},
		{"box length mismatch", func(p string) error { return Box(p, "t", "y", []string{"a", "b"}, [][]float64{{1}}, policy.Builtin()) }, ".png", ErrLength},
		{"box empty", func(p string) error { return Box(p, "t", "y", nil, nil, policy.Builtin()) }, ".png", ErrNoData},
		{"box all NaN", func(p string) error {
			return Box(p, "t", "y", []string{"a"}, [][]float64{{nan, nan}}, policy.Builtin())
		}, ".svg", ErrNoData},
		{"box infinity", func(p string) error { return Box(p, "t", "y", []string{"a"}, [][]float64{{1, inf}}, policy.Builtin()) }, ".pdf", ErrValue},
		{"forest empty", func(p string) error { return Forest(p, "t", "x", nil, policy.Builtin()) }, ".png", ErrNoData},
		{"forest NaN mean", func(p string) error { return Forest(p, "t", "x", []ForestRow{{"a", nan, 0, 1}}, policy.Builtin()) }, ".png", ErrValue},
		{"forest CI reversed", func(p string) error { return Forest(p, "t", "x", []ForestRow{{"a", 0.5, 1, 0}}, policy.Builtin()) }, ".png", ErrValue},
		{"forest half CI", func(p string) error { return Forest(p, "t", "x", []ForestRow{{"a", 0.5, 0, nan}}, policy.Builtin()) }, ".png", ErrValue},
		{"lines empty", func(p string) error { return Lines(p, "t", "x", "y", nil) }, ".png", ErrNoData},
		{"lines all NaN", func(p string) error {
			return Lines(p, "t", "x", "y", []Series{{Name: "a", X: []float64{1}, Y: []float64{nan}}})
		}, ".png", ErrNoData},
		{"lines x/y mismatch", func(p string) error {
			return Lines(p, "t", "x", "y", []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1}}})
		}, ".png", ErrLength},
		{"lines band mismatch", func(p string) error {
			return Lines(p, "t", "x", "y", []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{1, 2}, Low: []float64{0}, High: []float64{2, 3}}})
		}, ".png", ErrLength},
		{"lines low only", func(p string) error {
			return Lines(p, "t", "x", "y", []Series{{Name: "a", X: []float64{1}, Y: []float64{1}, Low: []float64{0}}})
		}, ".png", ErrLength},
		{"lines band reversed", func(p string) error {
			return Lines(p, "t", "x", "y", []Series{{Name: "a", X: []float64{1}, Y: []float64{1}, Low: []float64{2}, High: []float64{0}}})
		}, ".png", ErrValue},
		{"lines NaN x", func(p string) error {
			return Lines(p, "t", "x", "y", []Series{{Name: "a", X: []float64{nan}, Y: []float64{1}}})
		}, ".png", ErrValue},
		{"alertness no slots", func(p string) error { return AlertnessBySlot(p, "t", nil, []Series{{Name: "a", Y: []float64{1}}}) }, ".png", ErrNoData},
		{"alertness slot out of range", func(p string) error {
			return AlertnessBySlot(p, "t", []Slot{{"d", "s"}}, []Series{{Name: "a", Y: []float64{1, 2}}})
		}, ".png", ErrValue},
		{"alertness slot not whole", func(p string) error {
			return AlertnessBySlot(p, "t", []Slot{{"d", "s"}, {"d", "u"}}, []Series{{Name: "a", X: []float64{0.5}, Y: []float64{1}}})
		}, ".png", ErrValue},
		{"hands empty", func(p string) error { return HandsVsAttendance(p, "t", nil, policy.Builtin()) }, ".png", ErrNoData},
		{"hands negative", func(p string) error { return HandsVsAttendance(p, "t", []HandsPoint{{Hands: -1}}, policy.Builtin()) }, ".png", ErrValue},
		{"grid no rooms", func(p string) error {
			return ScheduleGrid(p, "t", "v", []Slot{{"d", "s"}}, nil, [][]Cell{{}}, GridText{})
		}, ".png", ErrNoData},
		{"grid slot mismatch", func(p string) error {
			return ScheduleGrid(p, "t", "v", []Slot{{"d", "s"}, {"d", "u"}}, []string{"r"}, [][]Cell{{{}}}, GridText{})
		}, ".png", ErrLength},
		{"grid room mismatch", func(p string) error {
			return ScheduleGrid(p, "t", "v", []Slot{{"d", "s"}}, []string{"r"}, [][]Cell{{{}, {}}}, GridText{})
		}, ".png", ErrLength},
		{"grid negative", func(p string) error {
			return ScheduleGrid(p, "t", "v", []Slot{{"d", "s"}}, []string{"r"}, [][]Cell{{{Title: "x", Hands: -2}}}, GridText{})
		}, ".png", ErrValue},
		{"grid range reversed", func(p string) error {
			return ScheduleGrid(p, "t", "v", []Slot{{"d", "s"}}, []string{"r"}, [][]Cell{{{Title: "x", Attendance: 4, Low: 5, High: 3}}}, GridText{})
		}, ".png", ErrValue},
		{"heat empty", func(p string) error { return Heat(p, "t", "x", "y", "z", nil, nil, nil) }, ".png", ErrNoData},
		{"heat rows", func(p string) error {
			return Heat(p, "t", "x", "y", "z", []float64{1}, []float64{1, 2}, [][]float64{{1}})
		}, ".png", ErrLength},
		{"heat ragged", func(p string) error {
			return Heat(p, "t", "x", "y", "z", []float64{1, 2}, []float64{1, 2}, [][]float64{{1, 2}, {1}})
		}, ".png", ErrLength},
		{"heat all NaN", func(p string) error {
			return Heat(p, "t", "x", "y", "z", []float64{1}, []float64{1}, [][]float64{{nan}})
		}, ".png", ErrNoData},
		{"heat inf", func(p string) error {
			return Heat(p, "t", "x", "y", "z", []float64{1}, []float64{1}, [][]float64{{inf}})
		}, ".png", ErrValue},
		{"heat NaN param", func(p string) error {
			return Heat(p, "t", "x", "y", "z", []float64{nan}, []float64{1}, [][]float64{{1}})
		}, ".png", ErrValue},
		{"morris empty", func(p string) error { return Morris(p, "t", nil) }, ".png", ErrNoData},
		{"morris negative", func(p string) error { return Morris(p, "t", []MorrisPoint{{"a", -1, 0}}) }, ".png", ErrValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := tt.write(filepath.Join(dir, "chart"+tt.ext))
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "charts: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("files left behind: %v", left)
			}
		})
	}
}

// TestOddText draws text with characters the fonts lack, invalid UTF-8,
// control characters and very long strings in every format.
func TestOddText(t *testing.T) {
	odd := []string{"émoji 🎉 session", "bad \xff\xfe utf-8", "tab\tand\nnewline", strings.Repeat("long title ", 40), "", "日本語のセッション"}
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg", ".pdf"} {
		cells := [][]Cell{make([]Cell, len(odd))}
		for i, s := range odd {
			cells[0][i] = Cell{Title: s + "x", Moderator: s, Hands: 1, Attendance: 1, Value: 1, Risk: s}
		}
		legend := map[string]string{}
		for i, s := range odd {
			legend[s] = odd[len(odd)-1-i]
		}
		if err := ScheduleGrid(filepath.Join(dir, "grid"+ext), odd[0], odd[1], []Slot{{odd[2], odd[3]}}, odd, cells, GridText{Caption: odd[3], Legend: legend}); err != nil {
			t.Errorf("grid%s: %v", ext, err)
		}
		vals := make([][]float64, len(odd))
		for i := range vals {
			vals[i] = []float64{1, 2, 3}
		}
		if err := Box(filepath.Join(dir, "box"+ext), odd[3], odd[5], odd, vals, policy.Builtin()); err != nil {
			t.Errorf("box%s: %v", ext, err)
		}
		if err := Morris(filepath.Join(dir, "morris"+ext), odd[1], []MorrisPoint{{odd[0], 1, 1}, {odd[1], 1, 1}, {odd[5], 1, 1}}); err != nil {
			t.Errorf("morris%s: %v", ext, err)
		}
	}
	for _, name := range []string{"grid.svg", "box.svg", "morris.svg"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := parseXML(data); err != nil {
			t.Errorf("%s: invalid XML: %v", name, err)
		}
	}
}

// parseXML reads data as XML to the end.
func parseXML(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestWriteFailureLeavesNothing saves into a missing directory and over
// a directory: both must fail with a *WriteError naming the file, without
// leaving a temporary file.
func TestWriteFailureLeavesNothing(t *testing.T) {
	groups, values := sampleBox()
	dir := t.TempDir()
	var we *WriteError
	missing := filepath.Join(dir, "missing", "box.png")
	if err := Box(missing, "t", "y", groups, values, policy.Builtin()); !errors.As(err, &we) || we.Path != missing ||
		!strings.HasPrefix(err.Error(), "charts: cannot write "+missing+": ") {
		t.Errorf("saving into a missing directory: %v, want a *WriteError naming %s", err, missing)
	}
	target := filepath.Join(dir, "taken.png")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Box(target, "t", "y", groups, values, policy.Builtin()); !errors.As(err, &we) {
		t.Errorf("saving over a directory: %v, want a *WriteError", err)
	}
	if err := Box(filepath.Join(dir, "empty.png"), "t", "y", nil, nil, policy.Builtin()); errors.As(err, &we) {
		t.Errorf("a chart without data: %v, not a *WriteError", err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 || left[0].Name() != "taken.png" {
		t.Errorf("directory holds %v, want only taken.png", left)
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

func TestWrap(t *testing.T) {
	sty := cellTitle
	tests := []struct {
		in   string
		want []string
	}{
		{"GANs", []string{"GANs"}},
		{"", nil},
		{"Reinforcement learning in the real world", []string{"Reinforcement learning in", "the real world"}},
		{"Fairness, accountability and transparency in machine learning systems", []string{"Fairness, accountability", "and transparency in mac…"}},
		{"Supercalifragilisticexpialidociousnesses-of-hyperparameters", []string{"Supercalifragilisticexpiali…"}},
		{"A Supercalifragilisticexpialidociousnesses talk", []string{"A", "Supercalifragilisticexpiali…"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, sty, cellW-2*cellPad-2, 2)
		if !slices.Equal(got, tt.want) {
			t.Errorf("wrap(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, l := range got {
			if w := sty.Width(l); w > cellW-2*cellPad-2 {
				t.Errorf("wrap(%q): line %q is %v wide", tt.in, l, w)
			}
		}
	}
}

// measuring is a text handler that counts the characters it measures.
type measuring struct {
	text.Handler
	runes *int
}

func (m measuring) Box(txt string, fnt font.Font) (w, h, d vg.Length) {
	*m.runes += utf8.RuneCountInString(txt)
	return m.Handler.Box(txt, fnt)
}

// TestWrapLinear checks that shortening a long title measures O(n log n)
// characters, not O(n²) (issue 10 item 6: a title of 40,000 "é" took plan
// 59 s), for one long word and for many short ones.
func TestWrapLinear(t *testing.T) {
	for _, s := range []string{strings.Repeat("é", 40000), strings.Repeat("ab ", 20000)} {
		runes := 0
		sty := cellTitle
		sty.Handler = measuring{sty.Handler, &runes}
		n := utf8.RuneCountInString(s)
		got := wrap(s, sty, cellW-2*cellPad-2, 2)
		if len(got) == 0 || !strings.HasSuffix(got[len(got)-1], "…") {
			t.Errorf("wrap(%.10q…) = %q: want the title shortened", s, got)
		}
		if limit := 40 * n; runes > limit {
			t.Errorf("wrap of %d characters measured %d characters, want at most %d", n, runes, limit)
		}
		runes = 0
		if e := ellipsize(s, sty, 100); !strings.HasSuffix(e, "…") || runes > 40*n {
			t.Errorf("ellipsize of %d characters measured %d characters (got %q)", n, runes, e)
		}
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

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{signed(-0.00001, 3), "−0.000"}, // signed zero: just below zero
		{signed(0.00001, 3), "+0.000"},
		{signed(0, 3), "0.000"},
		{signed(0.0704, 3), "+0.070"},
		{signed(-0.0704, 2), "−0.07"},
		{formatNum(-0.06432), "−0.0643"},
		{formatParam(-2.5), "−2.5"},
		{formatParam(0.30000000000000004), "0.3"},
		{formatParam(1000), "1000"},
		{formatParam(12345), "12340"},
		{formatParam(4), "4"},
		{formatNum(0.06432), "0.0643"},
		{formatNum(123.456), "123"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if d := decimalsFor(0.008); d != 4 {
		t.Errorf("decimalsFor(0.008) = %d, want 4", d)
	}
	if d := decimalsOf(-0.03, 0.031); d != 4 {
		t.Errorf("decimalsOf(-0.03, 0.031) = %d, want 4", d)
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{0.23, 0.52, []string{"0.25", "0.30", "0.35", "0.40", "0.45", "0.50"}},
		{-0.013, 0.137, []string{"0.000", "0.025", "0.050", "0.075", "0.100", "0.125"}},
		{0, 41.6, []string{"0", "10", "20", "30", "40"}},
		{-3.2, 1.3, []string{"−3", "−2", "−1", "0", "1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(tt.lo, tt.hi) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %q, want %q", tt.lo, tt.hi, got, tt.want)
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
