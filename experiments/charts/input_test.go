package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim/policy"
)

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
