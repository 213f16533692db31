package sim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/unconf/unconf/sim/rng"
)

// ErrWorld is wrapped by the errors Evaluate returns for a World that is
// inconsistent (an attendee whose ID is not its index, a proposal naming an
// unknown proposer or topic, hands for unknown proposals, no Chooser).
var ErrWorld = errors.New("inconsistent world")

// Engine simulates schedules on Worlds. It keeps scratch buffers between
// runs (Schedule.Check's tables too), so that in the steady state a run
// allocates only its Result and the metrics' small tables, never per
// attendee choice. The zero Engine is ready to use. An Engine is not safe
// for concurrent use: give each worker its own. Several Engines may run on
// one World at once.
//
// # The event, slot by slot
//
// Evaluate plays the slots in time order. In slot s (day d, local hour h)
// with running sessions k = 1…K (in room order):
//
//  1. Presence and alertness. Attendees not on site on day d (Attendee.Days)
//     take no part. Fatigue f_i is reset to 0 when the slot follows a long
//     break (Slot.Break: the first slot of a day, after lunch) and grows by
//     AlertnessConfig.Fatigue after every slot attendee i spent in a
//     session. Alertness is
//
//     α_is = AlertnessConfig.Alertness(jetlag_i, d, h, f_i).
//
//  2. Moderators. The proposer of each running session, if on site, is in it
//     from the start and stays (the law of two feet does not apply to them).
//     A session whose proposer is away that day still runs, without its
//     moderator, and starts empty.
//
//  3. Arrivals. Everyone else on site arrives in a random order: ascending
//     rng.Uniform(rng.Key(seed, "arrival"), i, s, 0), ties by ID. The order
//     depends on the replicate seed and the slot only, never on the policy.
//     Each arrival chooses a session with room to spare or the hallway
//     through the World's Chooser (Choices.Choose; the model's logit is
//     choice.Logit), which sees the head counts so far, whether a star is in
//     each room and how many of the arrival's colleagues on site that day
//     are already there. Full rooms an arrival would rather have joined
//     count in SessionRecord.TurnedAway.
//
//  4. The law of two feet. After everyone has arrived, in the same arrival
//     order, each attendee in a session other than its moderator may move
//     once to another session with room to spare (Choices.Hop; HopsOut of
//     the one left, HopsIn of the one joined, one hop in the Hops metric).
//     People in the hallway stay there.
//
//  5. Outcome. With n_k the final head count (moderator included), every
//     attendee in session k gains m_ik·q(n_k)·α_is, the moderator too, with
//     m_ik = World.Match and q = QualityConfig.Q; the hallway gains 0. An
//     attendee's satisfaction is the mean of these gains over the slots of
//     the days they are on site (0, and left out of the satisfaction
//     metrics, for someone on site no day). New ties: for every pair in k
//     who both have a match of at least TiesConfig.Interest with the
//     session, are not colleagues and are not yet tied in this run, a tie
//     forms with probability
//
//     p = min(1, Rate/(n_k−1)^γ),
//
//     independently of the other pairs (Rate, γ = TiesConfig.Rate,
//     SizeExponent). The ties are drawn by geometric skips: each such
//     member i skips over the later ones who share the interest
//     (ascending IDs) by ⌊ln u / ln(1 − p)⌋ pairs, with
//     u = rng.UniformCross(rng.Key(seed, "ties"), i, s, t) for their t-th
//     draw, and the one skipped to is their next partner unless a colleague
//     or tied already (Engine.ties): about one draw per tie and per member
//     rather than one per pair. So
//     a member expects about Rate·(n_k−1)^(1−γ) times the share of members
//     sharing the interest: with γ > 1 small sessions make more ties per
//     person. A session of one makes none.
//
// Per-slot records (SlotRecord) count, per jet-lag group, who is on site and
// in a session at the slot's end and their mean alertness; metrics are
// described with each Metric constant.
type Engine struct {
	// Per attendee.
	fatigue []float64
	alert   []float64
	satSum  []float64
	onSlots []int32
	loc     []int32   // global session index this slot, −1 hallway, −2 away
	match   []float64 // World.Match with the session attended this slot
	aff     []int     // Attendee.Affiliation, −1 for none
	// Sessions sorted by (slot, room); slotOff[s]…slotOff[s+1] are slot s's.
	sess    []int32
	slotOff []int32
	// Per slot scratch.
	affIn     []int32 // colleagues per (affiliation, session in slot): affIn[f*K+k]
	affOnSite []int32 // attendees on site per affiliation, this day
	choices   Choices // the world's Chooser at work on this run
	scene     Scene
	arrival   Arrival
	order     []int32 // this slot's arrivals, in order
	members   []int32
	memOff    []int32
	interest  []int32
	qTable    []float64
	// The attendees' jet lags (indexLags) and their rested alertness this
	// slot.
	lags, lagRested []float64
	lagOf           []int8
	tied            map[uint64]struct{}
	// The attendees' parts of the ties' draws for the world of tiesOf's
	// seed (tieParts).
	tieKeys []uint64
	tiesOf  struct {
		ok   bool
		seed uint64
	}
	// The arrival order of every attendee in every slot (arrivals), for
	// the world with arrivalsOf's seed and sizes: policy-independent, so
	// worked out once for all the policies run on a world.
	arrivals []int32 // arrivals[s*attendees : (s+1)*attendees]
	// Scratch of arrivalOrder.
	arrivalKeys []uint64
	arrivalTmp  []arrival
	bucketCount []int32
	arrivalsOf  struct {
		seed             uint64
		attendees, slots int
	}
	check scheduleCheck // Schedule.Check's tables
	// Run totals.
	crossTies             int
	inSession, alertInSes int // person-slots in sessions, and of those alert
	// Metric scratch.
	xs        []float64
	hs, ys    []int // hands and head counts by session
	rx, ry    []float64
	tally     []int32
	handCount []int32  // by attendee and slot: scheduled hands
	handBest  []uint64 // by attendee and slot: best match's bits
}

// Run schedules w with p and evaluates the schedule: the policy sees
// w.Input() and the stream rng.New(w.Seed, "policy"). The schedule must pass
// Schedule.Check; w is not modified.
func (e *Engine) Run(w *World, p Policy) (*Result, error) {
	if err := checkWorld(w); err != nil {
		return nil, err
	}
	s, err := p.Schedule(w.Input(), rng.New(w.Seed, "policy"))
	if err != nil {
		return nil, fmt.Errorf("sim: policy: %w", err)
	}
	if s == nil {
		return nil, errors.New("sim: policy returned no schedule")
	}
	return e.evaluate(w, s)
}

// Run schedules and evaluates w with a fresh Engine; see Engine.Run.
func Run(w *World, p Policy) (*Result, error) {
	var e Engine
	return e.Run(w, p)
}

// Evaluate checks s against the hard constraints (Schedule.Check) and
// simulates the event on w (see Engine). Neither w nor s is modified; the
// Result holds a copy of s. The same w and s always give the same Result.
func (e *Engine) Evaluate(w *World, s *Schedule) (*Result, error) {
	if err := checkWorld(w); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errors.New("sim: evaluate: nil schedule")
	}
	return e.evaluate(w, s)
}

// evaluate is Evaluate for a world that passed checkWorld and a non-nil s.
func (e *Engine) evaluate(w *World, s *Schedule) (*Result, error) {
	if err := e.check.check(s, w.Event, w.Proposals); err != nil {
		return nil, fmt.Errorf("sim: evaluate: %w", err)
	}
	res := e.simulate(w, s)
	if err := e.metrics(w, res); err != nil {
		return nil, err
	}
	return res, nil
}

// checkWorld reports what would make the simulation index out of range.
func checkWorld(w *World) error {
	switch {
	case w == nil:
		return fmt.Errorf("sim: nil world: %w", ErrWorld)
	case w.Config == nil:
		return fmt.Errorf("sim: world without config: %w", ErrWorld)
	case w.Event == nil:
		return fmt.Errorf("sim: world without event: %w", ErrWorld)
	case w.Chooser == nil:
		return fmt.Errorf("sim: world without chooser: %w", ErrWorld)
	}
	nt := len(w.Event.Topics)
	for i := range w.Attendees {
		a := &w.Attendees[i]
		if a.ID != i {
			return fmt.Errorf("sim: attendee %d has ID %d: %w", i, a.ID, ErrWorld)
		}
		if len(a.Interests) != nt {
			return fmt.Errorf("sim: attendee %d: %d interests for %d topics: %w", i, len(a.Interests), nt, ErrWorld)
		}
	}
	for i := range w.Proposals {
		p := &w.Proposals[i]
		if p.ID != i {
			return fmt.Errorf("sim: proposal %d has ID %d: %w", i, p.ID, ErrWorld)
		}
		if p.Proposer < 0 || p.Proposer >= len(w.Attendees) {
			return fmt.Errorf("sim: proposal %d: unknown proposer %d: %w", i, p.Proposer, ErrWorld)
		}
		if p.Topic < 0 || p.Topic >= nt || p.Second >= nt {
			return fmt.Errorf("sim: proposal %d: topics %d, %d outside 0..%d: %w", i, p.Topic, p.Second, nt-1, ErrWorld)
		}
	}
	v := &w.Votes
	if len(v.ByProposal) != len(w.Proposals) || len(v.ByAttendee) != len(w.Attendees) {
		return fmt.Errorf("sim: votes for %d proposals and %d attendees, want %d and %d: %w",
			len(v.ByProposal), len(v.ByAttendee), len(w.Proposals), len(w.Attendees), ErrWorld)
	}
	np := uint(len(w.Proposals))
	for a, hands := range v.ByAttendee {
		if uint(maxHand(hands)) >= np {
			for _, p := range hands {
				if p < 0 || int(p) >= len(w.Proposals) {
					return fmt.Errorf("sim: attendee %d raised a hand for unknown proposal %d: %w", a, p, ErrWorld)
				}
			}
		}
	}
	if w.Taste != nil && len(w.Taste) != len(w.Attendees)*len(w.Proposals) {
		return fmt.Errorf("sim: %d tastes for %d attendees and %d proposals: %w",
			len(w.Taste), len(w.Attendees), len(w.Proposals), ErrWorld)
	}
	return nil
}

// maxHand returns the largest of hands as unsigned numbers, where a
// negative hand is 2³¹ or more, beyond any number of proposals; 0 for
// none. It is checkWorld's test of every hand, four at a time without a
// branch: at 5,000 attendees there are millions of hands for each run.
func maxHand(hands []int32) uint32 {
	m0, m1, m2, m3 := uint32(0), uint32(0), uint32(0), uint32(0)
	i := 0
	for ; i+4 <= len(hands); i += 4 {
		h := hands[i : i+4 : i+4]
		m0, m1 = max(m0, uint32(h[0])), max(m1, uint32(h[1]))
		m2, m3 = max(m2, uint32(h[2])), max(m3, uint32(h[3]))
	}
	for _, p := range hands[i:] {
		m0 = max(m0, uint32(p))
	}
	return max(m0, m1, m2, m3)
}

// grow returns b resized to n, reusing its array when large enough. The
// contents are unspecified.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// affiliations sets e.aff to the attendees' affiliations and returns how
// many there are, one more than the largest.
func (e *Engine) affiliations(att []Attendee) (naff int) {
	e.aff = grow(e.aff, len(att))
	for i := range att {
		f := max(att[i].Affiliation, -1)
		e.aff[i] = f
		naff = max(naff, f+1)
	}
	return naff
}

// reset sizes the scratch buffers for w and s, sorts the sessions and
// starts the world's Chooser on the run.
func (e *Engine) reset(w *World, s *Schedule) (naff int) {
	na, ns := len(w.Attendees), len(s.Sessions)
	e.fatigue = grow(e.fatigue, na)
	e.alert = grow(e.alert, na)
	e.satSum = grow(e.satSum, na)
	e.onSlots = grow(e.onSlots, na)
	e.loc = grow(e.loc, na)
	e.match = grow(e.match, na)
	e.indexLags(w.Attendees)
	clear(e.fatigue)
	clear(e.satSum)
	clear(e.onSlots)

	e.sess = grow(e.sess, ns)
	for i := range e.sess {
		e.sess[i] = int32(i)
	}
	x := s.Sessions
	slices.SortFunc(e.sess, func(a, b int32) int {
		if c := cmp.Compare(x[a].Slot, x[b].Slot); c != 0 {
			return c
		}
		return cmp.Compare(x[a].Room, x[b].Room)
	})
	nslots := len(w.Event.Slots)
	e.slotOff = grow(e.slotOff, nslots+1)
	clear(e.slotOff)
	for _, x := range s.Sessions {
		e.slotOff[x.Slot+1]++
	}
	maxK := 0
	for i := 1; i <= nslots; i++ {
		maxK = max(maxK, int(e.slotOff[i]))
		e.slotOff[i] += e.slotOff[i-1]
	}

	naff = e.affiliations(w.Attendees)
	e.affIn = grow(e.affIn, maxK*naff)
	e.affOnSite = grow(e.affOnSite, naff)
	e.order = grow(e.order, na)[:0]
	e.scene.Sessions = grow(e.scene.Sessions, maxK)
	e.members = grow(e.members, na)
	e.memOff = grow(e.memOff, maxK+1)
	e.interest = grow(e.interest, na)

	// Head counts never exceed the rooms' capacity nor the attendees: a
	// room of capacity 10^12 ("no limit") must not size the table.
	maxCap := 0
	for _, r := range w.Event.Rooms {
		maxCap = max(maxCap, r.Capacity)
	}
	e.qTable = grow(e.qTable, min(maxCap, na)+2)
	for n := range e.qTable {
		e.qTable[n] = w.Config.Quality.Q(n)
	}
	e.scene.Quality = e.qTable
	if e.tied == nil {
		e.tied = make(map[uint64]struct{})
	}
	clear(e.tied)
	e.crossTies, e.inSession, e.alertInSes = 0, 0, 0
	e.choices = w.Chooser.Start(w, e.choices)
	return naff
}
