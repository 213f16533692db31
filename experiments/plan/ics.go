package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
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

// WriteICS writes the recommended schedule as an iCalendar file: one
// VEVENT per session at its local time in the event's time zone
// (event.time_zone: an IANA name, with its rules for the event's dates,
// or a fixed UTC offset), the room as LOCATION, and the proposer,
// topics, hands and predicted attendance in DESCRIPTION. UIDs are stable
// per event and proposal (eventUID) and SEQUENCE grows with stamp, the
// time of the plan (icsSequence), so a calendar re-imported after
// re-planning moves the same events rather than adding copies.
func (rep *Report) WriteICS(w io.Writer, stamp time.Time) error {
	ec := &rep.Model.Event
	day1, err := ec.Start()
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	name := ec.Name
	if name == "" {
		name = "unconference"
	}
	var events []CalendarEvent
	for _, f := range rep.Recommended().Sessions {
		start, end, err := rep.sessionTime(f.Slot)
		if err != nil {
			return err
		}
		p := rep.Data.Proposals[f.Proposal]
		who := rep.Data.Attendees[rep.Data.attendee[p.Proposer]]
		by := who.ID
		if who.Name != "" {
			by = who.Name
		}
		desc := fmt.Sprintf("Moderator: %s\nTopics: %s\nHands raised: %d\nPredicted attendance: %s people (median [50%% range] (80%% range))",
			by, strings.Join(p.Topics, ", "), f.Hands, rangeText(&f))
		desc += fmt.Sprintf("\nRoom capacity: %d", f.Capacity)
		if f.Risk != "" {
			desc += fmt.Sprintf("\nRisk: %s (collapse %.0f%%, full room %.0f%%)", f.Risk, 100*f.PCollapse, 100*f.POverflow)
		}
		events = append(events, CalendarEvent{
			UID: eventUID(ec.Name, ec.StartDate, day1.Location().String(), p.ID), Sequence: icsSequence(stamp),
			Start: start, End: end, Summary: p.Title,
			Location: rep.Event.Rooms[f.Room].Name, Description: desc,
		})
	}
	return WriteICS(w, name, day1.Location(), stamp, events)
}

// eventUID returns the UID of proposal's session at an event: 32 hex
// digits of the SHA-256 of the event's name, start date and time zone and
// the proposal id, then "@unconf". It does not depend on the session's
// day, slot or room, so a re-imported calendar moves a session that moved;
// another event (name, start date or zone) gets other UIDs.
func eventUID(event, startDate, zone, proposal string) string {
	h := sha256.New()
	for _, s := range []string{event, startDate, zone, proposal} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // "ab"+"c" and "a"+"bc" differ
	}
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@unconf"
}

// icsSequence returns the SEQUENCE of a calendar made at stamp: whole
// seconds since 2020-01-01 UTC, so that a later plan's events carry a
// higher revision and calendars take their changes. It stays within RFC
// 5545's INTEGER (2^31 − 1, reached in 2088) and is 0 before 2020.
func icsSequence(stamp time.Time) int {
	s := stamp.Unix() - time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return int(min(max(s, 0), math.MaxInt32))
}
