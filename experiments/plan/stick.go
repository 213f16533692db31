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
	nr := len(rep.Event.Rooms)
	prev := make([]int, len(rep.Data.Proposals)) // previous cell, −1 none
	for i := range prev {
		prev[i] = -1
	}
	for _, s := range o.Previous.Sessions {
		prev[s.Proposal] = s.Slot*nr + s.Room
	}

	K := o.StickReplicates
	worlds := make([]*sim.World, K)
	for r := range worlds {
		w, err := rep.world(r)
		if err != nil {
			return nil, nil, err
		}
		worlds[r] = w
	}
	props := worlds[0].Proposals
	obj := rep.Objective
	vals := make([]float64, K)
	value := func(s *sim.Schedule) (float64, error) {
		err := parallel(ctx, K, o.Workers, func() func(r int) error {
			var e sim.Engine
			return func(r int) error {
				res, err := e.Evaluate(worlds[r], s)
				if err != nil {
					return err
				}
				vals[r] = res.Metrics[obj.Metric]
				return nil
			}
		})
		sum := 0.0
		for _, v := range vals {
			sum += v
		}
		return sum / float64(K), err
	}

	cur := sorted(base.Schedule)
	v0, err := value(cur)
	if err != nil {
		return nil, nil, err
	}
	budget := o.Stick * math.Abs(v0)
	loss := func(v float64) float64 { return obj.gain(v0, v) }
	vcur := v0

	// apply returns cur with proposal p back in its previous cell, or
	// false when that is no move or breaks a constraint.
	apply := func(cur *sim.Schedule, p int) (*sim.Schedule, bool) {
		pc := prev[p]
		slot, room := pc/nr, pc%nr
		i, j := -1, -1
		for k, s := range cur.Sessions {
			if s.Proposal == p {
				i = k
			}
			if s.Slot == slot && s.Room == room {
				j = k
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
		case prev[ss[j].Proposal] < 0:
			ss[j].Proposal = p
		default:
			return nil, false
		}
		if next.Check(rep.Event, props) != nil {
			return nil, false
		}
		return sorted(next), true
	}

	for range maxStickPasses {
		type trial struct {
			p    int
			loss float64
		}
		var trials []trial
		for p, pc := range prev {
			if pc < 0 {
				continue
			}
			s, ok := apply(cur, p)
			if !ok {
				continue
			}
			v, err := value(s)
			if err != nil {
				return nil, nil, err
			}
			trials = append(trials, trial{p, loss(v)})
		}
		slices.SortStableFunc(trials, func(a, b trial) int { return cmp.Compare(a.loss, b.loss) })
		kept := 0
		for _, t := range trials {
			s, ok := apply(cur, t.p)
			if !ok {
				continue
			}
			v, err := value(s)
			if err != nil {
				return nil, nil, err
			}
			if loss(v) <= budget || obj.gain(v, vcur) >= 0 {
				cur, vcur = s, v
				kept++
			}
		}
		if kept == 0 {
			break
		}
	}
	st := &StickReport{
		Policy: base.Name, Budget: o.Stick, Replicates: K,
		Before: countMoves(base.Schedule, prev, nr), After: countMoves(cur, prev, nr),
		Unknown: o.PreviousUnknown,
	}
	if v0 != 0 {
		st.Cost = loss(vcur) / math.Abs(v0)
	}
	return st, cur, nil
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
