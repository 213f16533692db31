// Package configs embeds the default scenario and the example scenarios and
// sweep specs, so that unconf runs with no file at all. It holds files
// only: package scenario decodes them (scenario.Default,
// scenario.Embedded) and the sweep code resolves sweep specs and their
// bases (sweep.Load).
package configs

import "embed"

// FS holds every embedded scenario (*.yaml) and sweep spec (sweeps/*.yaml).
//
//go:embed *.yaml sweeps/*.yaml
var FS embed.FS

// DefaultName is the embedded default scenario's file name.
const DefaultName = "socml2017.yaml"

// EmbeddedPrefix marks a name in FS, e.g. "embedded:sweeps/jetlag.yaml" or,
// as a sweep's base, "embedded:meetup.yaml".
const EmbeddedPrefix = "embedded:"
