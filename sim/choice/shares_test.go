package choice_test

import (
	"math"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/rng"
	"github.com/unconf/unconf/sim/simtest"
)

// TestSharesMatchLogit checks the noise draws' distribution through the
// choices they make: attendees of the same interests choosing among
// sessions with room and the hallway take option k with the logit
// probability exp(v_k/Noise)/Σ exp(v_j/Noise), v the options' systematic
// values. 20,000 choices (5,000 attendees in four slots), the shares
// checked by a chi-square at the 0.1% level.
func TestSharesMatchLogit(t *testing.T) {
	const n, slots = 5000, 4
	w := simtest.ChooserWorld(false)
	proto := w.Attendees[0]
	w.Attendees = make([]sim.Attendee, n)
	for i := range w.Attendees {
		w.Attendees[i] = proto
		w.Attendees[i].ID = i
	}
	l := choice.Logit{Interest: 3, Star: 0.5, Outside: 1, Noise: 0.7, Appeal: 0.4}
	c := l.Start(w, nil)
	for _, props := range [][]int{{0, 1, 2, 3}, {6, 4, 1}} {
		K := len(props)
		counts := make([]float64, K+1)
		var v []float64
		for slot := range slots {
			sc := &sim.Scene{Slot: slot}
			for k, p := range props {
				sc.Sessions = append(sc.Sessions, sim.Running{Proposal: p, Capacity: 10 * n, Star: k == 1})
			}
			v = v[:0]
			for k, p := range props {
				// The appeal is the proposal's own, the same number in
				// every choice: the systematic value Choose adds it to.
				v = append(v, l.Utility(w.Match(0, p), k == 1, proto.Sociability, 0, 0)+appeal(w, l.Appeal, p))
			}
			v = append(v, l.Outside)
			for i := range n {
				a := sim.Arrival{ID: i, Alertness: 1}
				k := c.Choose(sc, &a)
				if k == sim.Hallway {
					k = K
				}
				counts[k]++
			}
		}
		total, sum := float64(n*slots), 0.0
		for _, x := range v {
			sum += math.Exp(x / l.Noise)
		}
		chi := 0.0
		for k, o := range counts {
			want := total * math.Exp(v[k]/l.Noise) / sum
			chi += (o - want) * (o - want) / want
		}
		// 0.1% points of the chi-square with K degrees of freedom.
		if crit := map[int]float64{3: 16.27, 4: 18.47}[K]; chi > crit {
			t.Errorf("proposals %v: counts %v, values %v: chi-square %.1f, want under %.2f", props, counts, v, chi, crit)
		}
	}
}

// appeal is proposal p's appeal in a choice of Logit's under w: scale
// times its normal draw.
func appeal(w *sim.World, scale float64, p int) float64 {
	return scale * rng.Normal(rng.Key(w.Seed, "appeal"), p, 0, 0)
}
