package plan

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
)

// Blanks says which cells RowsFromWorld leaves empty, each as the share of
// attendees (drawn independently per field) whose cell is empty.
type Blanks struct {
	Background, Seniority, Home, Affiliation float64
	// Interests is the share who declare no interests; the others declare
	// their favourite topic, and their second when its interest is at
	// least half the favourite's.
	Interests float64
	// NoStars leaves the star column false for everyone, so that stars
	// are drawn from the scenario instead.
	NoStars bool
	// Levels writes votes as online tools export them, with a vote
	// column: every voter rates every proposal but their own interested,
	// maybe or skip. Without it, one row per raised hand.
	Levels bool
}

// RowsFromWorld writes a simulated world as the organiser's files would
// hold it: one attendee row per attendee (ids "a001", …; names empty;
// affiliations "org-K"; home offsets in hours), one proposal row per
// proposal (ids "p01", …, the proposer's id, topic names), one vote row
// per raised hand (or, with b.Levels, per voter and proposal). Cells are blanked as b says, with draws from src. It
// is how synthetic events with a known truth are made: for the
// calibration test and the example data in configs/examples.
func RowsFromWorld(w *sim.World, b Blanks, src rand.Source) ([]AttendeeRow, []ProposalRow, []VoteRow) {
	r := rand.New(src)
	width := len(fmt.Sprint(len(w.Attendees)))
	aid := func(i int) string { return fmt.Sprintf("a%0*d", max(width, 3), i+1) }
	pw := len(fmt.Sprint(len(w.Proposals)))
	pid := func(i int) string { return fmt.Sprintf("p%0*d", max(pw, 2), i+1) }
	topics := w.Event.Topics

	atts := make([]AttendeeRow, len(w.Attendees))
	for i := range w.Attendees {
		a := &w.Attendees[i]
		row := AttendeeRow{Line: i + 2, ID: aid(i), Name: a.Name, Star: a.Star && !b.NoStars}
		if r.Float64() >= b.Background {
			row.Background = a.Background.String()
		}
		if r.Float64() >= b.Seniority {
			row.Seniority = a.Seniority.String()
		}
		if r.Float64() >= b.Home {
			row.HasHome, row.Home = true, a.HomeOffset
		}
		if r.Float64() >= b.Affiliation {
			row.Affiliation = fmt.Sprintf("org-%d", a.Affiliation+1)
		}
		if r.Float64() >= b.Interests {
			order := a.InterestOrder(nil)
			row.Interests = []string{topics[order[0]].Name}
			if len(order) > 1 && a.Interests[order[1]] >= a.Interests[order[0]]/2 {
				row.Interests = append(row.Interests, topics[order[1]].Name)
			}
		}
		for d := range w.Event.Days {
			if a.Days != 0 && a.OnSite(d) {
				row.Days = append(row.Days, d+1)
			}
		}
		atts[i] = row
	}
	props := make([]ProposalRow, len(w.Proposals))
	for i, p := range w.Proposals {
		props[i] = ProposalRow{Line: i + 2, ID: pid(i), Title: p.Title, Proposer: aid(p.Proposer), Topics: []string{topics[p.Topic].Name}}
		if p.Second >= 0 {
			props[i].Topics = append(props[i].Topics, topics[p.Second].Name)
		}
	}
	var votes []VoteRow
	for i, hands := range w.Votes.ByAttendee {
		if !b.Levels {
			for _, p := range hands {
				votes = append(votes, VoteRow{Line: len(votes) + 2, Attendee: aid(i), Proposal: pid(int(p)), Weight: 1})
			}
			continue
		}
		if w.Votes.Voted != nil && !w.Votes.Voted[i] {
			continue
		}
		var maybes []int32
		if w.Votes.Maybe != nil {
			maybes = w.Votes.Maybe[i]
		}
		for _, p := range w.Proposals {
			if p.Proposer == i {
				continue
			}
			l := Skip
			if slices.Contains(hands, int32(p.ID)) {
				l = Interested
			} else if slices.Contains(maybes, int32(p.ID)) {
				l = Maybe
			}
			votes = append(votes, VoteRow{Line: len(votes) + 2, Attendee: aid(i), Proposal: pid(p.ID), Weight: 1, Level: l, HasLevel: true})
		}
	}
	return atts, props, votes
}
