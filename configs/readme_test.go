package configs_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/sim"
)

// TestREADMEDocumentsEveryKey checks that README.md's config reference
// names every key of the embedded default, and its output section every
// metric.
func TestREADMEDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	keys := keysOf(t, "socml2017.yaml")
	for i, k := range keys {
		// Only leaves: a key that is the prefix of the next is a section.
		if i+1 < len(keys) && (strings.HasPrefix(keys[i+1], k+".") || strings.HasPrefix(keys[i+1], k+"[].")) {
			continue
		}
		if !strings.Contains(readme, "`"+k+"`") {
			t.Errorf("README.md does not document config key %s", k)
		}
	}
	for _, m := range sim.MetricNames() {
		if !strings.Contains(readme, "`"+m+"`") {
			t.Errorf("README.md does not document metric %s", m)
		}
	}
}

// TestREADMEDefaults checks the default column of README.md's config
// reference against the embedded default, for every key that holds a single
// value (lists are described in words).
func TestREADMEDefaults(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	def, err := configs.FS.ReadFile(configs.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(def, &m); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		key := strings.Trim(strings.TrimSpace(cells[1]), "`")
		if strings.Contains(key, "[]") || !strings.Contains(key, ".") {
			continue
		}
		v, ok := lookup(m, key)
		if !ok {
			continue // a README table of columns, not of keys
		}
		if _, list := v.([]any); list {
			continue
		}
		doc := strings.ReplaceAll(strings.TrimSpace(cells[2]), "−", "-")
		checked++
		if !sameValue(doc, v) {
			t.Errorf("README.md: %s default %q, embedded default %v", key, cells[2], v)
		}
	}
	if checked < 70 {
		t.Errorf("checked only %d defaults in README.md", checked)
	}
}

// lookup returns the value at a dotted key.
func lookup(m map[string]any, key string) (any, bool) {
	var node any = m
	for _, part := range strings.Split(key, ".") {
		mm, ok := node.(map[string]any)
		if !ok {
			return nil, false
		}
		if node, ok = mm[part]; !ok {
			return nil, false
		}
	}
	return node, true
}

// sameValue compares a README default with a YAML value: numbers by value.
func sameValue(doc string, v any) bool {
	var want float64
	switch x := v.(type) {
	case int:
		want = float64(x)
	case float64:
		want = x
	default:
		return doc == fmt.Sprint(v)
	}
	got, err := strconv.ParseFloat(doc, 64)
	return err == nil && got == want
}
