package scenario

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The fuzz targets below feed arbitrary bytes to the parsers of user input
// (scenario YAML, dotted-key overrides): they must return an
// error or a valid result, never panic. `go test` runs only the seed
// corpus (f.Add and testdata/fuzz/<Target>); explore with e.g.
// `go test -run=^$ -fuzz=FuzzParseConfig -fuzztime=45s ./experiments/scenario`.

// yamlSeeds are malformed or odd YAML documents shared by the targets.
var yamlSeeds = []string{
	"", "---\n", "~", "[]", "- a\n- b\n", "a: [\n", "\t", "a: &a [*a, *a]\nb: *a\n",
	"? [a, b]\n: c\n", "1: 2\n", "true: x\n", "a: !!binary aGVsbG8=\n", "a: !!float .nan\n",
	"run:\n  seeds: 1e400\n", "run: {seeds: -1}\n", "run: {policies: random}\n",
	"event: {days: 0}\n", "event:\n  rooms: [{name: x}]\n", "event:\n  slots: [{start: '25:00'}]\n",
	"Run: {Seeds: 3}\nrun: {seeds: 4}\n", "event: {topics: [{name: a, popularity: .inf}]}\n",
	"attendees: {count: 9223372036854775808}\n", "attendees: {count: 1.5}\n",
}

func readSeedFile(f *testing.F, path string) {
	if b, err := os.ReadFile(path); err == nil {
		f.Add(b)
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, p := range []string{"../../configs/socml2017.yaml", "../../configs/meetup.yaml", "../../configs/large.yaml", "../../configs/examples/event.yaml"} {
		readSeedFile(f, p)
	}
	for _, s := range yamlSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			if c != nil {
				t.Fatalf("Parse returned a config with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "config: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid config: %v", err)
		}
		// A valid config survives the trip through nested settings, the
		// way sweeps and the CLI hand it around.
		m, err := Settings(c)
		if err != nil {
			t.Fatalf("Settings: %v", err)
		}
		back, err := Decode(m)
		if err != nil {
			t.Fatalf("Decode(Settings(c)): %v", err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("config changed on a round trip:\n got %+v\nwant %+v", back, c)
		}
	})
}

func FuzzOverride(f *testing.F) {
	data, err := os.ReadFile("../../configs/socml2017.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range []struct{ path, value string }{
		{"attendees.count", "80"}, {"event.rooms.1.capacity", "45"}, {"event.rooms.9.capacity", "1"},
		{"Event.Rooms.0.Name", "Big"}, {"votes.noise", "0.5"}, {"votes", "3"}, {"votes.noise.x", "1"},
		{"", "1"}, {".", "1"}, {"event..days", "1"}, {"event.rooms.-1.count", "1"}, {"event.rooms.1e3", "1"},
		{"run.policies", "[random, spread]"}, {"event.topics", "{}"}, {"run.seeds", "x"}, {"event.days", "~"},
		{"event.slots.0.start", "'09:30'"}, {"attendees.count", "-5"}, {"event.rooms", "[]"},
	} {
		f.Add(c.path, c.value)
	}
	f.Fuzz(func(t *testing.T, path, value string) {
		var base map[string]any
		if err := yaml.Unmarshal(data, &base); err != nil {
			t.Fatal(err)
		}
		var v any
		if yaml.Unmarshal([]byte(value), &v) != nil {
			v = value
		}
		want := snapshot(t, base)
		out, err := Override(base, path, v)
		if got := snapshot(t, base); got != want {
			t.Fatalf("Override(%q, %#v) modified its input", path, v)
		}
		if err != nil {
			if out != nil {
				t.Fatalf("Override returned settings with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "override: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		if c, err := Decode(out); err == nil {
			if err := c.Validate(); err != nil {
				t.Fatalf("Decode accepted an invalid config: %v", err)
			}
		}
	})
}

// snapshot renders nested settings as YAML, to detect changes.
func snapshot(t *testing.T, m map[string]any) string {
	b, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
