package summary

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDrawCostliestFirst checks that Draw starts the charts in order of
// cost, the costliest first and equal costs in the order added, while the
// files it returns keep the order added.
func TestDrawCostliestFirst(t *testing.T) {
	cs := &Charts{Dir: t.TempDir(), Format: "png"}
	var started []string
	add := func(name string, cost float64) {
		cs.AddCost(name, cost, func(path string) error {
			started = append(started, name) // one worker: no race
			return os.WriteFile(path, nil, 0o644)
		})
	}
	add("a", 1)
	add("b", 3)
	add("c", 1)
	add("d", 4)
	cs.Add("e", func(path string) error {
		started = append(started, "e")
		return os.WriteFile(path, nil, 0o644)
	})
	files, warnings, err := cs.Draw(1)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("Draw: %v, warnings %v", err, warnings)
	}
	if want := []string{"d", "b", "a", "c", "e"}; !slices.Equal(started, want) {
		t.Errorf("charts started in order %v, want %v", started, want)
	}
	var want []string
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		want = append(want, filepath.Join(ChartsDir, n+".png"))
	}
	if !slices.Equal(files, want) {
		t.Errorf("files %v, want %v (the order added)", files, want)
	}
}

// TestDrawAllOnePool checks that DrawAll draws the charts of several sets
// in one pool, the costliest first whatever their set, and returns each
// set's files in the order added.
func TestDrawAllOnePool(t *testing.T) {
	var started []string
	set := func(format string, costs ...float64) *Charts {
		cs := &Charts{Dir: t.TempDir(), Format: format}
		for i, c := range costs {
			name := string(rune('a' + i))
			cs.AddCost(name, c, func(path string) error {
				started = append(started, filepath.Base(path))
				return os.WriteFile(path, nil, 0o644)
			})
		}
		return cs
	}
	png, svg := set("png", 1, 4), set("svg", 0.1, 2, 1)
	files, warnings, err := DrawAll(1, png, svg)
	if err != nil || len(warnings) != 2 || len(warnings[0])+len(warnings[1]) > 0 {
		t.Fatalf("DrawAll: %v, warnings %v", err, warnings)
	}
	if want := []string{"b.png", "b.svg", "a.png", "c.svg", "a.svg"}; !slices.Equal(started, want) {
		t.Errorf("charts started in order %v, want %v", started, want)
	}
	for k, want := range [][]string{{"a.png", "b.png"}, {"a.svg", "b.svg", "c.svg"}} {
		for i := range want {
			want[i] = filepath.Join(ChartsDir, want[i])
		}
		if !slices.Equal(files[k], want) {
			t.Errorf("set %d: files %v, want %v", k, files[k], want)
		}
	}
}
