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
