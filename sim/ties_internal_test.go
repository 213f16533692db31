package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// TestTiesAgainstDefinition checks Engine.ties against the definition,
// pair by pair: lo < hi both of match at least Interest, not colleagues
// (same affiliation ≥ 0), not tied before, and
// rng.Uniform(key, lo, hi, slot) < min(1, Rate/(n−1)^γ).
func TestTiesAgainstDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	// One engine for every round, as for the worlds of a compare run:
	// rounds of the same size but another seed must not take the draws'
	// parts of an earlier one.
	var e Engine
	for round := range 300 {
		na := 2 + r.IntN(60)
		w := &World{Seed: uint64(round), Config: &Config{Ties: TiesConfig{
			Rate: 0.2 + 3*r.Float64(), Interest: 0.6 * r.Float64(), SizeExponent: 1.5 * r.Float64(),
		}}, Proposals: []Proposal{{Topic: 0, Second: 1}}}
		for i := range na {
			a := Attendee{ID: i, Interests: []float64{r.Float64(), r.Float64()}, Affiliation: r.IntN(6) - 2,
				Background: Background(r.IntN(NumBackgrounds))}
			a.MaxInterest = max(a.Interests[0], a.Interests[1])
			w.Attendees = append(w.Attendees, a)
		}
		e.crossTies = 0
		e.affiliations(w.Attendees)
		e.tieParts(w)
		e.match = make([]float64, na)
		e.interest = make([]int32, na)
		e.pairMember = make([]pairMember, na)
		e.tied = map[uint64]struct{}{}
		tied := map[[2]int32]bool{}
		crossTies := 0
		key := rng.Key(w.Seed, "ties")
		for slot := range 3 {
			var members []int32
			for i := range int32(na) {
				if r.IntN(3) > 0 {
					members = append(members, i)
					e.match[i] = w.Match(int(i), 0)
				}
			}
			want := 0
			if n := len(members); n >= 2 {
				tc := &w.Config.Ties
				p := math.Min(1, tc.Rate/math.Pow(float64(n-1), tc.SizeExponent))
				for x, i := range members {
					for _, j := range members[x+1:] {
						a, b := &w.Attendees[i], &w.Attendees[j]
						if w.Match(int(i), 0) < tc.Interest || w.Match(int(j), 0) < tc.Interest ||
							a.Affiliation >= 0 && a.Affiliation == b.Affiliation || tied[[2]int32{i, j}] ||
							rng.Uniform(key, int(i), int(j), slot) >= p {
							continue
						}
						tied[[2]int32{i, j}] = true
						want++
						if a.Background != b.Background {
							crossTies++
						}
					}
				}
			}
			if got := e.ties(w, &SessionRecord{}, members, slot); got != want {
				t.Fatalf("round %d, slot %d, %d members: %d ties, want %d", round, slot, len(members), got, want)
			}
			if e.crossTies != crossTies {
				t.Fatalf("round %d, slot %d: %d cross-background ties, want %d", round, slot, e.crossTies, crossTies)
			}
		}
	}
}
