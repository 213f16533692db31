package scenario

import "testing"

func TestKeyHint(t *testing.T) {
	for _, tc := range []struct {
		key   string
		names []string
		want  string
	}{
		{"votes.nose", []string{"noise", "count"}, `did you mean "votes.noise"?`},
		{"Votes.NOSE", []string{"noise"}, `did you mean "Votes.noise"?`},
		{"vots", []string{"votes", "event"}, `did you mean "votes"?`},
		{"event.rooms.0.capasity", []string{"name", "count", "capacity"}, `did you mean "event.rooms.0.capacity"?`},
		// Ties go to the alphabetically first name, whatever the order.
		{"a.cat", []string{"cut", "bat"}, `did you mean "a.bat"?`},
		{"a.cat", []string{"bat", "cut"}, `did you mean "a.bat"?`},
		// Three edits away: no guess, the list (sorted).
		{"votes.xyz", []string{"noise", "count"}, "under votes the keys are count, noise"},
		{"jetlag", []string{"votes", "event"}, "at the top level the keys are event, votes"},
		{"a.b", nil, "there are no keys under a"},
	} {
		if got := KeyHint(tc.key, tc.names); got != tc.want {
			t.Errorf("KeyHint(%q, %q) = %q, want %q", tc.key, tc.names, got, tc.want)
		}
	}
}
