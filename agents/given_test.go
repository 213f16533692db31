package agents_test

import (
	"strings"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
)

// TestGenerateGiven checks that what given fixes stays fixed, that every
// other draw is Generate's (an attendee's draws do not depend on what the
// data fix), and that drawn stars follow the given seniorities.
func TestGenerateGiven(t *testing.T) {
	c := defaultConfig()
	c.Count, c.StarShare = 300, 0.05
	free, err := agents.Generate(&c, popularity, venue, src(5))
	if err != nil {
		t.Fatal(err)
	}
	given := make([]agents.Given, c.Count)
	for i := range given {
		if i%3 == 0 {
			given[i] = agents.Given{
				Name: "x", Background: sim.Student, HasBackground: true, Seniority: sim.Newcomer, HasSeniority: true,
				HomeOffset: 5.5, HasHome: true, Organisation: 1 + i%2, Days: 2,
			}
		}
	}
	got, err := agents.GenerateGiven(&c, popularity, venue, given, src(5))
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range got {
		f := free[i]
		if a.Sociability != f.Sociability || a.MaxInterest != f.MaxInterest {
			t.Fatalf("attendee %d: open draws differ from Generate's", i)
		}
		if i%3 != 0 {
			if a.Background != f.Background || a.Seniority != f.Seniority || a.HomeOffset != f.HomeOffset ||
				a.Affiliation != f.Affiliation || a.Propensity != f.Propensity || a.Days != 0 {
				t.Fatalf("attendee %d: %+v, want Generate's %+v", i, a, f)
			}
			continue
		}
		if a.Name != "x" || a.Background != sim.Student || a.Seniority != sim.Newcomer || a.HomeOffset != 5.5 ||
			a.Jetlag != sim.WrapOffset(venue-5.5) || a.Affiliation != c.Affiliations+i%2 || a.Days != 2 || a.Star {
			t.Fatalf("attendee %d: %+v: want the given fields and no star (a newcomer)", i, a)
		}
	}
	// Stars given for all override the draw.
	for i := range given {
		given[i].Star, given[i].HasStar = i == 7, true
	}
	got, err = agents.GenerateGiven(&c, popularity, venue, given, src(5))
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range got {
		if a.Star != (i == 7) {
			t.Fatalf("attendee %d: star %v, want the given flag", i, a.Star)
		}
	}
	if _, err := agents.GenerateGiven(&c, popularity, venue, given[:3], src(5)); err == nil || !strings.Contains(err.Error(), "attendees.count") {
		t.Errorf("3 given for 300: %v, want an error naming attendees.count", err)
	}
}
