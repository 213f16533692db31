package configs_test

import (
	"github.com/unconf/unconf/configs"
	"testing"
)

func TestDefault(t *testing.T) {
	c, err := configs.Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c.Run)
}
