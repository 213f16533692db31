package choice

import (
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// LogitFloor is the arithmetic of the choices of an Evaluate under New(c)
// and nothing else, for the floor benchmark: for every slot, every
// attendee on site who moderates nothing there, and every option (the
// slot's sessions, the hallway), the utility and its Gumbel noise set
// through the logit's own code (options: World.Match, Logit.Utility, the
// draw's parts hashed once; no star, colleagues or crowding; the hallway
// at rested alertness, as Alert adds it), and the best option. It keeps no
// arrival order, head counts, capacities or records: a lower bound for a
// simulation that draws every choice.
type LogitFloor struct {
	r     *logitRun
	slots []floorSlot
	// Choices is the number of attendee × option evaluations per Run.
	Choices int
}

type floorSlot struct {
	arrivals []int32
	sess     []sim.Running
	hallway  []float64 // by attendee: Alert's addition to the hallway
}

// NewLogitFloor prepares the floor of evaluating s on w.
func NewLogitFloor(w *sim.World, s *sim.Schedule) *LogitFloor {
	c := &w.Config.Choice
	f := &LogitFloor{r: NewLogit(c).Start(w, nil).(*logitRun), slots: make([]floorSlot, len(w.Event.Slots))}
	moderates := make(map[[2]int]bool)
	for _, x := range s.Sessions {
		fs := &f.slots[x.Slot]
		fs.sess = append(fs.sess, sim.Running{Proposal: x.Proposal, Capacity: len(w.Attendees) + 1})
		moderates[[2]int{x.Slot, w.Proposals[x.Proposal].Proposer}] = true
	}
	for si := range f.slots {
		fs := &f.slots[si]
		sl := &w.Event.Slots[si]
		fs.hallway = make([]float64, len(w.Attendees))
		for i := range w.Attendees {
			a := &w.Attendees[i]
			fs.hallway[i] = c.OutsideFatigue * (1 - w.Config.Alertness.Alertness(a.Jetlag, sl.Day, sl.Hour(), 0))
			if a.OnSite(sl.Day) && !moderates[[2]int{si, i}] {
				fs.arrivals = append(fs.arrivals, int32(i))
			}
		}
		f.Choices += len(fs.arrivals) * (len(fs.sess) + 1)
	}
	return f
}

// Run makes every choice once and returns the sum of the chosen options'
// indices (so that nothing is optimised away).
func (f *LogitFloor) Run() int {
	r := f.r
	m := &r.max
	sum := 0
	var a sim.Arrival
	for si := range f.slots {
		fs := &f.slots[si]
		r.enter(&sim.Scene{Slot: si, Sessions: fs.sess})
		for _, i := range fs.arrivals {
			a.ID = int(i)
			keyA := r.keyA[a.ID]
			n := r.options(fs.sess, &a, keyA)
			m.set(n, r.l.Outside+fs.hallway[i], rng.CrossBits(keyA, r.hallMix))
			sum += m.best(n + 1)
		}
	}
	return sum
}

// Matches returns the matches Hop uses for attendee i in scene sc, from a
// Choices of NewLogit's.
func Matches(c sim.Choices, sc *sim.Scene, i int) []float64 {
	return c.(*logitRun).matches(sc.Sessions, i)
}
