package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// Override sets the config key at a dotted path (e.g. "attendees.count",
// "event.rooms.2.capacity") in nested settings as parsed from YAML, copying
// every map and list on the way so that settings shared with other points
// are untouched. The key must already exist: a misspelt path is an error
// naming it (with the closest existing key, see KeyHint), not a silently
// ignored new key. Lists are indexed by number.
func Override(settings map[string]any, path string, value any) (map[string]any, error) {
	if path == "" {
		return nil, fmt.Errorf("override: empty key")
	}
	out, err := setPath(settings, strings.Split(path, "."), value, "", path)
	if err != nil {
		return nil, fmt.Errorf("override: %w", err)
	}
	return out.(map[string]any), nil
}

// CheckKey reports whether the dotted path names an existing key of
// settings, as Override needs, with Override's error (without its prefix)
// if not: an unknown key with the closest existing one, or a list index
// out of range with the valid range.
func CheckKey(settings map[string]any, path string) error {
	_, err := setPath(settings, strings.Split(path, "."), nil, "", path)
	return err
}

// setPath returns node with parts set to value; prefix is the dotted path
// of node, path the whole key (for errors).
func setPath(node any, parts []string, value any, prefix, path string) (any, error) {
	key := parts[0]
	here := key
	if prefix != "" {
		here = prefix + "." + key
	}
	switch n := node.(type) {
	case map[string]any:
		child, ok := lookup(n, key)
		if !ok {
			names := make([]string, 0, len(n))
			for k := range n {
				names = append(names, strings.ToLower(k))
			}
			return nil, fmt.Errorf("unknown config key %q (%s)", here, KeyHint(here, names))
		}
		cp := make(map[string]any, len(n))
		for k, v := range n {
			cp[k] = v
		}
		if len(parts) == 1 {
			cp[child] = value
			return cp, nil
		}
		v, err := setPath(n[child], parts[1:], value, here, path)
		if err != nil {
			return nil, err
		}
		cp[child] = v
		return cp, nil
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(n) {
			what := "list index " + key + " out of range"
			if err != nil || i < 0 {
				what = fmt.Sprintf("%q is not a list index", key)
			}
			valid := fmt.Sprintf("%s has %d items: want an index 0..%d", prefix, len(n), len(n)-1)
			switch len(n) {
			case 0:
				valid = prefix + " has no items"
			case 1:
				valid = prefix + " has 1 item: want index 0"
			}
			return nil, fmt.Errorf("%s in %q (%s)", what, path, valid)
		}
		cp := append([]any(nil), n...)
		if len(parts) == 1 {
			cp[i] = value
			return cp, nil
		}
		v, err := setPath(n[i], parts[1:], value, here, path)
		if err != nil {
			return nil, err
		}
		cp[i] = v
		return cp, nil
	}
	return nil, fmt.Errorf("%q is a value, not a section: cannot set %q below it", prefix, key)
}

// lookup finds key in m, ignoring case as viper does; it returns the key as
// stored.
func lookup(m map[string]any, key string) (string, bool) {
	if _, ok := m[key]; ok {
		return key, true
	}
	for k := range m {
		if strings.EqualFold(k, key) {
			return k, true
		}
	}
	return "", false
}

// Has reports whether the dotted key (list items by index) is present in
// nested settings, with the case of the keys as stored.
func Has(m map[string]any, key string) bool {
	var node any = m
	for _, part := range strings.Split(key, ".") {
		switch n := node.(type) {
		case map[string]any:
			child, ok := n[part]
			if !ok {
				return false
			}
			node = child
		case []any:
			i := 0
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i < 0 || i >= len(n) {
				return false
			}
			node = n[i]
		default:
			return false
		}
	}
	return true
}

// Parent returns the dotted key of the section that holds key ("" at the
// top level): "votes" for "votes.noise".
func Parent(key string) string {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return ""
	}
	return key[:i]
}

// Merge returns base with over's keys set on it, section by section, as a
// config file is layered over the embedded default: lists and values
// replace. Neither argument is modified.
func Merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = Merge(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}
