package simtest

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/unconf/unconf/sim"
)

// Src returns the source the suite gives a policy for seed: a PCG keyed by
// the seed. Tests that compare with Conformance's runs use it too.
func Src(seed uint64) rand.Source { return rand.NewPCG(seed, 0x706f6c696379) }

// Conformance checks the contract of sim.Policy on every synthetic input
// (Kinds). newPolicy must return a ready policy; it is called once per
// check, so that a policy keeping state between calls is caught. For each
// input the suite checks, under several seeds, that
//
//   - Schedule returns no error and a schedule that passes
//     (*sim.Schedule).Check: every session in a known slot and room, no
//     proposal twice, no room double-booked, no proposer in two sessions of
//     one slot;
//   - there are at most slots × rooms sessions and, when there are
//     proposals, at least half of min(proposals, slots × rooms), rounded up:
//     a policy must not silently drop what it could place;
//   - the same seed gives the same schedule, from a fresh policy value and
//     from the same value called again;
//   - the input, including every Votes slice, is deep-equal before and
//     after.
//
// It also checks that the order of calls across inputs and seeds does not
// matter, and that one policy value used from several goroutines at once
// gives the sequential results (run with -race to catch shared state).
func Conformance(t *testing.T, newPolicy func() sim.Policy) {
	t.Helper()
	seeds := []uint64{1, 2, 3}
	for _, k := range Kinds() {
		t.Run(k.String(), func(t *testing.T) { checkKind(t, newPolicy, k, seeds) })
	}
	t.Run("order", func(t *testing.T) { checkOrder(t, newPolicy, seeds) })
	t.Run("concurrent", func(t *testing.T) { checkConcurrent(t, newPolicy) })
}

// checkKind checks the schedules for input kind k and each seed, that
// they repeat from a fresh policy value and from the same one, and that
// the input is left as it was.
func checkKind(t *testing.T, newPolicy func() sim.Policy, k Kind, seeds []uint64) {
	in := Input(k)
	before := Clone(in)
	recount := reflect.ValueOf(in.Recount).Pointer()
	p := newPolicy()
	for _, seed := range seeds {
		s := run(t, p, in, seed)
		if s == nil {
			return
		}
		checkSchedule(t, in, s, seed)
		if again := run(t, newPolicy(), in, seed); again != nil && !slices.Equal(s.Sessions, again.Sessions) {
			t.Errorf("seed %d: a fresh policy gave another schedule:\n got %v\nwant %v", seed, again.Sessions, s.Sessions)
		}
		if again := run(t, p, in, seed); again != nil && !slices.Equal(s.Sessions, again.Sessions) {
			t.Errorf("seed %d: a second call gave another schedule:\n got %v\nwant %v", seed, again.Sessions, s.Sessions)
		}
	}
	if err := sameInput(in, before); err != "" {
		t.Errorf("policy modified its input: %s", err)
	}
	if reflect.ValueOf(in.Recount).Pointer() != recount {
		t.Errorf("policy replaced Input.Recount")
	}
}

// checkOrder checks that one policy value gives the same schedules when
// called over the kinds and seeds in reverse order.
func checkOrder(t *testing.T, newPolicy func() sim.Policy, seeds []uint64) {
	kinds := Kinds()
	type key struct {
		k    Kind
		seed uint64
	}
	want := make(map[key][]sim.Session)
	p := newPolicy()
	for _, k := range kinds {
		in := Input(k)
		for _, seed := range seeds {
			if s := run(t, p, in, seed); s != nil {
				want[key{k, seed}] = s.Sessions
			}
		}
	}
	// Reverse the kinds and the seeds, reusing one input per kind.
	p = newPolicy()
	for i := len(kinds) - 1; i >= 0; i-- {
		in := Input(kinds[i])
		for j := len(seeds) - 1; j >= 0; j-- {
			s := run(t, p, in, seeds[j])
			if s == nil {
				continue
			}
			if w := want[key{kinds[i], seeds[j]}]; !slices.Equal(s.Sessions, w) {
				t.Errorf("%v, seed %d: schedule depends on call order:\n got %v\nwant %v", kinds[i], seeds[j], s.Sessions, w)
			}
		}
	}
}

// checkConcurrent checks that one policy value called from several
// goroutines at once gives the sequential schedules.
func checkConcurrent(t *testing.T, newPolicy func() sim.Policy) {
	kinds := []Kind{Default, Crowded, Prolific}
	ins := make([]*sim.Input, len(kinds))
	want := make([][]sim.Session, len(kinds))
	p := newPolicy()
	for i, k := range kinds {
		ins[i] = Input(k)
		s := run(t, p, ins[i], 7)
		if s == nil {
			return
		}
		want[i] = s.Sessions
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for j := range kinds {
				i := (g + j) % len(kinds)
				s, err := p.Schedule(ins[i], Src(7))
				if err != nil || s == nil {
					t.Errorf("%v: concurrent call: %v, %v", kinds[i], s, err)
					continue
				}
				if !slices.Equal(s.Sessions, want[i]) {
					t.Errorf("%v: concurrent call gave another schedule than a sequential one", kinds[i])
				}
			}
		})
	}
	wg.Wait()
}

// run calls the policy and reports an error or a nil schedule.
func run(t *testing.T, p sim.Policy, in *sim.Input, seed uint64) *sim.Schedule {
	t.Helper()
	s, err := p.Schedule(in, Src(seed))
	if err != nil {
		t.Errorf("seed %d: Schedule: %v", seed, err)
		return nil
	}
	if s == nil {
		t.Errorf("seed %d: Schedule returned a nil schedule and no error", seed)
	}
	return s
}

// checkSchedule checks the hard constraints and the session count.
func checkSchedule(t *testing.T, in *sim.Input, s *sim.Schedule, seed uint64) {
	t.Helper()
	if err := s.Check(in.Event, in.Proposals); err != nil {
		t.Errorf("seed %d: %v", seed, err)
	}
	cells := len(in.Event.Slots) * len(in.Event.Rooms)
	n := len(s.Sessions)
	if n > cells {
		t.Errorf("seed %d: %d sessions in %d cells", seed, n, cells)
	}
	if atLeast := (min(len(in.Proposals), cells) + 1) / 2; n < atLeast {
		t.Errorf("seed %d: %d sessions from %d proposals in %d cells: want at least %d",
			seed, n, len(in.Proposals), cells, atLeast)
	}
}

// sameInput compares two inputs field by field, ignoring Recount (functions
// are never deep-equal), and names the first difference.
func sameInput(a, b *sim.Input) string {
	x, y := *a, *b
	x.Recount, y.Recount = nil, nil
	v, w := reflect.ValueOf(x), reflect.ValueOf(y)
	for i := range v.NumField() {
		if !reflect.DeepEqual(v.Field(i).Interface(), w.Field(i).Interface()) {
			return "field " + v.Type().Field(i).Name + " changed"
		}
	}
	return ""
}
