package scenario

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/prior"
)

// Decode decodes nested settings (as parsed from YAML, or viper's
// AllSettings) into a Config and validates it with unconf's own policies.
// An unknown key is an error naming it; so is a value of the wrong type.
func Decode(settings map[string]any) (*Config, error) { return decode(settings, policy.Builtin()) }

// decode decodes settings and validates them with the policies of pols
// (Config.ValidateWith).
func decode(settings map[string]any, pols policy.Registry) (*Config, error) {
	if ev, ok := settings["event"].(map[string]any); ok {
		for k := range ev {
			key := "event." + strings.ToLower(k)
			if why, ok := removedKeys[key]; ok {
				return nil, fmt.Errorf("config: unknown key %q (%s)", key, why)
			}
		}
	}
	var c Config
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:      &c,
		ErrorUnused: true,
		// Only "a,b" for a list: weak typing would also turn a list into a
		// scalar. Strings from flags and environment are typed by the CLI
		// before they get here.
		DecodeHook: mapstructure.StringToSliceHookFunc(","),
	})
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := checkKeyNames(settings, ""); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := dec.Decode(settings); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := c.ValidateWith(pols); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return &c, nil
}

// DecodeForecast decodes a file's settings that hold only a forecast
// section (calibrate's forecast.yaml) and validates it. The file's
// priors and posterior replace base's; prior_voters and scatter, when the
// file leaves them out, are base's (the config's), not zero.
func DecodeForecast(settings map[string]any, base *prior.Config) (*prior.Config, error) {
	for k := range settings {
		if k != "forecast" {
			return nil, fmt.Errorf("%q: a forecast file holds only a forecast section", k)
		}
	}
	c := prior.Config{PriorVoters: base.PriorVoters, Scatter: base.Scatter}
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{Result: &c, ErrorUnused: true})
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	if err := dec.Decode(settings["forecast"]); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Parse parses a YAML scenario on its own (no layering) and validates it.
func Parse(data []byte) (*Config, error) {
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Decode(m)
}

// checkKeyNames returns an error naming a mapping key in v that is not a
// string (YAML "run: {0: x}" has the number 0 as a key), where is v's
// dotted path; keys are visited in sorted order, so the error is always
// the same. mapstructure panics on such a key where it lists the keys it
// did not use.
func checkKeyNames(v any, where string) error {
	at := func(key string) string {
		if where == "" {
			return key
		}
		return where + "." + key
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if err := checkKeyNames(x[k], at(k)); err != nil {
				return err
			}
		}
	case map[any]any:
		keys := slices.SortedFunc(maps.Keys(x), func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			name, ok := k.(string)
			if !ok {
				return fmt.Errorf("%s: %v is not a key name", cmp.Or(where, "the top level"), k)
			}
			if err := checkKeyNames(x[k], at(name)); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := checkKeyNames(e, at(strconv.Itoa(i))); err != nil {
				return err
			}
		}
	}
	return nil
}

// FromJSON decodes a config as meta.json holds it (keys as in the config
// file) and validates it with unconf's own policies.
func FromJSON(data []byte) (*Config, error) { return FromJSONWith(data, policy.Builtin()) }

// FromJSONWith is FromJSON for a config whose run.policies may name the
// policies of pols (the registry its run had).
func FromJSONWith(data []byte, pols policy.Registry) (*Config, error) {
	s, err := SettingsFromJSON(data)
	if err != nil {
		return nil, err
	}
	return decode(s, pols)
}

// SettingsFromJSON decodes a JSON object into nested settings with whole
// numbers as int64 (uint64 above its range) and others as float64, as
// Decode and Override expect. A seed written as a string of digits
// becomes a number.
func SettingsFromJSON(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if m == nil {
		return nil, errors.New("config: missing")
	}
	m = Numbers(m).(map[string]any)
	if run, ok := m["run"].(map[string]any); ok {
		if s, ok := run["seed"].(string); ok {
			if v, err := strconv.ParseUint(s, 10, 64); err == nil {
				run["seed"] = v
			}
		}
	}
	return m, nil
}

// Scalar turns a decoded scalar (from YAML, or JSON with UseNumber) into
// int64, float64, string or bool: whole numbers are int64, those beyond
// its range float64 (from YAML) or uint64 (a JSON seed).
func Scalar(x any) (any, error) {
	switch v := x.(type) {
	case int:
		return int64(v), nil
	case int64, float64, string, bool:
		return v, nil
	case uint64:
		if v > math.MaxInt64 {
			return float64(v), nil
		}
		return int64(v), nil
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, nil
		}
		if u, err := strconv.ParseUint(string(v), 10, 64); err == nil {
			return u, nil // a seed beyond MaxInt64
		}
		f, err := v.Float64()
		return f, err
	case nil:
		return nil, errors.New("empty value")
	}
	return nil, fmt.Errorf("%v (%T): want a number, string or bool", x, x)
}

// Numbers replaces json.Number by int64 or float64 (Scalar) throughout
// nested settings, in place, and returns them.
func Numbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = Numbers(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = Numbers(e)
		}
		return x
	case json.Number:
		if n, err := Scalar(x); err == nil {
			return n
		}
	}
	return v
}
