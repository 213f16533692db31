package sim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Event is an EventConfig expanded: every slot of every day and every room.
type Event struct {
	Name        string
	Days        int
	SlotsPerDay int
	// VenueOffset is the venue's offset from UTC in hours on day 1: the
	// offset visitors' jet lag is measured against and locals live at.
	VenueOffset float64
	// Slots lists every slot of the event in time order; Slot.Index is the
	// position here.
	Slots []Slot
	// Rooms lists every room, largest first (ties in config order).
	Rooms  []Room
	Topics []TopicConfig
}

// Slot is one session slot of the event.
type Slot struct {
	Index int
	Day   int
	// Start is minutes after local midnight; Minutes the length.
	Start, Minutes int
	// Break is true when a long break (lunch, night) precedes the slot,
	// resetting fatigue.
	Break bool
	// ClockShift is how far the venue's clocks have moved since day 1, in
	// hours: +1 on the days after they sprang forward for daylight saving,
	// 0 at a venue without a change during the event.
	ClockShift float64
}

// Hour returns the slot's start as a fractional hour (13.5 for 13:30) on
// day 1's clock: the local start minus ClockShift. Body clocks do not
// move with the venue's clocks, so alertness reads this hour: after the
// clocks spring forward, a 09:30 session meets bodies at 08:30.
func (s Slot) Hour() float64 { return float64(s.Start)/60 - s.ClockShift }

// Label returns "day 1 09:30".
func (s Slot) Label() string {
	return fmt.Sprintf("day %d %02d:%02d", s.Day+1, s.Start/60, s.Start%60)
}

// Room is one room of the venue.
type Room struct {
	Index    int
	Name     string
	Capacity int
}

// NewEvent expands a validated config. resetMinutes is the break length
// that resets fatigue (AlertnessConfig.ResetMinutes).
func NewEvent(c *EventConfig, resetMinutes float64) (*Event, error) {
	day1, err := c.validate()
	if err != nil {
		return nil, err
	}
	return newEvent(c, resetMinutes, day1), nil
}

// newEvent is NewEvent for a config that passed validation, with its
// start day1 (EventConfig.Start).
func newEvent(c *EventConfig, resetMinutes float64, day1 time.Time) *Event {
	offs := dayOffsets(day1, c.Days)
	ev := &Event{
		Name:        c.Name,
		Days:        c.Days,
		SlotsPerDay: len(c.Slots),
		VenueOffset: offs[0],
		Topics:      append([]TopicConfig(nil), c.Topics...),
	}
	for d := 0; d < c.Days; d++ {
		prevEnd := -1
		for _, sc := range c.Slots {
			start, _ := ParseClock(sc.Start) // validated above
			ev.Slots = append(ev.Slots, Slot{
				Index:      len(ev.Slots),
				Day:        d,
				Start:      start,
				Minutes:    sc.Minutes,
				Break:      prevEnd < 0 || float64(start-prevEnd) >= resetMinutes,
				ClockShift: offs[d] - offs[0],
			})
			prevEnd = start + sc.Minutes
		}
	}
	for _, g := range c.Rooms {
		for k := 0; k < g.Count; k++ {
			name := g.Name
			if g.Count > 1 {
				name = fmt.Sprintf("%s %d", g.Name, k+1)
			}
			ev.Rooms = append(ev.Rooms, Room{Name: name, Capacity: g.Capacity})
		}
	}
	// Largest first, ties in config order: policies that fill "big rooms
	// first" then just walk the list.
	slices.SortStableFunc(ev.Rooms, func(a, b Room) int { return cmp.Compare(b.Capacity, a.Capacity) })
	for i := range ev.Rooms {
		ev.Rooms[i].Index = i
	}
	return ev
}

// Proposal is a session proposed before the event.
type Proposal struct {
	// ID is the proposal's index (0..P-1).
	ID int
	// Proposer is the moderator's attendee ID.
	Proposer int
	// Topic is the main topic's index; Second the second topic's, or -1.
	Topic, Second int
	Title         string
}

// Votes is the show of hands: who raised a hand for what. Both views hold
// the same hands; lists are sorted ascending.
type Votes struct {
	// ByProposal[p] lists the attendees who raised a hand for proposal p
	// (voted interested).
	ByProposal [][]int32
	// ByAttendee[a] lists the proposals attendee a raised a hand for.
	ByAttendee [][]int32
	// Maybe[a] lists the proposals attendee a rated maybe; nil when the
	// vote has no such level. Maybes are not hands.
	Maybe [][]int32
	// Voted[a] says whether attendee a took part in the vote; nil means
	// unknown (worlds assembled without that information).
	Voted []bool
}

// Hands returns the number of hands for proposal p.
func (v *Votes) Hands(p int) int { return len(v.ByProposal[p]) }

// Session is a proposal placed in a slot and room.
type Session struct {
	Proposal, Slot, Room int
}

// Schedule is a set of sessions.
type Schedule struct {
	Sessions []Session
}

// Input is what a policy may see: the organiser's view. It holds hands,
// rooms, times and declared home time zones, never true interests.
type Input struct {
	Event     *Event
	Proposals []Proposal
	Hands     *Votes
	// Home is each attendee's declared home UTC offset; Jetlag their jet
	// lag (venue − home, wrapped), as the organiser can compute it.
	Home, Jetlag []float64
	// OnSite[a] is attendee a's day bit set (0: every day).
	OnSite    []uint64
	Alertness AlertnessConfig
	Choice    ChoiceConfig
	Quality   QualityConfig
	// Recount returns a fresh show of hands just before slot s: per
	// proposal, the hands of those in the room at that moment (tired people
	// are less often there). Online policies use it; the slice is the
	// caller's to keep.
	Recount func(s int) []int
}

// Policy turns the organiser's view into a schedule. It must honour the hard
// constraints (Schedule.Check), be deterministic given src, and not modify
// in. A policy that cannot place every session it chose returns an error.
type Policy interface {
	Schedule(in *Input, src rand.Source) (*Schedule, error)
}

// PolicyFunc adapts a function to Policy.
type PolicyFunc func(in *Input, src rand.Source) (*Schedule, error)

// Schedule calls f.
func (f PolicyFunc) Schedule(in *Input, src rand.Source) (*Schedule, error) { return f(in, src) }

// NewEvent validates the whole model config c and expands its event with
// c.Alertness.ResetMinutes: the one validation a world built from c needs
// (the event's time zone is loaded once). It returns c.Validate's error.
func (c *Config) NewEvent() (*Event, error) {
	day1, err := c.validate()
	if err != nil {
		return nil, err
	}
	return newEvent(&c.Event, c.Alertness.ResetMinutes, day1), nil
}

// EventCache is Config.NewEvent for the many worlds one worker draws: it
// keeps the last event it expanded and, while a config's event section
// (EventConfig) and alertness.reset_minutes equal those of that event,
// returns it again after validating the rest of the config, without
// loading the time zone or expanding the slots again. Worlds drawn
// through one EventCache may thus share an *Event, which nobody modifies.
// The zero EventCache is ready to use; one serves one goroutine.
type EventCache struct {
	cfg   EventConfig // a copy, slices cloned, of ev's event section
	reset float64
	ev    *Event
}

// NewEvent returns c.NewEvent(): the same error for an invalid c, and an
// event equal to the one c.NewEvent expands.
func (k *EventCache) NewEvent(c *Config) (*Event, error) {
	if k.ev != nil && c.Alertness.ResetMinutes == k.reset && c.Event.equal(&k.cfg) {
		// The event section is valid: Validate reports the first invalid
		// field, and the event's come first.
		if err := c.validateRest(); err != nil {
			return nil, err
		}
		return k.ev, nil
	}
	ev, err := c.NewEvent()
	if err != nil {
		return nil, err
	}
	k.cfg = c.Event
	k.cfg.Slots = slices.Clone(c.Event.Slots)
	k.cfg.Rooms = slices.Clone(c.Event.Rooms)
	k.cfg.Topics = slices.Clone(c.Event.Topics)
	k.reset, k.ev = c.Alertness.ResetMinutes, ev
	return ev, nil
}

// equal reports whether c and d are the same event section, field by
// field (TestEventConfigEqual keeps it up to date with EventConfig).
func (c *EventConfig) equal(d *EventConfig) bool {
	return c.Name == d.Name && c.StartDate == d.StartDate && c.TimeZone == d.TimeZone && c.Days == d.Days &&
		slices.Equal(c.Slots, d.Slots) && slices.Equal(c.Rooms, d.Rooms) && slices.Equal(c.Topics, d.Topics)
}
