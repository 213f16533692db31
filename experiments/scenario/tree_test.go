package scenario

import (
	"reflect"
	"testing"
)

func TestConfigYAMLRoundTrip(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	y, err := YAML(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(y)
	if err != nil {
		t.Fatalf("Parse(YAML(default)): %v\n%s", err, y)
	}
	if !reflect.DeepEqual(c, back) {
		t.Errorf("config changed through YAML:\n%s", y)
	}
}
