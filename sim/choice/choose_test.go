package choice_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/choice"
	"github.com/unconf/unconf/sim/rng"
)

// TestChooseMatchesDefinition checks Logit's Choose against its
// definition, option by option: every session's utility (Utility of
// World.Match, the colleagues' share, the star, the crowding, plus the
// appeal) and the hallway's, each plus Noise·rng.GumbelCross(key, i,
// proposal, slot); the options tried from the best down (sessions before
// the hallway, earlier rooms first on ties), each full room turning the
// arrival away. On the default world with rooms full or not, stars,
// colleagues, no noise, much noise (wide bins in gumbelMax), large or
// negative stars, much appeal and crowding that adds, with lasting
// tastes in every other round.
func TestChooseMatchesDefinition(t *testing.T) {
	w, s, _ := benchWorld(t, defaultModel(t))
	r := rand.New(rand.NewPCG(15, 16))
	n := len(w.Attendees)
	key := rng.Key(w.Seed, "choice")
	appealKey := rng.Key(w.Seed, "appeal")
	chosen, turned := 0, 0
	np := len(w.Proposals)
	for round := range 84 {
		w.Taste = nil
		if round%2 == 1 {
			w.Taste = make([]float32, n*np)
			for x := range w.Taste {
				w.Taste[x] = float32(r.NormFloat64() / 4)
			}
		}
		l := choice.NewLogit(&w.Config.Choice)
		switch round % 7 {
		case 6:
			l.Noise = 3 // wide bins at the tails
		case 1:
			l.Noise = 0
		case 2:
			l.Star, l.Appeal = 3, 2
		case 3:
			l.Crowd = -2 // crowding adds: no bound
		case 4:
			l.Star = -1
		case 5:
			l.Noise, l.Interest = 0.05, 8
		}
		c := l.Start(w, nil)
		for si := range w.Event.Slots {
			var sess []sim.Running
			for _, x := range s.Sessions {
				if x.Slot == si {
					capacity := 1 + r.IntN(12)
					x := sim.Running{Proposal: x.Proposal, Capacity: capacity, N: r.IntN(capacity + 1), Star: r.IntN(4) == 0}
					x.Fill = float64(x.N) / float64(x.Capacity)
					sess = append(sess, x)
				}
			}
			K := len(sess)
			sc := &sim.Scene{Slot: si, Sessions: sess}
			for _, i := range r.Perm(n)[:n/2] {
				a := sim.Arrival{ID: i, Alertness: 1, Hallway: r.NormFloat64()}
				if r.IntN(2) == 0 {
					a.Colleagues = 1 + r.IntN(5)
					a.Mates = make([]int32, K)
					for k := range a.Mates {
						a.Mates[k] = int32(r.IntN(a.Colleagues + 1))
					}
				}
				// The definition: values, then from the best down.
				v := make([]float64, K+1)
				for k, x := range sess {
					tie := 0.0
					if a.Colleagues > 0 {
						tie = float64(a.Mates[k]) / float64(a.Colleagues)
					}
					v[k] = l.Utility(w.Match(i, x.Proposal), x.Star, w.Attendees[i].Sociability, tie, x.Fill)
					if l.Appeal != 0 {
						v[k] += l.Appeal * rng.Normal(appealKey, x.Proposal, 0, 0)
					}
					if l.Noise != 0 {
						v[k] += l.Noise * rng.GumbelCross(key, i, x.Proposal, si)
					}
				}
				v[K] = l.Outside + a.Hallway
				if l.Noise != 0 {
					v[K] += l.Noise * rng.GumbelCross(key, i, -1, si)
				}
				wantTurned := make([]int, K)
				want, done := 0, false
				for !done {
					best := 0
					for k := range v {
						if v[k] > v[best] {
							best = k
						}
					}
					switch {
					case best == K:
						want, done = sim.Hallway, true
					case sess[best].Full():
						wantTurned[best]++
						v[best] = math.Inf(-1)
					default:
						want, done = best, true
					}
				}
				before := make([]int, K)
				for k := range sess {
					before[k] = sess[k].TurnedAway
				}
				if got := c.Choose(sc, &a); got != want {
					t.Fatalf("round %d, slot %d, attendee %d: Choose %d, want %d (values %v)", round, si, i, got, want, v)
				}
				for k := range sess {
					if got := sess[k].TurnedAway - before[k]; got != wantTurned[k] {
						t.Fatalf("round %d, slot %d, attendee %d: session %d turned them away %d times, want %d", round, si, i, k, got, wantTurned[k])
					}
					turned += wantTurned[k]
				}
				if want != sim.Hallway {
					chosen++
				}
			}
		}
	}
	t.Logf("%d sessions chosen, %d turned away", chosen, turned)
	if chosen == 0 || turned == 0 {
		t.Errorf("%d sessions chosen, %d turned away: want both, so that every path of Choose is checked", chosen, turned)
	}
}
