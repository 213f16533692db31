package prior

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/unconf/unconf/sim"
)

// Config is the forecast section of a config file: the uncertainty that
// plan integrates over and calibrate fits.
type Config struct {
	// PriorVoters is the weight, in voters, of the scenario's own interest
	// model when a non-voter's interests are imputed from the voters' (a
	// Dirichlet-process posterior over voters: with V voters a non-voter
	// copies a voter with probability V/(V + PriorVoters)). Default 2.
	PriorVoters float64 `mapstructure:"prior_voters"`
	// Scatter is the standard deviation, on the log scale, of a real head
	// count around the model's: what no parameter of the model captures
	// (the room's place, the hour's competition outside the program, a
	// host's name), a discrepancy term in the sense of Kennedy and
	// O'Hagan (2001). plan multiplies each replicate's demand for a
	// session by exp(Scatter·z), z standard normal per session and
	// replicate; calibrate adds Scatter² to its likelihood's variance.
	// 0 predicts the model's own head counts.
	Scatter float64 `mapstructure:"scatter"`
	// Priors are independent distributions of model parameters, drawn
	// afresh in every replicate. A prior on ScatterKey draws the scatter
	// too (Scatter is then unused): calibrate fits it like the rest.
	Priors []Dist `mapstructure:"priors,omitempty"`
	// Posterior, when it has draws, is a joint sample of parameters (from
	// unconf calibrate): each replicate takes one row, and its keys are not
	// drawn from Priors.
	Posterior Draws `mapstructure:"posterior,omitempty"`
}

// Draws is a joint sample: Rows[i][k] is the value of Keys[k] in draw i.
type Draws struct {
	Keys []string    `mapstructure:"keys"`
	Rows [][]float64 `mapstructure:"draws"`
}

// Dist is the distribution of one model parameter. Exactly one of Normal,
// LogNormal, Uniform and Beta is set; Bounds, if set, truncates it.
type Dist struct {
	// Key is the parameter's config key; it must name a number of the
	// model (not run.*, policy.* or a list item), or be ScatterKey.
	Key string `mapstructure:"key"`
	// Normal is [mean, sd].
	Normal []float64 `mapstructure:"normal,omitempty"`
	// LogNormal is [median, sd of the logarithm].
	LogNormal []float64 `mapstructure:"lognormal,omitempty"`
	// Uniform is [low, high].
	Uniform []float64 `mapstructure:"uniform,omitempty"`
	// Beta is [α, β], on [0, 1].
	Beta []float64 `mapstructure:"beta,omitempty"`
	// Bounds is [low, high]: draws outside are redrawn.
	Bounds []float64 `mapstructure:"bounds,omitempty"`
}

// kind returns the name and parameters of d's distribution.
func (d *Dist) kind() (string, []float64) {
	switch {
	case d.Normal != nil:
		return "normal", d.Normal
	case d.LogNormal != nil:
		return "lognormal", d.LogNormal
	case d.Uniform != nil:
		return "uniform", d.Uniform
	default:
		return "beta", d.Beta
	}
}

// Validate reports the first problem of d, naming where as the key's
// place in the config ("forecast.priors.2").
func (d *Dist) Validate(where string) error {
	if err := CheckKey(d.Key); err != nil {
		return fmt.Errorf("%s.key: %w", where, err)
	}
	set := 0
	for _, v := range [][]float64{d.Normal, d.LogNormal, d.Uniform, d.Beta} {
		if v != nil {
			set++
		}
	}
	if set != 1 {
		return fmt.Errorf("%s (%s): want exactly one of normal, lognormal, uniform, beta", where, d.Key)
	}
	name, p := d.kind()
	if len(p) != 2 {
		return fmt.Errorf("%s.%s: %v: want two numbers", where, name, p)
	}
	for i, v := range p {
		if err := inRange(fmt.Sprintf("%s.%s.%d", where, name, i), v); err != nil {
			return err
		}
	}
	ok := true
	switch name {
	case "normal":
		ok = p[1] > 0
	case "lognormal":
		ok = p[0] > 0 && p[1] > 0
	case "uniform":
		ok = p[0] < p[1]
	case "beta":
		ok = p[0] > 0 && p[1] > 0
	}
	if !ok {
		want := map[string]string{"normal": "[mean, sd > 0]", "lognormal": "[median > 0, sd > 0]",
			"uniform": "[low, high] with low < high", "beta": "[α > 0, β > 0]"}[name]
		return fmt.Errorf("%s.%s: %v: want %s", where, name, p, want)
	}
	if d.Bounds != nil {
		b := d.Bounds
		if len(b) != 2 {
			return fmt.Errorf("%s.bounds: %v: want [low, high]", where, b)
		}
		for i, v := range b {
			if err := inRange(fmt.Sprintf("%s.bounds.%d", where, i), v); err != nil {
				return err
			}
		}
		if b[0] >= b[1] {
			return fmt.Errorf("%s.bounds: %v: want [low, high] with low < high", where, b)
		}
		lo, hi := d.support()
		if b[1] <= lo || b[0] >= hi {
			return fmt.Errorf("%s.bounds: %v: outside the %s distribution's support", where, b, name)
		}
	}
	if lo, hi := d.support(); d.Key == ScatterKey && (lo < 0 || hi > MaxScatter) {
		return fmt.Errorf("%s (%s): its values reach outside [0, %g]: give bounds within them", where, d.Key, float64(MaxScatter))
	}
	return nil
}

// ScatterKey is the key of Config.Scatter, the one forecast setting that
// may have a prior (and be fitted) beside the model's numbers.
const ScatterKey = "forecast.scatter"

// CheckKey reports whether key may have a prior: ScatterKey or a number of
// the model.
func CheckKey(key string) error {
	if key == ScatterKey {
		return nil
	}
	if _, err := Field(&sim.Config{}, key); err != nil {
		return fmt.Errorf("%w, nor %s", err, ScatterKey)
	}
	return nil
}

// inRange reports a number that is not finite or beyond ±sim.MaxValue,
// naming its key.
func inRange(key string, v float64) error {
	if !(v >= -sim.MaxValue && v <= sim.MaxValue) {
		return fmt.Errorf("%s: %v: want a finite number within ±%g", key, v, sim.MaxValue)
	}
	return nil
}

// support returns the interval d's values lie in, bounds included.
func (d *Dist) support() (lo, hi float64) {
	name, p := d.kind()
	switch name {
	case "lognormal":
		lo, hi = 0, math.Inf(1)
	case "uniform":
		lo, hi = p[0], p[1]
	case "beta":
		lo, hi = 0, 1
	default:
		lo, hi = math.Inf(-1), math.Inf(1)
	}
	if d.Bounds != nil {
		lo, hi = max(lo, d.Bounds[0]), min(hi, d.Bounds[1])
	}
	return lo, hi
}

// maxRedraws caps the redraws of a bounded distribution; after that the
// draw is clamped (bounds that cut off nearly all the mass).
const maxRedraws = 1000

// Rand draws a value of d.
func (d *Dist) Rand(src rand.Source) float64 {
	name, p := d.kind()
	r := rand.New(src)
	lo, hi := d.support()
	var x float64
	for range maxRedraws {
		switch name {
		case "normal":
			x = p[0] + p[1]*r.NormFloat64()
		case "lognormal":
			x = p[0] * math.Exp(p[1]*r.NormFloat64())
		case "uniform":
			x = p[0] + (p[1]-p[0])*r.Float64()
		case "beta":
			x = distuv.Beta{Alpha: p[0], Beta: p[1], Src: src}.Rand()
		}
		if x >= lo && x <= hi {
			return x
		}
	}
	return min(max(x, lo), hi)
}

// LogDensity returns the log density of d at x, up to a constant (the
// truncation's normalisation): −Inf outside the support.
func (d *Dist) LogDensity(x float64) float64 {
	lo, hi := d.support()
	if !(x >= lo && x <= hi) {
		return math.Inf(-1)
	}
	name, p := d.kind()
	switch name {
	case "normal":
		z := (x - p[0]) / p[1]
		return -z*z/2 - math.Log(p[1])
	case "lognormal":
		if x <= 0 {
			return math.Inf(-1)
		}
		z := math.Log(x/p[0]) / p[1]
		return -z*z/2 - math.Log(p[1]*x)
	case "uniform":
		return -math.Log(p[1] - p[0])
	default:
		if x <= 0 || x >= 1 {
			return math.Inf(-1)
		}
		return (p[0]-1)*math.Log(x) + (p[1]-1)*math.Log1p(-x) - mathext.Lbeta(p[0], p[1])
	}
}

// Mean returns d's mean, ignoring Bounds, and its standard deviation.
func (d *Dist) Mean() (mean, sd float64) {
	name, p := d.kind()
	switch name {
	case "normal":
		return p[0], p[1]
	case "lognormal":
		m := p[0] * math.Exp(p[1]*p[1]/2)
		return m, m * math.Sqrt(math.Expm1(p[1]*p[1]))
	case "uniform":
		return (p[0] + p[1]) / 2, (p[1] - p[0]) / math.Sqrt(12)
	default:
		a, b := p[0], p[1]
		return a / (a + b), math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
	}
}

// Validate reports the first problem of c by its config key.
func (c *Config) Validate() error {
	if err := inRange("forecast.prior_voters", c.PriorVoters); err != nil || c.PriorVoters < 0 {
		return fmt.Errorf("forecast.prior_voters: %v: want a number from 0 to %g", c.PriorVoters, sim.MaxValue)
	}
	if math.IsNaN(c.Scatter) || c.Scatter < 0 || c.Scatter > MaxScatter {
		return fmt.Errorf("forecast.scatter: %v: want a number from 0 to %g (a standard deviation of log head counts)", c.Scatter, float64(MaxScatter))
	}
	seen := map[string]string{}
	for i := range c.Priors {
		where := fmt.Sprintf("forecast.priors.%d", i)
		if err := c.Priors[i].Validate(where); err != nil {
			return err
		}
		if prev, dup := seen[c.Priors[i].Key]; dup {
			return fmt.Errorf("%s.key: %q already has a prior (%s)", where, c.Priors[i].Key, prev)
		}
		seen[c.Priors[i].Key] = where
	}
	p := &c.Posterior
	for k, key := range p.Keys {
		if err := CheckKey(key); err != nil {
			return fmt.Errorf("forecast.posterior.keys.%d: %w", k, err)
		}
		if slices.Index(p.Keys, key) != k {
			return fmt.Errorf("forecast.posterior.keys.%d: %q listed twice", k, key)
		}
	}
	for i, row := range p.Rows {
		if len(row) != len(p.Keys) {
			return fmt.Errorf("forecast.posterior.draws.%d: %d values for %d keys", i, len(row), len(p.Keys))
		}
		for k, v := range row {
			where := fmt.Sprintf("forecast.posterior.draws.%d.%d", i, k)
			if err := inRange(where, v); err != nil {
				return err
			}
			if p.Keys[k] == ScatterKey && !(v >= 0 && v <= MaxScatter) {
				return fmt.Errorf("%s: %v: %s wants a number from 0 to %g", where, v, ScatterKey, float64(MaxScatter))
			}
		}
	}
	if len(p.Rows) == 0 && len(p.Keys) > 0 {
		return errors.New("forecast.posterior: keys without draws")
	}
	return nil
}

// Empty reports whether c draws nothing: plan then uses the scenario's
// values as they are.
func (c *Config) Empty() bool { return len(c.Priors) == 0 && len(c.Posterior.Rows) == 0 }

// Apply returns a copy of m with c's parameters drawn from src, and the
// scatter: one row of the posterior sample (when there is one) and every
// prior whose key the posterior does not hold, in the order of c.Priors.
// The scatter is c.Scatter unless ScatterKey was drawn. The result is
// validated; a draw that makes the model invalid (a prior that reaches
// outside a key's range) is an error naming the key.
func (c *Config) Apply(m *sim.Config, src rand.Source) (*sim.Config, float64, error) {
	out := *m
	scatter := c.Scatter
	set := func(key string, v float64) error {
		if key == ScatterKey {
			scatter = v
			return nil
		}
		return Set(&out, key, v)
	}
	r := rand.New(src)
	p := &c.Posterior
	if len(p.Rows) > 0 {
		row := p.Rows[r.IntN(len(p.Rows))]
		for k, key := range p.Keys {
			if err := set(key, row[k]); err != nil {
				return nil, 0, err
			}
		}
	}
	for i := range c.Priors {
		d := &c.Priors[i]
		if slices.Contains(p.Keys, d.Key) && len(p.Rows) > 0 {
			continue
		}
		if err := set(d.Key, d.Rand(src)); err != nil {
			return nil, 0, err
		}
	}
	if err := out.Validate(); err != nil {
		return nil, 0, fmt.Errorf("forecast: a drawn parameter is out of range: %w", err)
	}
	return &out, scatter, nil
}

// Set sets the number at key in c.
func Set(c *sim.Config, key string, v float64) error {
	f, err := Field(c, key)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Get returns the number at key in c.
func Get(c *sim.Config, key string) (float64, error) {
	f, err := Field(c, key)
	if err != nil {
		return 0, err
	}
	return *f, nil
}

// Field returns a pointer to the float64 field of c at key, found by the
// mapstructure names of sim.Config's sections and fields.
func Field(c *sim.Config, key string) (*float64, error) {
	v := reflect.ValueOf(c).Elem()
	for _, part := range strings.Split(key, ".") {
		if v.Kind() != reflect.Struct {
			return nil, fmt.Errorf("%q: not a number of the model", key)
		}
		found := false
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("mapstructure"), ",")
			if name == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%q: not a number of the model", key)
		}
	}
	if v.Kind() != reflect.Float64 {
		return nil, fmt.Errorf("%q: not a number of the model (a %s)", key, v.Kind())
	}
	return v.Addr().Interface().(*float64), nil
}

// MaxScatter bounds Config.Scatter: a log-scale standard deviation of 3
// already spreads a head count over a factor of 40 either way.
const MaxScatter = 3

// DefaultPriorVoters is Config.PriorVoters of the embedded default.
const DefaultPriorVoters = 2

// ToReal maps a value of d onto the real line (identity, log or logit
// according to d's support), where calibrate fits its proposals.
func (d *Dist) ToReal(x float64) float64 {
	lo, hi := d.support()
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		return x
	case math.IsInf(hi, 1):
		return math.Log(x - lo)
	case math.IsInf(lo, -1):
		return -math.Log(hi - x)
	}
	u := (x - lo) / (hi - lo)
	return math.Log(u / (1 - u))
}

// FromReal is the inverse of ToReal; it also returns log |dx/dy|, what a
// density on x gains when written on y.
func (d *Dist) FromReal(y float64) (x, logJac float64) {
	lo, hi := d.support()
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		return y, 0
	case math.IsInf(hi, 1):
		return lo + math.Exp(y), y
	case math.IsInf(lo, -1):
		return hi - math.Exp(-y), -y
	}
	// u = 1/(1 + e^−y); du/dy = u(1 − u).
	u := 1 / (1 + math.Exp(-y))
	x = lo + (hi-lo)*u
	return min(max(x, lo), hi), math.Log(hi-lo) + math.Log(u) + math.Log1p(-u)
}
