package sim

import (
	"math"

	"github.com/unconf/unconf/sim/rng"
)

// pairMember is what ties needs of an interested member: rng.MixB of their
// ID (e.tieMixes), and a group that two members share exactly when they are colleagues:
// their affiliation, or for a member without one a negative number of
// their own.
type pairMember struct {
	mix   uint64
	group int
}

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

// tieParts sets e.tieKeys[i] to rng.KeyA(rng.Key(w.Seed, "ties"), i) and
// e.tieMixes[i] to rng.MixB(i) for every attendee i, the parts of the pair
// draws that ties would otherwise hash for every member in every slot.
// They depend on the seed and the number of attendees only: worked out
// once for all the policies run on a world.
func (e *Engine) tieParts(w *World) {
	na := len(w.Attendees)
	of := &e.tiesOf
	if of.ok && of.seed == w.Seed && len(e.tieKeys) == na {
		return
	}
	key := rng.Key(w.Seed, "ties")
	e.tieKeys, e.tieMixes = grow(e.tieKeys, na), grow(e.tieMixes, na)
	for i := range na {
		e.tieKeys[i], e.tieMixes[i] = rng.KeyA(key, i), rng.MixB(i)
	}
	of.ok, of.seed = true, w.Seed
}

// ties draws the new ties among the members of one session (ascending IDs),
// records them in e.tied and e.crossTies and returns how many formed. The
// members' matches with the session are in e.match, the parts of their
// draws in e.tieKeys and e.tieMixes (tieParts).
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
	// Per member: the pair draw rng.Uniform(key, i, j, slot) in parts, and
	// the group. A draw is below p when its bits are below below.
	slotMix, below := rng.MixC(slot), rng.UniformBelow(p)
	pm := e.pairMember[:len(in)]
	for x, j := range in {
		g := e.aff[j]
		if g < 0 {
			g = -1 - x
		}
		pm[x] = pairMember{e.tieMixes[j], g}
	}
	formed := 0
	for x, i := range in {
		g := pm[x].group
		keyA := e.tieKeys[i]
		rest := pm[x+1:]
		for y := range rest {
			if o := &rest[y]; o.group == g || rng.UniformBits(keyA, o.mix, slotMix) >= below {
				continue
			}
			j := in[x+1+y]
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
