package plan

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestICSControlCharacters: titles come from the organiser's CSV and may
// hold a lone carriage return (old Mac line ends) or other control
// characters, which RFC 5545 TEXT does not allow: lines still end only in
// CRLF and carry no control character.
func TestICSControlCharacters(t *testing.T) {
	start := time.Date(2017, 12, 1, 9, 30, 0, 0, time.UTC)
	var buf bytes.Buffer
	err := WriteICS(&buf, "cal\rname", "UTC", 0, start, []CalendarEvent{
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
