package configs_test

import (
	"os"
	"strings"
	"testing"

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
