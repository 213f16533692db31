package plan

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// WriteAttendees writes rows in the attendees.csv format ReadAttendees
// reads; home offsets are written as hours.
func WriteAttendees(w io.Writer, rows []AttendeeRow) error {
	cw := csv.NewWriter(w)
	cw.Write(attendeeColumns)
	for _, a := range rows {
		home := ""
		if a.HasHome {
			home = strconv.FormatFloat(a.Home, 'g', -1, 64)
		}
		days := make([]string, len(a.Days))
		for i, d := range a.Days {
			days[i] = strconv.Itoa(d)
		}
		cw.Write([]string{a.ID, a.Name, a.Background, a.Seniority, home, a.Affiliation,
			strings.Join(a.Interests, ";"), strconv.FormatBool(a.Star), strings.Join(days, ";")})
	}
	cw.Flush()
	return cw.Error()
}

// WriteProposals writes rows in the proposals.csv format.
func WriteProposals(w io.Writer, rows []ProposalRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "title", "proposer", "topics"})
	for _, p := range rows {
		cw.Write([]string{p.ID, p.Title, p.Proposer, strings.Join(p.Topics, ";")})
	}
	cw.Flush()
	return cw.Error()
}

// WriteVotes writes rows in the votes.csv format, with a vote column when
// any row has a level and a weight column when any row has a weight.
func WriteVotes(w io.Writer, rows []VoteRow) error {
	cw := csv.NewWriter(w)
	weighted, leveled := false, false
	for _, v := range rows {
		weighted = weighted || v.HasWeight
		leveled = leveled || v.HasLevel
	}
	header := []string{"attendee", "proposal"}
	if leveled {
		header = append(header, "vote")
	}
	if weighted {
		header = append(header, "weight")
	}
	cw.Write(header)
	for _, v := range rows {
		rec := []string{v.Attendee, v.Proposal}
		if leveled {
			rec = append(rec, v.Level.String())
		}
		if weighted {
			rec = append(rec, strconv.FormatFloat(v.Weight, 'g', -1, 64))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}
