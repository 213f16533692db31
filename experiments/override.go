package experiments

import (
	"fmt"
	"strconv"
	"strings"
)

// Override sets the config key at a dotted path (e.g. "attendees.count",
// "event.rooms.2.capacity") in nested settings as parsed from YAML, copying
// every map and list on the way so that settings shared with other points
// are untouched. The key must already exist: a misspelt path is an error
// naming it, not a silently ignored new key. Lists are indexed by number.
func Override(settings map[string]any, path string, value any) (map[string]any, error) {
	if path == "" {
		return nil, fmt.Errorf("override: empty key")
	}
	out, err := setPath(settings, strings.Split(path, "."), value, "")
	if err != nil {
		return nil, err
	}
	return out.(map[string]any), nil
}

func setPath(node any, parts []string, value any, prefix string) (any, error) {
	key := parts[0]
	here := key
	if prefix != "" {
		here = prefix + "." + key
	}
	switch n := node.(type) {
	case map[string]any:
		child, ok := lookup(n, key)
		if !ok {
			return nil, fmt.Errorf("override: unknown key %q", here)
		}
		cp := make(map[string]any, len(n))
		for k, v := range n {
			cp[k] = v
		}
		if len(parts) == 1 {
			cp[child] = value
			return cp, nil
		}
		v, err := setPath(n[child], parts[1:], value, here)
		if err != nil {
			return nil, err
		}
		cp[child] = v
		return cp, nil
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(n) {
			return nil, fmt.Errorf("override: %q: want a list index 0..%d", here, len(n)-1)
		}
		cp := append([]any(nil), n...)
		if len(parts) == 1 {
			cp[i] = value
			return cp, nil
		}
		v, err := setPath(n[i], parts[1:], value, here)
		if err != nil {
			return nil, err
		}
		cp[i] = v
		return cp, nil
	}
	return nil, fmt.Errorf("override: %q is a value, not a section: cannot set %q below it", prefix, key)
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
