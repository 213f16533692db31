package policy

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// gridEvent returns a one-day event with the given slots and rooms.
func gridEvent(t testing.TB, slots, rooms int) *sim.Event {
	t.Helper()
	c := &sim.EventConfig{
		Days:      1,
		StartDate: "2017-12-01",
		Rooms:     []sim.RoomGroup{{Name: "Room", Count: rooms, Capacity: 20}},
		Topics:    []sim.TopicConfig{{Name: "A", Popularity: 1}},
	}
	for s := range slots {
		c.Slots = append(c.Slots, sim.SlotConfig{Start: fmt.Sprintf("%02d:00", 8+s), Minutes: 60})
	}
	ev, err := sim.NewEvent(c, 90)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// proposals returns n proposals; proposer(i) names the proposer of the i-th.
func proposals(n int, proposer func(i int) int) []sim.Proposal {
	ps := make([]sim.Proposal, n)
	for i := range ps {
		ps[i] = sim.Proposal{ID: i, Proposer: proposer(i), Second: -1, Title: fmt.Sprint("P", i)}
	}
	return ps
}

func TestRandomSchedule(t *testing.T) {
	for _, tc := range []struct {
		name         string
		slots, rooms int
		props        []sim.Proposal
		want         int // sessions placed
	}{
		{"few", 6, 10, proposals(30, func(i int) int { return i / 2 }), 30},
		{"exactly full", 6, 10, proposals(60, func(i int) int { return i / 2 }), 60},
		{"more than cells", 6, 10, proposals(85, func(i int) int { return i / 2 }), 60},
		{"none", 6, 10, nil, 0},
		// Proposer 0 holds a proposal in every slot of a full grid: only a
		// repair can place the last ones at times.
		{"busy proposer", 3, 2, proposals(6, func(i int) int { return []int{0, 1, 2, 0, 0, 3}[i] }), 6},
		{"one per slot", 4, 1, proposals(4, func(int) int { return 0 }), 4},
		// One proposer, more proposals than slots: at most one per slot.
		{"capped proposer", 3, 4, proposals(7, func(int) int { return 5 }), 3},
		{"tight", 2, 3, proposals(6, func(i int) int { return i % 3 }), 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := gridEvent(t, tc.slots, tc.rooms)
			in := &sim.Input{Event: ev, Proposals: tc.props}
			orig := slices.Clone(tc.props)
			for seed := range uint64(300) {
				s, err := RandomSchedule(in, rng.New(seed, "test"))
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				if err := s.Check(ev, tc.props); err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				if len(s.Sessions) != tc.want {
					t.Fatalf("seed %d: %d sessions, want %d", seed, len(s.Sessions), tc.want)
				}
				again, _ := RandomSchedule(in, rng.New(seed, "test"))
				if !reflect.DeepEqual(s, again) {
					t.Fatalf("seed %d: two calls gave different schedules", seed)
				}
			}
			if !reflect.DeepEqual(orig, tc.props) {
				t.Errorf("RandomSchedule modified the proposals")
			}
		})
	}
}

// TestRandomScheduleIsRandom checks that every proposal lands in every cell
// sometimes and in each about equally often when half the proposals fit.
func TestRandomScheduleIsRandom(t *testing.T) {
	const seeds = 4000
	ev := gridEvent(t, 3, 2)
	props := proposals(12, func(i int) int { return i })
	in := &sim.Input{Event: ev, Proposals: props}
	count := make([][]int, len(props)) // proposal × cell
	for p := range count {
		count[p] = make([]int, 6)
	}
	differ := 0
	var prev *sim.Schedule
	for seed := range uint64(seeds) {
		s, err := RandomSchedule(in, rng.New(seed, "test"))
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range s.Sessions {
			count[x.Proposal][x.Slot*2+x.Room]++
		}
		if prev != nil && !reflect.DeepEqual(prev, s) {
			differ++
		}
		prev = s
	}
	if differ < seeds*9/10 {
		t.Errorf("only %d of %d consecutive seeds gave different schedules", differ, seeds-1)
	}
	// Each (proposal, cell) has probability 1/12: expect 333 ± 3·17.
	want := float64(seeds) / 12
	for p, row := range count {
		for c, n := range row {
			if d := float64(n) - want; d > 60 || d < -60 {
				t.Errorf("proposal %d in cell %d %d times, want about %.0f", p, c, n, want)
			}
		}
	}
}

func TestRepairFindsRoom(t *testing.T) {
	// 2 slots × 2 rooms. Proposer 9 moderates P0 in slot 0, where the only
	// free cell is; slot 1 is full with P1, P2. P3 (proposer 9) fits only
	// if P1 or P2 moves to slot 0.
	props := []sim.Proposal{{ID: 0, Proposer: 9}, {ID: 1, Proposer: 1}, {ID: 2, Proposer: 2}, {ID: 3, Proposer: 9}}
	mod := []int{0, 1, 2, 0}
	tb := table{grid: []int{-1, -1, -1, -1}, busy: make([]bool, 3*2), mod: mod, ns: 2, nr: 2}
	tb.put(0, 0)
	tb.put(1, 2)
	tb.put(2, 3)
	if !tb.repair(3) {
		t.Fatal("repair failed")
	}
	s := &sim.Schedule{}
	for c, p := range tb.grid {
		if p >= 0 {
			s.Sessions = append(s.Sessions, sim.Session{Proposal: p, Slot: c / 2, Room: c % 2})
		}
	}
	ev := gridEvent(t, 2, 2)
	if err := s.Check(ev, props); err != nil || len(s.Sessions) != 4 {
		t.Errorf("after repair: %v (%d sessions, want 4)", err, len(s.Sessions))
	}
}

// TestRandomScheduleBadProposer checks that a proposer ID below 0 (which
// numbers no attendee, nor a row of the proposers' table) is an error,
// not a panic.
func TestRandomScheduleBadProposer(t *testing.T) {
	in := &sim.Input{Event: gridEvent(t, 2, 2), Proposals: proposals(3, func(i int) int { return i - 1 })}
	if _, err := RandomSchedule(in, rng.New(1, "test")); err == nil || !strings.Contains(err.Error(), "proposer -1") {
		t.Errorf("RandomSchedule with proposer -1: error %v, want one naming proposer -1", err)
	}
}

// TestPerm: perm draws rand.Rand's Perm from the same draws, and leaves
// the stream where Perm leaves it, with a PCG called directly and with
// another source (through rand.Rand).
func TestPerm(t *testing.T) {
	for _, src := range []struct {
		name string
		new  func(seed uint64) rand.Source
	}{
		{"pcg", func(seed uint64) rand.Source { return rand.NewPCG(seed, 1) }},
		{"chacha8", func(seed uint64) rand.Source { return rand.NewChaCha8([32]byte{byte(seed)}) }},
	} {
		for _, n := range []int{0, 1, 2, 3, 7, 16, 17, 39, 64, 65, 257, 1000} {
			for seed := range uint64(5) {
				a, b := src.new(seed), rand.New(src.new(seed))
				d := newDraws(a)
				if (d.pcg != nil) != (src.name == "pcg") {
					t.Fatalf("%s: newDraws calls the PCG directly: %v", src.name, d.pcg != nil)
				}
				p := make([]int, n)
				perm(d, p)
				if want := b.Perm(n); !slices.Equal(p, want) {
					t.Fatalf("%s, n %d, seed %d: perm %v, want %v", src.name, n, seed, p, want)
				}
				if a.Uint64() != b.Uint64() {
					t.Fatalf("%s, n %d, seed %d: the streams differ after the permutation", src.name, n, seed)
				}
			}
		}
	}
}

// TestPCGReject: Lemire's multiply with pcgReject, as perm draws, is
// rand.Rand's Uint64N, bit for bit, for bounds whose rejection step is
// common (just above 2⁶³, about half the draws) as well as small ones.
func TestPCGReject(t *testing.T) {
	for _, n := range []uint64{3, 10, 1<<32 + 1, 1<<63 + 1, 1<<63 + 12345, 3 << 62, 1<<64 - 1} {
		pcg, ref := rand.NewPCG(n, 9), &countingSource{src: rand.NewPCG(n, 9)}
		r := rand.New(ref)
		const draws = 2000
		for k := range draws {
			hi, lo := bits.Mul64(pcg.Uint64(), n)
			if lo < n {
				hi = pcgReject(pcg, n, hi, lo)
			}
			if got, want := hi, r.Uint64N(n); got != want {
				t.Fatalf("n %d, draw %d: %d, want %d", n, k, got, want)
			}
		}
		if g, w := pcg.Uint64(), r.Uint64(); g != w {
			t.Fatalf("n %d: the streams differ after the draws", n)
		}
		if n > 1<<63 && n <= 3<<62 && ref.n < draws*9/8 {
			t.Errorf("n %d: %d words for %d draws: the rejection step went untested", n, ref.n, draws)
		}
	}
}

// countingSource counts the words drawn from src.
type countingSource struct {
	src rand.Source
	n   int
}

func (c *countingSource) Uint64() uint64 { c.n++; return c.src.Uint64() }
