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
	return new(proposer).propose(c, attendees, topics, src)
}

// proposer is Propose's memory, kept by a Builder from one world to the
// next: the proposals, the titles seen, and the titles made so far.
type proposer struct {
	props       []sim.Proposal
	seen        map[string]int    // uniqueTitle's: titles given in this call
	titles      map[string]string // every title made, to reuse its string
	order, top  []int
	avail       []int
	title, more []byte // the title being made
}

// maxTitles bounds proposer.titles: past it, the titles made so far are
// forgotten (a sweep over many topic lists would otherwise grow it).
const maxTitles = 1 << 14

// propose is Propose in pr's memory: the proposals it returns are
// overwritten by the next call.
func (pr *proposer) propose(c *sim.ProposalsConfig, attendees []sim.Attendee, topics []sim.TopicConfig, src rand.Source) []sim.Proposal {
	r := rand.New(src)
	props := pr.props[:0]
	if pr.seen == nil {
		pr.seen = make(map[string]int)
		pr.titles = make(map[string]string)
	}
	clear(pr.seen)
	if len(pr.titles) > maxTitles {
		clear(pr.titles)
	}
	order := grow(pr.order, len(topics))
	top, avail := pr.top[:0], pr.avail[:0]
	for i := range attendees {
		a := &attendees[i]
		if r.Float64() >= min(1, c.Rate*a.Propensity) {
			continue
		}
		order = strongestTopics(order, a, c.TopInterests)
		strongest := order
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
			pr.title = append(pr.title[:0], topics[main].Name...)
			if p.Second >= 0 {
				pr.title = append(append(pr.title, " / "...), topics[p.Second].Name...)
			}
			p.Title = pr.uniqueTitle()
			props = append(props, p)
		}
	}
	pr.props, pr.order, pr.top, pr.avail = props, order, top, avail
	return props
}

// intern returns b as a string, the one made before for the same bytes.
func (pr *proposer) intern(b []byte) string {
	if s, ok := pr.titles[string(b)]; ok { // no allocation to look up
		return s
	}
	s := string(b)
	pr.titles[s] = s
	return s
}

// uniqueTitle returns the title in pr.title, or it with the first free
// " (n)" suffix, and records it as seen.
func (pr *proposer) uniqueTitle() string {
	title := pr.intern(pr.title)
	n := pr.seen[title]
	pr.seen[title] = n + 1
	if n == 0 {
		return title
	}
	for k := n + 1; ; k++ {
		pr.more = append(strconv.AppendInt(append(append(pr.more[:0], title...), " ("...), int64(k), 10), ')')
		if pr.seen[string(pr.more)] == 0 {
			t := pr.intern(pr.more)
			pr.seen[t] = 1
			return t
		}
	}
}

// strongestTopics returns in order (resized) the first k topics of
// a.InterestOrder(), the k of highest interest, strongest first, ties to
// the lower topic index: by insertion into the k kept so far instead of
// ordering every topic. A NaN interest, which stops InterestOrder's
// insertions wherever it stands, takes InterestOrder.
func strongestTopics(order []int, a *sim.Attendee, k int) []int {
	in := a.Interests
	order = order[:0]
	k = min(k, len(in))
	for t, v := range in {
		if v != v {
			return a.InterestOrder(order)[:k]
		}
		if len(order) == k {
			if k == 0 || !(v > in[order[k-1]]) {
				continue // not above the k-th (an equal one came first)
			}
			order = order[:k-1]
		}
		i := len(order)
		order = append(order, t)
		for i > 0 && in[order[i-1]] < v {
			order[i] = order[i-1]
			i--
		}
		order[i] = t
	}
	return order
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
