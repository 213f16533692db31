package policy

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/simtest"
)

// refSlot is evalSlot the plain way, for TestAnnealerIncremental: every
// attendee's P from their hands in the slot, recounted from the
// assignment, then each session's sums over its voters in order.
func refSlot(a *annealer, s int) float64 {
	k := make([]int32, a.nA)
	mod := make([]int32, a.nA)
	for _, j := range a.cell[s*a.nR : (s+1)*a.nR] {
		if j < 0 {
			continue
		}
		for _, v := range a.voters[a.voterOff[j]:a.voterOff[j+1]] {
			k[v]++
		}
		mod[a.proposer[j]]++
	}
	p := func(v uint32) (p, pa float64) {
		cls := a.vs[s*a.nA+int(v)].cls
		if cls < 0 || mod[v] > 0 || k[v] == 0 {
			return 0, 0
		}
		i := (int(cls)+1)*(a.nR+1) + int(k[v])
		return a.tp[i], a.tpa[i]
	}
	total := 0.0
	for r, j := range a.cell[s*a.nR : (s+1)*a.nR] {
		if j < 0 {
			continue
		}
		cls := a.vs[s*a.nA+int(a.proposer[j])].cls
		if cls < 0 {
			continue
		}
		sumP, sumPA := 0.0, 0.0
		for _, v := range a.voters[a.voterOff[j]:a.voterOff[j+1]] {
			p, pa := p(v)
			sumP += p
			sumPA += pa
		}
		n := 1 + sumP
		m := min(n, a.capacity[r])
		total += a.q(m) * (m / n) * (a.alert[cls] + sumPA)
	}
	return total
}

// TestAnnealerIncremental checks the annealer's bookkeeping (the table
// indices eff+k, swaps within a slot, evalSlot's sums two sessions at a
// time) against refSlot, bit for bit, after every one of many random moves
// and undos.
func TestAnnealerIncremental(t *testing.T) {
	for _, k := range []simtest.Kind{simtest.Default, simtest.Prolific} {
		in := simtest.Input(k)
		a := newAnnealer(in)
		a.greedy(roomsBySize(in.Event))
		r := rand.New(rand.NewPCG(1, uint64(k)))
		for i := range 3000 {
			p := int32(r.IntN(a.nP))
			to := int32(r.IntN(a.cells+1)) - 1
			from := a.at[p]
			if to == from {
				continue
			}
			q := int32(-1)
			if to >= 0 {
				q = a.cell[to]
			}
			a.move(p, q, from, to)
			if r.IntN(2) == 0 {
				a.undo(p, q, from, to)
			}
			for s := range a.nS {
				got, want := a.evalSlot(s), refSlot(a, s)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("kind %v, move %d, slot %d: evalSlot %v, reference %v", k, i, s, got, want)
				}
			}
		}
	}
}
