package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	exact := filepath.Join(dir, "exact.yaml")
	over := filepath.Join(dir, "over.yaml")
	os.WriteFile(exact, make([]byte, 100), 0o644)
	os.WriteFile(over, make([]byte, 101), 0o644)
	if b, err := ReadFile(exact, "a config file", 100); err != nil || len(b) != 100 {
		t.Errorf("ReadFile(100 bytes, limit 100) = %d bytes, %v", len(b), err)
	}
	for _, path := range []string{over, "/dev/zero"} {
		_, err := ReadFile(path, "a config file", 100)
		var tl *TooLargeError
		if !errors.As(err, &tl) {
			t.Errorf("ReadFile(%s): %v, want a *TooLargeError", path, err)
			continue
		}
		if want := path + ": larger than 100 bytes, the limit for a config file"; err.Error() != want {
			t.Errorf("ReadFile(%s): %q, want %q", path, err, want)
		}
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.yaml"): "missing.yaml: no such file",
		dir:                                "is a folder, not a config file",
	} {
		if _, err := ReadFile(path, "a config file", 100); err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("ReadFile(%s): %v, want …%q", path, err, want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), "a file", 1); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing): %v does not wrap os.ErrNotExist", err)
	}
}

func TestLines(t *testing.T) {
	r := Lines(strings.NewReader("ab\ncdef\nghijk\n"), "f.csv", 4)
	b, err := io.ReadAll(r)
	var le *LineTooLongError
	if !errors.As(err, &le) || le.Line != 3 || string(b) != "ab\ncdef\nghij" {
		t.Fatalf("read %q, %v; want the first two lines and a LineTooLongError on line 3", b, err)
	}
	if got, want := err.Error(), "f.csv:3: line longer than 4 bytes: not a file unconf wrote"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if _, err := io.ReadAll(Lines(f, "/dev/zero", 1<<16)); !errors.As(err, &le) {
		t.Errorf("/dev/zero: %v, want a LineTooLongError", err)
	}
}

func TestDuplicateKeys(t *testing.T) {
	for _, c := range []struct {
		name, format, data, want string
	}{
		{"yaml case", "yaml", "run:\n  seeds: 4\n  Seeds: 3\n", `f:3: key "run.Seeds" and key "run.seeds" on line 2 differ only in case`},
		{"yaml twice", "yaml", "run:\n  seeds: 4\nevent: {}\nrun: {}\n", `f:4: key "run" is given twice (first on line 1)`},
		{"yaml list item", "yaml", "event:\n  rooms:\n    - {name: a, Name: b}\n", `f:3: key "event.rooms.0.Name" and key "event.rooms.0.name" on line 3`},
		{"yaml fine", "yaml", "run: {seeds: 4}\nRunx: 1\nevent:\n  rooms: [{name: a}, {Name: b}]\n", ""},
		{"json case", "json", "{\"run\": {\n\"seeds\": 4,\n\"SEEDS\": 3}}", `f:3: key "run.SEEDS" and key "run.seeds" on line 2`},
		{"json twice", "json", "{\"a\": 1,\n \"a\": 2}", `f:2: key "a" is given twice (first on line 1)`},
		{"json fine", "json", `{"run": {"seeds": 4}, "rooms": [{"name": "a"}, {"Name": "b"}]}`, ""},
		{"toml case", "toml", "[run]\nseeds = 4\nSeeds = 3\n", `f:3: key "run.Seeds" and key "run.seeds" on line 2`},
		{"toml table case", "toml", "[run]\nseeds = 4\n[Run]\nbaseline = \"x\"\n", `f:3: key "Run" and key "run" on line 1`},
		{"toml dotted", "toml", "run.seeds = 4\n[run]\nSeeds = 3\n", `f:3: key "run.Seeds" and key "run.seeds" on line 1`},
		{"toml inline", "toml", "[event]\nrooms = [{name = \"a\", NAME = \"b\"}]\n", `f:2: key "event.rooms.0.NAME" and key "event.rooms.0.name" on line 2`},
		{"toml fine", "toml", "[run]\nseeds = 4\n[event]\nname = \"x\"\n[[event.rooms]]\nname = \"a\"\n[[event.rooms]]\nName = \"b\"\n[event.x]\ny = 1\n", ""},
		{"broken", "yaml", "a: [\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := DuplicateKeys([]byte(c.data), c.format, "f")
			if c.want == "" {
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error %v, want it to start with %q", err, c.want)
			}
		})
	}
}

// TestParseConfigDoesNotEcho checks that no parse error quotes the file:
// a secret given as a config must not reach a terminal or a log.
func TestParseConfigDoesNotEcho(t *testing.T) {
	const secret = "hunter2-SECRET"
	for _, c := range []struct{ format, data, want string }{
		{"yaml", "root:x:0:0:" + secret + ":/root:/bin/bash\n", "f:1: want a mapping of config keys"},
		{"yaml", secret + "\n", "f:1: want a mapping of config keys"},
		{"yaml", "- " + secret + "\n", "f:1: want a mapping of config keys"},
		{"yaml", "a: b\n" + secret + "\n", "f:2: malformed YAML"},
		{"json", `"` + secret + `"`, "f:1: want an object of config keys"},
		{"json", "{\"a\": " + secret + "}", "f:1: malformed JSON: invalid character"},
		{"toml", secret + " = \n", "f:1: malformed TOML"},
		{"toml", "a = \"" + secret, "f:1: malformed TOML"},
		{"yaml", "", "f: holds no config keys"},
		{"yaml", "# only a comment\n", "f: holds no config keys"},
		{"yaml", "\x00\x01\x02" + secret, "f: malformed YAML"},
	} {
		_, err := ParseConfig([]byte(c.data), c.format, "f")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s %q: error %v, want it to start with %q", c.format, c.data, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), secret[:4]) || strings.Contains(err.Error(), "root:x") {
			t.Errorf("%s %q: error %q quotes the file", c.format, c.data, err)
		}
	}
}

func TestParseConfigLowersKeys(t *testing.T) {
	m, err := ParseConfig([]byte("\xef\xbb\xbfRun:\n  Seeds: 4\nEvent:\n  Rooms: [{Name: a}]\n"), "yaml", "f")
	if err != nil {
		t.Fatal(err)
	}
	if m["run"].(map[string]any)["seeds"] != 4 || m["event"].(map[string]any)["rooms"].([]any)[0].(map[string]any)["name"] != "a" {
		t.Errorf("ParseConfig = %v, want lower-case keys", m)
	}
	if _, err := ParseConfig([]byte("event: {1: x}\n"), "yaml", "f"); err == nil || !strings.Contains(err.Error(), `key "1" is not a name`) {
		t.Errorf("a numeric key: %v", err)
	}
}

func TestQuote(t *testing.T) {
	if got := Quote("abc"); got != `"abc"` {
		t.Errorf("Quote(abc) = %s", got)
	}
	long := strings.Repeat("é", 1000)
	if got := Quote(long); got != `"`+strings.Repeat("é", 59)+`…"` {
		t.Errorf("Quote(1000 é) = %s", got)
	}
}
