package sweep

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
)

// sweepPlan is a sweep expanded into its fixed, ordered units: the base
// settings with the spec's run keys applied, the design's points, the
// layout (points × replicates × policies) and the spec hash that every
// output directory and part file carries.
type sweepPlan struct {
	spec *Spec
	// base is spec.Settings with run.seed, run.seeds, run.policies and
	// run.baseline set from the spec; baseCfg is it decoded.
	base    map[string]any
	baseCfg *scenario.Config
	d       *design
	l       *runner.Layout
	// streams are the row streams (results; sessions and slots with
	// sessions) and the check stream.
	streams  []runner.Stream
	sessions bool
	// baseline is the baseline policy's index.
	baseline int
	// numeric[i] reports whether every value of parameter i is a number.
	numeric []bool
	// hash is the hex SHA-256 of everything that determines the rows.
	hash string
}

// errorf formats an error about the spec: "sweep spec FILE: …" for a spec
// read from a file, else "sweep: …".
func (s *Spec) errorf(format string, a ...any) error {
	if s.name != "" {
		return fmt.Errorf("sweep spec %s: "+format, append([]any{s.name}, a...)...)
	}
	return fmt.Errorf("sweep: "+format, a...)
}

// wholeParam reports whether every value of parameter i is a whole number
// (an int64, as written without a decimal point or rounded by integer:
// true): its column holds integers.
func (p *sweepPlan) wholeParam(i int) bool {
	for _, vs := range p.d.values {
		if _, ok := vs[i].(int64); !ok {
			return false
		}
	}
	return true
}

// planSweep expands spec and validates every point's config, so that a bad
// key or value is reported before anything runs. sessions adds the
// sessions.csv and slots.csv streams.
func planSweep(spec *Spec, sessions bool) (*sweepPlan, error) {
	if spec == nil {
		return nil, errors.New("sweep: no spec")
	}
	if spec.Settings == nil {
		return nil, errors.New("sweep: the spec has no base settings (resolve its base first, e.g. with configs.LoadSweep)")
	}
	if err := spec.check(); err != nil {
		return nil, spec.errorf("%w", err)
	}
	base, err := spec.baseSettings()
	if err != nil {
		return nil, spec.errorf("base config: %w", err)
	}
	baseCfg, err := scenario.Decode(base)
	if err != nil {
		return nil, spec.errorf("base config with the spec's seed, replicates, policies and baseline: %w", err)
	}
	p := &sweepPlan{spec: spec, base: base, baseCfg: baseCfg}
	// Every key must exist in the base: check each on its own, so that the
	// error names the parameter (and its line).
	if err := spec.CheckKeys(); err != nil {
		return nil, err
	}
	if p.d, err = newDesign(spec, baseCfg.Run.Seed); err != nil {
		return nil, spec.errorf("%w", err)
	}

	cols, vals := p.pointColumns()
	run := baseCfg.Run
	p.l = runner.NewLayout(len(p.d.values), run.Seeds, run.Policies, run.Seed, cols, vals)
	p.baseline = slices.Index(run.Policies, run.Baseline)
	p.streams = runner.RowStreams(p.l)
	if !sessions {
		p.streams = p.streams[:1]
	}
	for pt := range p.d.values {
		if _, err := p.checkedConfig(pt); err != nil {
			return nil, err
		}
	}
	if p.hash, err = runner.SpecHash("sweep", base, cols, vals, p.streams); err != nil {
		return nil, err
	}
	p.streams, p.sessions = runner.WithCheck(p.streams), sessions
	return p, nil
}

// baseSettings returns the spec's base settings with its seed,
// replicates, policies and baseline, those it sets, in place of the
// base's.
func (spec *Spec) baseSettings() (map[string]any, error) {
	base := spec.Settings
	var err error
	set := func(key string, v any) {
		if err == nil {
			base, err = scenario.Override(base, key, v)
		}
	}
	if spec.Seed != nil {
		set("run.seed", *spec.Seed)
	}
	if spec.Replicates > 0 {
		set("run.seeds", spec.Replicates)
	}
	if len(spec.Policies) > 0 {
		ps := make([]any, len(spec.Policies))
		for i, p := range spec.Policies {
			ps[i] = p
		}
		set("run.policies", ps)
	}
	if spec.Baseline != "" {
		set("run.baseline", spec.Baseline)
	}
	return base, err
}

// pointColumns returns the columns that name a point in the row files
// (point, then each parameter's key) and each point's values in them,
// and notes in p.numeric which parameters have only numbers.
func (p *sweepPlan) pointColumns() (cols []string, vals [][]string) {
	cols = []string{"point"}
	p.numeric = make([]bool, len(p.spec.Parameters))
	for i, ps := range p.spec.Parameters {
		cols = append(cols, ps.Key)
		p.numeric[i] = true
	}
	vals = make([][]string, len(p.d.values))
	for pt, vs := range p.d.values {
		row := make([]string, 0, len(vs)+1)
		row = append(row, strconv.Itoa(pt))
		for i, v := range vs {
			row = append(row, formatValue(v))
			if _, ok := toFloat(v); !ok {
				p.numeric[i] = false
			}
		}
		vals[pt] = row
	}
	return cols, vals
}

// pointLabel describes point pt: "point 3 (attendees.count=80, votes.noise=0.2)".
func (p *sweepPlan) pointLabel(pt int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "point %d (", pt)
	for i, ps := range p.spec.Parameters {
		if i > 0 {
			b.WriteString(", ")
		}
		v := formatValue(p.d.values[pt][i])
		if x, ok := p.d.values[pt][i].(float64); ok && math.IsNaN(x) {
			v = "NaN" // an empty cell in a CSV file; a message names it
		}
		fmt.Fprintf(&b, "%s=%s", ps.Key, v)
	}
	b.WriteString(")")
	return b.String()
}

// config returns point pt's config: the base settings with each parameter
// overridden, decoded and validated.
func (p *sweepPlan) config(pt int) (*scenario.Config, error) {
	s := p.base
	var err error
	for i, ps := range p.spec.Parameters {
		if s, err = scenario.Override(s, ps.Key, p.d.values[pt][i]); err != nil {
			return nil, p.spec.errorf("%s: %w", p.pointLabel(pt), err)
		}
	}
	c, err := scenario.Decode(s)
	if err != nil {
		return nil, p.spec.errorf("%s: %w", p.pointLabel(pt), err)
	}
	return c, nil
}

// checkedConfig is config, checking also that no number was silently
// truncated (2.5 for a count): planSweep calls it for every point, so
// workers need not.
func (p *sweepPlan) checkedConfig(pt int) (*scenario.Config, error) {
	c, err := p.config(pt)
	if err != nil {
		return nil, err
	}
	t := scenario.TreeOf(c)
	for i, ps := range p.spec.Parameters {
		f, ok := p.d.values[pt][i].(float64)
		if !ok || f == math.Trunc(f) {
			continue
		}
		if got, ok := t.Get(ps.Key); ok {
			if g, isInt := intValue(got); isInt {
				return nil, p.spec.errorf("%s: %s: %v is not a whole number (the config would take %d): add integer: true to the parameter",
					p.pointLabel(pt), ps.Key, f, g)
			}
		}
	}
	return c, nil
}

// intValue reports whether v is of an integer kind, and its value.
func intValue(v any) (int64, bool) {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return r.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(r.Uint()), true
	}
	return 0, false
}

// taskRange returns the tasks [first, end) of shard sh of the plan: the
// slice [i·T/n, (i+1)·T/n) of the T tasks; the whole list without a shard.
func (p *sweepPlan) taskRange(sh runner.Shard) (first, end int) {
	T := p.l.Tasks()
	if sh.Count == 0 {
		return 0, T
	}
	return sh.Index * T / sh.Count, (sh.Index + 1) * T / sh.Count
}
