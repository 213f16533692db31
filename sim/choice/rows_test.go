package choice_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
)

// TestMatchesRows checks the rows of matches the logit keeps in arrival
// order: after some attendees chose, in a random order, in slot after
// slot (two scenes per slot, as when the engine re-enters it), every
// attendee's matches are World.Match of the slot's sessions, whether
// they chose or not, asked for in another random order.
func TestMatchesRows(t *testing.T) {
	w, s, _ := benchWorld(t, defaultModel(t))
	cc := w.Config.Choice
	c := choice.NewLogit(&cc).Start(w, nil)
	r := rand.New(rand.NewPCG(7, 8))
	n := len(w.Attendees)
	for si := range w.Event.Slots {
		var sess []sim.Running
		for _, x := range s.Sessions {
			if x.Slot == si {
				sess = append(sess, sim.Running{Proposal: x.Proposal, Capacity: 1 + r.IntN(n)})
			}
		}
		for _, k := range []int{len(sess), len(sess) - 1} { // the second scene has one session fewer
			sc := &sim.Scene{Slot: si, Sessions: sess[:k]}
			for _, i := range r.Perm(n)[:n/2] {
				c.Choose(sc, &sim.Arrival{ID: i, Alertness: 1})
			}
			for _, i := range r.Perm(n) {
				want := make([]float64, k)
				for j := range want {
					want[j] = w.Match(i, sess[j].Proposal)
				}
				if got := choice.Matches(c, sc, i); !slices.Equal(got, want) {
					t.Fatalf("slot %d, %d sessions, attendee %d: matches %v, want %v", si, k, i, got, want)
				}
			}
		}
	}
}
