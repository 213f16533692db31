package scenario

import (
	"strings"
	"testing"
)

func TestOverride(t *testing.T) {
	base := map[string]any{
		"attendees": map[string]any{"count": 200},
		"event": map[string]any{
			"rooms": []any{
				map[string]any{"name": "Hall", "capacity": 60},
				map[string]any{"name": "Room", "capacity": 30},
			},
		},
	}
	got, err := Override(base, "event.rooms.1.capacity", 45)
	if err != nil {
		t.Fatal(err)
	}
	rooms := got["event"].(map[string]any)["rooms"].([]any)
	if c := rooms[1].(map[string]any)["capacity"]; c != 45 {
		t.Errorf("event.rooms.1.capacity = %v, want 45", c)
	}
	if c := base["event"].(map[string]any)["rooms"].([]any)[1].(map[string]any)["capacity"]; c != 30 {
		t.Errorf("base was modified: capacity %v, want 30", c)
	}
	got, err = Override(base, "attendees.count", 500)
	if err != nil {
		t.Fatal(err)
	}
	if c := got["attendees"].(map[string]any)["count"]; c != 500 {
		t.Errorf("attendees.count = %v, want 500", c)
	}

	for _, tc := range []struct{ path, want string }{
		{"attendees.cuont", `override: unknown config key "attendees.cuont" (did you mean "attendees.count"?)`},
		{"atendees.count", `override: unknown config key "atendees" (did you mean "attendees"?)`},
		{"attendees.size", `override: unknown config key "attendees.size" (under attendees the keys are count)`},
		{"event.rooms.1.capasity", `unknown config key "event.rooms.1.capasity" (did you mean "event.rooms.1.capacity"?)`},
		{"event.rooms.7.capacity", `override: list index 7 out of range in "event.rooms.7.capacity" (event.rooms has 2 items: want an index 0..1)`},
		{"event.rooms.-1.capacity", `"-1" is not a list index in "event.rooms.-1.capacity" (event.rooms has 2 items`},
		{"event.rooms.x", `"x" is not a list index in "event.rooms.x"`},
		{"attendees.count.max", `"attendees.count" is a value`},
		{"", "empty key"},
	} {
		_, err := Override(base, tc.path, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Override(%q) error = %v, want it to contain %q", tc.path, err, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	metrics := []string{"satisfaction_mean", "satisfaction_p10", "coverage", "collapsed"}
	for _, c := range []struct {
		s     string
		names []string
		want  string
	}{
		{"sedes", []string{"config", "seeds", "seed", "out"}, "seeds"},
		{"sprad", []string{"random", "popularity", "spread", "jetlag"}, "spread"},
		{"satisfation", metrics, "satisfaction_mean"},
		{"Coverag", metrics, "coverage"},
		{"UNCONF_RUN_SEDS", []string{"UNCONF_RUN_SEED", "UNCONF_RUN_SEEDS"}, "UNCONF_RUN_SEEDS"},
		{"xyz", metrics, ""},
		{"sat", metrics, ""},
		{strings.Repeat("s", 100000), metrics, ""},
	} {
		if got := Suggest(c.s, c.names); got != c.want {
			t.Errorf("Suggest(%.20q, %v) = %q, want %q", c.s, c.names, got, c.want)
		}
	}
}
