package policy

import (
	"math"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim/simtest"
)

// TestCoVoters checks the co-voter matrix, counted from bitsets and from
// voters' pairs of hands, against its definition summed voter by voter:
// spread's counts exactly, jetlag's weighted sums to float32 rounding,
// jetlag's tiredness exactly (it is still summed voter by voter), and the
// two methods bit for bit alike. Inputs: the default-like one (some
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
			for _, method := range []countMethod{bitsets, voterPairs} {
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
