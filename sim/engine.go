package sim

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/unconf/unconf/sim/rng"
)

// ErrWorld is wrapped by the errors Evaluate returns for a World that is
// inconsistent (an attendee whose ID is not its index, a proposal naming an
// unknown proposer or topic, hands for unknown proposals).
var ErrWorld = errors.New("inconsistent world")

// Engine simulates schedules on Worlds. It keeps scratch buffers between
// runs, so that in the steady state a run allocates only its Result (and the
// small per-run tables of Schedule.Check and the metrics), never per
// attendee choice. The zero Engine is ready to use. An Engine is not safe
// for concurrent use: give each worker its own.
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
//     Arrival i values session k at
//
//     U_ik = ChoiceConfig.Utility(m_ik, star_k, sociability_i, tie_ik, n_k/c_k)
//     + Appeal·rng.Normal(rng.Key(seed, "appeal"), proposal_k, 0, 0)
//     + Noise·rng.Gumbel(rng.Key(seed, "choice"), i, proposal_k, s)
//
//     and the hallway at
//
//     U_i0 = ChoiceConfig.OutsideUtility(α_is)
//     + Noise·rng.Gumbel(rng.Key(seed, "choice"), i, −1, s)
//
//     where m_ik = World.Match (the proposal's topics and i's lasting
//     taste for it; used again below for hops, satisfaction and ties),
//     Appeal = ChoiceConfig.Appeal, star_k is true
//     when a star is in the room (a present star moderator or a star who
//     arrived earlier), tie_ik is the share of i's colleagues on site that
//     day (same Affiliation, i excluded; 0 when there are none) who are
//     already in k, n_k the head count so far and c_k the room's capacity.
//     The choice is the argmax (a multinomial logit draw; sessions win
//     exact ties over the hallway, earlier rooms over later ones). The noise
//     is counter-based, so a given attendee's taste for a given proposal in
//     a given slot is the same number under every policy: common random
//     numbers. If the chosen room is full (n_k = c_k) the arrival is turned
//     away (SessionRecord.TurnedAway of k counts it) and takes the next best
//     option, session or hallway; being turned away from several full rooms
//     counts once per room.
//
//  4. The law of two feet (ChoiceConfig.TwoFeet.Enabled). After everyone has
//     arrived, in the same arrival order, each attendee in a session other
//     than its moderator compares the value of staying, m_ik·q(n_k), with
//     the value of each other running session j with room to spare,
//     m_ij·q(n_j+1), where q is QualityConfig.Q. If the best alternative
//     beats staying by more than TwoFeet.Margin the attendee moves there
//     (HopsOut of k, HopsIn of j, one hop in the Hops metric). Each attendee
//     hops at most once per slot; people in the hallway stay there.
//
//  5. Outcome. With n_k the final head count (moderator included), every
//     attendee in session k gains m_ik·q(n_k)·α_is, the moderator too; the
//     hallway gains 0. An attendee's satisfaction is the mean of these
//     gains over the slots of the days they are on site (0, and left out of
//     the satisfaction metrics, for someone on site no day). New ties: for
//     every pair in k who both have a match of at least TiesConfig.Interest
//     with the session, are not colleagues and are not yet tied in this
//     run, a tie forms when
//
//     rng.Uniform(rng.Key(seed, "ties"), lo, hi, s) < min(1, Rate/(n_k−1)^γ)
//
//     (lo < hi the pair's IDs, Rate, γ = TiesConfig.Rate, SizeExponent), so
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
	loc     []int32 // global session index this slot, −1 hallway, −2 away
	mod     []bool  // moderating this slot
	// Sessions sorted by (slot, room); slotOff[s]…slotOff[s+1] are slot s's.
	sess    []int32
	slotOff []int32
	// Per session, by sorted index.
	n      []int32
	capac  []int     // int, not int32: capacities may exceed 2^31 ("no limit")
	appeal []float64 // ChoiceConfig.Appeal times the proposal's normal draw
	// Per slot scratch.
	affIn      []int32 // colleagues per (affiliation, session in slot): affIn[f*K+k]
	affOnSite  []int32 // attendees on site per affiliation, this day
	logit      logit
	order      []int32       // this slot's arrivals, in order
	match      []float64     // match[pos*K+k] of the pos-th arrival
	slotSess   []slotSession // the slot's sessions
	norm       []float64     // normInterests
	members    []int32
	memOff     []int32
	interest   []int32
	pairMember []pairMember // of interest[x]
	join       []float64    // twoFeet's q(n+1) per session
	qTable     []float64
	rested     []rested // this slot's rested alertness by jet lag
	tied       map[uint64]struct{}
	// The arrival order of every attendee in every slot (arrivals), for
	// the world with arrivalsOf's seed and sizes: policy-independent, so
	// worked out once for all the policies run on a world.
	arrivals   []int32 // arrivals[s*attendees : (s+1)*attendees]
	arrivalsOf struct {
		seed             uint64
		attendees, slots int
	}
	// Run totals.
	crossTies             int
	inSession, alertInSes int // person-slots in sessions, and of those alert
	// Metric scratch.
	xs, hs, ys         []float64
	handAt, handTopics []int32 // by proposal: slot; topic pair
	handCount          []int32 // by slot
	handBest           []uint64
}

// rested is the rested alertness (fatigue 0) of a jet lag in one slot.
type rested struct{ jetlag, alertness float64 }

// restedAlertness returns c.Alertness(jetlag, day, hour, 0), remembered per
// distinct jet lag for the slot (attendees come from a few time zones).
// Alertness with fatigue f is this times max(0, 1 − f), exactly as
// AlertnessConfig.Alertness computes it.
func (e *Engine) restedAlertness(c *AlertnessConfig, jetlag float64, day int, hour float64) float64 {
	for _, r := range e.rested {
		if r.jetlag == jetlag {
			return r.alertness
		}
	}
	a := c.Alertness(jetlag, day, hour, 0)
	if len(e.rested) < 64 {
		e.rested = append(e.rested, rested{jetlag, a})
	}
	return a
}

// slotSession is what an arrival's choice needs of a session running in
// the slot.
type slotSession struct {
	topic, second int     // the proposal's topics (the main one twice without a second)
	prop          int     // the proposal
	mix           uint64  // rng.MixB of the proposal's ID
	appeal        float64 // Appeal times the proposal's normal draw
	fill          float64 // head count / capacity
	star          bool    // a star is in the room
}

// chooser is what options needs of one arrival.
type chooser struct {
	norm        []float64 // interest in each topic / MaxInterest (normInterests)
	sociability float64
	mates       []int32   // colleagues already in each session, or nil
	colleagues  int       // on site, the arrival excluded
	keyA        uint64    // rng.KeyA(choice key, the arrival's ID)
	taste       []float32 // lasting taste for each proposal (World.Taste's row), or nil
}

// options sets options k = 0…K−1 of l to the arrival's (c's) values of
// the slot's sessions, and its match with each in m: the utility
// (ChoiceConfig.Utility of World.Match, with the share of colleagues
// already there, plus the session's appeal) and the Gumbel draw keyed by
// (choice key, arrival, proposal, slot) from its parts c.keyA, sess[k].mix
// and slotMix. In a function of its own the loop keeps its variables in
// registers.
func (l *logit) options(ch *ChoiceConfig, c *chooser, sess []slotSession, m []float64, slotMix uint64) {
	m = m[:len(sess)]
	norm, keyA := c.norm, c.keyA
	for k := range sess {
		x := &sess[k]
		// Attendee.Match: rounding is monotone, so the larger of the two
		// normalised interests is the larger interest normalised.
		mk := math.Float64frombits(max(absBits(norm[x.topic]), absBits(norm[x.second])))
		if c.taste != nil { // World.Match
			mk = max(0, mk+float64(c.taste[x.prop]))
		}
		m[k] = mk
		tie := 0.0
		if c.colleagues > 0 && c.mates[k] != 0 {
			tie = float64(c.mates[k]) / float64(c.colleagues)
		}
		l.set(k, ch.Utility(mk, x.star, c.sociability, tie, x.fill)+x.appeal, rng.UniformOf(keyA, x.mix, slotMix))
	}
}

// normInterests sets norm[i*T+t] to attendee i's interest in topic t over
// their largest, as Attendee.Match divides (0 for no interest at all), for
// the T topics.
func normInterests(norm []float64, att []Attendee, T int) {
	for i := range att {
		a := &att[i]
		row := norm[i*T : i*T+T]
		if a.MaxInterest <= 0 {
			clear(row)
			continue
		}
		for t, v := range a.Interests {
			row[t] = v / a.MaxInterest
		}
	}
}

// pairMember is what ties needs of an interested member: rng.MixB of their
// ID and their affiliation.
type pairMember struct {
	mix uint64
	aff int
}

type arrival struct {
	u float64
	a int32
}

// arrivalOrder returns slot s's attendees, all of them, in the order of
// ascending rng.Uniform(rng.Key(w.Seed, "arrival"), i, s, 0), ties by ID.
// The arrivals of a run are those of them on site who moderate nothing, in
// this order. The order depends on the seed and the numbers of attendees
// and slots only: it is computed once for every policy run on a world.
func (e *Engine) arrivalOrder(w *World, s int) []int32 {
	na, ns := len(w.Attendees), len(w.Event.Slots)
	of := &e.arrivalsOf
	if e.arrivals == nil || of.seed != w.Seed || of.attendees != na || of.slots != ns {
		key := rng.Key(w.Seed, "arrival")
		e.arrivals = grow(e.arrivals, na*ns)
		tmp := make([]arrival, na)
		for sl := range ns {
			for i := range tmp {
				tmp[i] = arrival{rng.Uniform(key, i, sl, 0), int32(i)}
			}
			slices.SortFunc(tmp, func(a, b arrival) int { // u is never NaN
				switch {
				case a.u < b.u:
					return -1
				case a.u > b.u:
					return 1
				}
				return int(a.a - b.a)
			})
			for i, x := range tmp {
				e.arrivals[sl*na+i] = x.a
			}
		}
		of.seed, of.attendees, of.slots = w.Seed, na, ns
	}
	return e.arrivals[s*na : (s+1)*na]
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
	if err := s.Check(w.Event, w.Proposals); err != nil {
		return nil, fmt.Errorf("sim: evaluate: %w", err)
	}
	res := e.simulate(w, s)
	e.metrics(w, res)
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
	for a, hands := range v.ByAttendee {
		for _, p := range hands {
			if p < 0 || int(p) >= len(w.Proposals) {
				return fmt.Errorf("sim: attendee %d raised a hand for unknown proposal %d: %w", a, p, ErrWorld)
			}
		}
	}
	if w.Taste != nil && len(w.Taste) != len(w.Attendees)*len(w.Proposals) {
		return fmt.Errorf("sim: %d tastes for %d attendees and %d proposals: %w",
			len(w.Taste), len(w.Attendees), len(w.Proposals), ErrWorld)
	}
	return nil
}

// grow returns b resized to n, reusing its array when large enough. The
// contents are unspecified.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// reset sizes the scratch buffers for w and s and sorts the sessions.
func (e *Engine) reset(w *World, s *Schedule) (naff int) {
	na, ns := len(w.Attendees), len(s.Sessions)
	e.fatigue = grow(e.fatigue, na)
	e.alert = grow(e.alert, na)
	e.satSum = grow(e.satSum, na)
	e.onSlots = grow(e.onSlots, na)
	e.loc = grow(e.loc, na)
	e.mod = grow(e.mod, na)
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
	e.n = grow(e.n, ns)
	e.capac = grow(e.capac, ns)
	e.appeal = grow(e.appeal, ns)

	for i := range w.Attendees {
		naff = max(naff, w.Attendees[i].Affiliation+1)
	}
	e.affIn = grow(e.affIn, maxK*naff)
	e.affOnSite = grow(e.affOnSite, naff)
	e.order = grow(e.order, na)[:0]
	e.match = grow(e.match, na*maxK)
	e.slotSess = grow(e.slotSess, maxK)
	e.members = grow(e.members, na)
	e.memOff = grow(e.memOff, maxK+1)
	e.interest = grow(e.interest, na)
	e.pairMember = grow(e.pairMember, na)

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
	if e.tied == nil {
		e.tied = make(map[uint64]struct{})
	}
	clear(e.tied)
	e.crossTies, e.inSession, e.alertInSes = 0, 0, 0
	return naff
}

// simulate plays the event and fills the Result except for its metrics.
func (e *Engine) simulate(w *World, s *Schedule) *Result {
	naff := e.reset(w, s)
	cfg := w.Config
	ev := w.Event
	att := w.Attendees
	props := w.Proposals
	ch := &cfg.Choice
	noise := ch.Noise
	choiceKey := rng.Key(w.Seed, "choice")
	nt := len(ev.Topics)
	e.norm = grow(e.norm, len(att)*nt)
	normInterests(e.norm, att, nt)
	hallMix := rng.MixB(-1) // the hallway's "proposal"
	tiesKey := rng.Key(w.Seed, "ties")
	appealKey := rng.Key(w.Seed, "appeal")

	res := &Result{
		Schedule:     &Schedule{Sessions: slices.Clone(s.Sessions)},
		Sessions:     make([]SessionRecord, len(s.Sessions)),
		Slots:        make([]SlotRecord, len(ev.Slots)*NumJetlagGroups),
		Satisfaction: make([]float64, len(att)),
	}
	for g, gi := range e.sess {
		x := s.Sessions[gi]
		p := &props[x.Proposal]
		room := &ev.Rooms[x.Room]
		sl := &ev.Slots[x.Slot]
		res.Sessions[g] = SessionRecord{
			Slot: x.Slot, Day: sl.Day, Start: sl.Start,
			Room: x.Room, RoomName: room.Name, Capacity: room.Capacity,
			Proposal: x.Proposal, Title: p.Title, Topic: ev.Topics[p.Topic].Name,
			Star:  att[p.Proposer].Star,
			Hands: len(w.Votes.ByProposal[x.Proposal]),
		}
		e.capac[g] = room.Capacity
		e.appeal[g] = 0
		if ch.Appeal != 0 {
			e.appeal[g] = ch.Appeal * rng.Normal(appealKey, x.Proposal, 0, 0)
		}
	}

	day := -1
	for si := range ev.Slots {
		sl := &ev.Slots[si]
		base := int(e.slotOff[si])
		K := int(e.slotOff[si+1]) - base
		recs := res.Sessions[base : base+K]

		// 1. Presence, fatigue, alertness.
		if sl.Day != day {
			day = sl.Day
			clear(e.affOnSite)
			for i := range att {
				if att[i].OnSite(day) && att[i].Affiliation >= 0 {
					e.affOnSite[att[i].Affiliation]++
				}
			}
		}
		hour := sl.Hour()
		e.rested = e.rested[:0]
		for i := range att {
			a := &att[i]
			if !a.OnSite(day) {
				e.loc[i] = -2
				continue
			}
			if sl.Break {
				e.fatigue[i] = 0
			}
			e.alert[i] = e.restedAlertness(&cfg.Alertness, a.Jetlag, day, hour) * math.Max(0, 1-e.fatigue[i])
			e.onSlots[i]++
			e.loc[i] = -1
			e.mod[i] = false
		}

		// 2. Moderators.
		affIn := e.affIn[:K*naff]
		clear(affIn)
		sess := e.slotSess[:K]
		for k := range K {
			g := base + k
			e.n[g] = 0
			p := &props[recs[k].Proposal]
			sess[k] = slotSession{topic: p.Topic, second: p.Topic, prop: p.ID, mix: rng.MixB(p.ID), appeal: e.appeal[g]}
			if p.Second >= 0 {
				sess[k].second = p.Second
			}
			who := p.Proposer
			if e.loc[who] != -2 {
				e.loc[who] = int32(g)
				e.mod[who] = true
				e.n[g] = 1
				sess[k].star = att[who].Star
				if f := att[who].Affiliation; f >= 0 {
					affIn[f*K+k]++
				}
			}
			sess[k].fill = float64(e.n[g]) / float64(e.capac[g])
		}

		// 3. Arrivals in a policy-independent random order.
		order := e.order[:0]
		for _, i := range e.arrivalOrder(w, si) {
			if e.loc[i] == -1 {
				order = append(order, i)
			}
		}
		e.order = order
		slotMix := rng.MixC(si)
		lg := &e.logit
		lg.size(K+1, noise)
		for pos, i := range order {
			a := &att[i]
			m := e.match[pos*K : pos*K+K]
			c := chooser{norm: e.norm[int(i)*nt : int(i)*nt+nt], sociability: a.Sociability, keyA: rng.KeyA(choiceKey, int(i))}
			if w.Taste != nil {
				c.taste = w.Taste[int(i)*len(props) : (int(i)+1)*len(props)]
			}
			if f := a.Affiliation; f >= 0 {
				c.colleagues = int(e.affOnSite[f]) - 1
				c.mates = affIn[f*K : f*K+K]
			}
			lg.options(ch, &c, sess, m, slotMix)
			lg.set(K, ch.OutsideUtility(e.alert[i]), rng.UniformOf(c.keyA, hallMix, slotMix))
			for {
				best := lg.best()
				if best == K {
					break // the hallway
				}
				g := base + best
				if int(e.n[g]) >= e.capac[g] {
					recs[best].TurnedAway++
					lg.remove(best)
					continue
				}
				e.n[g]++
				sess[best].fill = float64(e.n[g]) / float64(e.capac[g])
				e.loc[i] = int32(g)
				if a.Star {
					sess[best].star = true
				}
				if c.mates != nil {
					c.mates[best]++
				}
				break
			}
		}

		// 4. The law of two feet.
		if ch.TwoFeet.Enabled && K > 1 {
			e.twoFeet(order, base, recs, ch.TwoFeet.Margin)
		}

		// 5. Outcome: satisfaction, fatigue, slot records.
		var onSite, inSess [NumJetlagGroups]int
		var alertSum [NumJetlagGroups]float64
		for k := range K {
			recs[k].Attendance = int(e.n[base+k])
			recs[k].Quality = e.qTable[e.n[base+k]]
		}
		memOff := e.memOff[:K+1]
		clear(memOff)
		for i := range att {
			g := int(e.loc[i])
			if g == -2 {
				continue
			}
			grp := att[i].Group(cfg.Alertness.GroupHours)
			onSite[grp]++
			alertSum[grp] += e.alert[i]
			if g < 0 {
				continue
			}
			inSess[grp]++
			memOff[g-base+1]++
			e.satSum[i] += w.Match(i, recs[g-base].Proposal) * recs[g-base].Quality * e.alert[i]
			e.fatigue[i] += cfg.Alertness.Fatigue
			e.inSession++
			if e.alert[i] >= cfg.Alertness.AlertThreshold {
				e.alertInSes++
			}
		}
		for gr := range NumJetlagGroups {
			r := &res.Slots[si*NumJetlagGroups+gr]
			*r = SlotRecord{Slot: si, Day: sl.Day, Start: sl.Start, Group: JetlagGroup(gr),
				OnSite: onSite[gr], InSession: inSess[gr], Alertness: math.NaN()}
			if onSite[gr] > 0 {
				r.Alertness = alertSum[gr] / float64(onSite[gr])
			}
		}

		// Members by session, then ties.
		e.groupMembers(memOff, base)
		for k := range K {
			recs[k].NewTies = e.ties(w, &recs[k], e.members[memOff[k]:memOff[k+1]], si, tiesKey)
		}
	}

	for i := range att {
		if e.onSlots[i] > 0 {
			res.Satisfaction[i] = e.satSum[i] / float64(e.onSlots[i])
		}
	}
	return res
}

// twoFeet applies the law of two feet to the slot whose sessions are
// base…base+len(recs)−1: in arrival order, each attendee in a session
// (moderators never arrive) moves once to the session of best value
// m·q(n+1) with room to spare when it beats staying, m·q(n), by more than
// margin.
func (e *Engine) twoFeet(order []int32, base int, recs []SessionRecord, margin float64) {
	K := len(recs)
	n, capac := e.n[base:base+K], e.capac[base:base+K]
	// join[j] is q(n_j+1), what one more person finds in session j, or
	// −Inf when j is full: m·(−Inf) is −Inf or NaN, never a best value.
	join := grow(e.join, K)
	e.join = join
	for j := range join {
		join[j] = e.joinQuality(n[j], capac[j])
	}
	for pos, i := range order {
		g := int(e.loc[i])
		if g < 0 {
			continue
		}
		k := g - base
		m := e.match[pos*K : pos*K+K]
		stay := m[k] * e.qTable[n[k]]
		bestV, bestJ := math.Inf(-1), -1
		for j, q := range join {
			if v := m[j] * q; v > bestV && j != k {
				bestV, bestJ = v, j
			}
		}
		if bestJ >= 0 && bestV-stay > margin {
			n[k]--
			n[bestJ]++
			join[k] = e.joinQuality(n[k], capac[k])
			join[bestJ] = e.joinQuality(n[bestJ], capac[bestJ])
			e.loc[i] = int32(base + bestJ)
			recs[k].HopsOut++
			recs[bestJ].HopsIn++
		}
	}
}

// joinQuality is q(n+1), or −Inf when a room of capacity c holding n is
// full.
func (e *Engine) joinQuality(n int32, c int) float64 {
	if int(n) >= c {
		return math.Inf(-1)
	}
	return e.qTable[n+1]
}

// groupMembers lists the members of the slot's K = len(memOff)−1 sessions
// base…base+K−1 by a counting sort of loc: on entry memOff[k+1] holds
// session k's head count; on return session k's members, ascending, are
// e.members[memOff[k]:memOff[k+1]].
func (e *Engine) groupMembers(memOff []int32, base int) {
	K := len(memOff) - 1
	for k := 1; k <= K; k++ {
		memOff[k] += memOff[k-1]
	}
	for i, g := range e.loc {
		if g >= 0 {
			k := int(g) - base
			e.members[memOff[k]] = int32(i)
			memOff[k]++
		}
	}
	for k := K; k > 0; k-- {
		memOff[k] = memOff[k-1]
	}
	memOff[0] = 0
}

// ties draws the new ties among the members of one session (ascending IDs),
// records them in e.tied and e.crossTies and returns how many formed.
func (e *Engine) ties(w *World, rec *SessionRecord, members []int32, slot int, key uint64) int {
	n := len(members)
	if n < 2 {
		return 0
	}
	tc := &w.Config.Ties
	p := math.Min(1, tc.Rate/math.Pow(float64(n-1), tc.SizeExponent))
	if !(p > 0) {
		return 0
	}
	in := e.interest[:0]
	for _, i := range members {
		if w.Match(int(i), rec.Proposal) >= tc.Interest {
			in = append(in, i)
		}
	}
	// Per member: the pair draw rng.Uniform(key, i, j, slot) in parts, and
	// the affiliation.
	slotMix := rng.MixC(slot)
	pm := e.pairMember[:len(in)]
	for x, j := range in {
		pm[x] = pairMember{rng.MixB(int(j)), w.Attendees[j].Affiliation}
	}
	formed := 0
	for x, i := range in {
		aff := pm[x].aff
		keyA := rng.KeyA(key, int(i))
		for y := range pm[x+1:] {
			o := &pm[x+1+y]
			if (aff >= 0 && aff == o.aff) || rng.UniformOf(keyA, o.mix, slotMix) >= p {
				continue
			}
			j := in[x+1+y]
			k := uint64(i)<<32 | uint64(j)
			if _, ok := e.tied[k]; ok {
				continue
			}
			e.tied[k] = struct{}{}
			formed++
			if w.Attendees[i].Background != w.Attendees[j].Background {
				e.crossTies++
			}
		}
	}
	return formed
}

// gumbelBins is the number of equal-probability bins of logit's bounds.
const gumbelBins = 1024

// logit finds the largest of v_k = sys_k + noise·G(u_k) over options
// k = 0…n−1, for uniforms u_k in (0, 1) and G(u) = −ln(−ln u) the standard
// Gumbel quantile (so with u_k = rng.Uniform(key, a, b, c), noise·G(u_k) is
// exactly noise·rng.Gumbel(key, a, b, c)), without taking the two
// logarithms of every option: G is increasing, so u_k's bin [j/B, (j+1)/B)
// bounds v_k by sys_k + noise·G(j/B) and sys_k + noise·G((j+1)/B), and only
// options whose upper bound reaches the largest lower bound are evaluated
// exactly. The answer is the one exhaustive evaluation gives, ties included
// (the lowest index wins).
type logit struct {
	opt   []option
	maxLo float64 // the largest lower bound, −Inf after a remove
	noise float64
	bins  []float64 // G(j/B) for j = 0…B: −Inf … +Inf
	nbins []float64 // noise·G(j/B)
}

// option is one option of a logit: its systematic value, uniform and
// bounds (lo = hi = the value once exact).
type option struct {
	sys, unif, lo, hi float64
	exact             bool
}

// size prepares n options with Gumbel scale noise.
func (l *logit) size(n int, noise float64) {
	if l.bins == nil {
		l.bins = make([]float64, gumbelBins+1)
		for j := range l.bins {
			l.bins[j] = gumbel(float64(j) / gumbelBins)
		}
		l.nbins = make([]float64, gumbelBins+1)
		l.noise = math.NaN() // no table yet
	}
	if noise != l.noise {
		for j, g := range l.bins {
			l.nbins[j] = noise * g
		}
	}
	l.noise = noise
	l.opt = grow(l.opt, n)
	l.maxLo = math.Inf(-1)
}

// gumbel is the standard Gumbel quantile, as in rng.Gumbel.
func gumbel(u float64) float64 { return -math.Log(-math.Log(u)) }

// set makes option k worth sys plus the noise (size's) times G(u). Set
// the options in order, 0 first (which starts a new choice), before best.
func (l *logit) set(k int, sys, u float64) {
	o := &l.opt[k]
	o.sys = sys
	if l.noise == 0 {
		o.lo, o.hi, o.exact = sys, sys, true
	} else {
		j := int(u * gumbelBins) // exact: B is a power of two
		o.unif, o.lo, o.hi, o.exact = u, sys+l.nbins[j], sys+l.nbins[j+1], false
	}
	if k == 0 || o.lo > l.maxLo {
		l.maxLo = o.lo
	}
}

// remove takes option k out of the running.
func (l *logit) remove(k int) {
	l.opt[k] = option{lo: math.Inf(-1), hi: math.Inf(-1), exact: true}
	m := math.Inf(-1)
	for i := range l.opt {
		if lo := l.opt[i].lo; lo > m {
			m = lo
		}
	}
	l.maxLo = m
}

// best returns the index of the largest value, the lowest on ties. An
// option alone in reaching the largest lower bound is the largest without
// being evaluated exactly; otherwise every option that reaches it is.
func (l *logit) best() int {
	maxLo := l.maxLo
	first := -1 // the first option reaching maxLo, not yet evaluated
	best, bestV := -1, math.Inf(-1)
	for k := range l.opt {
		o := &l.opt[k]
		if o.hi < maxLo {
			continue // below some other option's value
		}
		if first < 0 && best < 0 {
			first = k
			continue
		}
		if first >= 0 { // a second one: evaluate both
			best, bestV = first, l.exact(first)
			first = -1
		}
		if v := l.exact(k); v > bestV {
			best, bestV = k, v
		}
	}
	if best < 0 {
		return first
	}
	return best
}

// exact returns option k's value, computing it the first time.
func (l *logit) exact(k int) float64 {
	o := &l.opt[k]
	if !o.exact {
		v := o.sys + l.noise*gumbel(o.unif)
		o.lo, o.hi, o.exact = v, v, true
	}
	return o.lo
}
