package agents

import (
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/unconf/unconf/sim"
)

// Propose draws the call for sessions before the event. Attendees, in
// order, each propose with probability min(1, Rate × Propensity); after a
// first proposal each further one, up to MaxPerAttendee, comes with
// probability Rate (the first refusal ends the attendee's proposing).
//
// A proposal's main topic is drawn among the proposer's TopInterests
// strongest interests (ties to the lower topic index), weighted by interest,
// never the same main topic twice for one proposer; with probability
// SecondTopic it names a second topic drawn likewise among the other
// topics of those top interests, else Second is −1. An attendee stops when
// their top interests are used up. The title is the topic name, or "main /
// second", made unique by a suffix " (2)", " (3)", … Proposals get IDs
// 0..P−1 in order; Proposer is the attendee's index in attendees.
//
// Every attendee's Interests must have one entry per topic.
func Propose(c *sim.ProposalsConfig, attendees []sim.Attendee, topics []sim.TopicConfig, src rand.Source) []sim.Proposal {
	r := rand.New(src)
	var props []sim.Proposal
	titles := make(map[string]int)
	order := make([]int, len(topics))
	var top, avail []int
	for i := range attendees {
		a := &attendees[i]
		if r.Float64() >= min(1, c.Rate*a.Propensity) {
			continue
		}
		order = a.InterestOrder(order)
		strongest := order[:min(c.TopInterests, len(order))]
		top = append(top[:0], strongest...) // main topics left
		for k := 0; k < c.MaxPerAttendee && len(top) > 0; k++ {
			if k > 0 && r.Float64() >= c.Rate {
				break
			}
			j := pickWeighted(r, a.Interests, top)
			main := top[j]
			top = slices.Delete(top, j, j+1) // never this main topic again
			p := sim.Proposal{ID: len(props), Proposer: i, Topic: main, Second: -1}
			if r.Float64() < c.SecondTopic {
				avail = avail[:0]
				for _, t := range strongest {
					if t != main {
						avail = append(avail, t)
					}
				}
				if len(avail) > 0 {
					p.Second = avail[pickWeighted(r, a.Interests, avail)]
				}
			}
			p.Title = topics[main].Name
			if p.Second >= 0 {
				p.Title += " / " + topics[p.Second].Name
			}
			p.Title = uniqueTitle(titles, p.Title)
			props = append(props, p)
		}
	}
	return props
}

// pickWeighted returns an index into among drawn with weight w[among[i]]
// (uniformly when all weights are zero).
func pickWeighted(r *rand.Rand, w []float64, among []int) int {
	sum := 0.0
	for _, t := range among {
		sum += w[t]
	}
	if !(sum > 0) {
		return r.IntN(len(among))
	}
	u := r.Float64() * sum
	for i, t := range among {
		u -= w[t]
		if u < 0 {
			return i
		}
	}
	return len(among) - 1 // rounding
}

// uniqueTitle returns title, or title with the first free " (n)" suffix,
// and records it in seen.
func uniqueTitle(seen map[string]int, title string) string {
	n := seen[title]
	seen[title] = n + 1
	if n == 0 {
		return title
	}
	for k := n + 1; ; k++ {
		t := title + " (" + strconv.Itoa(k) + ")"
		if seen[t] == 0 {
			seen[t] = 1
			return t
		}
	}
}
