package sim

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/agents"
)

// Vote draws the show of hands. Each attendee, in order, takes part with
// probability Turnout and then perceives each proposal p other than their
// own as
//
//	perceived = match(a, p) + Normal(0, Noise)
//	            + SocialBonus·[same affiliation as p's proposer]
//	            + StarBonus·[p's proposer is a star]
//
// and raises a hand when perceived > Threshold; with Budget > 0 only the
// Budget highest perceived of those stay up. match is Attendee.Match.
// Both views of the result are sorted ascending. Proposers are indices
// into attendees.
func Vote(c *VotesConfig, attendees []agents.Attendee, props []Proposal, src rand.Source) Votes {
	r := rand.New(src)
	v := Votes{
		ByProposal: make([][]int32, len(props)),
		ByAttendee: make([][]int32, len(attendees)),
	}
	type hand struct {
		p         int32
		perceived float64
	}
	var cand []hand
	for i := range attendees {
		a := &attendees[i]
		if r.Float64() >= c.Turnout {
			continue
		}
		cand = cand[:0]
		for j := range props {
			pr := &props[j]
			if pr.Proposer == i {
				continue
			}
			x := a.Match(pr.Topic, pr.Second)
			if c.Noise > 0 {
				x += c.Noise * r.NormFloat64()
			}
			by := &attendees[pr.Proposer]
			if by.Affiliation == a.Affiliation {
				x += c.SocialBonus
			}
			if by.Star {
				x += c.StarBonus
			}
			if x > c.Threshold {
				cand = append(cand, hand{int32(j), x})
			}
		}
		if c.Budget > 0 && len(cand) > c.Budget {
			slices.SortStableFunc(cand, func(x, y hand) int { return cmp.Compare(y.perceived, x.perceived) })
			cand = cand[:c.Budget]
			slices.SortFunc(cand, func(x, y hand) int { return cmp.Compare(x.p, y.p) })
		}
		if len(cand) == 0 {
			continue
		}
		hands := make([]int32, len(cand))
		for k, h := range cand {
			hands[k] = h.p
			v.ByProposal[h.p] = append(v.ByProposal[h.p], int32(i))
		}
		v.ByAttendee[i] = hands
	}
	return v
}
