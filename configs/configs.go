// Package configs embeds the default scenario and the example scenarios and
// sweep specs, so that unconf runs with no file at all.
package configs

import "embed"

// FS holds every embedded scenario (*.yaml) and sweep spec (sweeps/*.yaml).
//
//go:embed *.yaml
var FS embed.FS

// DefaultName is the embedded default scenario's file name.
const DefaultName = "socml2017.yaml"
