package sim_test

import (
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
