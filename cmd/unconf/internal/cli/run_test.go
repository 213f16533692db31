package cli

import (
	"bytes"
	"testing"

	"github.com/unconf/unconf/sim"
)

// parseRun returns the options "run args" would run with.
func parseRun(t *testing.T, args ...string) (*RunOptions, error) {
	return parseFlags(t, NewRunCmd, args...)
}

func TestRunFlags(t *testing.T) {
	t.Chdir(t.TempDir())
	o, err := parseRun(t)
	if err != nil {
		t.Fatal(err)
	}
	if o.Policy != "optimized" || o.Replicate != 0 || o.Format != "png" || o.Config.Run.Seed != 2017 ||
		o.OutDir != "unconf-out/run-20171117-093000" {
		t.Errorf("run defaults: %+v", o)
	}
	o, err = parseRun(t, "--policy", "jetlag", "--replicate", "7", "--seed", "42", "--format", "pdf", "--out", "x")
	if err != nil {
		t.Fatal(err)
	}
	if o.Policy != "jetlag" || o.Replicate != 7 || o.Format != "pdf" || o.Config.Run.Seed != 42 || o.OutDir != "x" {
		t.Errorf("run flags: %+v", o)
	}
	for _, args := range [][]string{
		{"--policy", "fifo"}, {"--replicate", "-2"}, {"--format", "jpg"}, {"--seeds", "3"},
	} {
		if o, err := parseRun(t, args...); err == nil {
			t.Errorf("run %v: no error, ran with %+v", args, o)
		}
	}
}

func TestWriteGrid(t *testing.T) {
	ev, err := sim.NewEvent(&sim.EventConfig{
		Name: "tiny", StartDate: "2017-12-01", Days: 1, TimeZone: "UTC-8",
		Slots:  []sim.SlotConfig{{Start: "09:30", Minutes: 60}, {Start: "13:30", Minutes: 60}, {Start: "15:30", Minutes: 60}},
		Rooms:  []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: 20}, {Name: "Nook", Count: 1, Capacity: 5}},
		Topics: []sim.TopicConfig{{Name: "t", Popularity: 1}},
	}, 90)
	if err != nil {
		t.Fatal(err)
	}
	sessions := []sim.SessionRecord{
		{Slot: 0, Room: 0, Title: "Interpretability", Hands: 12, Attendance: 15},
		{Slot: 0, Room: 1, Title: "GANs", Hands: 9, Attendance: 5, TurnedAway: 3},
		{Slot: 1, Room: 0, Title: "A very long title that goes on and on and on about nothing much", Hands: 3, Attendance: 2},
		{Slot: 1, Room: 1, Title: "Fairness", Hands: 8, Attendance: 3, TurnedAway: 2, HopsOut: 2},
	}
	var buf bytes.Buffer
	if err := writeGrid(&buf, ev, sessions, 2); err != nil {
		t.Fatal(err)
	}
	want := `Day 1 09:30
  Hall (20)  Interpretability                                  12 hands  15 attended
  Nook (5)   GANs                                              9 hands   5 attended   full, 3 turned away
Day 1 13:30
  Hall (20)  A very long title that goes on and on and on ab…  3 hands   2 attended   collapsed
  Nook (5)   Fairness                                          8 hands   3 attended   was full, 2 turned away, 2 left
Day 1 15:30
  Hall (20)  -
  Nook (5)   -
`
	if g := buf.String(); g != want {
		t.Errorf("grid:\n%s\nwant:\n%s", g, want)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"compare":                   "compare",
		"--out":                     "--out",
		"unconf-out/compare-1":      "unconf-out/compare-1",
		"my folder":                 "'my folder'",
		"it's":                      `'it'\''s'`,
		"UNCONF_EVENT_NAME=My Camp": "UNCONF_EVENT_NAME='My Camp'",
		"":                          "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
