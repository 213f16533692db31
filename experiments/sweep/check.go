package sweep

import (
	"errors"
	"fmt"
	"strings"
)

// check validates the spec's structure (not yet its keys against a
// config): the design, and for every parameter the kind of values the
// design needs. It fills in the design's defaults: kind grid, and a Morris
// design's trajectories and levels.
func (s *Spec) check() error {
	d := &s.Design
	if err := d.check(); err != nil {
		return err
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
		if err := p.check(where); err != nil {
			return err
		}
		check := p.checkGrid
		if d.Kind != DesignGrid {
			check = func(where string) error { return p.checkSampled(where, d.Kind) }
		}
		if err := check(where); err != nil {
			return err
		}
	}
	if n := s.points(); n > maxSweepPoints {
		return fmt.Errorf("design: more than %d points (%s): use fewer values, steps, samples or trajectories", maxSweepPoints, d.Kind)
	}
	return nil
}

// check fills in the design's defaults (a grid; Morris's trajectories
// and levels) and checks that it has the settings of its kind only.
func (d *DesignSpec) check() error {
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
	return nil
}

// check checks what every design asks of a parameter, named where in
// errors: a dotted key outside run.*, and exactly one of values, a range
// with finite bounds, or a uniform distribution over finite low <= high.
func (p *ParamSpec) check(where string) error {
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
	return nil
}

// checkGrid checks a parameter of a grid: values (numbers if integer), or
// a range with steps.
func (p *ParamSpec) checkGrid(where string) error {
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
	return nil
}

// checkSampled checks a parameter of a sampled design (lhs, morris): a
// distribution or a range without steps, low <= high (Morris: <).
func (p *ParamSpec) checkSampled(where string, kind string) error {
	if p.Values != nil {
		return fmt.Errorf("%s: %s samples from a distribution (or a range without steps), not a list of values", where, kind)
	}
	if p.Range != nil && p.Range.Steps != 0 {
		return fmt.Errorf("%s.range.steps: %s takes bounds only (from, to); the design sets the levels", where, kind)
	}
	if p.Range != nil && p.Range.From > p.Range.To {
		return fmt.Errorf("%s.range: from %v > to %v", where, p.Range.From, p.Range.To)
	}
	if lo, hi := p.bounds(); kind == DesignMorris && lo == hi {
		return fmt.Errorf("%s: morris needs low < high (got %v for both)", where, lo)
	}
	return nil
}
