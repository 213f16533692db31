package experiments

import (
	"reflect"
	"testing"

	"os"
)

func TestConfigYAMLRoundTrip(t *testing.T) {
	c := defaultConfig(t)
	y, err := configYAML(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseConfig(y)
	if err != nil {
		t.Fatalf("ParseConfig(configYAML(default)): %v\n%s", err, y)
	}
	if !reflect.DeepEqual(c, back) {
		t.Errorf("config changed through YAML:\n%s", y)
	}
}

// defaultConfig returns the embedded default scenario, read from its file
// (package configs imports this one).
func defaultConfig(t testing.TB) *Config {
	t.Helper()
	data, err := os.ReadFile("../configs/socml2017.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
