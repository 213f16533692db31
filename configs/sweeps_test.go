package configs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/configs"
)

// TestSweepSpecsLoad checks that every embedded sweep spec parses, resolves
// its base and has every point valid.
func TestSweepSpecsLoad(t *testing.T) {
	names, err := fs.Glob(configs.FS, "sweeps/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 4 {
		t.Errorf("embedded sweep specs %v: want at least jetlag, rooms-attendees, lhs, morris", names)
	}
	for _, name := range names {
		s, err := configs.LoadSweep(configs.EmbeddedPrefix + name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		points, units, err := s.Validate()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		t.Logf("%s: %d points, %d units", name, points, units)
		if units > 1500 {
			t.Errorf("%s: %d units: keep the examples small (about a minute on 2 cores)", name, units)
		}
	}
}

func TestLoadSweepBaseFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "small.yaml"), []byte("attendees:\n  count: 30\nrun:\n  seeds: 2\n"), 0o644)
	spec := filepath.Join(dir, "spec.yaml")
	os.WriteFile(spec, []byte("base: small.yaml\nparameters:\n  - key: votes.noise\n    values: [0.1, 0.2]\n"), 0o644)
	s, err := configs.LoadSweep(spec)
	if err != nil {
		t.Fatal(err)
	}
	att := s.Settings["attendees"].(map[string]any)
	if att["count"] != 30 || att["visitor_share"] == nil {
		t.Errorf("base file not layered over the default: attendees %v", att)
	}
	if _, units, err := s.Validate(); err != nil || units != 2*2*7 {
		t.Errorf("Validate: %d units, %v; want 28", units, err)
	}
	if !strings.Contains(s.Source, "small.yaml") {
		t.Errorf("source %q does not name the base", s.Source)
	}

	os.WriteFile(spec, []byte("base: embedded:meetup.yaml\nparameters:\n  - key: votes.noise\n    values: [0.1]\n"), 0o644)
	if s, err = configs.LoadSweep(spec); err != nil || !strings.Contains(s.Source, "meetup.yaml") {
		t.Errorf("embedded base: %v, source %q", err, s.Source)
	}
	os.WriteFile(spec, []byte("base: missing.yaml\nparameters:\n  - key: votes.noise\n    values: [0.1]\n"), 0o644)
	if _, err := configs.LoadSweep(spec); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing base: %v", err)
	}
	if _, err := configs.LoadSweep("embedded:sweeps/nope.yaml"); err == nil {
		t.Error("missing embedded spec: no error")
	}
	// Keys ignore case: two spellings of one key would leave the winner to
	// map order.
	os.WriteFile(filepath.Join(dir, "twice.yaml"), []byte("votes:\n  noise: 0.1\n  Noise: 0.3\n"), 0o644)
	os.WriteFile(spec, []byte("base: twice.yaml\nparameters:\n  - key: votes.threshold\n    values: [0.5]\n"), 0o644)
	if _, err := configs.LoadSweep(spec); err == nil || !strings.Contains(err.Error(), `key "votes.noise" given twice (as "Noise" and "noise")`) {
		t.Errorf("base with votes.noise and votes.Noise: error %v, want one naming the key", err)
	}
}
