package sim

import "fmt"

// Check reports the first broken hard constraint: a session outside the
// event's slots or rooms, an unknown or repeated proposal, two sessions in one
// room at once, or a proposer moderating two sessions in one slot.
func (s *Schedule) Check(ev *Event, props []Proposal) error {
	var c scheduleCheck
	return c.check(s, ev, props)
}

// scheduleCheck is Schedule.Check with its tables kept from one check to
// the next (the Engine's, so that a run does not allocate them).
type scheduleCheck struct {
	used       []bool
	cell       []int
	moderating map[[2]int]int // (slot, proposer) -> proposal
}

// check is s.Check(ev, props) in c's tables.
func (c *scheduleCheck) check(s *Schedule, ev *Event, props []Proposal) error {
	nr := len(ev.Rooms)
	used := grow(c.used, len(props))
	clear(used)
	cell := grow(c.cell, len(ev.Slots)*nr)
	for i := range cell {
		cell[i] = -1
	}
	if c.moderating == nil {
		c.moderating = make(map[[2]int]int)
	}
	moderating := c.moderating
	clear(moderating)
	c.used, c.cell = used, cell
	for i, x := range s.Sessions {
		if x.Slot < 0 || x.Slot >= len(ev.Slots) {
			return fmt.Errorf("sim: session %d: slot %d outside 0..%d", i, x.Slot, len(ev.Slots)-1)
		}
		if x.Room < 0 || x.Room >= nr {
			return fmt.Errorf("sim: session %d: room %d outside 0..%d", i, x.Room, nr-1)
		}
		if x.Proposal < 0 || x.Proposal >= len(props) {
			return fmt.Errorf("sim: session %d: unknown proposal %d", i, x.Proposal)
		}
		if used[x.Proposal] {
			return fmt.Errorf("sim: proposal %d (%q) scheduled twice", x.Proposal, props[x.Proposal].Title)
		}
		used[x.Proposal] = true
		c := x.Slot*nr + x.Room
		if cell[c] >= 0 {
			return fmt.Errorf("sim: %s, %s: proposals %d and %d share the room",
				ev.Slots[x.Slot].Label(), ev.Rooms[x.Room].Name, cell[c], x.Proposal)
		}
		cell[c] = x.Proposal
		k := [2]int{x.Slot, props[x.Proposal].Proposer}
		if other, ok := moderating[k]; ok {
			return fmt.Errorf("sim: %s: attendee %d moderates proposals %d and %d at once",
				ev.Slots[x.Slot].Label(), k[1], other, x.Proposal)
		}
		moderating[k] = x.Proposal
	}
	return nil
}

// Grid returns the schedule as grid[slot][room] = proposal, or -1 for an
// empty room. The schedule must have passed Check.
func (s *Schedule) Grid(ev *Event) [][]int {
	g := make([][]int, len(ev.Slots))
	for i := range g {
		g[i] = make([]int, len(ev.Rooms))
		for j := range g[i] {
			g[i][j] = -1
		}
	}
	for _, x := range s.Sessions {
		g[x.Slot][x.Room] = x.Proposal
	}
	return g
}
