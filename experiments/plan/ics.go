package plan

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is one session in an iCalendar export.
type CalendarEvent struct {
	UID         string
	Start, End  time.Time // in the venue's zone
	Summary     string
	Location    string
	Description string
}

// WriteICS writes an RFC 5545 calendar: one VEVENT per session with local
// DTSTART/DTEND tagged by TZID, and a VTIMEZONE that defines the zone with
// the offset in force on the event's dates (an unconference lasts days, so
// a DST change inside it is not modelled). Lines end in CRLF and are folded
// at 75 octets.
func WriteICS(w io.Writer, calName, tzid string, offset time.Duration, stamp time.Time, events []CalendarEvent) error {
	cw := &icsWriter{w: w}
	cw.line("BEGIN:VCALENDAR")
	cw.line("VERSION:2.0")
	cw.line("PRODID:-//unconf//unconf plan//EN")
	cw.line("CALSCALE:GREGORIAN")
	cw.line("X-WR-CALNAME:" + escapeText(calName))
	cw.line("BEGIN:VTIMEZONE")
	cw.line("TZID:" + tzid)
	cw.line("BEGIN:STANDARD")
	cw.line("DTSTART:19700101T000000")
	off := formatOffset(offset)
	cw.line("TZOFFSETFROM:" + off)
	cw.line("TZOFFSETTO:" + off)
	cw.line("END:STANDARD")
	cw.line("END:VTIMEZONE")
	for _, e := range events {
		cw.line("BEGIN:VEVENT")
		cw.line("UID:" + escapeText(e.UID))
		cw.line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		cw.line("DTSTART;TZID=" + tzid + ":" + e.Start.Format("20060102T150405"))
		cw.line("DTEND;TZID=" + tzid + ":" + e.End.Format("20060102T150405"))
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

func formatOffset(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	m := int(d.Minutes())
	return fmt.Sprintf("%s%02d%02d", sign, m/60, m%60)
}
