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

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/scenario"
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
// Run does before running anything: an unknown key is an error with the
// closest existing key (see KeyHint), a list index out of range one with
// the valid range. For a spec from ParseSpec the error names the spec
// file and the key's line:
//
//	sweep spec my.yaml:9: parameters.1.key: unknown config key "votes.nose" (did you mean "votes.noise"?)
//
// Settings must be set.
func (s *Spec) CheckKeys() error {
	if s.Settings == nil {
		return errors.New("sweep: the spec has no base settings (resolve its base first, e.g. with configs.LoadSweep)")
	}
	for i, p := range s.Parameters {
		if err := scenario.CheckKey(s.Settings, p.Key); err != nil {
			if s.name != "" && p.line > 0 {
				return fmt.Errorf("sweep spec %s:%d: parameters.%d.key: %w", s.name, p.line, i, err)
			}
			return fmt.Errorf("sweep: parameters.%d.key: %w", i, err)
		}
	}
	return nil
}

// Validate expands the spec's design and builds and validates every
// point's config, as Run does before running anything, and returns the
// number of points and units. Settings must be set.
func (s *Spec) Validate() (points, units int, err error) {
	p, err := planSweep(s, false)
	if err != nil {
		return 0, 0, err
	}
	return p.l.Points, p.l.Units(), nil
}
