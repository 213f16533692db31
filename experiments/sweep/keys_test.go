package sweep

import (
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
)

// A swept key that is not a key of the base names the spec file, the
// key's line and the closest key, or the valid list indices.
func TestSweepSpecCheckKeys(t *testing.T) {
	const head = "replicates: 2\npolicies: [random]\nparameters:\n  - key: attendees.count\n    values: [10, 20]\n"
	for _, tc := range []struct {
		name, param, want string
	}{
		{"typo", "votes.nose",
			`sweep spec test.yaml:6: parameters.1.key: unknown config key "votes.nose" (did you mean "votes.noise"?)`},
		{"typo in a section", "vote.noise",
			`sweep spec test.yaml:6: parameters.1.key: unknown config key "vote" (did you mean "votes"?)`},
		{"typo in a list item", "event.rooms.0.capasity",
			`sweep spec test.yaml:6: parameters.1.key: unknown config key "event.rooms.0.capasity" (did you mean "event.rooms.0.capacity"?)`},
		{"no close key", "votes.zzzzzzz",
			`sweep spec test.yaml:6: parameters.1.key: unknown config key "votes.zzzzzzz" (under votes the keys are `},
		{"index out of range", "event.rooms.9.count",
			`sweep spec test.yaml:6: parameters.1.key: list index 9 out of range in "event.rooms.9.count" (event.rooms has 1 item: want index 0)`},
		{"not an index", "event.rooms.first.count",
			`sweep spec test.yaml:6: parameters.1.key: "first" is not a list index in "event.rooms.first.count" (event.rooms has 1 item: want index 0)`},
		{"below a value", "votes.noise.max",
			`sweep spec test.yaml:6: parameters.1.key: "votes.noise" is a value, not a section: cannot set "max" below it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := head + "  - key: " + tc.param + "\n    values: [1]\n"
			s := tinySpec(t, spec)
			err := s.CheckKeys()
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("CheckKeys of\n%s: err %v, want %q", spec, err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is more than one line", err)
			}
			// Sweep refuses the spec with the same error before writing.
			dir := t.TempDir()
			_, err2 := runSweep(t, t.Context(), s, Options{Out: dir}, nil)
			if err2 == nil || err2.Error() != err.Error() {
				t.Errorf("Sweep: err %v, want %v", err2, err)
			}
			if files := exptest.DirFiles(t, dir); len(files) > 0 {
				t.Errorf("a refused sweep wrote %v", files)
			}
		})
	}

	// Good keys pass, in any case; a spec not parsed from a file has no
	// line to name.
	s := tinySpec(t, head+"  - key: Event.Rooms.0.Count\n    values: [1]\n")
	if err := s.CheckKeys(); err != nil {
		t.Errorf("CheckKeys: %v", err)
	}
	s.Parameters = []ParamSpec{{Key: "votes.nose", Values: []any{0.1}}}
	s.name = ""
	want := `sweep: parameters.0.key: unknown config key "votes.nose" (did you mean "votes.noise"?)`
	if err := s.CheckKeys(); err == nil || err.Error() != want {
		t.Errorf("CheckKeys without a file: err %v, want %q", err, want)
	}
	s.Settings = nil
	if err := s.CheckKeys(); err == nil || !strings.Contains(err.Error(), "no base settings") {
		t.Errorf("CheckKeys without settings: err %v", err)
	}
}
