package plan

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
)

// attendanceFixture returns a tiny event: proposals p1 (run in a room of
// 10), p2 (run in a room of 20) and p3 (not run).
func attendanceFixture(t *testing.T) (*Data, *sim.Schedule, *sim.Event) {
	t.Helper()
	ec := sim.EventConfig{
		Name: "tiny", StartDate: "2026-01-05", Days: 1,
		Slots:  []sim.SlotConfig{{Start: "09:00", Minutes: 60}},
		Rooms:  []sim.RoomGroup{{Name: "Big", Count: 1, Capacity: 20}, {Name: "Small", Count: 1, Capacity: 10}},
		Topics: []sim.TopicConfig{{Name: "t", Popularity: 1}},
	}
	ev, err := sim.NewEvent(&ec, 90)
	if err != nil {
		t.Fatal(err)
	}
	atts := []AttendeeRow{{Line: 2, ID: "a"}, {Line: 3, ID: "b"}}
	props := []ProposalRow{
		{Line: 2, ID: "p1", Title: "One", Proposer: "a", Topics: []string{"t"}},
		{Line: 3, ID: "p2", Title: "Two", Proposer: "b", Topics: []string{"t"}},
		{Line: 4, ID: "p3", Title: "Three", Proposer: "a", Topics: []string{"t"}},
	}
	d, err := NewData(&ec, Files{Attendees: "a.csv", Proposals: "p.csv", Votes: "v.csv"}, atts, props, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Rooms sort largest first: room 0 is Big (20), room 1 Small (10).
	s := &sim.Schedule{Sessions: []sim.Session{{Proposal: 1, Slot: 0, Room: 0}, {Proposal: 0, Slot: 0, Room: 1}}}
	return d, s, ev
}

func TestReadAttendance(t *testing.T) {
	d, s, ev := attendanceFixture(t)
	obs, err := ReadAttendance("att.csv", strings.NewReader("proposal,count,min,max\np1,7,,\np2,,12,15\n"), d, s, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := []Observation{{Line: 2, Proposal: 0, Session: 1, Lo: 7, Hi: 7}, {Line: 3, Proposal: 1, Session: 0, Lo: 12, Hi: 15}}
	if len(obs) != 2 || obs[0] != want[0] || obs[1] != want[1] {
		t.Errorf("observations %+v, want %+v", obs, want)
	}
	// A count at or above the capacity is a full room: at least the capacity.
	obs, err = ReadAttendance("att.csv", strings.NewReader("proposal,count\np1,14\np2,20\n"), d, s, ev)
	if err != nil {
		t.Fatal(err)
	}
	if o := obs[0]; !o.Full || o.Lo != 10 || o.Hi != 10 {
		t.Errorf("14 people in a room of 10: %+v, want a full room of 10", o)
	}
	if o := obs[1]; !o.Full || o.Lo != 20 {
		t.Errorf("20 people in a room of 20: %+v, want a full room", o)
	}
}

func TestReadAttendanceErrors(t *testing.T) {
	d, s, ev := attendanceFixture(t)
	for _, tc := range []struct {
		name, in, want string
		line           int
	}{
		{"unknown proposal", "proposal,count\np9,3\n", `att.csv:2: column "proposal": "p9" is not a proposal id`, 2},
		{"not run", "proposal,count\np3,3\n", `att.csv:2: column "proposal": "p3" is not in the schedule`, 2},
		{"negative", "proposal,count\np1,-2\n", `att.csv:2: column "count": -2: want 0 or more people`, 2},
		{"not a number", "proposal,count\np1,lots\n", `att.csv:2: column "count": "lots": want a whole number`, 2},
		{"far above capacity", "proposal,count\np1,21\n", `att.csv:2: column "count": 21 people in a room of 10 seats: want at most 20`, 2},
		{"min above max", "proposal,min,max\np1,8,5\n", `att.csv:2: column "min": 8 is above max 5`, 2},
		{"duplicate", "proposal,count\np1,3\np2,4\np1,5\n", `att.csv:4: column "proposal": "p1" counted twice (first on line 2)`, 4},
		{"count and range", "proposal,count,min,max\np1,3,2,4\n", `att.csv:2: column "min": a count and a range on one row`, 2},
		{"nothing", "proposal,count,min,max\np1,,,\n", `att.csv:2: column "count": empty`, 2},
		{"half a range", "proposal,min,max\np1,3,\n", `att.csv:2: column "max": empty`, 2},
		{"no count column", "proposal,min\np1,3\n", `att.csv:1: column "max": required column missing`, 1},
		{"unknown column", "proposal,count,people\np1,3,4\n", `att.csv:1: column "people": unknown column`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadAttendance("att.csv", strings.NewReader(tc.in), d, s, ev)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line != tc.line {
				t.Errorf("error %v: want an InputError at line %d", err, tc.line)
			}
		})
	}
}

// TestNonVotersFollowVoters: in an online vote where every voter wants the
// same one of two proposals on different topics, the non-voters' drawn
// interests follow the voters (voters stand for the crowd), so the
// non-voters' mean match with the voted proposal is far above the other's;
// with no voters at all they are drawn from the scenario alone (both
// topics alike), and a voter's lasting taste is higher for what they voted
// interested in than for what they skipped.
func TestNonVotersFollowVoters(t *testing.T) {
	cfg := exampleConfig(t)
	ec := cfg.Model.Event
	ec.Topics = []sim.TopicConfig{{Name: "red", Popularity: 1}, {Name: "blue", Popularity: 1}}
	var atts []AttendeeRow
	for i := range 60 {
		atts = append(atts, AttendeeRow{Line: i + 2, ID: fmt.Sprintf("a%02d", i)})
	}
	props := []ProposalRow{
		{Line: 2, ID: "red", Title: "Red", Proposer: atts[0].ID, Topics: []string{"red"}},
		{Line: 3, ID: "blue", Title: "Blue", Proposer: atts[1].ID, Topics: []string{"blue"}},
	}
	var votes []VoteRow
	for i := 2; i < 22; i++ { // 20 voters of 60
		votes = append(votes,
			VoteRow{Line: len(votes) + 2, Attendee: atts[i].ID, Proposal: "red", Level: Interested, HasLevel: true},
			VoteRow{Line: len(votes) + 3, Attendee: atts[i].ID, Proposal: "blue", Level: Skip, HasLevel: true})
	}
	files := Files{Attendees: "a.csv", Proposals: "p.csv", Votes: "v.csv"}
	m := cfg.Model
	m.Votes.Taste = 0.8
	m.Proposals.TopInterests = 1
	meanMatch := func(votes []VoteRow) (red, blue, tasteRed, tasteBlue float64) {
		d, err := NewData(&ec, files, atts, props, votes)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for r := range 20 {
			w, err := d.World(&m, nil, uint64(r))
			if err != nil {
				t.Fatal(err)
			}
			for i := 22; i < 60; i++ { // the non-voters
				red += w.Attendees[i].Match(0, -1)
				blue += w.Attendees[i].Match(1, -1)
				n++
			}
			for i := 2; i < 22 && len(votes) > 0; i++ {
				tasteRed += float64(w.Taste[i*2+0]) / 400
				tasteBlue += float64(w.Taste[i*2+1]) / 400
			}
		}
		return red / float64(n), blue / float64(n), tasteRed, tasteBlue
	}
	red, blue, tr, tb := meanMatch(votes)
	t.Logf("non-voters' mean match: red %.3f, blue %.3f; voters' mean taste: red %+.3f, blue %+.3f", red, blue, tr, tb)
	if red < blue+0.3 {
		t.Errorf("non-voters match the proposal every voter wanted at %.3f and the skipped one at %.3f: want a gap of 0.3 or more", red, blue)
	}
	if tr <= tb {
		t.Errorf("voters' taste for what they wanted %+.3f, for what they skipped %+.3f: want it higher", tr, tb)
	}
	red, blue, _, _ = meanMatch(nil)
	if math.Abs(red-blue) > 0.1 {
		t.Errorf("without voters, non-voters match red %.3f and blue %.3f: want them alike", red, blue)
	}
}
