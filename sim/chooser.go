package sim

// Hallway is what Choices.Choose returns for an arrival who takes the
// hallway track, the outside option, rather than a session.
const Hallway = -1

// A Chooser is a model of how attendees choose at the event: which of a
// slot's running sessions an arriving attendee joins, or the hallway, and
// whether an attendee in a session moves to another under the law of two
// feet. The engine owns everything else: who is on site and alert, the
// moderators, the arrival order, head counts and records.
//
// A Chooser holds settings only and must be safe for concurrent use:
// every Engine running a World's schedules calls its Start. The model's
// multinomial logit is choice.Logit, and choice.Alert decorates any
// Chooser with an outside option that tired attendees find more
// attractive; choice.New builds the configured model from a ChoiceConfig.
// simtest.ChooserConformance checks any Chooser against this contract.
type Chooser interface {
	// Start returns the choices of one run on w. It may reuse old, which
	// it returned for an earlier run that has ended (nil for none), so
	// that a steady state of runs allocates nothing. It must not modify
	// w.
	Start(w *World, old Choices) Choices
}

// Choices is a Chooser at work on one run. The engine calls it from one
// goroutine, slot by slot in time order: Choose for every arrival in
// arrival order, seating each in the session Choose returns before the
// next call, then Hop for every arrival in a session, in the same order,
// moving each before the next call. Neither may allocate.
type Choices interface {
	// Choose returns the session (an index into sc.Sessions) that arrival
	// a joins, or Hallway. It never returns a full session (N at
	// Capacity); each full session it would rather have joined it counts
	// once in that session's TurnedAway. It must depend on nothing but w,
	// sc, a and the order of calls within the run, and modify nothing but
	// TurnedAway counts and a.Hallway.
	Choose(sc *Scene, a *Arrival) int
	// Hop returns the session that attendee a, in session k and not its
	// moderator, moves to under the law of two feet, or k to stay. It
	// never returns another full session, and it modifies nothing.
	Hop(sc *Scene, a *Arrival, k int) int
}

// Scene is one slot as a Chooser sees it: the sessions running in it and
// how full they are so far. The engine builds it and keeps it current
// between calls.
type Scene struct {
	// Slot indexes World.Event.Slots. Within a run, every Scene of a
	// slot has the same Sessions, in the same order: the schedule's.
	Slot int
	// Sessions are the slot's running sessions, in room order.
	Sessions []Running
	// Quality[n] is the discussion quality QualityConfig.Q(n) of a
	// session of n people, for n from 0 to one more than any head count
	// the run can reach.
	Quality []float64
}

// Running is a session running in a slot, as arrivals find it.
type Running struct {
	// Proposal indexes World.Proposals.
	Proposal int
	// N is the head count so far, moderator included; Capacity the
	// room's seats; Fill is N/Capacity.
	N, Capacity int
	Fill        float64
	// Star reports a star in the room: a present star moderator or a star
	// who arrived earlier (hops do not change it).
	Star bool
	// TurnedAway counts the arrivals the full room turned away.
	TurnedAway int
}

// Full reports whether the session has no seat left.
func (r *Running) Full() bool { return r.N >= r.Capacity }

// Arrival is an attendee about to choose, or to hop, as the engine
// presents them to Choices.
type Arrival struct {
	// ID indexes World.Attendees.
	ID int
	// Alertness is the attendee's alertness in the slot, in [0, 1].
	Alertness float64
	// Hallway is systematic utility the hallway adds for this arrival
	// beyond the chooser's own: 0 from the engine; decorators such as
	// choice.Alert add to it before they pass the arrival on.
	Hallway float64
	// Colleagues counts the attendee's colleagues on site that day (same
	// Affiliation, the attendee excluded); Mates[k] those already in
	// session k. Mates is nil for an attendee without an affiliation.
	Colleagues int
	Mates      []int32
}
