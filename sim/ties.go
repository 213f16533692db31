package sim

import (
	"math"

	"github.com/unconf/unconf/sim/rng"
)

// groupMembers lists the members of the slot's K = len(memOff)−1 sessions
// base…base+K−1 by a counting sort of loc: on entry memOff[k+1] holds
// session k's head count; on return session k's members, ascending, are
// e.members[memOff[k]:memOff[k+1]].
func (e *Engine) groupMembers(memOff []int32, base int) {
	K := len(memOff) - 1
	for k := 1; k <= K; k++ {
		memOff[k] += memOff[k-1]
	}
	for i, g := range e.loc {
		if g >= 0 {
			k := int(g) - base
			e.members[memOff[k]] = int32(i)
			memOff[k]++
		}
	}
	for k := K; k > 0; k-- {
		memOff[k] = memOff[k-1]
	}
	memOff[0] = 0
}

// tieParts sets e.tieKeys[i] to rng.KeyA(rng.Key(w.Seed, "ties"), i) for
// every attendee i, the attendee's part of their skips' draws (ties),
// which ties would otherwise hash for every member in every slot. They
// depend on the seed and the number of attendees only: worked out once
// for all the policies run on a world.
func (e *Engine) tieParts(w *World) {
	na := len(w.Attendees)
	of := &e.tiesOf
	if of.ok && of.seed == w.Seed && len(e.tieKeys) == na {
		return
	}
	key := rng.Key(w.Seed, "ties")
	e.tieKeys = grow(e.tieKeys, na)
	for i := range na {
		e.tieKeys[i] = rng.KeyA(key, i)
	}
	of.ok, of.seed = true, w.Seed
}

// ties draws the new ties among the members of one session (ascending IDs),
// records them in e.tied and e.crossTies and returns how many formed. The
// members' matches with the session are in e.match, their parts of the
// draws in e.tieKeys (tieParts).
//
// Every pair of the m members who share the interest is tied with
// probability p, independently, unless they are colleagues or tied
// already. Rather than one draw per pair, each such member i (a row) skips
// to their next partner among the later ones: the number of pairs passed
// over before the next tie is geometric, P(skip ≥ s) = (1 − p)^s, drawn as
//
//	skip = ⌊ln u / ln(1 − p)⌋,  u = rng.UniformCross(rng.Key(seed, "ties"), i, slot, t)
//
// for the row's t-th draw (t = 0, 1, …), until a skip passes the last
// member: the same distribution as a draw per pair, for about one draw
// per row (the row's ties plus one) instead of one per pair. The draws
// are keyed by the member, the slot and their rank in the row, so the
// ties are a pure function of the world, the session's members and the
// slot.
func (e *Engine) ties(w *World, rec *SessionRecord, members []int32, slot int) int {
	n := len(members)
	if n < 2 {
		return 0
	}
	tc := &w.Config.Ties
	p := math.Min(1, tc.Rate/math.Pow(float64(n-1), tc.SizeExponent))
	if !(p > 0) {
		return 0
	}
	in := e.interest[:0]
	for _, i := range members {
		if e.match[i] >= tc.Interest {
			in = append(in, i)
		}
	}
	// With p = 1 every skip is 0 and takes no draw; ln(1 − p) is −Inf.
	lnq := math.Log1p(-p)
	formed := 0
	for x, i := range in {
		keyA := e.tieKeys[i]
		later := in[x+1:]
		for y, t := 0, 0; ; y, t = y+1, t+1 {
			if p < 1 {
				u := rng.UniformFromBits(rng.CrossBits(keyA, rng.MixBC(slot, t)))
				// A skip past the last member ends the row (and keeps
				// a huge one, of a tiny p, out of the conversion).
				s := math.Log(u) / lnq
				if !(s < float64(len(later)-y)) {
					break
				}
				y += int(s)
			}
			if y >= len(later) {
				break
			}
			j := later[y]
			if f := e.aff[i]; f >= 0 && f == e.aff[j] {
				continue // colleagues
			}
			k := uint64(i)<<32 | uint64(j)
			if _, ok := e.tied[k]; ok {
				continue
			}
			e.tied[k] = struct{}{}
			formed++
			if w.Attendees[i].Background != w.Attendees[j].Background {
				e.crossTies++
			}
		}
	}
	return formed
}
