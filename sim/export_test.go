package sim

import "github.com/unconf/unconf/sim/rng"

// LogitFloor is the arithmetic of Evaluate's choices and nothing else, for
// the floor benchmark: for every slot, every attendee on site who
// moderates nothing there, and every option (the slot's sessions, the
// hallway), the utility (ChoiceConfig.Utility of Attendee.Match, with no
// star, colleagues or crowding; OutsideUtility at rested alertness) and its
// Gumbel noise, through the engine's own logit and counter-based draws
// (a draw's attendee, proposal and slot hashed once each), and the best
// option. It
// keeps no arrival order, head counts, capacities or records: a lower bound
// for a simulation that draws every choice.
type LogitFloor struct {
	w     *World
	slots []floorSlot
	lg    logit
	// Choices is the number of attendee × option evaluations per Run.
	Choices int
}

type floorSlot struct {
	arrivals []int32
	props    []*Proposal
	propMix  []uint64  // rng.MixB of each proposal's ID
	outside  []float64 // by attendee: hallway utility in the slot
}

// NewLogitFloor prepares the floor of evaluating s on w.
func NewLogitFloor(w *World, s *Schedule) *LogitFloor {
	f := &LogitFloor{w: w, slots: make([]floorSlot, len(w.Event.Slots))}
	moderates := make(map[[2]int]bool)
	for _, x := range s.Sessions {
		p := &w.Proposals[x.Proposal]
		f.slots[x.Slot].props = append(f.slots[x.Slot].props, p)
		f.slots[x.Slot].propMix = append(f.slots[x.Slot].propMix, rng.MixB(p.ID))
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
		f.Choices += len(fs.arrivals) * (len(fs.props) + 1)
	}
	return f
}

// Run makes every choice once and returns the sum of the chosen options'
// indices (so that nothing is optimised away).
func (f *LogitFloor) Run() int {
	ch := &f.w.Config.Choice
	key := rng.Key(f.w.Seed, "choice")
	sum := 0
	hallMix := rng.MixB(-1)
	for si := range f.slots {
		fs := &f.slots[si]
		K := len(fs.props)
		f.lg.size(K+1, ch.Noise)
		slotMix := rng.MixC(si)
		for _, i := range fs.arrivals {
			a := &f.w.Attendees[i]
			keyA := rng.KeyA(key, int(i))
			for k, p := range fs.props {
				f.lg.set(k, ch.Utility(a.Match(p.Topic, p.Second), false, a.Sociability, 0, 0), rng.UniformOf(keyA, fs.propMix[k], slotMix))
			}
			f.lg.set(K, fs.outside[i], rng.UniformOf(keyA, hallMix, slotMix))
			sum += f.lg.best()
		}
	}
	return sum
}
