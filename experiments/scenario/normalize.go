package scenario

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/unconf/unconf/internal/input"
)

// KeyError is a config error about one key: an unknown key (Unknown
// set; Msg names the key and the closest known one) or a value of the
// wrong type (Msg names the value and the type wanted).
type KeyError struct {
	// Key is the dotted key, list items by index ("event.rooms.0.count").
	Key string
	Msg string
	// Unknown is set when the key itself is not a config key.
	Unknown bool
}

func (e *KeyError) Error() string {
	if e.Unknown {
		return e.Msg
	}
	return e.Key + ": " + e.Msg
}

// Normalize checks nested settings (as parsed from a config file,
// or layered by viper) against the config structs and converts values to
// the types their fields want: strings from environment variables and
// flags ("200", "0.5", "true", "a,b") become numbers, booleans and lists;
// whole floats from JSON become integers. It reports the first unknown key
// (with a suggestion, see KeyHint) or unconvertible value as a *KeyError,
// before Decode would, so that errors are one line naming one key.
// Keys are visited in sorted order, so the error is deterministic. Keys
// must be in lower case.
func Normalize(settings map[string]any) (map[string]any, error) {
	v, err := normalize(settings, reflect.TypeFor[Config](), "")
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}

// normalize checks and converts v, the setting key, to type t (Normalize).
func normalize(v any, t reflect.Type, key string) (any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return normalizeSection(v, t, key)
	case reflect.Slice:
		return normalizeList(v, t, key)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return settingInt(v, key)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return settingUint(v, key)
	case reflect.Float32, reflect.Float64:
		return settingFloat(v, key)
	case reflect.Bool:
		return settingBool(v, key)
	case reflect.String:
		return settingString(v, key)
	}
	return v, nil
}

// normalizeSection normalizes v, the section key of struct type t, key
// by key in sorted order, so that the first unknown key is always the
// same.
func normalizeSection(v any, t reflect.Type, key string) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return v, nil
		}
		return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a section of keys", showValue(v))}
	}
	fields := structFields(t)
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make(map[string]any, len(m))
	for _, k := range names {
		sub := joinKey(key, k)
		ft, ok := fields[strings.ToLower(k)]
		if !ok {
			return nil, unknownKey(sub, fields)
		}
		nv, err := normalize(m[k], ft, sub)
		if err != nil {
			return nil, err
		}
		out[k] = nv
	}
	return out, nil
}

// normalizeList normalizes v, the list key of slice type t: a list, a
// string-slice flag's strings, or "a,b" from the environment.
func normalizeList(v any, t reflect.Type, key string) (any, error) {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			nv, err := normalize(e, t.Elem(), joinKey(key, strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			out[i] = nv
		}
		return out, nil
	case []string: // from a string-slice flag
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = strings.TrimSpace(e)
		}
		return out, nil
	case string: // "a,b" from the environment
		if t.Elem().Kind() != reflect.String {
			return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a list", showValue(v))}
		}
		var out []any
		for _, e := range strings.Split(x, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
		return out, nil
	case nil:
		return v, nil
	}
	return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a list", showValue(v))}
}

// settingBool converts v, the boolean setting key, from a bool or a text
// such as "true".
func settingBool(v any, key string) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(x))
		if err == nil {
			return b, nil
		}
	}
	return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want true or false", showValue(v))}
}

// settingString converts v, the text setting key, from a text, a number
// or a bool.
func settingString(v any, key string) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(x), nil
	}
	return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a text value", showValue(v))}
}

func settingInt(v any, key string) (any, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case int64:
		return int(x), nil
	case uint64:
		if x <= math.MaxInt {
			return int(x), nil
		}
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int(x), nil
		}
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 0); err == nil {
			return int(i), nil
		}
	}
	return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a whole number", showValue(v))}
}

func settingUint(v any, key string) (any, error) {
	switch x := v.(type) {
	case int:
		if x >= 0 {
			return uint64(x), nil
		}
	case int64:
		if x >= 0 {
			return uint64(x), nil
		}
	case uint64:
		return x, nil
	case float64:
		if x >= 0 && x == math.Trunc(x) && x < 1<<53 {
			return uint64(x), nil
		}
	case string:
		if u, err := strconv.ParseUint(strings.TrimSpace(x), 10, 64); err == nil {
			return u, nil
		}
	}
	return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a whole number >= 0", showValue(v))}
}

func settingFloat(v any, key string) (any, error) {
	switch x := v.(type) {
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case float64:
		return x, nil
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return f, nil
		}
	}
	return nil, &KeyError{Key: key, Msg: fmt.Sprintf("%s: want a number", showValue(v))}
}

// showValue formats a config value for an error message, a long text
// shortened (input.Quote).
func showValue(v any) string {
	switch x := v.(type) {
	case string:
		return input.Quote(x)
	case map[string]any:
		return "a section"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

func joinKey(key, k string) string {
	if key == "" {
		return k
	}
	return key + "." + k
}

// structFields maps a struct's mapstructure keys (lower case) to field
// types, lifting the fields of ",squash" members.
func structFields(t reflect.Type) map[string]reflect.Type {
	fields := make(map[string]reflect.Type)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("mapstructure"), ",")
		if name == "-" {
			continue
		}
		if strings.Contains(","+opts+",", ",squash,") {
			for k, ft := range structFields(f.Type) {
				fields[k] = ft
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[strings.ToLower(name)] = f.Type
	}
	return fields
}

// unknownKey reports key as unknown, suggesting the closest sibling when it
// looks like a typo, else listing the siblings (KeyHint).
func unknownKey(key string, fields map[string]reflect.Type) error {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	msg := fmt.Sprintf("unknown key %s (%s)", input.Quote(key), KeyHint(key, names))
	return &KeyError{Key: key, Msg: msg, Unknown: true}
}
