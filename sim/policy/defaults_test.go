package policy_test

import (
	"testing"

	"github.com/unconf/unconf/experiments/scenario"
)

func TestDefaultsMatchConfig(t *testing.T) {
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := defaults(t); got != c.Policy {
		t.Errorf("test defaults %+v, embedded config %+v", got, c.Policy)
	}
}
