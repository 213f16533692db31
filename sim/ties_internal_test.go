package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/sim/rng"
)

// tiesByDefinition returns the pairs of members (ascending IDs) that form
// a tie in slot by the definition of Engine.ties: for every member i who
// shares the interest, the row's draws
// u_t = rng.UniformCross(rng.Key(seed, "ties"), i, slot, t) give skips
// ⌊ln u_t / ln(1 − p)⌋ over the later members who share it; the member
// skipped to is a partner unless a colleague or tied already.
func tiesByDefinition(w *World, members []int32, slot int, tied map[[2]int32]bool) [][2]int32 {
	n := len(members)
	if n < 2 {
		return nil
	}
	tc := &w.Config.Ties
	p := math.Min(1, tc.Rate/math.Pow(float64(n-1), tc.SizeExponent))
	if !(p > 0) {
		return nil
	}
	var in []int32
	for _, i := range members {
		if w.Match(int(i), 0) >= tc.Interest {
			in = append(in, i)
		}
	}
	key := rng.Key(w.Seed, "ties")
	var out [][2]int32
	for x, i := range in {
		y := x + 1
		for t := 0; ; t++ {
			if p < 1 {
				skip := math.Floor(math.Log(rng.UniformCross(key, int(i), slot, t)) / math.Log1p(-p))
				if skip >= float64(len(in)-y) {
					break
				}
				y += int(skip)
			}
			if y >= len(in) {
				break
			}
			j := in[y]
			y++
			a, b := &w.Attendees[i], &w.Attendees[j]
			if a.Affiliation >= 0 && a.Affiliation == b.Affiliation || tied[[2]int32{i, j}] {
				continue
			}
			tied[[2]int32{i, j}] = true
			out = append(out, [2]int32{i, j})
		}
	}
	return out
}

// TestTiesAgainstDefinition checks Engine.ties against the definition
// (tiesByDefinition), tie by tie, over random sessions, rates and
// exponents (p = 1 too), several slots of one run.
func TestTiesAgainstDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	// One engine for every round, as for the worlds of a compare run:
	// rounds of the same size but another seed must not take the draws'
	// parts of an earlier one.
	var e Engine
	formed := 0
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
		e.tied = map[uint64]struct{}{}
		tied := map[[2]int32]bool{}
		crossTies := 0
		for slot := range 3 {
			var members []int32
			for i := range int32(na) {
				if r.IntN(3) > 0 {
					members = append(members, i)
					e.match[i] = w.Match(int(i), 0)
				}
			}
			want := tiesByDefinition(w, members, slot, tied)
			for _, x := range want {
				if w.Attendees[x[0]].Background != w.Attendees[x[1]].Background {
					crossTies++
				}
			}
			before := len(e.tied)
			if got := e.ties(w, &SessionRecord{}, members, slot); got != len(want) {
				t.Fatalf("round %d, slot %d, %d members: %d ties, want %d", round, slot, len(members), got, len(want))
			}
			for _, x := range want {
				if _, ok := e.tied[uint64(x[0])<<32|uint64(x[1])]; !ok {
					t.Fatalf("round %d, slot %d: pair %v not tied, want tied", round, slot, x)
				}
			}
			if len(e.tied)-before != len(want) {
				t.Fatalf("round %d, slot %d: %d pairs recorded, want %d", round, slot, len(e.tied)-before, len(want))
			}
			if e.crossTies != crossTies {
				t.Fatalf("round %d, slot %d: %d cross-background ties, want %d", round, slot, e.crossTies, crossTies)
			}
			formed += len(want)
		}
	}
	if formed == 0 {
		t.Fatal("no tie formed: the test needs some")
	}
}

// tiesWorld returns a world of n attendees who share the interest in
// proposal 0, in colleague groups of the given sizes (then with no
// affiliation), the ties' rate and exponent as given.
func tiesWorld(n int, groups []int, rate, gamma float64) *World {
	w := &World{Config: &Config{Ties: TiesConfig{Rate: rate, Interest: 0.5, SizeExponent: gamma}},
		Proposals: []Proposal{{Topic: 0, Second: -1}}}
	i := 0
	for f, size := range groups {
		for range size {
			w.Attendees = append(w.Attendees, Attendee{ID: i, Interests: []float64{1}, MaxInterest: 1, Affiliation: f})
			i++
		}
	}
	for ; i < n; i++ {
		w.Attendees = append(w.Attendees, Attendee{ID: i, Interests: []float64{1}, MaxInterest: 1, Affiliation: -1,
			Background: Background(i % NumBackgrounds)})
	}
	return w
}

// TestTiesDistribution checks the distribution of Engine.ties over 4,000
// fixed seeds, a fresh run each, for sessions of every member sharing the
// interest: each pair of non-colleagues is tied at rate p within 4
// binomial standard errors, colleagues never; pairs tied in slot 0 and
// in slot 1 (each a fresh run) at rate p² each (independent slots); and the
// number of ties per session is binomial (E, p), E the pairs of
// non-colleagues, by a chi-square at the 0.1% level over the counts with
// at least 5 expected (the tails pooled).
func TestTiesDistribution(t *testing.T) {
	const rounds = 4000
	for _, tc := range []struct {
		n           int
		groups      []int
		rate, gamma float64
	}{
		{2, nil, 0.5, 1.5},
		{6, []int{2}, 0.5, 1},
		{12, []int{3, 2}, 0.5, 1.5},
		{20, []int{4}, 2, 1},
		{40, nil, 0.5, 1.5},
	} {
		t.Run(fmt.Sprintf("n=%d", tc.n), func(t *testing.T) {
			w := tiesWorld(tc.n, tc.groups, tc.rate, tc.gamma)
			n := tc.n
			p := math.Min(1, tc.rate/math.Pow(float64(n-1), tc.gamma))
			var e Engine
			e.affiliations(w.Attendees)
			e.match = make([]float64, n)
			e.interest = make([]int32, n)
			members := make([]int32, n)
			for i := range members {
				members[i] = int32(i)
				e.match[i] = 1
			}
			tied := make([]int, n*n) // [i*n+j]: rounds with i–j tied in slot 0
			both := make([]int, n*n) // and in slot 1
			counts := make([]float64, n*n)
			colleague := func(i, j int) bool {
				f := w.Attendees[i].Affiliation
				return f >= 0 && f == w.Attendees[j].Affiliation
			}
			E := 0
			for i := range n {
				for j := i + 1; j < n; j++ {
					if !colleague(i, j) {
						E++
					}
				}
			}
			for round := range rounds {
				w.Seed = rng.Replicate(99, round)
				e.tieParts(w)
				var in [2]map[uint64]struct{}
				for slot := range 2 {
					e.tied = map[uint64]struct{}{}
					k := e.ties(w, &SessionRecord{}, members, slot)
					if slot == 0 {
						counts[k]++
					}
					in[slot] = e.tied
				}
				for k := range in[0] {
					i, j := int(k>>32), int(uint32(k))
					tied[i*n+j]++
					if _, ok := in[1][k]; ok {
						both[i*n+j]++
					}
				}
			}
			rate := func(name string, got int, q float64, i, j int) {
				se := math.Sqrt(q * (1 - q) / rounds)
				if math.Abs(float64(got)/rounds-q) > 4*se+1e-12 {
					t.Errorf("pair %d–%d %s in %d of %d rounds (%.4f), want %.4f ± %.4f (4 SE)", i, j, name, got, rounds, float64(got)/rounds, q, 4*se)
				}
			}
			bothSum := 0
			for i := range n {
				for j := i + 1; j < n; j++ {
					q := p
					if colleague(i, j) {
						q = 0
					}
					rate("tied", tied[i*n+j], q, i, j)
					bothSum += both[i*n+j]
				}
			}
			// Tied in both slots: too rare for a pair alone, so over the
			// E pairs, whose rounds are independent.
			if want, se := float64(E)*p*p, math.Sqrt(float64(E)*p*p*(1-p*p)/rounds); math.Abs(float64(bothSum)/rounds-want) > 4*se+1e-12 {
				t.Errorf("pairs tied in both slots: %.4f per round, want %.4f ± %.4f (4 SE)", float64(bothSum)/rounds, want, 4*se)
			}
			// The chi-square of the counts against binomial (E, p), bins
			// of expected count under 5 pooled with their neighbours.
			var obs, exp []float64
			o, x := 0.0, 0.0
			for k := 0; k <= E; k++ {
				o += counts[k]
				x += rounds * math.Exp(lgammaOf(E+1)-lgammaOf(k+1)-lgammaOf(E-k+1)+float64(k)*math.Log(p)+float64(E-k)*math.Log1p(-p))
				if x >= 5 && rounds-sum(exp)-x >= 5 {
					obs, exp = append(obs, o), append(exp, x)
					o, x = 0, 0
				}
			}
			if len(exp) == 0 {
				return // p = 1: every count E, checked by the rates
			}
			obs[len(obs)-1] += o
			exp[len(exp)-1] += x
			chi := 0.0
			for k := range obs {
				chi += (obs[k] - exp[k]) * (obs[k] - exp[k]) / exp[k]
			}
			if df := len(obs) - 1; df > 0 && chi > chi2Crit999(df) {
				t.Errorf("ties per session: observed %v, expected %v: chi-square %.1f with %d degrees of freedom, want under %.1f (0.1%%)",
					obs, exp, chi, df, chi2Crit999(df))
			}
		})
	}
}

// lgammaOf is ln Γ(k).
func lgammaOf(k int) float64 {
	v, _ := math.Lgamma(float64(k))
	return v
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// chi2Crit999 is the chi-square's 99.9% point with df degrees of freedom
// (Wilson–Hilferty), within a few percent from 3 degrees of freedom up
// and conservative below.
func chi2Crit999(df int) float64 {
	if df <= 2 {
		return []float64{0, 10.83, 13.82}[df]
	}
	k := float64(df)
	z := 3.0902 // the normal's 99.9% point
	c := 1 - 2/(9*k) + z*math.Sqrt(2/(9*k))
	return k * c * c * c
}
