package scenario

import (
	"fmt"

	"github.com/unconf/unconf/configs"
)

// Default returns the embedded default scenario (configs.DefaultName),
// decoded and validated.
func Default() (*Config, error) { return Embedded(configs.DefaultName) }

// Embedded returns the scenario embedded in package configs under name
// (e.g. "meetup.yaml"), decoded and validated.
func Embedded(name string) (*Config, error) {
	data, err := configs.FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("configs: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("configs: %s: %w", name, err)
	}
	return c, nil
}
