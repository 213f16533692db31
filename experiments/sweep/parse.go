package sweep

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim/policy"
)

// specKeys are the keys allowed at each level of a spec file.
var specKeys = map[string][]string{
	"":             {"base", "seed", "replicates", "policies", "baseline", "design", "parameters"},
	"design":       {"kind", "samples", "trajectories", "levels"},
	"parameters":   {"key", "values", "range", "distribution", "integer"},
	"range":        {"from", "to", "steps"},
	"distribution": {"uniform"},
}

// ParseSpec parses a sweep spec (YAML) strictly: an unknown key, a
// value of the wrong type or an inconsistent design is an error naming the
// key and the line. name labels the errors (a file name). The result's
// Settings is nil: resolve Base and set it before calling Run.
func ParseSpec(data []byte, name string) (*Spec, error) {
	fail := func(line int, format string, a ...any) error {
		if line > 0 {
			return fmt.Errorf("sweep spec %s:%d: %s", name, line, fmt.Sprintf(format, a...))
		}
		return fmt.Errorf("sweep spec %s: %s", name, fmt.Sprintf(format, a...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, input.SyntaxError(err, data, "yaml", "sweep spec "+name)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fail(0, "empty")
	}
	root := doc.Content[0]
	s := &Spec{name: name}
	err := eachKey(root, "", "", fail, func(key string, v *yaml.Node) error {
		switch key {
		case "base":
			return decodeScalar(v, key, &s.Base, fail)
		case "seed":
			var u uint64
			if err := decodeScalar(v, key, &u, fail); err != nil {
				return err
			}
			s.Seed = &u
		case "replicates":
			if err := decodeScalar(v, key, &s.Replicates, fail); err != nil {
				return err
			}
			if s.Replicates < 1 || s.Replicates > scenario.MaxSeeds {
				return fail(v.Line, "replicates: %d: want 1 to %d", s.Replicates, scenario.MaxSeeds)
			}
		case "policies":
			return s.parsePolicies(v, fail)
		case "baseline":
			if err := decodeScalar(v, key, &s.Baseline, fail); err != nil {
				return err
			}
			if !policy.Known(s.Baseline) {
				return fail(v.Line, "baseline: unknown policy %s (%s)", input.Quote(s.Baseline), scenario.NameHint(s.Baseline, policy.Names()))
			}
		case "design":
			return s.parseDesign(v, fail)
		case "parameters":
			return s.parseParameters(v, fail)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("sweep spec %s: %w", name, err)
	}
	return s, nil
}

// parsePolicies parses the spec's policies, v, each a known policy.
func (s *Spec) parsePolicies(v *yaml.Node, fail func(int, string, ...any) error) error {
	if err := v.Decode(&s.Policies); err != nil {
		return fail(v.Line, "policies: want a list of policy names: %v", yamlErr(err))
	}
	for i, p := range s.Policies {
		if !policy.Known(p) {
			return fail(v.Content[i].Line, "policies.%d: unknown policy %s (%s)", i, input.Quote(p), scenario.NameHint(p, policy.Names()))
		}
	}
	return nil
}

// parseDesign parses the spec's design section, v.
func (s *Spec) parseDesign(v *yaml.Node, fail func(int, string, ...any) error) error {
	return eachKey(v, "design", "design", fail, func(k string, w *yaml.Node) error {
		switch k {
		case "kind":
			return decodeScalar(w, "design.kind", &s.Design.Kind, fail)
		case "samples":
			return decodeScalar(w, "design.samples", &s.Design.Samples, fail)
		case "trajectories":
			return decodeScalar(w, "design.trajectories", &s.Design.Trajectories, fail)
		default: // levels
			return decodeScalar(w, "design.levels", &s.Design.Levels, fail)
		}
	})
}

// parseParameters parses the spec's list of parameters, v.
func (s *Spec) parseParameters(v *yaml.Node, fail func(int, string, ...any) error) error {
	if v.Kind != yaml.SequenceNode {
		return fail(v.Line, "parameters: want a list of {key: …} items")
	}
	for i, item := range v.Content {
		p, err := parseParam(item, fmt.Sprintf("parameters.%d", i), fail)
		if err != nil {
			return err
		}
		s.Parameters = append(s.Parameters, p)
	}
	return nil
}

// eachKey calls fn for each key of mapping node n in order, after checking
// that the key is one of specKeys[schema] and not repeated; where names n
// in errors.
func eachKey(n *yaml.Node, schema, where string, fail func(int, string, ...any) error, fn func(key string, v *yaml.Node) error) error {
	if where == "" {
		where = "the top level"
	}
	if n.Kind != yaml.MappingNode {
		got := nodeKind(n)
		if schema == "" && n.Kind == yaml.ScalarNode {
			got = "text" // the whole file: not echoed
		}
		return fail(n.Line, "%s: want a mapping of keys, got %s", where, got)
	}
	allowed := specKeys[schema]
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(allowed, k.Value) {
			return fail(k.Line, "unknown key %s in %s (want one of %s)", input.Quote(k.Value), where, strings.Join(allowed, ", "))
		}
		if seen[k.Value] {
			return fail(k.Line, "key %q given twice in %s", k.Value, where)
		}
		seen[k.Value] = true
		if err := fn(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return input.Quote(n.Value)
	}
	return "nothing"
}

// decodeScalar decodes a scalar node into dst, naming key on error.
func decodeScalar(n *yaml.Node, key string, dst any, fail func(int, string, ...any) error) error {
	if n.Kind != yaml.ScalarNode {
		return fail(n.Line, "%s: want a single value, got %s", key, nodeKind(n))
	}
	if err := n.Decode(dst); err != nil {
		return fail(n.Line, "%s: %s is not %s", key, input.Quote(n.Value), typeName(dst))
	}
	return nil
}

func typeName(dst any) string {
	switch dst.(type) {
	case *int:
		return "a whole number"
	case *uint64:
		return "a non-negative whole number"
	case *float64:
		return "a number"
	case *bool:
		return "true or false"
	}
	return "a string"
}

// yamlErr drops yaml's "yaml: unmarshal errors:" preamble.
func yamlErr(err error) string {
	s := strings.ReplaceAll(err.Error(), "yaml: unmarshal errors:\n", "")
	return strings.TrimSpace(strings.ReplaceAll(s, "\n", "; "))
}

func parseParam(n *yaml.Node, where string, fail func(int, string, ...any) error) (ParamSpec, error) {
	var p ParamSpec
	err := eachKey(n, "parameters", where, fail, func(key string, v *yaml.Node) error {
		switch key {
		case "key":
			p.line = v.Line
			return decodeScalar(v, where+".key", &p.Key, fail)
		case "integer":
			return decodeScalar(v, where+".integer", &p.Integer, fail)
		case "values":
			if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
				return fail(v.Line, "%s.values: want a non-empty list of values", where)
			}
			for j, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					return fail(e.Line, "%s.values.%d: want a single value (number, string or bool), got %s", where, j, nodeKind(e))
				}
				var x any
				if err := e.Decode(&x); err != nil {
					return fail(e.Line, "%s.values.%d: %v", where, j, yamlErr(err))
				}
				x, err := scenario.Scalar(x)
				if err != nil {
					return fail(e.Line, "%s.values.%d: %v", where, j, err)
				}
				p.Values = append(p.Values, x)
			}
		case "range":
			p.Range = &RangeSpec{}
			return eachKey(v, "range", where+".range", fail, func(k string, w *yaml.Node) error {
				switch k {
				case "from":
					return decodeScalar(w, where+".range.from", &p.Range.From, fail)
				case "to":
					return decodeScalar(w, where+".range.to", &p.Range.To, fail)
				default:
					return decodeScalar(w, where+".range.steps", &p.Range.Steps, fail)
				}
			})
		case "distribution":
			p.Distribution = &DistributionSpec{}
			return eachKey(v, "distribution", where+".distribution", fail, func(k string, w *yaml.Node) error {
				if err := w.Decode(&p.Distribution.Uniform); err != nil || len(p.Distribution.Uniform) != 2 {
					return fail(w.Line, "%s.distribution.uniform: want [low, high], two numbers", where)
				}
				return nil
			})
		}
		return nil
	})
	if err == nil && p.Key == "" {
		err = fail(n.Line, "%s: no key (the dotted config path to vary, e.g. attendees.count)", where)
	}
	return p, err
}
