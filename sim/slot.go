package sim

import (
	"fmt"
	"math"
	"slices"

	"github.com/unconf/unconf/sim/rng"
)

// simulate plays the event and fills the Result except for its metrics.
func (e *Engine) simulate(w *World, s *Schedule) *Result {
	naff := e.reset(w, s)
	res := e.newResult(w, s)
	e.tieParts(w)
	day := -1
	for si := range w.Event.Slots {
		sl := &w.Event.Slots[si]
		base := int(e.slotOff[si])
		recs := res.Sessions[base:e.slotOff[si+1]]
		if sl.Day != day {
			day = sl.Day
			e.countOnSite(w.Attendees, day)
		}
		e.presence(w, sl)
		e.seatModerators(w, si, recs, naff)
		order := e.arrive(w, si, base, len(recs), naff)
		if len(recs) > 1 {
			e.hop(w, order, base, recs, naff)
		}
		e.outcome(w, res, si, recs)
	}
	for i := range w.Attendees {
		if e.onSlots[i] > 0 {
			res.Satisfaction[i] = e.satSum[i] / float64(e.onSlots[i])
		}
	}
	return res
}

// newResult returns the Result of s on w with every session's record
// filled but its outcome, in e.sess's (slot, room) order.
func (e *Engine) newResult(w *World, s *Schedule) *Result {
	ev, att := w.Event, w.Attendees
	// The Result and its Schedule in one allocation.
	b := &struct {
		res   Result
		sched Schedule
	}{sched: Schedule{Sessions: slices.Clone(s.Sessions)}}
	res := &b.res
	*res = Result{
		Schedule:     &b.sched,
		Sessions:     make([]SessionRecord, len(s.Sessions)),
		Slots:        make([]SlotRecord, len(ev.Slots)*NumJetlagGroups),
		Satisfaction: make([]float64, len(att)),
	}
	for g, gi := range e.sess {
		x := s.Sessions[gi]
		p := &w.Proposals[x.Proposal]
		room := &ev.Rooms[x.Room]
		sl := &ev.Slots[x.Slot]
		res.Sessions[g] = SessionRecord{
			Slot: x.Slot, Day: sl.Day, Start: sl.Start,
			Room: x.Room, RoomName: room.Name, Capacity: room.Capacity,
			Proposal: x.Proposal, Title: p.Title, Topic: ev.Topics[p.Topic].Name,
			Star:  att[p.Proposer].Star,
			Hands: len(w.Votes.ByProposal[x.Proposal]),
		}
	}
	return res
}

// countOnSite counts the attendees on site on day d per affiliation.
func (e *Engine) countOnSite(att []Attendee, d int) {
	clear(e.affOnSite)
	for i := range att {
		if f := e.aff[i]; f >= 0 && att[i].OnSite(d) {
			e.affOnSite[f]++
		}
	}
}

// presence marks who is on site in slot sl (loc −1: the hallway until they
// choose) and who is away (−2), resets fatigue after a long break and sets
// everyone's alertness.
func (e *Engine) presence(w *World, sl *Slot) {
	cfg := &w.Config.Alertness
	hour := sl.Hour()
	rested := grow(e.lagRested, len(e.lags))
	e.lagRested = rested
	for c, lag := range e.lags {
		rested[c] = cfg.Alertness(lag, sl.Day, hour, 0)
	}
	// The per-attendee tables in locals of the attendees' length: no
	// bounds checks, no loads of e's fields.
	att := w.Attendees
	n := len(att)
	loc, fatigue, alert, onSlots, lagOf := e.loc[:n], e.fatigue[:n], e.alert[:n], e.onSlots[:n], e.lagOf[:n]
	day, rest := sl.Day, sl.Break
	for i := range att {
		a := &att[i]
		if !a.OnSite(day) {
			loc[i] = -2
			continue
		}
		if rest {
			fatigue[i] = 0
		}
		var r float64
		if c := lagOf[i]; c >= 0 {
			r = rested[c]
		} else {
			r = cfg.Alertness(a.Jetlag, day, hour, 0)
		}
		// The builtin max is math.Max on every input, NaN and ±0 included.
		alert[i] = r * max(0, 1-fatigue[i])
		onSlots[i]++
		loc[i] = -1
	}
}

// maxLags is how many distinct jet lags presence works out once per slot;
// attendees come from a few time zones.
const maxLags = 64

// indexLags sets e.lags to the attendees' distinct jet lags, the first
// maxLags of them, and e.lagOf[i] to attendee i's index in it, or −1.
// Alertness with fatigue f is the rested alertness (fatigue 0) of the jet
// lag times max(0, 1 − f), exactly as AlertnessConfig.Alertness computes
// it, so presence needs the rested alertness once per jet lag and slot.
func (e *Engine) indexLags(att []Attendee) {
	e.lags = e.lags[:0]
	e.lagOf = grow(e.lagOf, len(att))
	for i := range att {
		lag := att[i].Jetlag
		c := slices.Index(e.lags, lag)
		if c < 0 && len(e.lags) < maxLags && lag == lag { // NaN, equal to none, stays out
			c = len(e.lags)
			e.lags = append(e.lags, lag)
		}
		e.lagOf[i] = int8(c)
	}
}

// seatModerators sets the scene of slot si, whose sessions' records are
// recs: each session with its moderator in, if on site.
func (e *Engine) seatModerators(w *World, si int, recs []SessionRecord, naff int) {
	K := len(recs)
	base := int(e.slotOff[si])
	affIn := e.affIn[:K*naff]
	clear(affIn)
	e.scene.Slot = si
	sc := e.scene.Sessions[:K]
	for k := range recs {
		r := &sc[k]
		*r = Running{Proposal: recs[k].Proposal, Capacity: recs[k].Capacity}
		who := w.Proposals[r.Proposal].Proposer
		if e.loc[who] != -2 {
			e.loc[who] = int32(base + k)
			r.N = 1
			r.Star = w.Attendees[who].Star
			if f := e.aff[who]; f >= 0 {
				affIn[f*K+k]++
			}
		}
		r.Fill = float64(r.N) / float64(r.Capacity)
	}
}

// setArrival makes e.arrival attendee i of a slot of K sessions whose
// colleagues per affiliation and session are affIn.
func (e *Engine) setArrival(i int32, affIn []int32, K int) *Arrival {
	// Field by field, so that Mates, the one pointer, is written once.
	a := &e.arrival
	a.ID, a.Alertness, a.Hallway = int(i), e.alert[i], 0
	if f := e.aff[i]; f >= 0 {
		a.Colleagues, a.Mates = int(e.affOnSite[f])-1, affIn[f*K:f*K+K]
	} else {
		a.Colleagues, a.Mates = 0, nil
	}
	return a
}

// arrive lets the slot's arrivals, everyone on site who moderates nothing,
// choose in a policy-independent random order, and returns that order.
func (e *Engine) arrive(w *World, si, base, K, naff int) []int32 {
	order := e.order[:0]
	for _, i := range e.arrivalOrder(w, si) {
		if e.loc[i] == -1 {
			order = append(order, i)
		}
	}
	e.order = order
	sc := &e.scene
	sc.Sessions = sc.Sessions[:K]
	affIn := e.affIn[:K*naff]
	for _, i := range order {
		a := e.setArrival(i, affIn, K)
		k := e.choices.Choose(sc, a)
		if k == Hallway {
			continue
		}
		if k < 0 || k >= K || sc.Sessions[k].Full() {
			panic(fmt.Sprintf("sim: chooser seated attendee %d in session %d of %d, full or unknown", i, k, K))
		}
		r := &sc.Sessions[k]
		r.N++
		r.Fill = float64(r.N) / float64(r.Capacity)
		e.loc[i] = int32(base + k)
		if w.Attendees[i].Star {
			r.Star = true
		}
		if a.Mates != nil {
			a.Mates[k]++
		}
	}
	return order
}

// hop applies the law of two feet to the slot whose sessions are
// base…base+len(recs)−1: in arrival order, each attendee in a session
// (moderators never arrive) may move once, as the chooser decides.
func (e *Engine) hop(w *World, order []int32, base int, recs []SessionRecord, naff int) {
	K := len(recs)
	sc := &e.scene
	affIn := e.affIn[:K*naff]
	for _, i := range order {
		g := int(e.loc[i])
		if g < 0 {
			continue
		}
		k := g - base
		j := e.choices.Hop(sc, e.setArrival(i, affIn, K), k)
		if j == k {
			continue
		}
		if j < 0 || j >= K || sc.Sessions[j].Full() {
			panic(fmt.Sprintf("sim: chooser moved attendee %d to session %d of %d, full or unknown", i, j, K))
		}
		from, to := &sc.Sessions[k], &sc.Sessions[j]
		from.N--
		to.N++
		from.Fill = float64(from.N) / float64(from.Capacity)
		to.Fill = float64(to.N) / float64(to.Capacity)
		e.loc[i] = int32(base + j)
		recs[k].HopsOut++
		recs[j].HopsIn++
	}
}

// outcome records slot si's sessions (recs) and slot records, adds what
// each attendee gained to their satisfaction, carries fatigue and draws
// the new ties.
func (e *Engine) outcome(w *World, res *Result, si int, recs []SessionRecord) {
	cfg := &w.Config.Alertness
	base := int(e.slotOff[si])
	K := len(recs)
	for k := range recs {
		r := &e.scene.Sessions[k]
		recs[k].Attendance = r.N
		recs[k].Quality = e.qTable[r.N]
		recs[k].TurnedAway = r.TurnedAway
	}
	var onSite, inSess [NumJetlagGroups]int
	var alertSum [NumJetlagGroups]float64
	memOff := e.memOff[:K+1]
	clear(memOff)
	// The per-attendee tables in locals of the attendees' length: no
	// bounds checks, no loads of e's fields.
	att := w.Attendees
	n := len(att)
	loc, alert, match, satSum, fatigue := e.loc[:n], e.alert[:n], e.match[:n], e.satSum[:n], e.fatigue[:n]
	inSession, alertInSes := 0, 0
	for i := range att {
		g := int(loc[i])
		if g == -2 {
			continue
		}
		grp := att[i].Group(cfg.GroupHours)
		onSite[grp]++
		alertSum[grp] += alert[i]
		if g < 0 {
			continue
		}
		inSess[grp]++
		memOff[g-base+1]++
		m := w.Match(i, recs[g-base].Proposal)
		match[i] = m
		satSum[i] += m * recs[g-base].Quality * alert[i]
		fatigue[i] += cfg.Fatigue
		inSession++
		if alert[i] >= cfg.AlertThreshold {
			alertInSes++
		}
	}
	e.inSession += inSession
	e.alertInSes += alertInSes
	sl := &w.Event.Slots[si]
	for gr := range NumJetlagGroups {
		r := &res.Slots[si*NumJetlagGroups+gr]
		*r = SlotRecord{Slot: si, Day: sl.Day, Start: sl.Start, Group: JetlagGroup(gr),
			OnSite: onSite[gr], InSession: inSess[gr], Alertness: math.NaN()}
		if onSite[gr] > 0 {
			r.Alertness = alertSum[gr] / float64(onSite[gr])
		}
	}
	e.groupMembers(memOff, base)
	for k := range K {
		recs[k].NewTies = e.ties(w, &recs[k], e.members[memOff[k]:memOff[k+1]], si)
	}
}

// arrival is one attendee's place in a slot's arrival order: the bits of
// their draw u (positive, so the bits order as the draws do and are equal
// exactly when the draws are) and their ID.
type arrival struct {
	bits uint64
	a    int32
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
		// KeyA of each attendee, the same in every slot.
		keyA := grow(e.arrivalKeys, na)
		e.arrivalKeys = keyA
		for i := range keyA {
			keyA[i] = rng.KeyA(key, i)
		}
		mixC := rng.MixC(0)
		e.arrivalTmp = grow(e.arrivalTmp, 2*na)
		tmp, out := e.arrivalTmp[:na], e.arrivalTmp[na:]
		for sl := range ns {
			mixB := rng.MixB(sl)
			for i, k := range keyA {
				tmp[i] = arrival{math.Float64bits(rng.UniformOf(k, mixB, mixC)), int32(i)}
			}
			e.bucketCount = sortArrivals(tmp, out, e.bucketCount)
			for i, x := range out {
				e.arrivals[sl*na+i] = x.a
			}
		}
		of.seed, of.attendees, of.slots = w.Seed, na, ns
	}
	return e.arrivals[s*na : (s+1)*na]
}

// sortArrivals writes into out the arrivals of in, in ascending ID order
// with draws in (0, 1], sorted by draw, ties by ID. It is a bucket sort:
// the draws are uniform, so dealing them by their leading bits into about
// as many buckets as arrivals leaves a few in each, and an insertion sort
// of the dealt list moves each arrival only past the others of its bucket,
// in O(len(in)) on average, where a comparison sort takes O(n log n).
// Dealing and insertion are stable, so ties keep the ID order. count is
// scratch, returned for reuse.
func sortArrivals(in, out []arrival, count []int32) []int32 {
	n := len(in)
	if n == 0 {
		return count
	}
	// B buckets, a power of two at least n/2: bucket of u is ⌊u·B⌋, exact,
	// and monotone in u.
	B := 1
	for B < n/2 {
		B *= 2
	}
	count = grow(count, B+1)
	clear(count)
	bucket := func(bits uint64) int {
		return min(int(math.Float64frombits(bits)*float64(B)), B-1)
	}
	for _, x := range in {
		count[bucket(x.bits)+1]++
	}
	for b := 1; b <= B; b++ {
		count[b] += count[b-1]
	}
	out = out[:n]
	for _, x := range in {
		b := bucket(x.bits)
		out[count[b]] = x
		count[b]++
	}
	for i := 1; i < n; i++ {
		x := out[i]
		j := i
		for j > 0 && out[j-1].bits > x.bits {
			out[j] = out[j-1]
			j--
		}
		out[j] = x
	}
	return count
}
