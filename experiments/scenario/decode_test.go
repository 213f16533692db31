package scenario

import "testing"

// TestParseKeyNames: a mapping key that is not a name (a number, a
// bool) is an error naming where it is; it made mapstructure panic (found
// by FuzzParseConfig: "run: {0}").
func TestParseKeyNames(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"run: {0}", "config: run: 0 is not a key name"},
		{"run: {true: 1, seeds: 3}", "config: run: true is not a key name"},
		{"event: {rooms: [{name: a, 2: x}]}", "config: event.rooms.0: 2 is not a key name"},
	} {
		c, err := Parse([]byte(tc.yaml))
		if err == nil || err.Error() != tc.want || c != nil {
			t.Errorf("Parse(%q) = %v, %v; want error %q", tc.yaml, c, err, tc.want)
		}
	}
}
