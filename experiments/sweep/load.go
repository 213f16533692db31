package sweep

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
)

// Load reads a sweep spec, "embedded:sweeps/NAME.yaml" from
// configs.FS or else
// a file path, and resolves its base scenario into the spec's Settings:
// the embedded default when base is omitted or "embedded", another
// embedded scenario for "embedded:NAME.yaml", or else a YAML (or JSON)
// scenario file relative to the spec's folder. A base file is layered over
// the embedded default as --config is: only the keys it gives change, a
// list replacing the whole list. Every swept key must be a key of the
// base (Spec.CheckKeys): a misspelt one is an error naming the spec
// file, its line and the closest key.
func Load(arg string) (*Spec, error) {
	var data []byte
	var err error
	embedded := strings.HasPrefix(arg, configs.EmbeddedPrefix)
	name := strings.TrimPrefix(arg, configs.EmbeddedPrefix)
	if embedded {
		if data, err = configs.FS.ReadFile(name); err != nil {
			return nil, fmt.Errorf("sweep spec %s: no such embedded spec (the embedded ones are embedded:sweeps/NAME.yaml for %s)", arg, embeddedSweeps())
		}
	} else if data, err = input.ReadFile(arg, "a sweep spec", input.MaxConfig); err != nil {
		return nil, fmt.Errorf("sweep spec %w", err)
	}
	s, err := ParseSpec(data, arg)
	if err != nil {
		return nil, err
	}
	settings, err := readSettings(readEmbedded, configs.DefaultName)
	if err != nil {
		return nil, err
	}
	// The base, unless it is the default: the file p, read with read, and
	// how the report names it.
	baseSource := "embedded " + configs.DefaultName
	var p string
	read := readEmbedded
	switch b := s.Base; {
	case b == "" || b == "embedded":
		read = nil
	case strings.HasPrefix(b, configs.EmbeddedPrefix):
		p = strings.TrimPrefix(b, configs.EmbeddedPrefix)
		baseSource = "embedded " + p
	case embedded:
		p = path.Join(path.Dir(name), b)
		baseSource = "embedded " + p
	default:
		p, read = b, readBase
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(arg), b)
		}
		baseSource += " + " + p
	}
	if read != nil {
		over, err := readSettings(read, p)
		if err != nil {
			return nil, fmt.Errorf("sweep spec %s: base: %w", arg, err)
		}
		// Check the base's keys and values one by one, so that a wrong file
		// (or a typo) is one error naming one key and the file.
		if _, err := scenario.Normalize(over); err != nil {
			return nil, fmt.Errorf("sweep spec %s: base: %s: %w", arg, p, err)
		}
		settings = scenario.Merge(settings, over)
	}
	s.Settings = settings
	s.Source = fmt.Sprintf("%s (base: %s)", arg, baseSource)
	if err := s.CheckKeys(); err != nil {
		return nil, err
	}
	return s, nil
}

// readSettings reads a scenario file with read and parses it as nested
// settings with lower-case keys (input.ParseConfig): JSON or TOML by the
// extension, else YAML.
func readSettings(read func(string) ([]byte, error), name string) (map[string]any, error) {
	data, err := read(name)
	if err != nil {
		return nil, err
	}
	format, ok := input.FormatOf(name)
	if !ok {
		format = "yaml"
	}
	return input.ParseConfig(data, format, name)
}

// readEmbedded reads an embedded scenario.
func readEmbedded(name string) ([]byte, error) {
	data, err := configs.FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: no such embedded scenario", name)
	}
	return data, nil
}

// readBase reads a base scenario file within input.MaxConfig bytes.
func readBase(name string) ([]byte, error) {
	return input.ReadFile(name, "a scenario file", input.MaxConfig)
}

// embeddedSweeps lists the embedded sweep specs' names, for errors.
func embeddedSweeps() string {
	names, _ := fs.Glob(configs.FS, "sweeps/*.yaml")
	for i, n := range names {
		names[i] = strings.TrimSuffix(path.Base(n), ".yaml")
	}
	return strings.Join(names, ", ")
}
