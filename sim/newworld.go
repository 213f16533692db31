package sim

import (
	"fmt"
	"math"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim/rng"
)

// NewWorld draws replicate seed's world from the model config: the event,
// the attendees (stream "population"), their proposals (stream
// "proposals"), their lasting tastes for proposals (NewTaste) and the show
// of hands (stream "votes"). Each stream is keyed
// by (seed, purpose) with rng.New, so the same seed gives the same world,
// and a change in one process (say the vote noise) leaves the draws of the
// others unchanged. c must stay unchanged while the World is in use. It
// returns c.Validate's error, wrapped, for an invalid config.
func NewWorld(c *Config, seed uint64) (*World, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	ev, err := newEvent(&c.Event, c.Alertness.ResetMinutes) // validated with c
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	popularity := make([]float64, len(ev.Topics))
	for i, t := range ev.Topics {
		popularity[i] = t.Popularity
	}
	people, err := agents.Generate(&c.Attendees, popularity, ev.VenueOffset, rng.New(seed, "population"))
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	w := &World{Config: c, Event: ev, Attendees: people, Seed: seed}
	w.Proposals = Propose(&c.Proposals, people, ev.Topics, rng.New(seed, "proposals"))
	w.Taste = NewTaste(&c.Votes, len(people), len(w.Proposals), seed)
	w.Votes = Vote(&c.Votes, people, w.Proposals, w.Taste, rng.New(seed, "votes"))
	return w, nil
}

// NewTaste draws the lasting tastes of n attendees for p proposals,
// attendee-major: taste_ap = Noise·√Taste·rng.Normal(rng.Key(seed,
// "taste"), a, p, 0), counter-based so that a taste does not depend on
// which other draws a world makes. It returns nil when c.Taste or c.Noise
// is 0 (no lasting taste).
func NewTaste(c *VotesConfig, n, p int, seed uint64) []float32 {
	if c.Taste == 0 || c.Noise == 0 {
		return nil
	}
	sd := c.Noise * math.Sqrt(c.Taste)
	key := rng.Key(seed, "taste")
	t := make([]float32, n*p)
	for a := range n {
		for j := range p {
			t[a*p+j] = float32(sd * rng.Normal(key, a, j, 0))
		}
	}
	return t
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
	in := &Input{
		Event:     w.Event,
		Proposals: w.Proposals,
		Hands:     &w.Votes,
		Home:      make([]float64, len(w.Attendees)),
		Jetlag:    make([]float64, len(w.Attendees)),
		OnSite:    make([]uint64, len(w.Attendees)),
	}
	presence := 0.0
	if w.Config != nil {
		in.Alertness = w.Config.Alertness
		in.Choice = w.Config.Choice
		in.Quality = w.Config.Quality
		presence = w.Config.Votes.Presence
	}
	// Attendees share a handful of jet lags (one per origin): Recount
	// evaluates the alertness curve once per distinct jet lag.
	var lags []float64
	lagIndex := make(map[float64]int)
	lagOf := make([]int, len(w.Attendees))
	for i := range w.Attendees {
		a := &w.Attendees[i]
		in.Home[i], in.Jetlag[i], in.OnSite[i] = a.HomeOffset, a.Jetlag, a.Days
		k, ok := lagIndex[a.Jetlag]
		if !ok {
			k = len(lags)
			lagIndex[a.Jetlag] = k
			lags = append(lags, a.Jetlag)
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
