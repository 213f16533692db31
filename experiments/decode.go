package experiments

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/sim/prior"
)

// DecodeConfig decodes nested settings (as parsed from YAML, or viper's
// AllSettings) into a Config and validates it. An unknown key is an error
// naming it; so is a value of the wrong type.
func DecodeConfig(settings map[string]any) (*Config, error) {
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
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return &c, nil
}

// DecodeForecast decodes a file's settings that hold only a forecast
// section (calibrate's forecast.yaml) and validates it.
func DecodeForecast(settings map[string]any) (*prior.Config, error) {
	for k := range settings {
		if k != "forecast" {
			return nil, fmt.Errorf("%q: a forecast file holds only a forecast section", k)
		}
	}
	var c prior.Config
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

// ParseConfig parses a YAML scenario on its own (no layering) and validates
// it.
func ParseConfig(data []byte) (*Config, error) {
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return DecodeConfig(m)
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
