package sim

import "github.com/unconf/unconf/sim/rng"

// LogitFloor is the arithmetic of Evaluate's choices and nothing else, for
// the floor benchmark: for every slot, every attendee on site who
// moderates nothing there, and every option (the slot's sessions, the
// hallway), the utility and its Gumbel noise set through the engine's own
// code (logit.options: Attendee.Match, ChoiceConfig.Utility, the draw's
// parts hashed once; no star, colleagues or crowding; OutsideUtility at
// rested alertness), and the best option (logit.best). It keeps no arrival
// order, head counts, capacities or records: a lower bound for a
// simulation that draws every choice.
type LogitFloor struct {
	w     *World
	slots []floorSlot
	norm  []float64
	lg    logit
	match []float64
	// Choices is the number of attendee × option evaluations per Run.
	Choices int
}

type floorSlot struct {
	arrivals []int32
	sess     []slotSession
	outside  []float64 // by attendee: hallway utility in the slot
}

// NewLogitFloor prepares the floor of evaluating s on w.
func NewLogitFloor(w *World, s *Schedule) *LogitFloor {
	nt := len(w.Event.Topics)
	f := &LogitFloor{w: w, slots: make([]floorSlot, len(w.Event.Slots)), norm: make([]float64, len(w.Attendees)*nt)}
	normInterests(f.norm, w.Attendees, nt)
	moderates := make(map[[2]int]bool)
	for _, x := range s.Sessions {
		p := &w.Proposals[x.Proposal]
		second := p.Topic
		if p.Second >= 0 {
			second = p.Second
		}
		f.slots[x.Slot].sess = append(f.slots[x.Slot].sess, slotSession{topic: p.Topic, second: second, mix: rng.MixB(p.ID)})
		moderates[[2]int{x.Slot, p.Proposer}] = true
	}
	ch := &w.Config.Choice
	for si := range f.slots {
		fs := &f.slots[si]
		sl := &w.Event.Slots[si]
		fs.outside = make([]float64, len(w.Attendees))
		for i := range w.Attendees {
			a := &w.Attendees[i]
			fs.outside[i] = ch.OutsideUtility(w.Config.Alertness.Alertness(a.Jetlag, sl.Day, sl.Hour(), 0))
			if a.OnSite(sl.Day) && !moderates[[2]int{si, i}] {
				fs.arrivals = append(fs.arrivals, int32(i))
			}
		}
		f.Choices += len(fs.arrivals) * (len(fs.sess) + 1)
		f.match = make([]float64, max(len(f.match), len(fs.sess)))
	}
	return f
}

// Run makes every choice once and returns the sum of the chosen options'
// indices (so that nothing is optimised away).
func (f *LogitFloor) Run() int {
	ch := &f.w.Config.Choice
	key := rng.Key(f.w.Seed, "choice")
	nt := len(f.w.Event.Topics)
	sum := 0
	hallMix := rng.MixB(-1)
	for si := range f.slots {
		fs := &f.slots[si]
		K := len(fs.sess)
		f.lg.size(K+1, ch.Noise)
		slotMix := rng.MixC(si)
		for _, i := range fs.arrivals {
			c := chooser{norm: f.norm[int(i)*nt : int(i)*nt+nt], sociability: f.w.Attendees[i].Sociability, keyA: rng.KeyA(key, int(i))}
			f.lg.options(ch, &c, fs.sess, f.match, slotMix)
			f.lg.set(K, fs.outside[i], rng.UniformOf(c.keyA, hallMix, slotMix))
			sum += f.lg.best()
		}
	}
	return sum
}
