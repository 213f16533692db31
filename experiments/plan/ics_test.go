package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readersDir holds the independent readers that tests run when they are
// installed (see its package.json).
const readersDir = "../testdata/readers"

// TestICSControlCharacters: titles come from the organiser's CSV and may
// hold a lone carriage return (old Mac line ends) or other control
// characters, which RFC 5545 TEXT does not allow: lines still end only in
// CRLF and carry no control character.
func TestICSControlCharacters(t *testing.T) {
	start := time.Date(2017, 12, 1, 9, 30, 0, 0, time.UTC)
	var buf bytes.Buffer
	err := WriteICS(&buf, "cal\rname", time.UTC, start, []CalendarEvent{
		{UID: "p1", Start: start, End: start.Add(time.Hour), Summary: "GANs\rand\x00more\x1b[1m\x7f", Location: "Hall\r\n1", Description: "a\tb\rc"},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case c == '\r' && (i+1 == len(out) || out[i+1] != '\n'):
			t.Errorf("lone CR at octet %d: %q", i, out[max(0, i-20):min(len(out), i+20)])
		case c < 0x20 && c != '\r' && c != '\n' && c != '\t' || c == 0x7f:
			t.Errorf("control character %#x at octet %d: %q", c, i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
	for _, want := range []string{`SUMMARY:GANs\nandmore[1m` + "\r\n", `LOCATION:Hall\n1` + "\r\n", "DESCRIPTION:a\tb\\nc\r\n", `X-WR-CALNAME:cal\nname` + "\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar lacks %q:\n%s", want, out)
		}
	}
}

// icsEvents returns a session at 09:00 and 10:00 local time on each date.
func icsEvents(t *testing.T, zone string, dates ...string) (*time.Location, []CalendarEvent) {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	var evs []CalendarEvent
	for i, d := range dates {
		day, err := time.ParseInLocation("2006-01-02", d, loc)
		if err != nil {
			t.Fatal(err)
		}
		for h := 9; h <= 10; h++ {
			start := time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, loc)
			evs = append(evs, CalendarEvent{UID: fmt.Sprintf("d%d-%d@unconf", i, h), Sequence: 7, Start: start, End: start.Add(time.Hour), Summary: "s"})
		}
	}
	return loc, evs
}

// vtimezone returns the VTIMEZONE block of a calendar.
func vtimezone(out string) string {
	i, j := strings.Index(out, "BEGIN:VTIMEZONE"), strings.Index(out, "END:VTIMEZONE")
	if i < 0 || j < i {
		return ""
	}
	return out[i : j+len("END:VTIMEZONE\r\n")]
}

// TestICSTimeZoneRules: the VTIMEZONE holds the zone's real rules for the
// event's dates, from Go's time zone data: a July event in Los Angeles is
// in PDT (−0700, DAYLIGHT), and an event across a DST change carries both
// offsets with the change's local time.
func TestICSTimeZoneRules(t *testing.T) {
	block := func(kind, dtstart, from, to, name string) string {
		return "BEGIN:" + kind + "\r\nDTSTART:" + dtstart + "\r\nTZOFFSETFROM:" + from + "\r\nTZOFFSETTO:" + to + "\r\nTZNAME:" + name + "\r\nEND:" + kind + "\r\n"
	}
	for _, tc := range []struct {
		name, zone string
		dates      []string
		want       string
	}{
		{"Los Angeles in July", "America/Los_Angeles", []string{"2026-07-15", "2026-07-16"},
			"BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles\r\n" +
				block("STANDARD", "20251102T020000", "-0700", "-0800", "PST") +
				block("DAYLIGHT", "20260308T020000", "-0800", "-0700", "PDT") + "END:VTIMEZONE\r\n"},
		{"Berlin across the change to summer time", "Europe/Berlin", []string{"2026-03-28", "2026-03-29"},
			"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" +
				block("DAYLIGHT", "20250330T020000", "+0100", "+0200", "CEST") +
				block("STANDARD", "20251026T030000", "+0200", "+0100", "CET") +
				block("DAYLIGHT", "20260329T020000", "+0100", "+0200", "CEST") + "END:VTIMEZONE\r\n"},
		{"Tokyo, no DST since 1951", "Asia/Tokyo", []string{"2026-05-01"},
			"BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n" +
				block("DAYLIGHT", "19510506T000000", "+0900", "+1000", "JDT") +
				block("STANDARD", "19510909T010000", "+1000", "+0900", "JST") + "END:VTIMEZONE\r\n"},
		{"a fixed offset", "", []string{"2026-03-28"},
			"BEGIN:VTIMEZONE\r\nTZID:UTC+2\r\n" + block("STANDARD", "19700101T000000", "+0200", "+0200", "UTC+2") + "END:VTIMEZONE\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var loc *time.Location
			var evs []CalendarEvent
			if tc.zone == "" {
				loc = time.FixedZone("UTC+2", 2*3600)
				start := time.Date(2026, 3, 28, 9, 0, 0, 0, loc)
				evs = []CalendarEvent{{UID: "x@unconf", Start: start, End: start.Add(time.Hour), Summary: "s"}}
			} else {
				loc, evs = icsEvents(t, tc.zone, tc.dates...)
			}
			var buf bytes.Buffer
			if err := WriteICS(&buf, "cal", loc, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), evs); err != nil {
				t.Fatal(err)
			}
			if got := vtimezone(buf.String()); got != tc.want {
				t.Errorf("VTIMEZONE\n%s\nwant\n%s", got, tc.want)
			}
			if !strings.Contains(buf.String(), "SEQUENCE:") {
				t.Error("no SEQUENCE")
			}
		})
	}
}

// TestICSReaders reads calendars with python3-icalendar (Debian's
// package) and ical.js (npm), independent readers that resolve each
// DTSTART;TZID through the VTIMEZONE the file defines: every session
// starts and ends at the UTC instant Go computes, day 2 of an event
// across a DST change included. Each reader that is not installed is
// skipped.
func TestICSReaders(t *testing.T) {
	type reading struct {
		UID        string
		Sequence   int
		Start, End string
	}
	var python string
	readers := []struct {
		name string
		cmd  func(file string) *exec.Cmd
		skip func() string
	}{
		{"python3-icalendar", func(f string) *exec.Cmd { return exec.Command(python, readersDir+"/ics.py", f) }, func() string {
			// The first python3 on PATH may be another installation than
			// Debian's, which has the package.
			for _, py := range []string{"python3", "/usr/bin/python3"} {
				if exec.Command(py, "-c", "import icalendar, pytz").Run() == nil {
					python = py
					return ""
				}
			}
			return "python3 with icalendar and pytz is not installed (apt-get install python3-icalendar)"
		}},
		{"ical.js", func(f string) *exec.Cmd { return exec.Command("node", readersDir+"/ics.mjs", f) }, func() string {
			if _, err := exec.LookPath("node"); err != nil {
				return "node is not installed"
			}
			if _, err := os.Stat(readersDir + "/node_modules/ical.js/package.json"); err != nil {
				return "ical.js is not installed (npm ci --prefix experiments/testdata/readers)"
			}
			return ""
		}},
	}
	cases := []struct {
		zone  string
		dates []string
	}{
		{"Europe/Berlin", []string{"2026-03-28", "2026-03-29"}},
		{"America/Los_Angeles", []string{"2026-07-15", "2026-07-16"}},
		{"America/Los_Angeles", []string{"2026-10-31", "2026-11-01", "2026-11-02"}},
		{"Australia/Sydney", []string{"2026-04-04", "2026-04-05"}},
	}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			if why := r.skip(); why != "" {
				t.Skip(why + ": this check with an independent reader is skipped")
			}
			for _, c := range cases {
				loc, evs := icsEvents(t, c.zone, c.dates...)
				path := filepath.Join(t.TempDir(), "schedule.ics")
				var buf bytes.Buffer
				if err := WriteICS(&buf, "cal", loc, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), evs); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := r.cmd(path).Output()
				if err != nil {
					var ee *exec.ExitError
					if errors.As(err, &ee) {
						t.Fatalf("%s on %s: %v\n%s\n%s", r.name, c.zone, err, ee.Stderr, buf.String())
					}
					t.Fatal(err)
				}
				var got []reading
				if err := json.Unmarshal(out, &got); err != nil {
					t.Fatalf("%s output: %v\n%s", r.name, err, out)
				}
				if len(got) != len(evs) {
					t.Fatalf("%s on %s: %d events, want %d", r.name, c.zone, len(got), len(evs))
				}
				for i, e := range evs {
					want := reading{e.UID, e.Sequence, e.Start.UTC().Format(time.RFC3339), e.End.UTC().Format(time.RFC3339)}
					if got[i] != want {
						t.Errorf("%s on %s, %s: read %+v, want %+v", r.name, c.zone, e.Start.Format(time.RFC3339), got[i], want)
					}
				}
			}
		})
	}
}
