package agents

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

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
	pairs       pairTitles
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
	pairs := &pr.pairs
	pairs.reset(topics)
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
			if pairs.fast {
				p.Title = pr.pairTitle(topics, main, p.Second)
			} else {
				pr.makeTitle(topics, main, p.Second)
				p.Title = pr.uniqueTitle()
			}
			props = append(props, p)
		}
	}
	pr.props, pr.order, pr.top, pr.avail = props, order, top, avail
	return props
}

// makeTitle sets pr.title to the title of a proposal on topics main and
// second (−1 for none): "main" or "main / second".
func (pr *proposer) makeTitle(topics []sim.TopicConfig, main, second int) {
	pr.title = append(pr.title[:0], topics[main].Name...)
	if second >= 0 {
		pr.title = append(append(pr.title, " / "...), topics[second].Name...)
	}
}

// pairTitles is uniqueTitle for topic names that make every title
// unique by its topics and its rank among theirs: names distinct and
// free of '/' and ')' (so that "main" and "main / second" differ for
// different topics, and no title is another's with a suffix " (n)").
// The n-th proposal (from 0) on topics (main, second) is then titled
// with the n-th title of that pair, made once and kept: the title, then
// the title with " (2)", " (3)", … as uniqueTitle gives them, with no
// title looked up.
type pairTitles struct {
	fast   bool
	names  []string   // the topics' names they are made for
	titles [][]string // per pair (main·(#topics+1) + second+1), its titles so far
	seen   []int32    // per pair, its proposals in this call
}

// maxPairTopics bounds the topics of pairTitles' table of pairs.
const maxPairTopics = 64

// reset readies pt for a call on topics: the same names keep the titles
// made.
func (pt *pairTitles) reset(topics []sim.TopicConfig) {
	same := len(topics) == len(pt.names)
	for i := 0; same && i < len(topics); i++ {
		same = topics[i].Name == pt.names[i]
	}
	if !same {
		pt.names = pt.names[:0]
		distinct := make(map[string]bool, len(topics))
		pt.fast = len(topics) <= maxPairTopics
		for _, t := range topics {
			pt.names = append(pt.names, t.Name)
			pt.fast = pt.fast && !distinct[t.Name] && !strings.ContainsAny(t.Name, "/)")
			distinct[t.Name] = true
		}
		pt.titles = pt.titles[:0]
		if pt.fast {
			pt.titles = grow(pt.titles, len(topics)*(len(topics)+1))
			clear(pt.titles)
		}
	}
	pt.seen = grow(pt.seen, len(pt.titles))
	clear(pt.seen)
}

// pairTitle returns the title of the next proposal on topics main and
// second (−1 for none), when pr.pairs.fast.
func (pr *proposer) pairTitle(topics []sim.TopicConfig, main, second int) string {
	pt := &pr.pairs
	pair := main*(len(topics)+1) + second + 1
	n := int(pt.seen[pair])
	pt.seen[pair]++
	for len(pt.titles[pair]) <= n {
		pr.makeTitle(topics, main, second)
		if k := len(pt.titles[pair]); k > 0 {
			pr.title = append(strconv.AppendInt(append(pr.title, " ("...), int64(k+1), 10), ')')
		}
		pt.titles[pair] = append(pt.titles[pair], pr.intern(pr.title))
	}
	return pt.titles[pair][n]
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
