package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim/policy"
)

// Design kinds of a sweep.
const (
	DesignGrid   = "grid"
	DesignLHS    = "lhs"
	DesignMorris = "morris"
)

// Defaults of a Morris design.
const (
	defaultTrajectories = 10
	defaultLevels       = 4
)

// maxSweepPoints bounds the points of a design: far beyond any sweep one
// would run (each point is checked before anything runs), it turns a typo
// such as steps: 1000000000 into an error instead of exhausting memory.
const maxSweepPoints = 1_000_000

// Spec is a parameter sweep: a base scenario, the config keys to vary
// and how (a design), the policies to compare at every point and how many
// replicates to run. It is what a sweep spec file holds:
//
//	base: embedded              # or embedded:meetup.yaml, or a scenario file
//	seed: 2017                  # master seed (default: the base's run.seed)
//	replicates: 10              # per point (default: the base's run.seeds)
//	policies: [random, jetlag]  # default: the base's run.policies
//	baseline: random            # default: the base's run.baseline
//	design: {kind: grid}        # grid | lhs (samples: N) | morris (trajectories: r, levels: p)
//	parameters:
//	  - key: attendees.visitor_share
//	    values: [0, 0.2, 0.4, 0.6]
//	  - key: attendees.count
//	    range: {from: 50, to: 250, steps: 5}
//	    integer: true
//	  - key: votes.noise
//	    distribution: {uniform: [0, 0.5]}
//
// A grid takes values or a range with steps for every parameter; lhs and
// morris take a distribution (or a range without steps, meaning uniform on
// it) for every parameter.
type Spec struct {
	// Base names the base scenario as written in the spec: "" or
	// "embedded" for the embedded default, "embedded:NAME.yaml" for
	// another embedded scenario, or a file path relative to the spec.
	Base string `json:"base,omitempty"`
	// Seed is the master seed; nil means the base's run.seed. JSON holds
	// it as a string (see runner.SeedStrings).
	Seed *uint64 `json:"seed,omitempty,string"`
	// Replicates per point; 0 means the base's run.seeds.
	Replicates int `json:"replicates,omitempty"`
	// Policies to run at every point; empty means the base's run.policies.
	Policies []string `json:"policies,omitempty"`
	// Baseline is the policy the others are compared with; "" means the
	// base's run.baseline.
	Baseline string `json:"baseline,omitempty"`
	// Design says how points are laid out.
	Design DesignSpec `json:"design"`
	// Parameters are the swept config keys, in column order.
	Parameters []ParamSpec `json:"parameters"`

	// Settings is the base scenario as nested settings (as parsed from
	// YAML), every key present. ParseSpec leaves it nil: the loader
	// that resolves Base (configs.LoadSweep) or the caller fills it.
	Settings map[string]any `json:"settings,omitempty"`
	// Source names where the spec and its base came from, for reports.
	Source string `json:"source,omitempty"`

	// name is the spec file's name as given to ParseSpec, for
	// errors that name a line; "" for a spec built otherwise.
	name string
}

// DesignSpec says how a sweep lays out its points.
type DesignSpec struct {
	// Kind is "grid" (full factorial, the default), "lhs" (Latin
	// hypercube) or "morris" (elementary effects).
	Kind string `json:"kind"`
	// Samples is the number of points of a Latin hypercube.
	Samples int `json:"samples,omitempty"`
	// Trajectories (r, default 10) and Levels (p, even, default 4) shape
	// a Morris design: r(k+1) points for k parameters.
	Trajectories int `json:"trajectories,omitempty"`
	Levels       int `json:"levels,omitempty"`
}

// ParamSpec is one swept config key.
type ParamSpec struct {
	// Key is the dotted config path, e.g. "attendees.count" or
	// "event.rooms.1.count" (list items by index).
	Key string `json:"key"`
	// Values lists a grid parameter's values (numbers, strings or bools).
	Values []any `json:"values,omitempty"`
	// Range is an evenly spaced range: Steps values from From to To for a
	// grid, the bounds of a uniform distribution for lhs and morris.
	Range *RangeSpec `json:"range,omitempty"`
	// Distribution samples lhs and morris parameters.
	Distribution *DistributionSpec `json:"distribution,omitempty"`
	// Integer rounds every value to the nearest whole number, for counts.
	Integer bool `json:"integer,omitempty"`

	// line is the spec file line of Key (0 if unknown), for errors.
	line int
}

// RangeSpec is Steps evenly spaced values from From to To, both included.
type RangeSpec struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Steps int     `json:"steps,omitempty"`
}

// DistributionSpec is a sampling distribution: Uniform [lo, hi].
type DistributionSpec struct {
	Uniform []float64 `json:"uniform"`
}

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
// Settings is nil: resolve Base and set it before calling Sweep.
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
			if err := v.Decode(&s.Policies); err != nil {
				return fail(v.Line, "policies: want a list of policy names: %v", yamlErr(err))
			}
			for i, p := range s.Policies {
				if !policy.Known(p) {
					return fail(v.Content[i].Line, "policies.%d: unknown policy %s (%s)", i, input.Quote(p), scenario.NameHint(p, policy.Names()))
				}
			}
		case "baseline":
			if err := decodeScalar(v, key, &s.Baseline, fail); err != nil {
				return err
			}
			if !policy.Known(s.Baseline) {
				return fail(v.Line, "baseline: unknown policy %s (%s)", input.Quote(s.Baseline), scenario.NameHint(s.Baseline, policy.Names()))
			}
		case "design":
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
		case "parameters":
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

// check validates the spec's structure (not yet its keys against a
// config): the design, and for every parameter the kind of values the
// design needs. It fills in the design's defaults: kind grid, and a Morris
// design's trajectories and levels.
func (s *Spec) check() error {
	d := &s.Design
	if d.Kind == "" {
		d.Kind = DesignGrid
	}
	switch d.Kind {
	case DesignGrid:
		if d.Samples != 0 || d.Trajectories != 0 || d.Levels != 0 {
			return errors.New("design: a grid takes no samples, trajectories or levels")
		}
	case DesignLHS:
		if d.Samples < 1 {
			return fmt.Errorf("design.samples: %d: a Latin hypercube needs samples >= 1", d.Samples)
		}
		if d.Trajectories != 0 || d.Levels != 0 {
			return errors.New("design: lhs takes samples, not trajectories or levels")
		}
	case DesignMorris:
		if d.Samples != 0 {
			return errors.New("design: morris takes trajectories and levels, not samples")
		}
		if d.Trajectories == 0 {
			d.Trajectories = defaultTrajectories
		}
		if d.Levels == 0 {
			d.Levels = defaultLevels
		}
		if d.Trajectories < 2 {
			return fmt.Errorf("design.trajectories: %d: want at least 2 (σ needs two elementary effects)", d.Trajectories)
		}
		if d.Levels < 2 || d.Levels%2 != 0 {
			return fmt.Errorf("design.levels: %d: want an even number >= 2", d.Levels)
		}
	default:
		return fmt.Errorf("design.kind: %q: want grid, lhs or morris", d.Kind)
	}
	if len(s.Parameters) == 0 {
		return errors.New("parameters: none: list at least one {key: …} to vary")
	}
	seen := map[string]int{}
	for i, p := range s.Parameters {
		where := fmt.Sprintf("parameters.%d (%s)", i, p.Key)
		if j, ok := seen[strings.ToLower(p.Key)]; ok {
			return fmt.Errorf("%s: key also swept by parameters.%d", where, j)
		}
		seen[strings.ToLower(p.Key)] = i
		if strings.HasPrefix(strings.ToLower(p.Key), "run.") || strings.EqualFold(p.Key, "run") {
			return fmt.Errorf("%s: run.* keys cannot be swept: set seed, replicates, policies and baseline at the top of the spec", where)
		}
		if strings.Contains(p.Key, "..") || strings.HasPrefix(p.Key, ".") || strings.HasSuffix(p.Key, ".") {
			return fmt.Errorf("%s: not a dotted config path", where)
		}
		n := 0
		for _, set := range []bool{p.Values != nil, p.Range != nil, p.Distribution != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("%s: give exactly one of values, range or distribution", where)
		}
		if p.Range != nil {
			if !finite(p.Range.From) || !finite(p.Range.To) {
				return fmt.Errorf("%s.range: from and to must be finite numbers", where)
			}
		}
		if p.Distribution != nil {
			u := p.Distribution.Uniform
			if len(u) != 2 { // distribution: {}
				return fmt.Errorf("%s.distribution.uniform: %v: want [low, high], two numbers", where, u)
			}
			if !finite(u[0]) || !finite(u[1]) || u[0] > u[1] {
				return fmt.Errorf("%s.distribution.uniform: [%v, %v]: want finite low <= high", where, u[0], u[1])
			}
		}
		switch d.Kind {
		case DesignGrid:
			if p.Distribution != nil {
				return fmt.Errorf("%s: a grid needs values or a range with steps, not a distribution", where)
			}
			if p.Range != nil && p.Range.Steps < 1 {
				return fmt.Errorf("%s.range.steps: %d: a grid range needs steps >= 1 (the number of values)", where, p.Range.Steps)
			}
			if p.Range != nil && p.Range.Steps == 1 && p.Range.From != p.Range.To {
				return fmt.Errorf("%s.range: one step from %v to %v: want from = to, or more steps", where, p.Range.From, p.Range.To)
			}
			if p.Integer {
				for j, v := range p.Values {
					if _, ok := toFloat(v); !ok {
						return fmt.Errorf("%s.values.%d: %v: integer: true needs numbers", where, j, v)
					}
				}
			}
		default:
			if p.Values != nil {
				return fmt.Errorf("%s: %s samples from a distribution (or a range without steps), not a list of values", where, d.Kind)
			}
			if p.Range != nil && p.Range.Steps != 0 {
				return fmt.Errorf("%s.range.steps: %s takes bounds only (from, to); the design sets the levels", where, d.Kind)
			}
			if p.Range != nil && p.Range.From > p.Range.To {
				return fmt.Errorf("%s.range: from %v > to %v", where, p.Range.From, p.Range.To)
			}
			if lo, hi := p.bounds(); d.Kind == DesignMorris && lo == hi {
				return fmt.Errorf("%s: morris needs low < high (got %v for both)", where, lo)
			}
		}
	}
	if n := s.points(); n > maxSweepPoints {
		return fmt.Errorf("design: more than %d points (%s): use fewer values, steps, samples or trajectories", maxSweepPoints, d.Kind)
	}
	return nil
}

// points returns the number of points of the checked design, saturated
// at maxSweepPoints+1.
func (s *Spec) points() int {
	d := &s.Design
	switch d.Kind {
	case DesignLHS:
		return min(d.Samples, maxSweepPoints+1)
	case DesignMorris:
		if d.Trajectories > maxSweepPoints/(len(s.Parameters)+1) {
			return maxSweepPoints + 1
		}
		return d.Trajectories * (len(s.Parameters) + 1)
	}
	n := 1
	for _, p := range s.Parameters {
		k := len(p.Values)
		if p.Range != nil {
			k = p.Range.Steps
		}
		if k > maxSweepPoints/n {
			return maxSweepPoints + 1
		}
		n *= k
	}
	return n
}

// bounds returns a sampled parameter's [low, high].
func (p *ParamSpec) bounds() (lo, hi float64) {
	if p.Distribution != nil {
		return p.Distribution.Uniform[0], p.Distribution.Uniform[1]
	}
	return p.Range.From, p.Range.To
}

// gridValues returns a grid parameter's values, rounded when Integer.
func (p *ParamSpec) gridValues() []any {
	if p.Values != nil {
		if !p.Integer {
			return p.Values
		}
		out := make([]any, len(p.Values))
		for i, v := range p.Values {
			f, _ := toFloat(v)
			out[i] = int64(math.Round(f))
		}
		return out
	}
	r := p.Range
	out := make([]any, r.Steps)
	for i := range out {
		x := r.From
		if r.Steps > 1 {
			x = r.From + (r.To-r.From)*float64(i)/float64(r.Steps-1)
		}
		out[i] = p.scale(x)
	}
	return out
}

// scale rounds a number from a range or distribution: to an integer when
// Integer, else to 12 significant digits, so that 0.1 + 2·0.1 reads 0.3.
func (p *ParamSpec) scale(x float64) any {
	if p.Integer {
		return int64(math.Round(x))
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

// toFloat returns a numeric value as float64.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// formatValue formats a parameter value for a CSV cell.
func formatValue(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return csvcell.FormatFloat(x)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// marshalSpec returns the resolved spec as JSON, for part files; unmarshalSpec
// reads it back with numbers as int64 or float64, as from YAML. A float
// parameter value is written as one ("3.0", "2e+06"), so that it reads
// back as a float: its type decides its CSV cell and so the spec hash
// (the float 2e6 is "2e+06", the integer "2000000").
func marshalSpec(s *Spec) ([]byte, error) {
	c := *s
	c.Parameters = slices.Clone(s.Parameters)
	for i := range c.Parameters {
		vs := slices.Clone(c.Parameters[i].Values)
		for j, v := range vs {
			if f, ok := v.(float64); ok && finite(f) {
				t := strconv.FormatFloat(f, 'g', -1, 64)
				if !strings.ContainsAny(t, ".e") {
					t += ".0"
				}
				vs[j] = json.Number(t)
			}
		}
		c.Parameters[i].Values = vs
	}
	return json.Marshal(&c)
}

func unmarshalSpec(data []byte) (*Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, err
	}
	for i := range s.Parameters {
		for j, v := range s.Parameters[i].Values {
			x, err := scenario.Scalar(v)
			if err != nil {
				return nil, fmt.Errorf("parameters.%d.values.%d: %w", i, j, err)
			}
			s.Parameters[i].Values[j] = x
		}
	}
	s.Settings = scenario.Numbers(s.Settings).(map[string]any)
	return &s, nil
}

// CheckKeys checks that every parameter's key is a key of Settings, as
// Sweep does before running anything: an unknown key is an error with the
// closest existing key (see KeyHint), a list index out of range one with
// the valid range. For a spec from ParseSpec the error names the spec
// file and the key's line:
//
//	sweep spec my.yaml:9: parameters.1.key: unknown config key "votes.nose" (did you mean "votes.noise"?)
//
// Settings must be set.
func (s *Spec) CheckKeys() error {
	if s.Settings == nil {
		return errors.New("experiments: sweep: the spec has no base settings (resolve its base first, e.g. with configs.LoadSweep)")
	}
	for i, p := range s.Parameters {
		if err := scenario.CheckKey(s.Settings, p.Key); err != nil {
			if s.name != "" && p.line > 0 {
				return fmt.Errorf("sweep spec %s:%d: parameters.%d.key: %w", s.name, p.line, i, err)
			}
			return fmt.Errorf("experiments: sweep: parameters.%d.key: %w", i, err)
		}
	}
	return nil
}

// Validate expands the spec's design and builds and validates every
// point's config, as Sweep does before running anything, and returns the
// number of points and units. Settings must be set.
func (s *Spec) Validate() (points, units int, err error) {
	p, err := planSweep(s, false)
	if err != nil {
		return 0, 0, err
	}
	return p.l.Points, p.l.Units(), nil
}
