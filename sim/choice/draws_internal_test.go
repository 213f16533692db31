package choice

import (
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
	"github.com/unconf/unconf/sim/simtest"
)

// TestDrawsPaired checks that an attendee's noise draw for a proposal in
// a slot is the same whatever else runs then and in whichever room
// (the comparisons of policies stay paired), that it is the cross draw
// rng.UniformCross(rng.Key(seed, "choice"), attendee, proposal, slot),
// the hallway's that of proposal −1, and that another slot or seed draws
// anew.
func TestDrawsPaired(t *testing.T) {
	c := simtest.Choice()
	scenes := [][]int{{0, 1, 2, 3}, {5, 2, 7, 0, 4}} // two schedules of a slot
	draws := func(w *sim.World, slot int) map[[2]int]uint64 {
		r := NewLogit(&c).Start(w, nil).(*logitRun)
		var got [2]map[[2]int]uint64 // by schedule: (attendee, proposal) → bits
		for x, props := range scenes {
			got[x] = map[[2]int]uint64{}
			sc := &sim.Scene{Slot: slot}
			for _, p := range props {
				sc.Sessions = append(sc.Sessions, sim.Running{Proposal: p, Capacity: 100})
			}
			r.enter(sc)
			for i := range w.Attendees {
				a := sim.Arrival{ID: i}
				if n := r.options(sc.Sessions, &a, r.keyA[i]); n != len(props) {
					t.Fatalf("%d options with room, want %d", n, len(props))
				}
				for k, p := range props {
					got[x][[2]int{i, p}] = r.max.opt[k].bits
				}
				got[x][[2]int{i, -1}] = rng.CrossBits(r.keyA[i], r.hallMix)
			}
		}
		paired := 0
		for key, b := range got[1] {
			if old, ok := got[0][key]; ok {
				paired++
				if old != b {
					t.Errorf("slot %d, attendee %d, proposal %d: draw %#x under one schedule, %#x under the other", slot, key[0], key[1], b, old)
				}
			}
		}
		if want := 3 * len(w.Attendees); paired != want { // proposals 0 and 2, the hallway
			t.Fatalf("%d draws under both schedules, want %d", paired, want)
		}
		choiceKey := rng.Key(w.Seed, "choice")
		for key, b := range got[1] {
			if u, want := rng.UniformFromBits(b), rng.UniformCross(choiceKey, key[0], key[1], slot); u != want {
				t.Fatalf("slot %d, attendee %d, proposal %d: draw %v, want UniformCross's %v", slot, key[0], key[1], u, want)
			}
		}
		return got[1]
	}
	w := simtest.ChooserWorld(false)
	s0, s1 := draws(w, 0), draws(w, 1)
	w.Seed++
	other := draws(w, 0)
	sameSlot, sameSeed := 0, 0
	for key, b := range s0 {
		if s1[key] == b {
			sameSlot++
		}
		if other[key] == b {
			sameSeed++
		}
	}
	if sameSlot > 0 || sameSeed > 0 {
		t.Errorf("of %d draws, %d the same in another slot and %d under another seed, want 0", len(s0), sameSlot, sameSeed)
	}
}
