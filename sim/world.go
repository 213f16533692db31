package sim

import (
	"math"
	"math/bits"
	"slices"
	"sync"

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
// slice each call); calls may run concurrently. Its first calls build
// tables from the world's jet lags and hands (every hand's count, each
// proposal's voters): the world must not change while the Input is in
// use. A World without Config uses zero settings (Presence 0: everyone on
// site is present).
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
	r := &recounter{w: w, key: rng.Key(w.Seed, "recount")}
	if w.Config != nil {
		in.Alertness = w.Config.Alertness
		in.Choice = w.Config.Choice
		in.Quality = w.Config.Quality
		r.presence = w.Config.Votes.Presence
	}
	r.alert = in.Alertness // a copy: policies cannot change what Recount uses
	for i := range w.Attendees {
		a := &w.Attendees[i]
		in.Home[i], in.Jetlag[i], in.OnSite[i] = a.HomeOffset, a.Jetlag, a.Days
	}
	in.Recount = r.recount
	return in
}

// recounter is an Input's Recount.
type recounter struct {
	w        *World
	key      uint64
	alert    AlertnessConfig
	presence float64
	// Worked out at the first Recount that needs them (most policies
	// never ask): the attendees' distinct jet lags and each one's among
	// them; every hand's count.
	lagsOnce, allOnce, bitsOnce sync.Once
	lags                        []float64
	lagOf                       []int32
	all                         []int
	// voters[k*P+p] is word k of the bit set of proposal p's voters (bit
	// i%64 of word i/64 for attendee i), for P proposals; nil if some
	// attendee raised two hands for one proposal (a bit counts them once).
	voters []uint64
}

// voterBits sets r.voters from each attendee's hands.
func (r *recounter) voterBits() {
	w := r.w
	nP := len(w.Proposals)
	voters := make([]uint64, (len(w.Attendees)+63)/64*nP)
	hands := 0
	for i := range w.Attendees {
		bit, vs := uint64(1)<<(i%64), voters[i/64*nP:(i/64+1)*nP]
		for _, q := range w.Votes.ByAttendee[i] {
			vs[q] |= bit
		}
		hands += len(w.Votes.ByAttendee[i])
	}
	set := 0
	for _, v := range voters {
		set += bits.OnesCount64(v)
	}
	if set == hands { // no hand twice
		r.voters = voters
	}
}

// indexLags sets r.lags and r.lagOf. Attendees share a handful of jet
// lags (one per origin): recount evaluates the alertness curve once per
// distinct jet lag. A few are found by a scan, more through a map (the
// same equality: == on float64).
func (r *recounter) indexLags() {
	w := r.w
	var lagIndex map[float64]int32
	r.lagOf = make([]int32, len(w.Attendees))
	for i := range w.Attendees {
		lag := w.Attendees[i].Jetlag
		k, ok := int32(-1), false
		if lagIndex != nil {
			k, ok = lagIndex[lag]
		} else if k = int32(slices.Index(r.lags, lag)); k >= 0 {
			ok = true
		}
		if !ok {
			k = int32(len(r.lags))
			r.lags = append(r.lags, lag)
			if lagIndex != nil {
				lagIndex[lag] = k
			} else if len(r.lags) > 16 {
				lagIndex = make(map[float64]int32, 2*len(r.lags))
				for j, l := range r.lags {
					if _, dup := lagIndex[l]; !dup { // NaNs: no key finds them
						lagIndex[l] = int32(j)
					}
				}
			}
		}
		r.lagOf[i] = k
	}
}

// recount is Recount(s).
func (r *recounter) recount(s int) []int {
	w := r.w
	r.lagsOnce.Do(r.indexLags)
	sl := w.Event.Slots[s]
	var presentBuf [16]float64 // no allocation for up to 16 jet lags
	present := presentBuf[:]
	if len(r.lags) > len(presentBuf) {
		present = make([]float64, len(r.lags))
	}
	for k, lag := range r.lags {
		present[k] = 1
		if r.presence != 0 {
			present[k] = math.Pow(r.alert.Alertness(lag, sl.Day, sl.Hour(), 0), r.presence)
		}
	}
	// Who is in the room (bit i of here: rng.Uniform(key, i, s, 0), the
	// parts of slot s hashed once)? The counts are then, whichever costs
	// least, the hands of those present, all hands less those of the
	// absent, or popcounts of each proposal's voters in the room: the
	// same numbers.
	var small [8]uint64 // no allocation up to 512 attendees
	words := (len(w.Attendees) + 63) / 64
	here := small[:min(words, len(small))]
	if words > len(small) {
		here = make([]uint64, words)
	}
	mixS, mix0 := rng.MixB(s), rng.MixC(0)
	handsIn, handsOut := 0, 0
	for i := range w.Attendees {
		h := len(w.Votes.ByAttendee[i])
		if w.Attendees[i].OnSite(sl.Day) && rng.UniformOf(rng.KeyA(r.key, i), mixS, mix0) < present[r.lagOf[i]] {
			here[i/64] |= 1 << (i % 64)
			handsIn += h
		} else {
			handsOut += h
		}
	}
	counts := make([]int, len(w.Proposals))
	if len(w.Proposals)*words < min(handsIn, handsOut) { // a popcount per word, as dear as a hand
		r.bitsOnce.Do(r.voterBits)
		if r.voters != nil {
			nP := len(counts)
			for k, in := range here {
				vs := r.voters[k*nP : (k+1)*nP]
				vs = vs[:len(counts)]
				for p, v := range vs {
					counts[p] += bits.OnesCount64(v & in)
				}
			}
			return counts
		}
	}
	if handsIn <= handsOut {
		for i := range w.Attendees {
			if here[i/64]&(1<<(i%64)) != 0 {
				countHands(counts, w.Votes.ByAttendee[i], 1)
			}
		}
		return counts
	}
	r.allOnce.Do(func() {
		r.all = make([]int, len(w.Proposals))
		for i := range w.Attendees {
			countHands(r.all, w.Votes.ByAttendee[i], 1)
		}
	})
	copy(counts, r.all)
	for i := range w.Attendees {
		if here[i/64]&(1<<(i%64)) == 0 {
			countHands(counts, w.Votes.ByAttendee[i], -1)
		}
	}
	return counts
}

// countHands adds d to counts[q] for each hand q.
func countHands(counts []int, hands []int32, d int) {
	for _, q := range hands {
		counts[q] += d
	}
}
