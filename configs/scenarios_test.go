package configs_test

import (
	"io/fs"
	"slices"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/scenario"
)

// TestScenariosLoad checks that every embedded scenario loads on its own
// and validates.
func TestScenariosLoad(t *testing.T) {
	names, err := fs.Glob(configs.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{configs.DefaultName, "meetup.yaml", "large.yaml"} {
		if !slices.Contains(names, want) {
			t.Errorf("embedded scenarios %v lack %s", names, want)
		}
	}
	for _, name := range names {
		c, err := scenario.Embedded(name)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if c.Model.Event.Name == "" {
			t.Errorf("%s: event.name is empty", name)
		}
	}
}

// TestScenariosComplete checks that every embedded scenario sets every key
// the default sets (and no other), so that each reads as a complete,
// self-explaining file.
func TestScenariosComplete(t *testing.T) {
	want := keysOf(t, configs.DefaultName)
	names, _ := fs.Glob(configs.FS, "*.yaml")
	for _, name := range names {
		got := keysOf(t, name)
		if !slices.Equal(got, want) {
			t.Errorf("%s: keys differ from %s:\nmissing %v\nextra   %v",
				name, configs.DefaultName, minus(want, got), minus(got, want))
		}
	}
}

// keysOf returns the sorted dotted keys of an embedded file; list items
// count as "key[]".
func keysOf(t *testing.T, name string) []string {
	t.Helper()
	data, err := configs.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				set[key] = true
				walk(key, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", m)
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func minus(a, b []string) []string {
	var d []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			d = append(d, x)
		}
	}
	return d
}
