package experiments

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
// config file; ParseConfig reads it back to an equal Config.
func (c *Config) MarshalYAML() (any, error) { return tree(reflect.ValueOf(*c)), nil }

// configJSON returns the config as JSON with keys in config-file order and
// 64-bit unsigned integers (run.seed) as strings (see seedStrings).
func configJSON(c *Config) ([]byte, error) {
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

// seedStrings formats 64-bit seeds for JSON as decimal strings: jq,
// JavaScript and R hold JSON numbers as doubles, which round any integer
// above 2^53 (a seed such as 14754657656890123670 would read back as
// 14754657656890124000 and replay another replicate).
func seedStrings(seeds []uint64) []string {
	out := make([]string, len(seeds))
	for i, s := range seeds {
		out[i] = strconv.FormatUint(s, 10)
	}
	return out
}

// configYAML returns the config as YAML text.
func configYAML(c *Config) ([]byte, error) {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	e.SetIndent(2)
	if err := e.Encode(c); err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	e.Close()
	return b.Bytes(), nil
}
