package policy

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim/simtest"
)

// TestCoVoters checks the co-voter matrix, counted from bitsets (word by
// word and class by class) and from voters' pairs of hands, against its
// definition summed voter by voter: spread's counts exactly, jetlag's
// weighted sums to float32 rounding, jetlag's tiredness exactly (it is
// still summed voter by voter), and the methods bit for bit alike. Inputs: the default-like one (some
// attendees on site one day only) and the crowded one.
func TestCoVoters(t *testing.T) {
	for _, kind := range []simtest.Kind{simtest.Default, simtest.Crowded} {
		in := simtest.Input(kind)
		for _, alertWeight := range []float64{0, 5} {
			st := newSpreadState(in, alertWeight)
			n, L, ns := st.n, st.layers, st.ns
			idx := make([]int, len(in.Proposals))
			for p := range idx {
				idx[p] = -1
			}
			for i, p := range st.chosen {
				idx[p] = i
			}
			conf := make([]float64, L*n*n)
			tired := make([]float64, n*ns)
			w := make([]float64, L)
			for a, hands := range in.Hands.ByAttendee {
				var mine []int
				for _, p := range hands {
					if i := idx[p]; i >= 0 {
						mine = append(mine, i)
					}
				}
				w[0] = 1
				if alertWeight > 0 {
					var days uint64
					if a < len(in.OnSite) {
						days = in.OnSite[a]
					}
					voterWeights(in, declaredJetlag(in, a), days, w)
					for _, i := range mine {
						for s, x := range w {
							tired[i*ns+s] += alertWeight * (1 - x)
						}
					}
				}
				for x, i := range mine {
					for _, k := range mine[x+1:] {
						for l, v := range w {
							conf[(i*n+k)*L+l] += v
							conf[(k*n+i)*L+l] += v
						}
					}
				}
			}
			for _, method := range []countMethod{bitsets, voterPairs, bitsByWord, bitsByClass} {
				other := *st
				other.conf = make([]float32, len(st.conf))
				other.tired = make([]float64, len(st.tired))
				other.coVoters(in, idx, alertWeight, method)
				if !slices.Equal(other.conf, st.conf) || !slices.Equal(other.tired, st.tired) {
					t.Fatalf("%v, alert weight %v: method %d gives other counts", kind, alertWeight, method)
				}
			}
			for j, want := range conf {
				got := float64(st.conf[j])
				if alertWeight == 0 && got != want || math.Abs(got-want) > 1e-6*max(1, want) {
					t.Fatalf("%v, alert weight %v: conf[%d] = %v, want %v", kind, alertWeight, j, got, want)
				}
			}
			for j, want := range tired {
				if alertWeight > 0 && st.tired[j] != want {
					t.Fatalf("%v: tired[%d] = %v, want %v", kind, j, st.tired[j], want)
				}
			}
		}
	}
}

// TestLinkSums checks link's kept sums: after the greedy construction and
// after every few search steps, link of every chosen proposal, slot and
// skip equals, bit for bit, the sum over the slot's members in member
// order less skip's, added afresh. Spread's sums are whole numbers,
// jetlag's are not, so a sum added in another order would differ.
func TestLinkSums(t *testing.T) {
	fresh := func(st *spreadState, i, s, skip int) float64 {
		L, l := st.layers, 0
		if L > 1 {
			l = s
		}
		row := st.conf[i*st.n*L : (i+1)*st.n*L]
		sum := 0.0
		for _, k := range st.members(s) {
			sum += float64(row[k*L+l])
		}
		if skip >= 0 {
			sum -= float64(row[skip*L+l])
		}
		return sum
	}
	for _, kind := range []simtest.Kind{simtest.Default, simtest.Crowded} {
		in := simtest.Input(kind)
		for _, alertWeight := range []float64{0, 5} {
			st := newSpreadState(in, alertWeight)
			if !st.greedy() {
				st.roundRobin()
			}
			r := rand.New(rand.NewPCG(9, 10))
			check := func(step int) {
				t.Helper()
				for i := range st.n {
					for s := range st.ns {
						for _, skip := range []int{-1, r.IntN(st.n)} {
							if got, want := st.link(i, s, skip), fresh(st, i, s, skip); got != want {
								t.Fatalf("%v, alert weight %v, step %d: link(%d, %d, %d) = %v, want %v",
									kind, alertWeight, step, i, s, skip, got, want)
							}
						}
					}
				}
			}
			for step := range 200 {
				check(step)
				// A proposal out and back in, as the search's moves do
				// in two steps.
				i := r.IntN(st.n)
				s := st.slot[i]
				st.remove(i)
				check(step)
				st.add(i, s)
				st.search(50, r)
			}
		}
	}
}

// TestPopAnd checks popAnd, four words at a time then one by one, against
// the bits counted one by one, for lengths 0 to 13.
func TestPopAnd(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for n := range 14 {
		a, b := make([]uint64, n), make([]uint64, n)
		want := 0
		for w := range a {
			a[w], b[w] = r.Uint64(), r.Uint64()
			for bit := range 64 {
				if a[w]&b[w]&(1<<bit) != 0 {
					want++
				}
			}
		}
		if got := popAnd(a, b); got != want {
			t.Errorf("%d words: popAnd = %d, want %d", n, got, want)
		}
	}
}

// TestStorePairs8 checks that storePairs8 stores jetlag's weighted
// co-voters bit for bit as storePairs does, for 1 to 8 classes, with
// and without classes of no co-voter (which storePairs skips and
// storePairs8 adds as zeros).
func TestStorePairs8(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	const n, L = 6, 5
	for C := 1; C <= 8; C++ {
		for _, zeros := range []bool{false, true} {
			cs := voterClasses{classes: make([]voterClass, C)}
			for c := range cs.classes {
				cs.classes[c].w = make([]float64, L)
				for l := range L {
					cs.classes[c].w[l] = r.Float64() * math.Pow(10, float64(r.IntN(7)-3))
				}
			}
			count := make([]int32, n*C)
			for j := range count {
				count[j] = int32(1 + r.IntN(5000))
				if zeros && r.IntN(3) == 0 {
					count[j] = 0
				}
			}
			ks := []int{1, 2, 3, 4, 5}
			want := &spreadState{n: n, layers: L, conf: make([]float32, n*n*L)}
			got := &spreadState{n: n, layers: L, conf: make([]float32, n*n*L)}
			c1, c2 := slices.Clone(count), slices.Clone(count)
			t1, t2 := make([]bool, n), make([]bool, n)
			want.storePairs(0, ks, cs, c1, t1, make([]float64, L), true)
			got.storePairs8(0, ks, C, c2, t2, eightWeights(cs, L))
			if !slices.Equal(got.conf, want.conf) {
				t.Errorf("%d classes, zeros %v: storePairs8 %v, storePairs %v", C, zeros, got.conf, want.conf)
			}
			if !slices.Equal(c2, c1) || !slices.Equal(t2, t1) {
				t.Errorf("%d classes: counts or touched not cleared as storePairs clears them", C)
			}
		}
	}
}

// TestEightWeights checks the layout of storePairs8's weights and that
// more than eight classes, or a weight that is not finite (0 · Inf and
// 0 · NaN are not the zero storePairs8 counts on), leave storePairs8 out.
func TestEightWeights(t *testing.T) {
	const L = 3
	classes := func(C int) voterClasses {
		cs := voterClasses{classes: make([]voterClass, C)}
		for c := range cs.classes {
			cs.classes[c].w = []float64{float64(c), float64(10 + c), float64(20 + c)}
		}
		return cs
	}
	w8 := eightWeights(classes(8), L)
	for l := range L {
		for c := range 8 {
			if w8[l][c] != float64(10*l+c) {
				t.Fatalf("w8[%d][%d] = %v, want %v", l, c, w8[l][c], 10*l+c)
			}
		}
	}
	if eightWeights(classes(9), L) != nil {
		t.Error("9 classes: want nil")
	}
	for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		cs := classes(3)
		cs.classes[1].w[2] = bad
		if eightWeights(cs, L) != nil {
			t.Errorf("weight %v: want nil", bad)
		}
	}
}

// TestChosenHands checks chosenHands against appending the chosen
// indices one by one, for every subset of six hands chosen, after an
// existing list with no room to spare and with room.
func TestChosenHands(t *testing.T) {
	hands := []int32{0, 1, 2, 3, 4, 5}
	for set := range 1 << len(hands) {
		idx := make([]int, len(hands))
		var want []int32
		for p := range idx {
			idx[p] = -1
			if set&(1<<p) != 0 {
				idx[p] = 10 + p
			}
		}
		for _, prefix := range [][]int32{{7}, append(make([]int32, 0, 20), 7)} {
			want = append(want[:0], 7)
			for _, p := range hands {
				if idx[p] >= 0 {
					want = append(want, int32(idx[p]))
				}
			}
			if got := chosenHands(prefix, hands, idx); !slices.Equal(got, want) {
				t.Errorf("chosen %06b: %v, want %v", set, got, want)
			}
		}
	}
}
