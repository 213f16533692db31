package plan

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is one session in an iCalendar export.
type CalendarEvent struct {
	// UID identifies the event across exports: a calendar that imports a
	// file again updates the events whose UID it knows.
	UID string
	// Sequence is the revision (RFC 5545 SEQUENCE, 0 to 2^31−1): a
	// calendar takes an update only with a higher one.
	Sequence    int
	Start, End  time.Time // in the venue's zone
	Summary     string
	Location    string
	Description string
}

// WriteICS writes an RFC 5545 calendar: one VEVENT per session with local
// DTSTART/DTEND tagged by TZID (loc's name), and a VTIMEZONE that defines
// loc's rules for the events' dates from Go's time zone data (see
// writeVTimezone), so that a session after a DST change inside the event
// is at the right instant. Lines end in CRLF and are folded at 75 octets.
func WriteICS(w io.Writer, calName string, loc *time.Location, stamp time.Time, events []CalendarEvent) error {
	cw := &icsWriter{w: w}
	cw.line("BEGIN:VCALENDAR")
	cw.line("VERSION:2.0")
	cw.line("PRODID:-//unconf//unconf plan//EN")
	cw.line("CALSCALE:GREGORIAN")
	cw.line("X-WR-CALNAME:" + escapeText(calName))
	tzid := loc.String()
	if len(events) > 0 {
		from, to := events[0].Start, events[0].End
		for _, e := range events[1:] {
			if e.Start.Before(from) {
				from = e.Start
			}
			if e.End.After(to) {
				to = e.End
			}
		}
		cw.writeVTimezone(tzid, loc, from, to)
	}
	for _, e := range events {
		cw.line("BEGIN:VEVENT")
		cw.line("UID:" + escapeText(e.UID))
		cw.line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		cw.line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		cw.line("DTSTART;TZID=" + tzid + ":" + e.Start.In(loc).Format("20060102T150405"))
		cw.line("DTEND;TZID=" + tzid + ":" + e.End.In(loc).Format("20060102T150405"))
		cw.line("SUMMARY:" + escapeText(e.Summary))
		if e.Location != "" {
			cw.line("LOCATION:" + escapeText(e.Location))
		}
		if e.Description != "" {
			cw.line("DESCRIPTION:" + escapeText(e.Description))
		}
		cw.line("END:VEVENT")
	}
	cw.line("END:VCALENDAR")
	return cw.err
}

// writeVTimezone writes a VTIMEZONE that defines loc from the instant from
// to the instant to: one STANDARD or DAYLIGHT sub-component per period of
// a constant offset that overlaps them, found with time.Time.ZoneBounds,
// plus the period before the first (some readers, such as Python's
// icalendar, need a STANDARD and a DAYLIGHT period to tell a zone's DST
// offset). Each sub-component starts at its change's local time in the
// offset before it (RFC 5545 §3.6.5), with that offset as TZOFFSETFROM and
// its own as TZOFFSETTO; a period with no known start (a fixed offset, or
// before the first change on record) starts at 19700101T000000 with
// TZOFFSETFROM equal to TZOFFSETTO. The actual changes are written, not
// RRULEs, so the definition is exact for the event's dates whatever the
// zone's history.
func (c *icsWriter) writeVTimezone(tzid string, loc *time.Location, from, to time.Time) {
	c.line("BEGIN:VTIMEZONE")
	c.line("TZID:" + tzid)
	t := from.In(loc)
	if start, _ := t.ZoneBounds(); !start.IsZero() {
		t = start.Add(-time.Second) // the period before
	}
	for {
		name, off := t.Zone()
		start, end := t.ZoneBounds()
		kind := "STANDARD"
		if t.IsDST() {
			kind = "DAYLIGHT"
		}
		onset, prev := "19700101T000000", off
		if !start.IsZero() {
			_, prev = start.Add(-time.Second).Zone()
			onset = start.In(time.FixedZone("", prev)).Format("20060102T150405")
		}
		c.line("BEGIN:" + kind)
		c.line("DTSTART:" + onset)
		c.line("TZOFFSETFROM:" + formatOffset(prev))
		c.line("TZOFFSETTO:" + formatOffset(off))
		if name != "" {
			c.line("TZNAME:" + escapeText(name))
		}
		c.line("END:" + kind)
		if end.IsZero() || !end.Before(to) {
			break
		}
		t = end.In(loc)
	}
	c.line("END:VTIMEZONE")
}

type icsWriter struct {
	w   io.Writer
	err error
}

// line writes a content line folded at 75 octets without splitting a UTF-8
// sequence: continuation lines start with one space (RFC 5545 §3.1).
func (c *icsWriter) line(s string) {
	if c.err != nil {
		return
	}
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	_, c.err = io.WriteString(c.w, b.String())
}

// textEscaper escapes a TEXT value's specials; any line break (CRLF, LF or
// a lone CR) becomes \n.
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// escapeText escapes a TEXT value (RFC 5545 §3.3.11), dropping the control
// characters TEXT does not allow (all but tab and line breaks).
func escapeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return textEscaper.Replace(s)
}

// formatOffset formats a UTC offset in seconds as RFC 5545's UTC-OFFSET:
// "+0100", "-0800", "+053730" when it has seconds.
func formatOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	if sec%60 != 0 {
		return fmt.Sprintf("%s%02d%02d%02d", sign, sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
}
