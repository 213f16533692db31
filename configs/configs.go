// Package configs embeds the default scenario and the example scenarios and
// sweep specs, so that unconf runs with no file at all.
package configs

import (
	"embed"
	"fmt"

	"github.com/unconf/unconf/experiments"
)

// FS holds every embedded scenario (*.yaml) and sweep spec (sweeps/*.yaml).
//
//go:embed *.yaml sweeps/*.yaml
var FS embed.FS

// DefaultName is the embedded default scenario's file name.
const DefaultName = "socml2017.yaml"

// Default returns the embedded default scenario, decoded and validated.
func Default() (*experiments.Config, error) { return Load(DefaultName) }

// Load returns the embedded scenario called name (e.g. "meetup.yaml").
func Load(name string) (*experiments.Config, error) {
	data, err := FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("configs: %w", err)
	}
	c, err := experiments.ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("configs: %s: %w", name, err)
	}
	return c, nil
}
