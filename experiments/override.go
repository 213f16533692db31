package experiments

import (
	"fmt"
	"slices"
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

// checkKey reports whether the dotted path names an existing key of
// settings, as Override needs, with Override's error (without its prefix)
// if not: an unknown key with the closest existing one, or a list index
// out of range with the valid range.
func checkKey(settings map[string]any, path string) error {
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

// removedKeys are keys of earlier versions, with what replaced them: an old
// config that still sets one is told what to write instead.
var removedKeys = map[string]string{
	"event.venue_utc_offset": "removed: event.time_zone alone sets the venue's offset from UTC; " +
		"delete this key, and for a fixed offset write time_zone: UTC-8",
}

// KeyHint says what was meant by key, a dotted config key whose last part
// is unknown, given names, the keys that exist beside it: the closest
// name (Suggest), as `did you mean "votes.noise"?`, else the list, as
// "under votes the keys are a, b" (or "at the top level the keys are …").
// Callers put it in parentheses after the error: unknown key "votes.nose"
// (did you mean "votes.noise"?). A key that earlier versions had gets what
// replaced it instead. The result does not depend on the order of names.
func KeyHint(key string, names []string) string {
	if why, ok := removedKeys[strings.ToLower(key)]; ok {
		return why
	}
	parent, last := "", key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		parent, last = key[:i], key[i+1:]
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	if best := Suggest(last, sorted); best != "" {
		if parent != "" {
			best = parent + "." + best
		}
		return fmt.Sprintf("did you mean %q?", best)
	}
	if len(names) == 0 {
		if parent == "" {
			return "there are no keys at the top level"
		}
		return "there are no keys under " + parent
	}
	where := "at the top level"
	if parent != "" {
		where = "under " + parent
	}
	return fmt.Sprintf("%s the keys are %s", where, strings.Join(sorted, ", "))
}

// NameHint says what was meant by name, which is none of names (policy,
// metric or scenario names): `did you mean "spread"?` when Suggest finds
// one, else "want one of a, b, c" listing names in their order. Callers put
// it in parentheses after the error.
func NameHint(name string, names []string) string {
	if s := Suggest(name, names); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return "want one of " + strings.Join(names, ", ")
}

// Suggest returns the name in names that s most likely misspells, or ""
// when none is close: the closest name at most two edits away (ignoring
// case), else, when s has four characters or more, the first name that
// begins with s up to one edit ("satisfation" suggests
// "satisfaction_mean"). Ties go to the name that comes first in names.
// It is what every "did you mean" of unconf uses: config keys, flags,
// policy and metric names, UNCONF_* variables. Its work is linear in the
// length of s.
func Suggest(s string, names []string) string {
	low := strings.ToLower(s)
	best, bestD := "", 3
	for _, name := range names {
		n := strings.ToLower(name)
		if len(n)-len(low) > 2 || len(low)-len(n) > 2 {
			continue // more than two edits apart; keeps long input cheap
		}
		if d := editDistance(low, n); d < bestD {
			best, bestD = name, d
		}
	}
	if best != "" || len(low) < 4 {
		return best
	}
	for _, name := range names {
		n := strings.ToLower(name)
		for l := len(low) - 1; l <= len(low)+1 && l <= len(n); l++ {
			if editDistance(low, n[:l]) <= 1 {
				return name
			}
		}
	}
	return ""
}

// editDistance is the edit distance between a and b counting an
// insertion, a deletion, a substitution or a swap of two neighbouring
// letters as one edit (optimal string alignment): "sedes" is one edit from
// "seeds".
func editDistance(a, b string) int {
	// Rows i-2, i-1 and i of the dynamic programme.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
