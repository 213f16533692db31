package plan

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/sim"
)

func testEvent() *sim.EventConfig {
	return &sim.EventConfig{
		StartDate: "2017-12-01", TimeZone: "America/Los_Angeles", Days: 2,
		Slots:  []sim.SlotConfig{{Start: "09:30", Minutes: 60}},
		Rooms:  []sim.RoomGroup{{Name: "Room", Count: 2, Capacity: 10}},
		Topics: []sim.TopicConfig{{Name: "GANs", Popularity: 1}, {Name: "fairness", Popularity: 1}},
	}
}

func TestCrossChecks(t *testing.T) {
	f := Files{Attendees: "a.csv", Proposals: "p.csv", Votes: "v.csv"}
	atts := []AttendeeRow{{Line: 2, ID: "x"}, {Line: 3, ID: "y", Interests: []string{"fairness"}}}
	props := []ProposalRow{{Line: 2, ID: "p", Title: "T", Proposer: "x", Topics: []string{"GANs"}}}
	for _, tc := range []struct {
		name  string
		atts  []AttendeeRow
		props []ProposalRow
		votes []VoteRow
		want  string
	}{
		{"vote unknown attendee", atts, props, []VoteRow{{Line: 2, Attendee: "z", Proposal: "p"}}, `v.csv:2: column "attendee": "z" is not an attendee id in a.csv`},
		{"vote unknown proposal", atts, props, []VoteRow{{Line: 5, Attendee: "y", Proposal: "q"}}, `v.csv:5: column "proposal": "q" is not a proposal id`},
		{"double vote", atts, props, []VoteRow{{Line: 2, Attendee: "y", Proposal: "p"}, {Line: 3, Attendee: "y", Proposal: "p"}}, `v.csv:3: attendee "y" voted for proposal "p" twice (first on line 2)`},
		{"proposer not attendee", atts, []ProposalRow{{Line: 4, ID: "p", Title: "T", Proposer: "nobody", Topics: []string{"GANs"}}}, nil, `p.csv:4: column "proposer": "nobody" is not an attendee id`},
		{"unknown interest", []AttendeeRow{{Line: 7, ID: "x", Interests: []string{"astrology"}}}, props, nil, `a.csv:7: column "interests": unknown topic "astrology"`},
		{"bad background", []AttendeeRow{{Line: 2, ID: "x", Background: "government"}}, props, nil, `a.csv:2: column "background": "government"`},
		{"day past event", []AttendeeRow{{Line: 2, ID: "x", Days: []int{3}}}, props, nil, `a.csv:2: column "days": day 3: the event has 2 days`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewData(testEvent(), f, tc.atts, tc.props, tc.votes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	d, err := NewData(testEvent(), f, atts, []ProposalRow{{Line: 2, ID: "p", Title: "T", Proposer: "x", Topics: []string{"gans", "Causality"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Topics); n != 3 || d.Topics[2].Name != "Causality" {
		t.Errorf("topics = %+v: want the proposal's new topic appended, matching case-insensitively", d.Topics)
	}
}

func TestICS(t *testing.T) {
	loc, _ := time.LoadLocation("America/Los_Angeles")
	start := time.Date(2017, 12, 1, 9, 30, 0, 0, loc)
	long := strings.Repeat("Interprétabilité, transfer; few-shot ", 6)
	var buf bytes.Buffer
	err := WriteICS(&buf, "SOCML", loc, time.Date(2017, 11, 25, 0, 0, 0, 0, time.UTC), []CalendarEvent{
		{UID: "p1@unconf", Start: start, End: start.Add(time.Hour), Summary: long, Location: "Hall 1", Description: "hands 12\npredicted 8–14"},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") {
		t.Errorf("not a VCALENDAR:\n%s", out)
	}
	for _, want := range []string{"BEGIN:VEVENT\r\n", "DTSTART;TZID=America/Los_Angeles:20171201T093000\r\n",
		"DTEND;TZID=America/Los_Angeles:20171201T103000\r\n", "TZID:America/Los_Angeles\r\n", "TZOFFSETTO:-0800\r\n",
		"LOCATION:Hall 1\r\n", `DESCRIPTION:hands 12\npredicted 8–14`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	// Every physical line fits in 75 octets; unfolding restores the text.
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if n := len(strings.TrimSuffix(sc.Text(), "\r")); n > 75 {
			t.Errorf("line of %d octets: %q", n, sc.Text())
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "SUMMARY:"+escapeText(long)+"\r\n") {
		t.Errorf("folded SUMMARY does not unfold to the escaped title")
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Error("a line ends without CR")
	}
}
