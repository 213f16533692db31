package choice_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
)

// TestHopMatchesDefinition checks the law of two feet against its
// definition, hop after hop as the engine moves people: attendee i in
// session k moves to the first session j ≠ k with room of largest
// m_ij·q(n_j+1) when that beats m_ik·q(n_k) by more than the margin.
// Worlds with and without lasting tastes, margins from negative (everyone
// hops) to large, qualities with zeros, head counts up to full.
func TestHopMatchesDefinition(t *testing.T) {
	w, s, _ := benchWorld(t, defaultModel(t))
	r := rand.New(rand.NewPCG(13, 14))
	n, np := len(w.Attendees), len(w.Proposals)
	hops, stays := 0, 0
	for round := range 40 {
		w.Taste = nil
		if round%2 == 1 {
			// Each attendee's bound then rests on one proposal's taste.
			w.Taste = make([]float32, n*np)
			for x := range w.Taste {
				w.Taste[x] = float32(-0.5 * r.Float64())
			}
			for i := range n {
				w.Taste[i*np+r.IntN(np)] = float32(2 * r.Float64())
			}
		}
		cc := w.Config.Choice
		cc.TwoFeet = sim.TwoFeetConfig{Enabled: true, Margin: []float64{-1, 0, 0.05, 0.15, 0.5}[round%5]}
		c := choice.NewLogit(&cc).Start(w, nil)
		q := make([]float64, n+2)
		for x := range q {
			q[x] = math.Max(0, r.Float64()-0.1)
		}
		for si := range w.Event.Slots {
			var sess []sim.Running
			for _, x := range s.Sessions {
				if x.Slot == si {
					capacity := 1 + r.IntN(12)
					sess = append(sess, sim.Running{Proposal: x.Proposal, Capacity: capacity, N: 1 + r.IntN(capacity)})
				}
			}
			sc := &sim.Scene{Slot: si, Sessions: sess, Quality: q}
			for _, i := range r.Perm(n)[:n/2] {
				k := r.IntN(len(sess))
				if sess[k].N == 0 { // nobody there to hop
					continue
				}
				m := func(j int) float64 { return w.Match(i, sess[j].Proposal) }
				stay := m(k) * q[sess[k].N]
				bestV, bestJ := math.Inf(-1), -1
				for j := range sess {
					if v := m(j) * q[sess[j].N+1]; j != k && !sess[j].Full() && v > bestV {
						bestV, bestJ = v, j
					}
				}
				want := k
				if bestJ >= 0 && bestV-stay > cc.TwoFeet.Margin {
					want = bestJ
				}
				got := c.Hop(sc, &sim.Arrival{ID: i, Alertness: 1}, k)
				if got != want {
					t.Fatalf("round %d, slot %d, attendee %d in %d of %+v: Hop %d, want %d", round, si, i, k, sess, got, want)
				}
				if got == k {
					stays++
					continue
				}
				hops++
				sess[k].N--
				sess[got].N++
			}
		}
	}
	if hops < 1000 || stays < 1000 {
		t.Errorf("%d hops and %d stays: the test needs many of both", hops, stays)
	}
}
