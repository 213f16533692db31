package plan

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/unconf/unconf/sim"
)

// maxStickPasses bounds the rounds of stickToPrevious.
const maxStickPasses = 4

// stickToPrevious moves the recommended schedule back towards
// Options.Previous, as a post-step that works for any policy:
//
//   - A candidate move takes a proposal the previous schedule ran back to
//     its previous (slot, room): into that cell if it is empty, swapping
//     with the session there otherwise; a proposal the policy left out
//     comes back into its empty previous cell, or replaces a session that
//     the previous schedule did not run. Moves that break a hard
//     constraint (sim.Schedule.Check) are skipped.
//   - The objective's value v is the mean over the first
//     Options.StickReplicates replicate worlds (not only replicate 0: one
//     world's choice noise alone would decide), v₀ that of the policy's
//     schedule. Each round evaluates every candidate move, then applies
//     them cheapest first, re-evaluating each on the schedule as it is
//     by then, and keeps a move when the schedule's loss from v₀ stays
//     within the budget Options.Stick·|v₀| (a move that costs nothing or
//     gains is always kept). Rounds repeat until one keeps nothing.
//
// It is greedy: it neither searches for the best set of moves nor trades
// one kept session for another, and it judges cost on a few replicates.
// The result is then evaluated on every replicate like any schedule.
func (rep *Report) stickToPrevious(ctx context.Context) (*StickReport, *sim.Schedule, error) {
	o := rep.Options
	base := rep.Candidates[rep.Best]
	k := &sticker{ctx: ctx, rep: rep, nr: len(rep.Event.Rooms)}
	k.prev = make([]int, len(rep.Data.Proposals))
	for i := range k.prev {
		k.prev[i] = -1
	}
	for _, s := range o.Previous.Sessions {
		k.prev[s.Proposal] = s.Slot*k.nr + s.Room
	}
	k.worlds = make([]*sim.World, o.StickReplicates)
	for r := range k.worlds {
		w, _, err := rep.world(r)
		if err != nil {
			return nil, nil, err
		}
		k.worlds[r] = w
	}
	k.vals = make([]float64, len(k.worlds))

	cur := sorted(base.Schedule)
	v0, err := k.value(cur)
	if err != nil {
		return nil, nil, err
	}
	budget := o.Stick * math.Abs(v0)
	vcur := v0
	for range maxStickPasses {
		var kept int
		cur, vcur, kept, err = k.pass(cur, vcur, v0, budget)
		if err != nil {
			return nil, nil, err
		}
		if kept == 0 {
			break
		}
	}
	st := &StickReport{
		Policy: base.Name, Budget: o.Stick, Replicates: len(k.worlds),
		Before: countMoves(base.Schedule, k.prev, k.nr), After: countMoves(cur, k.prev, k.nr),
		Unknown: o.PreviousUnknown,
	}
	if v0 != 0 {
		st.Cost = rep.Objective.gain(v0, vcur) / math.Abs(v0)
	}
	return st, cur, nil
}

// sticker holds what stickToPrevious works with: each proposal's cell in
// the previous schedule (slot·rooms + room, −1 for none) and the worlds
// the objective is judged on.
type sticker struct {
	ctx    context.Context
	rep    *Report
	prev   []int
	nr     int
	worlds []*sim.World
	vals   []float64 // the objective in each world, reused by value
}

// value returns the objective's mean over the worlds under schedule s.
func (k *sticker) value(s *sim.Schedule) (float64, error) {
	err := parallel(k.ctx, len(k.worlds), k.rep.Options.Workers, func() func(r int) error {
		var e sim.Engine
		return func(r int) error {
			res, err := e.Evaluate(k.worlds[r], s)
			if err != nil {
				return err
			}
			k.vals[r] = res.Metrics[k.rep.Objective.Metric]
			return nil
		}
	})
	sum := 0.0
	for _, v := range k.vals {
		sum += v
	}
	return sum / float64(len(k.vals)), err
}

// pass is one round: it evaluates every candidate move on cur, then
// applies them cheapest first, each re-evaluated on the schedule as it is
// by then and kept while the loss from v0 stays within budget (or it
// costs nothing). It returns the schedule, its value and the moves kept.
func (k *sticker) pass(cur *sim.Schedule, vcur, v0, budget float64) (*sim.Schedule, float64, int, error) {
	obj := k.rep.Objective
	type trial struct {
		p    int
		loss float64
	}
	var trials []trial
	for p, pc := range k.prev {
		if pc < 0 {
			continue
		}
		s, ok := k.apply(cur, p)
		if !ok {
			continue
		}
		v, err := k.value(s)
		if err != nil {
			return nil, 0, 0, err
		}
		trials = append(trials, trial{p, obj.gain(v0, v)})
	}
	slices.SortStableFunc(trials, func(a, b trial) int { return cmp.Compare(a.loss, b.loss) })
	kept := 0
	for _, t := range trials {
		s, ok := k.apply(cur, t.p)
		if !ok {
			continue
		}
		v, err := k.value(s)
		if err != nil {
			return nil, 0, 0, err
		}
		if obj.gain(v0, v) <= budget || obj.gain(v, vcur) >= 0 {
			cur, vcur = s, v
			kept++
		}
	}
	return cur, vcur, kept, nil
}

// apply returns cur with proposal p back in its previous cell, or false
// when that is no move or breaks a constraint.
func (k *sticker) apply(cur *sim.Schedule, p int) (*sim.Schedule, bool) {
	pc := k.prev[p]
	slot, room := pc/k.nr, pc%k.nr
	i, j := -1, -1
	for n, s := range cur.Sessions {
		if s.Proposal == p {
			i = n
		}
		if s.Slot == slot && s.Room == room {
			j = n
		}
	}
	if i >= 0 && i == j {
		return nil, false // already there
	}
	next := &sim.Schedule{Sessions: slices.Clone(cur.Sessions)}
	ss := next.Sessions
	switch {
	case i >= 0 && j < 0:
		ss[i].Slot, ss[i].Room = slot, room
	case i >= 0:
		ss[i].Slot, ss[i].Room, ss[j].Slot, ss[j].Room = slot, room, ss[i].Slot, ss[i].Room
	case j < 0:
		next.Sessions = append(ss, sim.Session{Proposal: p, Slot: slot, Room: room})
	case k.prev[ss[j].Proposal] < 0:
		ss[j].Proposal = p
	default:
		return nil, false
	}
	if next.Check(k.rep.Event, k.worlds[0].Proposals) != nil {
		return nil, false
	}
	return sorted(next), true
}

// countMoves compares s with the previous cells prev (−1: not run).
func countMoves(s *sim.Schedule, prev []int, nr int) Moves {
	var m Moves
	run := make([]bool, len(prev))
	for _, x := range s.Sessions {
		run[x.Proposal] = true
		switch pc := prev[x.Proposal]; {
		case pc == x.Slot*nr+x.Room:
			m.Kept++
		case pc >= 0:
			m.Moved++
		default:
			m.New++
		}
	}
	for p, pc := range prev {
		if pc >= 0 && !run[p] {
			m.Dropped++
		}
	}
	return m
}
