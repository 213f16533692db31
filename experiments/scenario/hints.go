package scenario

import (
	"fmt"
	"slices"
	"strings"
)

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
