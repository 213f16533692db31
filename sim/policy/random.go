package policy

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// Random is the baseline policy: min(#proposals, slots × rooms) proposals
// (at most #slots of one proposer's) chosen at random, each in a random
// free cell whose slot its proposer is free in (RandomSchedule).
type Random struct{}

// Schedule returns a random schedule drawn from src.
func (Random) Schedule(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
	return RandomSchedule(in, src)
}

// ErrCannotPlace is returned by a policy that chose sessions it cannot place
// without breaking a hard constraint.
var ErrCannotPlace = errors.New("cannot place every chosen session")

// RandomSchedule returns a random schedule: min(#proposals, slots × rooms)
// proposals chosen at random, each put into a random free (slot, room) cell
// such that no proposer moderates two sessions of one slot. It is the
// `random` policy and the baseline of quality_vs_random.
//
// A proposer can run at most one session per slot, so at most #slots of one
// proposer's proposals are chosen (the rest are passed over in the random
// order); with that cap a valid placement always exists. Cells are tried in
// random order; when a proposal finds no free cell in a slot its proposer is
// free in, one session is moved to make room. If that fails too the error
// wraps ErrCannotPlace. in is not modified. Cost O(P + slots × rooms) per
// proposal in the worst case, O(P + cells) typically.
func RandomSchedule(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
	if err := checkPolicyShape("random", in); err != nil {
		return nil, err
	}
	rs := newRandomScheduler(in)
	if err := rs.draw(newDraws(src)); err != nil {
		return nil, err
	}
	s := &sim.Schedule{Sessions: rs.sessions(make([]sim.Session, 0, len(rs.chosen)))}
	return s, nil
}

// Baseline returns the reference points of quality_vs_random on w:
// Random, the mean HandScore of w.Config.Metrics.RandomSchedules schedules
// (one with a nil Config) drawn by RandomSchedule from the stream
// (w.Seed, "baseline") in turn, and Best, sim.BestHandScore. It reads
// the whole world (interests, tastes, hands), so it comes last when a
// world is built. Cost O(n·(P + hands + attendees × slots)) for n
// schedules. A Baseliner computes the same without allocating.
func Baseline(w *sim.World) sim.Baseline {
	return new(Baseliner).Baseline(w)
}

// Baseliner computes Baseline world after world, keeping its buffers (the
// random schedules', their scores') from one world to the next, so that a
// worker drawing many worlds allocates nothing for their baselines once
// the buffers have grown. Its results are Baseline's, bit for bit. The
// zero Baseliner is ready to use; one serves one goroutine.
type Baseliner struct {
	rs    randomScheduler
	ss    []sim.Schedule
	buf   []sim.Session
	score sim.Scorer
}

// Baseline is Baseline with b's buffers.
func (b *Baseliner) Baseline(w *sim.World) sim.Baseline {
	n := 1
	if w.Config != nil && w.Config.Metrics.RandomSchedules > 0 {
		n = w.Config.Metrics.RandomSchedules
	}
	rs := &b.rs
	rs.reset(w.Event, w.Proposals)
	r := newDraws(rng.New(w.Seed, "baseline"))
	ss := grow(b.ss, n)
	buf := slices.Grow(b.buf[:0], n*min(len(w.Proposals), rs.cells))
	for k := range ss {
		if err := rs.draw(r); err != nil {
			// Unreachable: RandomSchedule caps what it chooses so that it
			// can always place it.
			panic(fmt.Sprintf("policy: baseline: %v", err))
		}
		start := len(buf)
		buf = rs.sessions(buf)
		ss[k].Sessions = buf[start:len(buf):len(buf)]
	}
	b.ss, b.buf = ss, buf
	return b.score.Baseline(w, ss)
}

// randomScheduler draws RandomSchedule's schedules of one input: it numbers
// the proposers once and keeps its buffers from one draw to the next (and,
// in a Baseliner, from one world to the next), so that Baseline's many
// draws cost no allocation.
type randomScheduler struct {
	props         []sim.Proposal
	ns, nr, cells int
	mod           []int // dense number of each proposal's proposer
	proposers     int
	ids           []int32 // scratch of reset
	// Scratch of one draw; grid holds its result: the proposal in each
	// cell (slot·nr + room), or -1.
	order, perProposer, chosen, cellOrder, grid []int
	busy                                        []bool
}

// newRandomScheduler prepares the draws of a checked input
// (checkPolicyShape).
func newRandomScheduler(in *sim.Input) *randomScheduler {
	rs := new(randomScheduler)
	rs.reset(in.Event, in.Proposals)
	return rs
}

// reset prepares rs for the draws of the proposals props of event ev,
// reusing its buffers.
func (rs *randomScheduler) reset(ev *sim.Event, props []sim.Proposal) {
	rs.props, rs.ns, rs.nr = props, len(ev.Slots), len(ev.Rooms)
	rs.cells = rs.ns * rs.nr
	// Proposers numbered densely, in order of first proposal, for a
	// proposer × slot table: by a table indexed by attendee (proposers
	// are attendee indices, ≥ 0), cheaper than a map.
	rs.mod = grow(rs.mod, len(props))
	n := 0
	for _, p := range props {
		n = max(n, p.Proposer+1)
	}
	ids := grow(rs.ids, n) // dense number + 1; 0: not seen yet
	clear(ids)
	rs.ids = ids
	rs.proposers = 0
	for i, p := range props {
		if ids[p.Proposer] == 0 {
			rs.proposers++
			ids[p.Proposer] = int32(rs.proposers)
		}
		rs.mod[i] = int(ids[p.Proposer]) - 1
	}
	rs.order = grow(rs.order, len(props))
	rs.perProposer = grow(rs.perProposer, rs.proposers)
	rs.chosen = slices.Grow(rs.chosen[:0], min(len(props), rs.cells))
	rs.cellOrder = grow(rs.cellOrder, rs.cells)
	rs.grid = grow(rs.grid, rs.cells)
	rs.busy = grow(rs.busy, rs.proposers*rs.ns)
}

// grow returns b resized to n, reallocated (contents lost) when too
// small.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// sessions appends the sessions of the last draw to ss, in cell order.
func (rs *randomScheduler) sessions(ss []sim.Session) []sim.Session {
	for c, p := range rs.grid {
		if p >= 0 {
			ss = append(ss, sim.Session{Proposal: p, Slot: c / rs.nr, Room: c % rs.nr})
		}
	}
	return ss
}

// perm sets p to a random permutation of 0…len(p)−1, the one
// rand.New(src).Perm would return: Shuffle's Fisher–Yates, its draws
// (Uint64N is Shuffle's uint64n) without a call of a swap function per
// element.
func perm(r draws, p []int) {
	for i := range p {
		p[i] = i
	}
	if r.pcg == nil {
		for i := len(p) - 1; i > 0; i-- {
			j := int(r.r.Uint64N(uint64(i + 1)))
			p[i], p[j] = p[j], p[i]
		}
		return
	}
	// Uint64N(n) as rand.Rand draws it on a 64-bit platform, inline.
	for i := len(p) - 1; i > 0; i-- {
		n := uint64(i + 1)
		u := r.pcg.Uint64()
		var j uint64
		if n&(n-1) == 0 {
			j = u & (n - 1)
		} else {
			hi, lo := bits.Mul64(u, n)
			if lo < n {
				hi = pcgReject(r.pcg, n, hi, lo)
			}
			j = hi
		}
		p[i], p[j] = p[j], p[i]
	}
}

// draws draws what rand.New(src) draws. From a PCG on a 64-bit platform,
// the most common case, it calls the PCG's Uint64 directly, which the
// compiler inlines, instead of through rand.Rand and the Source interface.
type draws struct {
	pcg *rand.PCG  // src, when a PCG on a 64-bit platform
	r   *rand.Rand // rand.New(src) otherwise
}

func newDraws(src rand.Source) draws {
	if p, ok := src.(*rand.PCG); ok && bits.UintSize == 64 {
		return draws{pcg: p}
	}
	return draws{r: rand.New(src)}
}

// pcgReject is the rare rejection step of rand.Rand's Uint64N(n) (Lemire's
// multiply, math/rand/v2's uint64n) on a 64-bit platform, from a first
// multiply hi, lo with lo < n.
func pcgReject(p *rand.PCG, n, hi, lo uint64) uint64 {
	thresh := -n % n
	for lo < thresh {
		hi, lo = bits.Mul64(p.Uint64(), n)
	}
	return hi
}

// draw fills rs.grid with a random schedule drawn from r.
func (rs *randomScheduler) draw(r draws) error {
	ns, cells := rs.ns, rs.cells
	mod := rs.mod

	// Choose: a random order of proposals, at most ns per proposer.
	order := rs.order
	perm(r, order)
	perProposer := rs.perProposer
	clear(perProposer)
	chosen := rs.chosen[:0]
	for _, p := range order {
		if len(chosen) == cells {
			break
		}
		if perProposer[mod[p]] >= ns {
			continue
		}
		perProposer[mod[p]]++
		chosen = append(chosen, p)
	}
	rs.chosen = chosen

	// Place: walk a random permutation of the cells for each proposal.
	cellOrder := rs.cellOrder
	perm(r, cellOrder)
	grid := rs.grid
	for i := range grid {
		grid[i] = -1
	}
	// busy[k*ns+s] is whether proposer k moderates in slot s.
	clear(rs.busy)
	t := table{grid: grid, busy: rs.busy, mod: mod, ns: ns, nr: rs.nr}
	start := 0 // cellOrder before start is all taken
	for _, p := range chosen {
		placed := false
		for i := start; i < cells; i++ {
			c := cellOrder[i]
			if grid[c] >= 0 || t.isBusy(p, c/rs.nr) {
				continue
			}
			t.put(p, c)
			placed = true
			break
		}
		for start < cells && grid[cellOrder[start]] >= 0 {
			start++
		}
		if !placed && !t.repair(p) {
			return fmt.Errorf("policy: random schedule: proposal %d (%q): %w", p, rs.props[p].Title, ErrCannotPlace)
		}
	}
	return nil
}

// table is a grid being filled: grid[cell] is the proposal there or -1,
// busy[k*ns+s] whether proposer k (dense number mod[p] of proposal p's
// proposer) moderates in slot s.
type table struct {
	grid, mod []int
	busy      []bool
	ns, nr    int
}

func (t *table) isBusy(p, s int) bool { return t.busy[t.mod[p]*t.ns+s] }

func (t *table) put(p, c int) {
	t.grid[c] = p
	t.busy[t.mod[p]*t.ns+c/t.nr] = true
}

func (t *table) take(c int) {
	p := t.grid[c]
	t.grid[c] = -1
	t.busy[t.mod[p]*t.ns+c/t.nr] = false
}

// repair places proposal p when every free cell lies in a slot p's proposer
// already moderates in: it finds a session q in a slot where p's proposer is
// free whose own proposer is free in a slot with an empty cell, moves q to
// that empty cell and puts p in q's old cell.
//
// Such a q exists whenever p's proposer is free in some slot s (at most
// #slots proposals per proposer): s is then full, and if each of its nr
// sessions' proposers were busy in a slot e with a free cell, e would hold
// those nr sessions plus one of p's proposer, more than its nr rooms.
func (t *table) repair(p int) bool {
	for s := 0; s < t.ns; s++ {
		if t.isBusy(p, s) {
			continue
		}
		for c := s * t.nr; c < (s+1)*t.nr; c++ {
			q := t.grid[c]
			if q < 0 {
				continue // unreachable: p would have been placed here
			}
			for e, x := range t.grid {
				if x >= 0 || e/t.nr == s || t.isBusy(q, e/t.nr) {
					continue
				}
				t.take(c)
				t.put(q, e)
				t.put(p, c)
				return true
			}
		}
	}
	return false
}
