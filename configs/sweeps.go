package configs

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/experiments"
)

// EmbeddedPrefix marks a name in FS, e.g. "embedded:sweeps/jetlag.yaml" or,
// as a sweep's base, "embedded:meetup.yaml".
const EmbeddedPrefix = "embedded:"

// LoadSweep reads a sweep spec, "embedded:sweeps/NAME.yaml" from FS or else
// a file path, and resolves its base scenario into the spec's Settings:
// the embedded default when base is omitted or "embedded", another
// embedded scenario for "embedded:NAME.yaml", or else a YAML (or JSON)
// scenario file relative to the spec's folder. A base file is layered over
// the embedded default as --config is: only the keys it gives change, a
// list replacing the whole list. Every swept key must be a key of the
// base (SweepSpec.CheckKeys): a misspelt one is an error naming the spec
// file, its line and the closest key.
func LoadSweep(arg string) (*experiments.SweepSpec, error) {
	var data []byte
	var err error
	embedded := strings.HasPrefix(arg, EmbeddedPrefix)
	name := strings.TrimPrefix(arg, EmbeddedPrefix)
	if embedded {
		data, err = FS.ReadFile(name)
	} else {
		data, err = os.ReadFile(arg)
	}
	if err != nil {
		return nil, fmt.Errorf("configs: sweep spec: %w", err)
	}
	s, err := experiments.ParseSweepSpec(data, arg)
	if err != nil {
		return nil, err
	}
	settings, err := yamlSettings(FS.ReadFile, DefaultName)
	if err != nil {
		return nil, err
	}
	// The base, unless it is the default: the file p, read with read, and
	// how the report names it.
	baseSource := "embedded " + DefaultName
	var p string
	read := FS.ReadFile
	switch b := s.Base; {
	case b == "" || b == "embedded":
		read = nil
	case strings.HasPrefix(b, EmbeddedPrefix):
		p = strings.TrimPrefix(b, EmbeddedPrefix)
		baseSource = "embedded " + p
	case embedded:
		p = path.Join(path.Dir(name), b)
		baseSource = "embedded " + p
	default:
		p, read = b, os.ReadFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(arg), b)
		}
		baseSource += " + " + p
	}
	if read != nil {
		over, err := yamlSettings(read, p)
		if err != nil {
			return nil, fmt.Errorf("configs: sweep spec %s: base: %w", arg, err)
		}
		settings = mergeSettings(settings, over)
	}
	s.Settings = settings
	s.Source = fmt.Sprintf("%s (base: %s)", arg, baseSource)
	if err := s.CheckKeys(); err != nil {
		return nil, err
	}
	return s, nil
}

// yamlSettings reads a YAML file as nested settings with lower-case keys.
func yamlSettings(read func(string) ([]byte, error), name string) (map[string]any, error) {
	data, err := read(name)
	if err != nil {
		return nil, fmt.Errorf("configs: %w", err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("configs: %s: %w", name, err)
	}
	if m == nil {
		m = map[string]any{}
	}
	low, err := lowerKeys(m, "")
	if err != nil {
		return nil, fmt.Errorf("configs: %s: %w", name, err)
	}
	return low.(map[string]any), nil
}

// lowerKeys returns v with every mapping key in lower case (keys ignore
// case, as in viper). Two keys of one mapping that differ only in case
// are an error: which one won would depend on map order.
func lowerKeys(v any, where string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		orig := make(map[string]string, len(x))
		for k, e := range x {
			lk := strings.ToLower(k)
			if prev, dup := orig[lk]; dup {
				a, b := min(prev, k), max(prev, k)
				return nil, fmt.Errorf("key %q given twice (as %q and %q)", join(where, lk), a, b)
			}
			orig[lk] = k
			le, err := lowerKeys(e, join(where, lk))
			if err != nil {
				return nil, err
			}
			out[lk] = le
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			le, err := lowerKeys(e, join(where, fmt.Sprint(i)))
			if err != nil {
				return nil, err
			}
			out[i] = le
		}
		return out, nil
	}
	return v, nil
}

// join returns the dotted path of key under prefix.
func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// mergeSettings returns base with over's keys set on it, section by
// section; lists and values replace.
func mergeSettings(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = mergeSettings(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}
