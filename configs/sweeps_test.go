package configs_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/sweep"
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
		s, err := sweep.Load(configs.EmbeddedPrefix + name)
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
	s, err := sweep.Load(spec)
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
	if s, err = sweep.Load(spec); err != nil || !strings.Contains(s.Source, "meetup.yaml") {
		t.Errorf("embedded base: %v, source %q", err, s.Source)
	}
	os.WriteFile(spec, []byte("base: missing.yaml\nparameters:\n  - key: votes.noise\n    values: [0.1]\n"), 0o644)
	if _, err := sweep.Load(spec); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing base: %v", err)
	}
	if _, err := sweep.Load("embedded:sweeps/nope.yaml"); err == nil {
		t.Error("missing embedded spec: no error")
	}
	// Keys ignore case: two spellings of one key would leave the winner to
	// map order.
	os.WriteFile(filepath.Join(dir, "twice.yaml"), []byte("votes:\n  noise: 0.1\n  Noise: 0.3\n"), 0o644)
	os.WriteFile(spec, []byte("base: twice.yaml\nparameters:\n  - key: votes.threshold\n    values: [0.5]\n"), 0o644)
	if _, err := sweep.Load(spec); err == nil || !strings.Contains(err.Error(), `twice.yaml:3: key "votes.Noise" and key "votes.noise" on line 2 differ only in case`) {
		t.Errorf("base with votes.noise and votes.Noise: error %v, want one naming the key", err)
	}
}

// TestLoadSweepBaseNotEchoed checks that a wrong base file (issue 10 item
// 4: a secret file given as base) fails with one error naming the file and
// at most one key, never quoting the file's contents.
func TestLoadSweepBaseNotEchoed(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	os.WriteFile(spec, []byte("base: secret\nparameters:\n  - key: votes.noise\n    values: [0.1]\n"), 0o644)
	for _, c := range []struct{ name, content, want string }{
		{"passwd", "root:x:0:0:hunter2:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n", "secret:1: want a mapping of config keys"},
		{"env file", "api_key: hunter2\ndb_password: hunter3\n", `secret: unknown key "api_key"`},
		{"section value", "votes: hunter2\n", `secret: votes: "hunter2": want a section of keys`},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00hunter2\x00\x00", "secret: malformed YAML"},
		{"empty", "", "secret: holds no config keys"},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.WriteFile(filepath.Join(dir, "secret"), []byte(c.content), 0o644)
			_, err := sweep.Load(spec)
			if err == nil || !strings.Contains(err.Error(), "spec.yaml: base: "+dir) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if strings.Contains(err.Error(), "hunter3") || strings.Contains(err.Error(), "root:x") ||
				strings.Contains(err.Error(), "db_password") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q echoes the base file", err)
			}
		})
	}
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml"))
	os.WriteFile(spec, []byte("base: zero.yaml\nparameters:\n  - key: votes.noise\n    values: [0.1]\n"), 0o644)
	if _, err := sweep.Load(spec); err == nil || !strings.Contains(err.Error(), "zero.yaml: larger than 1 MiB") {
		t.Errorf("base linked to /dev/zero: %v", err)
	}
	if _, err := sweep.Load("/dev/zero"); err == nil || !strings.Contains(err.Error(), "sweep spec /dev/zero: larger than 1 MiB") {
		t.Errorf("spec /dev/zero: %v", err)
	}
}
