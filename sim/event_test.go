package sim_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/simtest"
)

func TestParseZone(t *testing.T) {
	day := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want float64 // hours from UTC on day
		err  string
	}{
		{"America/Los_Angeles", -8, ""},
		{"Asia/Kolkata", 5.5, ""},
		{"UTC", 0, ""},
		{"", 0, ""},
		{"UTC-8", -8, ""},
		{"utc+1", 1, ""},
		{"GMT+2", 2, ""},
		{"+5.5", 5.5, ""},
		{"5:45", 5.75, ""},
		{"UTC-3:30", -3.5, ""},
		{"-12", -12, ""},
		{"+14", 14, ""},
		{"UTC+15", 0, "want hours from UTC in [-12, 14]"},
		{"+5:7", 0, "want hours from UTC"},
		{"+5.5:30", 0, "want hours from UTC"},
		{"NaN", 0, "unknown time zone"},
		{"Local", 0, "unknown time zone"},
		{"Mars/Olympus", 0, "unknown time zone"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			loc, err := sim.ParseZone(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseZone(%q) error %v, want one containing %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseZone(%q): %v", tc.in, err)
			}
			if _, off := day.In(loc).Zone(); float64(off)/3600 != tc.want {
				t.Errorf("ParseZone(%q) is UTC%+g, want UTC%+g", tc.in, float64(off)/3600, tc.want)
			}
		})
	}
}

// TestEventClockShift checks an event across the change to summer time: the
// zone's offset on each day is the venue's, and a day-2 slot meets body
// clocks an hour earlier than its local start.
func TestEventClockShift(t *testing.T) {
	c := simtest.DefaultEvent()
	c.TimeZone, c.StartDate, c.Days = "Europe/Berlin", "2026-03-28", 3 // clocks go forward on 29 March
	offs, err := c.DayOffsets()
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{1, 2, 2}; !slices.Equal(offs, want) {
		t.Errorf("day offsets %v, want %v", offs, want)
	}
	ev, err := sim.NewEvent(&c, 90)
	if err != nil {
		t.Fatal(err)
	}
	if ev.VenueOffset != 1 {
		t.Errorf("venue offset %v, want 1 (day 1's)", ev.VenueOffset)
	}
	for _, sl := range ev.Slots {
		shift := 0.0
		if sl.Day > 0 {
			shift = 1
		}
		if sl.ClockShift != shift || sl.Hour() != float64(sl.Start)/60-shift {
			t.Errorf("%s: clock shift %v, hour %v; want %v, %v", sl.Label(), sl.ClockShift, sl.Hour(), shift, float64(sl.Start)/60-shift)
		}
	}

	c.TimeZone = "UTC+1" // a fixed offset never shifts
	if offs, err = c.DayOffsets(); err != nil || !slices.Equal(offs, []float64{1, 1, 1}) {
		t.Errorf("fixed offset: day offsets %v (%v), want [1 1 1]", offs, err)
	}
}

// TestEventCache: an EventCache returns what Config.NewEvent returns,
// errors included, through changes of every event field, of
// alertness.reset_minutes and of sections after the event; the event is
// expanded again only when its section changed.
func TestEventCache(t *testing.T) {
	base := defaultModel(t)
	// The edits change every field of EventConfig: a field added must
	// join them and EventConfig.equal.
	if n := reflect.TypeFor[sim.EventConfig]().NumField(); n != 7 {
		t.Fatalf("EventConfig has %d fields: update EventConfig.equal and this test", n)
	}
	edits := []struct {
		name  string
		fresh bool // a new event
		edit  func(c *sim.Config)
	}{
		{"default", true, func(*sim.Config) {}},
		{"same", false, func(*sim.Config) {}},
		{"votes", false, func(c *sim.Config) { c.Votes.Threshold = 0.6 }},
		{"invalid votes", false, func(c *sim.Config) { c.Votes.Turnout = 2 }},
		{"name", true, func(c *sim.Config) { c.Event.Name = "other" }},
		{"start date", true, func(c *sim.Config) { c.Event.StartDate = "2018-03-24" }},
		{"time zone", true, func(c *sim.Config) { c.Event.TimeZone = "Europe/Berlin" }},
		{"days", true, func(c *sim.Config) { c.Event.Days = 3 }},
		{"slot", true, func(c *sim.Config) { c.Event.Slots[1].Minutes = 45 }},
		{"room", true, func(c *sim.Config) { c.Event.Rooms[0].Capacity = 70 }},
		{"topic", true, func(c *sim.Config) { c.Event.Topics[2].Popularity = 2 }},
		{"reset minutes", true, func(c *sim.Config) { c.Alertness.ResetMinutes = 200 }},
		{"invalid event", false, func(c *sim.Config) { c.Event.Days = 0 }},
		{"default again", true, func(*sim.Config) {}},
	}
	var k sim.EventCache
	var prev *sim.Event
	for _, e := range edits {
		c := *base
		c.Event.Slots = slices.Clone(base.Event.Slots)
		c.Event.Rooms = slices.Clone(base.Event.Rooms)
		c.Event.Topics = slices.Clone(base.Event.Topics)
		e.edit(&c)
		got, err := k.NewEvent(&c)
		want, werr := c.NewEvent()
		if werr != nil {
			if err == nil || err.Error() != werr.Error() {
				t.Errorf("%s: error %v, want %v", e.name, err, werr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: event %+v (error %v), want %+v", e.name, got, err, want)
		}
		if fresh := got != prev; fresh != e.fresh {
			t.Errorf("%s: new event %v, want %v", e.name, fresh, e.fresh)
		}
		prev = got
	}
}

// TestEventCacheAllocs: once it holds the event, an EventCache validates a
// valid config and returns the event without allocating (no time zone
// loaded, no key formatted).
func TestEventCacheAllocs(t *testing.T) {
	c := defaultModel(t)
	var k sim.EventCache
	if _, err := k.NewEvent(c); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(10, func() {
		if _, err := k.NewEvent(c); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per cached NewEvent, want 0", n)
	}
}
