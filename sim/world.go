package sim

import (
	"math"
	"slices"

	"github.com/unconf/unconf/sim/rng"
)

// World is one replicate before any scheduling: the event, its attendees,
// their proposals and hands. Every policy of the replicate runs on the same
// World. A World may come from agents.NewWorld (all drawn from the config) or be
// assembled from an organiser's own data.
type World struct {
	Config    *Config
	Event     *Event
	Attendees []Attendee
	Proposals []Proposal
	Votes     Votes
	// Taste holds each attendee's lasting taste for each proposal,
	// attendee-major (Taste[a·len(Proposals)+p]), added to the topic match
	// (see Match); nil for none.
	Taste []float32
	// Chooser is how the attendees choose at the event (see Chooser):
	// choice.New of Config.Choice for worlds drawn by agents.
	Chooser Chooser
	// Baseline is the reference of quality_vs_random: policy.Baseline of
	// the finished world, for worlds built by agents or plan; the zero
	// Baseline makes the metric NaN.
	Baseline Baseline
	// Seed is the replicate seed; every random stream of the replicate is
	// derived from it and a purpose ("policy", "choice", "recount", …).
	Seed uint64
}

// Match returns attendee a's interest in proposal p: the match of p's
// topics (Attendee.Match) plus a's lasting taste for p, at least 0.
// It is the match the engine uses for choice, satisfaction, hops and ties.
func (w *World) Match(a, p int) float64 {
	pr := &w.Proposals[p]
	m := w.Attendees[a].Match(pr.Topic, pr.Second)
	if w.Taste != nil {
		m = max(0, m+float64(w.Taste[a*len(w.Proposals)+p]))
	}
	return m
}

// Input returns the organiser's view of the world, what a policy may see:
// the event, the proposals, the hands (shared with w: policies must not
// modify them), each attendee's home offset, jet lag and days on site, and
// the alertness, choice and quality settings. Never true interests.
//
// Its Recount(s) is a fresh show of hands just before slot s: each attendee
// on site that day is in the room with probability
//
//	alertness(jetlag, day, slot hour, fatigue 0) ^ Votes.Presence
//
// drawn counter-based from rng.Uniform(rng.Key(w.Seed, "recount"), attendee,
// s, 0), so the same people are in the room whichever policy asks and
// whenever. It returns, per proposal, the hands of those present (a fresh
// slice each call). A World without Config uses zero settings (Presence 0:
// everyone on site is present).
func (w *World) Input() *Input {
	n := len(w.Attendees)
	homeLag := make([]float64, 2*n) // one allocation for both
	in := &Input{
		Event:     w.Event,
		Proposals: w.Proposals,
		Hands:     &w.Votes,
		Home:      homeLag[:n:n],
		Jetlag:    homeLag[n:],
		OnSite:    make([]uint64, n),
	}
	presence := 0.0
	if w.Config != nil {
		in.Alertness = w.Config.Alertness
		in.Choice = w.Config.Choice
		in.Quality = w.Config.Quality
		presence = w.Config.Votes.Presence
	}
	// Attendees share a handful of jet lags (one per origin): Recount
	// evaluates the alertness curve once per distinct jet lag. A few are
	// found by a scan, more through a map (the same equality: == on
	// float64).
	var (
		lags     []float64
		lagIndex map[float64]int32
	)
	lagOf := make([]int32, n)
	for i := range w.Attendees {
		a := &w.Attendees[i]
		in.Home[i], in.Jetlag[i], in.OnSite[i] = a.HomeOffset, a.Jetlag, a.Days
		k, ok := int32(-1), false
		if lagIndex != nil {
			k, ok = lagIndex[a.Jetlag]
		} else if k = int32(slices.Index(lags, a.Jetlag)); k >= 0 {
			ok = true
		}
		if !ok {
			k = int32(len(lags))
			lags = append(lags, a.Jetlag)
			if lagIndex != nil {
				lagIndex[a.Jetlag] = k
			} else if len(lags) > 16 {
				lagIndex = make(map[float64]int32, 2*len(lags))
				for j, l := range lags {
					if _, dup := lagIndex[l]; !dup { // NaNs: no key finds them
						lagIndex[l] = int32(j)
					}
				}
			}
		}
		lagOf[i] = k
	}
	key := rng.Key(w.Seed, "recount")
	alert := in.Alertness // a copy: policies cannot change what Recount uses
	in.Recount = func(s int) []int {
		counts := make([]int, len(w.Proposals))
		sl := w.Event.Slots[s]
		present := make([]float64, len(lags))
		for k, lag := range lags {
			present[k] = 1
			if presence != 0 {
				present[k] = math.Pow(alert.Alertness(lag, sl.Day, sl.Hour(), 0), presence)
			}
		}
		for i := range w.Attendees {
			if !w.Attendees[i].OnSite(sl.Day) || rng.Uniform(key, i, s, 0) >= present[lagOf[i]] {
				continue
			}
			for _, q := range w.Votes.ByAttendee[i] {
				counts[q]++
			}
		}
		return counts
	}
	return in
}
