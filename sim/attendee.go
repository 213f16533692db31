package sim

import (
	"fmt"
	"math"
)

// Background is an attendee's sector.
type Background uint8

// The backgrounds of the SOCML crowd.
const (
	Industry Background = iota
	Academia
	Startup
	Student
	NumBackgrounds = 4
)

var backgroundNames = [NumBackgrounds]string{"industry", "academia", "startup", "student"}

// String returns the background's config name, e.g. "academia".
func (b Background) String() string {
	if int(b) < len(backgroundNames) {
		return backgroundNames[b]
	}
	return fmt.Sprintf("Background(%d)", b)
}

// ParseBackground returns the background named s.
func ParseBackground(s string) (Background, error) {
	for i, n := range backgroundNames {
		if n == s {
			return Background(i), nil
		}
	}
	return 0, fmt.Errorf("sim: unknown background %q (want one of %v)", s, backgroundNames)
}

// Seniority is how far along in the field an attendee is.
type Seniority uint8

// Seniority levels, from leaders of the field to newcomers.
const (
	Leader Seniority = iota
	Senior
	Mid
	Newcomer
	NumSeniorities = 4
)

var seniorityNames = [NumSeniorities]string{"leader", "senior", "mid", "newcomer"}

// String returns the seniority's config name, e.g. "newcomer".
func (s Seniority) String() string {
	if int(s) < len(seniorityNames) {
		return seniorityNames[s]
	}
	return fmt.Sprintf("Seniority(%d)", s)
}

// ParseSeniority returns the seniority named s.
func ParseSeniority(s string) (Seniority, error) {
	for i, n := range seniorityNames {
		if n == s {
			return Seniority(i), nil
		}
	}
	return 0, fmt.Errorf("sim: unknown seniority %q (want one of %v)", s, seniorityNames)
}

// JetlagGroup classifies attendees by the direction they travelled.
type JetlagGroup uint8

// Jet-lag groups. West means the attendee flew west (the venue clock is
// behind their home clock), like the Norwegian visitor in California.
const (
	NoJetlag JetlagGroup = iota
	West
	East
	NumJetlagGroups = 3
)

var groupNames = [NumJetlagGroups]string{"none", "west", "east"}

// String returns the group's report name: "none", "west" or "east".
func (g JetlagGroup) String() string {
	if int(g) < len(groupNames) {
		return groupNames[g]
	}
	return fmt.Sprintf("JetlagGroup(%d)", g)
}

// Attendee is one person at the event. Index fields (Affiliation, topics in
// Interests) refer to the population and the event's topic list.
type Attendee struct {
	// ID is the attendee's index in the population (0..n-1).
	ID int
	// Name is optional; imported attendees keep theirs.
	Name       string
	Background Background
	Seniority  Seniority
	// Interests holds one weight per topic, non-negative and summing to 1.
	Interests []float64
	// MaxInterest is the largest entry of Interests, cached because
	// interest match divides by it.
	MaxInterest float64
	// HomeOffset is the home time zone as hours from UTC.
	HomeOffset float64
	// Jetlag is venue offset minus home offset, wrapped to [-12, 12) hours:
	// negative when the attendee flew west.
	Jetlag float64
	// Affiliation indexes the attendee's organisation; colleagues share one
	// and count as social ties.
	Affiliation int
	// Sociability in [0, 1] scales the pull of ties in session choice.
	Sociability float64
	// Propensity scales the chance of proposing a session (mean about 1).
	Propensity float64
	// Star marks a famous attendee who pulls crowds.
	Star bool
	// Days is a bit set of the event days the attendee is on site; 0 means
	// every day.
	Days uint64
}

// Group returns the attendee's jet-lag group: West or East when the time
// difference is at least threshold hours (and not zero: with threshold 0,
// every traveller counts and locals stay NoJetlag).
func (a *Attendee) Group(threshold float64) JetlagGroup {
	switch {
	case a.Jetlag < 0 && a.Jetlag <= -threshold:
		return West
	case a.Jetlag > 0 && a.Jetlag >= threshold:
		return East
	}
	return NoJetlag
}

// OnSite reports whether the attendee is at the event on day d (0-based).
func (a *Attendee) OnSite(d int) bool {
	return a.Days == 0 || a.Days&(1<<uint(d)) != 0
}

// Match returns how well a session on topics main and second (second < 0
// for none) fits the attendee, in [0, 1]: the interest in the better of the
// two topics relative to the attendee's favourite topic,
//
//	match = max(I[main], I[second]) / max_t I[t]
//
// and 0 when the attendee has no interest at all. It panics when a topic
// index is out of range of Interests (programmer error).
func (a *Attendee) Match(main, second int) float64 {
	if a.MaxInterest <= 0 {
		return 0
	}
	v := a.Interests[main]
	if second >= 0 && a.Interests[second] > v {
		v = a.Interests[second]
	}
	return v / a.MaxInterest
}

// InterestOrder returns the topic indices 0..len(Interests)−1 by
// decreasing interest, ties in topic order, reusing order's storage.
func (a *Attendee) InterestOrder(order []int) []int {
	// By insertion (stable: an entry passes only strictly smaller ones),
	// with no comparison function to call: a few topics per attendee, and
	// Propose orders every attendee's.
	in := a.Interests
	order = order[:0]
	for t := range in {
		order = append(order, t)
		v := in[t]
		i := len(order) - 1
		for i > 0 && in[order[i-1]] < v {
			order[i] = order[i-1]
			i--
		}
		order[i] = t
	}
	return order
}

// WrapOffset wraps an hour difference into [-12, 12): −16 h becomes +8 h.
// It returns NaN for NaN or infinite h.
func WrapOffset(h float64) float64 {
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return math.NaN()
	}
	if h >= -12 && h < 12 {
		return h
	}
	w := math.Mod(h+12, 24)
	if w < 0 {
		w += 24
	}
	if w >= 24 { // rounding of a tiny negative w
		w = 0
	}
	return w - 12
}
