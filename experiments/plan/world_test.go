package plan

import (
	"fmt"
	"testing"

	"github.com/unconf/unconf/sim"
)

// fileData returns n attendees of whom the first `leaders` are leaders and
// the rest newcomers, with what each row fixes, one proposal each, no
// votes, on the example event.
func fileData(t *testing.T, m *sim.Config, n, leaders int, star bool) *Data {
	t.Helper()
	atts := make([]AttendeeRow, n)
	props := make([]ProposalRow, n)
	for i := range atts {
		a := &atts[i]
		a.Line, a.ID, a.Name = i+2, fmt.Sprint("a", i), fmt.Sprint("Name ", i)
		a.Seniority = "newcomer"
		if i < leaders {
			a.Seniority = "leader"
		}
		if i%2 == 0 {
			a.Background, a.Home, a.HasHome = "academia", 9, true
			a.Affiliation = fmt.Sprint("Org ", i%6)
			a.Days = []int{1}
		}
		a.Star = star && i == 1
		props[i] = ProposalRow{Line: i + 2, ID: fmt.Sprint("p", i), Title: fmt.Sprint("T", i), Proposer: a.ID,
			Topics: []string{m.Event.Topics[i%len(m.Event.Topics)].Name}}
	}
	d, err := NewData(&m.Event, Files{"a.csv", "p.csv", "v.csv"}, atts, props, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWorldKeepsTheFile checks that every replicate's world keeps what
// the attendees file fixes (names, backgrounds, seniorities, homes, known
// affiliations shared by name after the scenario's anonymous ones, days,
// the star column) and draws what it leaves open afresh.
func TestWorldKeepsTheFile(t *testing.T) {
	m := exampleConfig(t).Model
	d := fileData(t, &m, 40, 5, true)
	var first *sim.World
	for seed := range uint64(3) {
		w, err := d.World(&m, nil, seed)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range w.Attendees {
			row := d.Attendees[i]
			wantSen := sim.Newcomer
			if i < 5 {
				wantSen = sim.Leader
			}
			if a.Name != row.Name || a.Seniority != wantSen || a.Star != (i == 1) {
				t.Fatalf("seed %d attendee %d: name %q, seniority %v, star %v: want the file's", seed, i, a.Name, a.Seniority, a.Star)
			}
			if i%2 == 0 {
				wantAff := m.Attendees.Affiliations + (i%6)/2 // Org 0, Org 2, Org 4 in order of appearance
				if a.Background != sim.Academia || a.HomeOffset != 9 || a.Jetlag != sim.WrapOffset(w.Event.VenueOffset-9) ||
					a.Affiliation != wantAff || a.Days != 1 {
					t.Fatalf("seed %d attendee %d: %+v: want the file's background, home, affiliation %d and day 1", seed, i, a, wantAff)
				}
			} else if a.Days != 0 || a.Affiliation >= m.Attendees.Affiliations {
				t.Fatalf("seed %d attendee %d: days %b, affiliation %d: want every day and an anonymous one", seed, i, a.Days, a.Affiliation)
			}
		}
		if first == nil {
			first = w
			continue
		}
		same := 0
		for i := 1; i < len(w.Attendees); i += 2 {
			if w.Attendees[i].Affiliation == first.Attendees[i].Affiliation && w.Attendees[i].Sociability == first.Attendees[i].Sociability {
				same++
			}
		}
		if same == 20 {
			t.Errorf("seed %d: the open fields are those of seed 0", seed)
		}
	}
}

// TestWorldStarsAmongFileLeaders: without a star in the file, stars are
// drawn among the file's leaders, never among those it calls newcomers.
func TestWorldStarsAmongFileLeaders(t *testing.T) {
	m := exampleConfig(t).Model
	m.Attendees.StarShare = 0.1
	d := fileData(t, &m, 60, 4, false)
	stars := 0
	for seed := range uint64(20) {
		w, err := d.World(&m, nil, seed)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range w.Attendees {
			if a.Star {
				stars++
				if i >= 4 {
					t.Fatalf("seed %d: attendee %d, a newcomer in the file, is a star", seed, i)
				}
			}
		}
	}
	if stars != 20*4 { // round(0.1 × 60) = 6 stars wanted, 4 leaders
		t.Errorf("%d stars in 20 worlds, want every leader a star in each: 80", stars)
	}
}
