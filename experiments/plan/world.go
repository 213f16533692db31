package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// Evidence weights of the interest estimate (see World).
const (
	// DeclaredWeight is the Dirichlet pseudo-count a declared interest adds
	// to its topic in the prior.
	DeclaredWeight = 2.0
	// VoteWeight is the pseudo-count a raised hand adds to the proposal's
	// main topic (half of it to a second topic) in the sampler's proposal
	// distribution; it sets how fast the chain mixes, not the posterior.
	VoteWeight = 1.0
)

// World builds replicate seed's world from the organiser's data. What the
// data fix stays fixed: attendees, their declared fields, proposals and
// hands. What they leave open is drawn afresh in each replicate from the
// scenario c, so that predictions carry that uncertainty:
//   - empty background, seniority, home offset or affiliation cells, and
//     sociability, from the scenario's distributions;
//   - interests from their posterior given the hands raised and not
//     raised, under the vote model (see posterior): the scenario's prior
//     α_t = concentration · p_t / mean(p) plus DeclaredWeight for each
//     declared interest, sampled by Metropolis–Hastings with proposals
//     from the Dirichlet that adds VoteWeight for each hand raised for a
//     proposal on topic t (half for a second topic).
//
// Known affiliations are shared by name; an unknown one is drawn among the
// scenario's anonymous organisations. Stars come from the star column when
// the file has one, else from the scenario.
func (d *Data) World(c *sim.Config, seed uint64) (*sim.World, error) {
	cfg := *c
	cfg.Event.Topics = d.Topics
	cfg.Attendees.Count = len(d.Attendees)
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	ev, err := sim.NewEvent(&cfg.Event, cfg.Alertness.ResetMinutes)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	pop := make([]float64, len(d.Topics))
	mean := 0.0
	for i, t := range d.Topics {
		pop[i] = t.Popularity
		mean += t.Popularity / float64(len(pop))
	}
	atts, err := agents.Generate(&cfg.Attendees, pop, ev.VenueOffset, rng.New(seed, "population"))
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}

	props := make([]sim.Proposal, len(d.Proposals))
	for i, p := range d.Proposals {
		props[i] = sim.Proposal{ID: i, Proposer: d.attendee[p.Proposer], Topic: d.topic[strings.ToLower(p.Topics[0])], Second: -1, Title: p.Title}
		if len(p.Topics) > 1 {
			props[i].Second = d.topic[strings.ToLower(p.Topics[1])]
		}
	}
	votes := sim.Votes{ByProposal: make([][]int32, len(props)), ByAttendee: make([][]int32, len(atts))}
	for _, v := range d.Votes {
		if v.Weight <= 0 {
			continue
		}
		a, p := d.attendee[v.Attendee], d.proposal[v.Proposal]
		votes.ByProposal[p] = append(votes.ByProposal[p], int32(a))
		votes.ByAttendee[a] = append(votes.ByAttendee[a], int32(p))
	}
	for _, l := range votes.ByProposal {
		slices.Sort(l)
	}
	for _, l := range votes.ByAttendee {
		slices.Sort(l)
	}

	affiliation := map[string]int{}
	hasStar := false
	for _, a := range d.Attendees {
		hasStar = hasStar || a.Star
	}
	for i, row := range d.Attendees {
		a := &atts[i]
		a.Name = row.Name
		if row.Background != "" {
			a.Background, _ = agents.ParseBackground(row.Background) // checked in NewData
		}
		if row.Seniority != "" {
			a.Seniority, _ = agents.ParseSeniority(row.Seniority)
		}
		if row.HasHome {
			a.HomeOffset = row.Home
			a.Jetlag = agents.WrapOffset(ev.VenueOffset - row.Home)
		}
		if row.Affiliation != "" {
			k, ok := affiliation[row.Affiliation]
			if !ok {
				k = cfg.Attendees.Affiliations + len(affiliation)
				affiliation[row.Affiliation] = k
			}
			a.Affiliation = k
		}
		if hasStar {
			a.Star = row.Star
		}
		a.Days = 0
		for _, day := range row.Days {
			a.Days |= 1 << uint(day-1)
		}

	}

	// Interests last: the vote model behind the posterior needs everyone's
	// star flag and affiliation.
	post := newPosterior(&cfg.Votes, props, len(pop))
	intSrc := rng.New(seed, "interests")
	for i, row := range d.Attendees {
		a := &atts[i]
		for t := range post.prior {
			post.prior[t] = cfg.Attendees.InterestConcentration * pop[t] / mean
			if math.IsInf(post.prior[t], 0) { // the product overflowed, as in agents
				post.prior[t] = cfg.Attendees.InterestConcentration * (pop[t] / mean)
			}
		}
		for _, name := range row.Interests {
			post.prior[d.topic[strings.ToLower(name)]] += DeclaredWeight
		}
		copy(post.alpha, post.prior)
		clear(post.hand)
		for _, p := range votes.ByAttendee[i] {
			post.hand[p] = true
			post.alpha[props[p].Topic] += VoteWeight
			if s := props[p].Second; s >= 0 {
				post.alpha[s] += VoteWeight / 2
			}
		}
		for j, p := range props {
			by := &atts[p.Proposer]
			post.own[j] = p.Proposer == i
			post.bonus[j] = 0
			if by.Star {
				post.bonus[j] += cfg.Votes.StarBonus
			}
			if by.Affiliation == a.Affiliation {
				post.bonus[j] += cfg.Votes.SocialBonus
			}
		}
		post.draw(a, intSrc)
	}
	return &sim.World{Config: &cfg, Event: ev, Attendees: atts, Proposals: props, Votes: votes, Seed: seed}, nil
}
