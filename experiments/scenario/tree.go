package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ordered is a mapping that keeps its keys in order when marshalled to
// JSON or YAML: the config's keys in declaration order, as in the default
// config file.
type ordered struct {
	keys []string
	vals []any
}

// MarshalJSON writes the mapping with its keys in order.
func (o *ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalYAML returns the mapping as a YAML node with its keys in order.
func (o *ordered) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i, k := range o.keys {
		var v yaml.Node
		if err := v.Encode(o.vals[i]); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, &v)
	}
	return n, nil
}

// tree turns a config value into nested ordered mappings, lists and
// scalars keyed by their mapstructure names (squashed structs inline,
// "-" skipped, zero "omitempty" fields left out), the shape of the config
// file.
func tree(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return tree(v.Elem())
	case reflect.Struct:
		o := &ordered{}
		addFields(o, v)
		return o
	case reflect.Map:
		o := &ordered{}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
		})
		for _, k := range keys {
			o.keys = append(o.keys, fmt.Sprint(k.Interface()))
			o.vals = append(o.vals, tree(v.MapIndex(k)))
		}
		return o
	case reflect.Slice, reflect.Array:
		l := make([]any, v.Len())
		for i := range l {
			l[i] = tree(v.Index(i))
		}
		return l
	default:
		return v.Interface()
	}
}

func addFields(o *ordered, v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("mapstructure"), ",")
		if name == "-" {
			continue
		}
		if slices.Contains(strings.Split(opts, ","), "squash") && f.Type.Kind() == reflect.Struct {
			addFields(o, v.Field(i))
			continue
		}
		if slices.Contains(strings.Split(opts, ","), "omitempty") && v.Field(i).IsZero() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		o.keys = append(o.keys, name)
		o.vals = append(o.vals, tree(v.Field(i)))
	}
}

// MarshalYAML returns the config as YAML, keys in the order of the default
// config file; Parse reads it back to an equal Config.
func (c *Config) MarshalYAML() (any, error) { return tree(reflect.ValueOf(*c)), nil }

// Tree is a Config laid out as its file: mappings with keys in the order
// of the default config file, lists and values. It marshals to JSON in
// that order (a run's spec hash is computed from it).
type Tree struct{ root any }

// TreeOf returns c laid out as its file.
func TreeOf(c *Config) Tree { return Tree{tree(reflect.ValueOf(*c))} }

// MarshalJSON writes the tree with its keys in file order.
func (t Tree) MarshalJSON() ([]byte, error) { return json.Marshal(t.root) }

// Get returns the value at a dotted key (keys ignoring case, list items
// by index): a value, or a section as a Tree's node; ok is false when
// there is none (a zero field tagged omitempty has none).
func (t Tree) Get(key string) (v any, ok bool) {
	n := t.root
	for _, part := range strings.Split(key, ".") {
		switch x := n.(type) {
		case *ordered:
			found := false
			for i, k := range x.keys {
				if strings.EqualFold(k, part) {
					n, found = x.vals[i], true
					break
				}
			}
			if !found {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			n = x[i]
		default:
			return nil, false
		}
	}
	return n, true
}

// JSON returns c as meta.json holds it: JSON with the keys of the config
// file, in its order, and 64-bit unsigned integers (run.seed) as decimal
// strings: jq, JavaScript and R hold JSON numbers as doubles, which round
// any integer above 2^53 (a seed such as 14754657656890123670 would read
// back as 14754657656890124000 and replay another replicate). FromJSON
// reads it back.
func JSON(c *Config) ([]byte, error) {
	return json.Marshal(quoteUints(tree(reflect.ValueOf(*c))))
}

// quoteUints replaces every uint64 in a tree by its decimal string, in
// place, and returns the tree.
func quoteUints(v any) any {
	switch x := v.(type) {
	case *ordered:
		for i := range x.vals {
			x.vals[i] = quoteUints(x.vals[i])
		}
	case []any:
		for i := range x {
			x[i] = quoteUints(x[i])
		}
	case uint64:
		return strconv.FormatUint(x, 10)
	}
	return v
}

// YAML returns c as YAML text with the keys of the config file, in its
// order (what "unconf config" prints, without comments).
func YAML(c *Config) ([]byte, error) {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(c); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	e.Close()
	return b.Bytes(), nil
}

// Settings returns c as nested settings, the shape of a config file and
// of a sweep's base settings: Decode of the result equals c.
func Settings(c *Config) (map[string]any, error) {
	y, err := YAML(c)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := yaml.Unmarshal(y, &m); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return m, nil
}
