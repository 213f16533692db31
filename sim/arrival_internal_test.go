package sim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// sortArrivalsByDraw is the arrival order's definition: ascending draw,
// ties by ID, by a comparison sort.
func sortArrivalsByDraw(in []arrival) []arrival {
	out := slices.Clone(in)
	slices.SortFunc(out, func(a, b arrival) int {
		u, v := math.Float64frombits(a.bits), math.Float64frombits(b.bits)
		return cmp.Or(cmp.Compare(u, v), cmp.Compare(a.a, b.a))
	})
	return out
}

// TestSortArrivals checks the bucket sort of arrivals against a comparison
// sort by (draw, ID): uniform draws, draws crowded into one bucket, many
// equal draws (ties by ID), draws of 1 (the largest, (2⁵³ − 0.5)/2⁵³
// rounded) and of the smallest, for sizes from 0 to past a power of two.
func TestSortArrivals(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	draws := map[string]func() float64{
		"uniform":   func() float64 { return rng.UniformOf(r.Uint64(), 0, 0) },
		"crowded":   func() float64 { return 0.5 + r.Float64()/1e6 },
		"few":       func() float64 { return float64(1+r.IntN(4)) / 5 },
		"extremes":  func() float64 { return []float64{1, 0.5 / (1 << 53), 0.25}[r.IntN(3)] },
		"low, tied": func() float64 { return float64(r.IntN(3)+1) / (1 << 40) },
	}
	var count []int32
	for name, draw := range draws {
		for _, n := range []int{0, 1, 2, 3, 7, 64, 65, 200, 1000, 5000} {
			in := make([]arrival, n)
			for i := range in {
				in[i] = arrival{math.Float64bits(draw()), int32(i)}
			}
			out := make([]arrival, n)
			count = sortArrivals(in, out, count)
			if want := sortArrivalsByDraw(in); !slices.Equal(out, want) {
				t.Fatalf("%s draws, %d arrivals: order differs from (draw, ID):\ngot  %v\nwant %v", name, n, out, want)
			}
		}
	}
}

// TestArrivalOrder checks the engine's arrival order of every slot against
// its definition, ascending rng.Uniform(rng.Key(seed, "arrival"), i, s, 0)
// ties by ID, and that it follows the world's seed and size.
func TestArrivalOrder(t *testing.T) {
	var e Engine
	for _, c := range []struct {
		seed      uint64
		attendees int
	}{{1, 200}, {2, 200}, {2, 37}, {3, 5000}} {
		w := &World{Seed: c.seed, Attendees: make([]Attendee, c.attendees), Event: &Event{Slots: make([]Slot, 4)}}
		key := rng.Key(c.seed, "arrival")
		for s := range w.Event.Slots {
			in := make([]arrival, c.attendees)
			for i := range in {
				in[i] = arrival{math.Float64bits(rng.Uniform(key, i, s, 0)), int32(i)}
			}
			want := sortArrivalsByDraw(in)
			got := e.arrivalOrder(w, s)
			if len(got) != len(want) {
				t.Fatalf("seed %d, %d attendees, slot %d: %d arrivals", c.seed, c.attendees, s, len(got))
			}
			for k := range got {
				if got[k] != want[k].a {
					t.Fatalf("seed %d, %d attendees, slot %d: arrival %d is %d, want %d", c.seed, c.attendees, s, k, got[k], want[k].a)
				}
			}
		}
	}
}
