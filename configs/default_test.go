package configs_test

import (
	"slices"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// The embedded default is the SOCML 2017 event of the model brief: two days
// of three one-hour slots from 09:30, 13:30 and 15:30, ten rooms (2×60,
// 4×30, 4×15), 200 attendees, a California venue, every policy.
func TestDefaultIsSOCML(t *testing.T) {
	c, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := sim.NewEvent(&c.Model.Event, c.Model.Alertness.ResetMinutes)
	if err != nil {
		t.Fatal(err)
	}
	var starts, caps []int
	for _, s := range ev.Slots {
		starts = append(starts, s.Start)
		if s.Minutes != 60 {
			t.Errorf("%s lasts %d minutes, want 60", s.Label(), s.Minutes)
		}
	}
	for _, r := range ev.Rooms {
		caps = append(caps, r.Capacity)
	}
	if want := []int{570, 810, 930, 570, 810, 930}; ev.Days != 2 || !slices.Equal(starts, want) {
		t.Errorf("days %d, slot starts %v (minutes): want 2 days starting %v", ev.Days, starts, want)
	}
	if want := []int{60, 60, 30, 30, 30, 30, 15, 15, 15, 15}; !slices.Equal(caps, want) {
		t.Errorf("room capacities %v, want %v", caps, want)
	}
	if c.Model.Attendees.Count != 200 || ev.VenueOffset != -8 {
		t.Errorf("attendees %d at UTC%+g, want 200 at UTC-8", c.Model.Attendees.Count, ev.VenueOffset)
	}
	if !slices.Equal(c.Run.Policies, policy.Names()) || c.Run.Baseline != "random" {
		t.Errorf("policies %v (baseline %s), want all of %v against random", c.Run.Policies, c.Run.Baseline, policy.Names())
	}
}
