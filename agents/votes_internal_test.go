package agents

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
)

// TestTopHands checks the budget's top hands against the first k of a
// stable sort by decreasing perceived value, with many ties.
func TestTopHands(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 5000 {
		n, k := r.IntN(40), 1+r.IntN(12)
		cand := make([]hand, n)
		for i := range cand {
			cand[i] = hand{int32(i), float64(r.IntN(8)) / 4}
			if r.IntN(2) == 0 {
				cand[i].perceived = r.Float64()
			}
		}
		want := slices.Clone(cand)
		slices.SortStableFunc(want, func(x, y hand) int { return cmp.Compare(y.perceived, x.perceived) })
		want = want[:min(k, n)]
		if got := topHands(slices.Clone(cand), k); !slices.Equal(got, want) {
			t.Fatalf("trial %d: top %d of %v = %v, want %v", trial, k, cand, got, want)
		}
	}
}

// voteRef is Vote as it was before the class pass: one normal per
// attendee × proposal, the budget's hands the top ones by perceived value.
// It is the reference: Vote's draws (the class pass) must have its
// distribution (TestVoteDistribution), and with a lasting taste or no
// noise Vote still draws as it does, bit for bit (TestVoteReference).
func voteRef(c *sim.VotesConfig, attendees []sim.Attendee, props []sim.Proposal, taste []float32, src rand.Source) sim.Votes {
	r := rand.New(src)
	v := sim.Votes{
		ByProposal: make([][]int32, len(props)),
		ByAttendee: make([][]int32, len(attendees)),
		Voted:      make([]bool, len(attendees)),
	}
	if c.Maybe > 0 {
		v.Maybe = make([][]int32, len(attendees))
	}
	noise := c.Noise
	if taste != nil {
		noise *= math.Sqrt(1 - c.Taste)
	}
	maybeAt := c.Threshold - c.Maybe
	// Per proposal: its topics (the main one twice without a second), its
	// proposer, their affiliation and the star bonus, so that the inner
	// loop reads one small record and has few data-dependent branches.
	type pinfo struct {
		t1, t2, proposer, affiliation int
		star                          float64
	}
	info := make([]pinfo, len(props))
	for j, p := range props {
		by := &attendees[p.Proposer]
		info[j] = pinfo{p.Topic, p.Topic, p.Proposer, by.Affiliation, 0}
		if p.Second >= 0 {
			info[j].t2 = p.Second
		}
		if by.Star {
			info[j].star = c.StarBonus
		}
	}
	cand := make([]hand, len(props)+1)
	var flat []int32 // every attendee's hands, back to back
	var maybes []int32
	count := make([]int, len(props))
	for i := range attendees {
		a := &attendees[i]
		if r.Float64() >= c.Turnout {
			continue
		}
		v.Voted[i] = true
		var tasteRow []float32
		if taste != nil {
			tasteRow = taste[i*len(props) : (i+1)*len(props)]
		}
		maybeStart := len(maybes)
		div := a.MaxInterest // as in Attendee.Match: 0 without interests
		if !(div > 0) {
			div = math.Inf(1)
		}
		in := a.Interests
		n := 0
		for j := range info {
			q := &info[j]
			if q.proposer == i {
				continue
			}
			x := max(in[q.t1], in[q.t2])/div + q.star
			if c.Noise > 0 {
				x += noise * r.NormFloat64()
			}
			if tasteRow != nil {
				x += float64(tasteRow[j])
			}
			if q.affiliation == a.Affiliation {
				x += c.SocialBonus
			}
			// Write always, keep when above the threshold: no branch.
			cand[n] = hand{int32(j), x}
			n += b2i(x > c.Threshold)
			if v.Maybe != nil && x <= c.Threshold && x > maybeAt {
				maybes = append(maybes, int32(j))
			}
		}
		if v.Maybe != nil && len(maybes) > maybeStart {
			v.Maybe[i] = maybes[maybeStart:len(maybes):len(maybes)]
		}
		cand := cand[:n]
		if c.Budget > 0 && len(cand) > c.Budget {
			cand = topHands(cand, c.Budget)
			slices.SortFunc(cand, func(x, y hand) int { return cmp.Compare(x.p, y.p) })
		}
		if len(cand) == 0 {
			continue
		}
		start := len(flat)
		for _, h := range cand {
			flat = append(flat, h.p)
			count[h.p]++
		}
		v.ByAttendee[i] = flat[start:len(flat):len(flat)]
	}
	// ByProposal from ByAttendee, in attendee order: sorted ascending.
	byProp := make([]int32, len(flat))
	off := 0
	for p, n := range count {
		v.ByProposal[p] = byProp[off : off : off+n]
		off += n
	}
	for i, hands := range v.ByAttendee {
		for _, p := range hands {
			v.ByProposal[p] = append(v.ByProposal[p], int32(i))
		}
	}
	return v
}

// TestVoteReference checks Vote against voteRef on small random worlds
// with every option (taste, maybes, budgets, stars, colleagues, turnout)
// varied, too few proposals per topic for the class pass: Vote draws per
// pair, the same hands and maybes.
func TestVoteReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		nt, na := 1+r.IntN(6), 1+r.IntN(40)
		people := make([]sim.Attendee, na)
		for i := range people {
			a := &people[i]
			a.Interests = make([]float64, nt)
			for k := range a.Interests {
				if r.IntN(4) > 0 {
					a.Interests[k] = r.Float64()
				}
			}
			a.MaxInterest = maxOf(a.Interests)
			a.Affiliation = r.IntN(4)
			a.Star = r.IntN(8) == 0
		}
		props := make([]sim.Proposal, r.IntN(30))
		for j := range props {
			props[j] = sim.Proposal{ID: j, Topic: r.IntN(nt), Second: -1, Proposer: r.IntN(na)}
			if r.IntN(3) == 0 {
				props[j].Second = r.IntN(nt)
			}
		}
		if trial%2 == 0 { // each proposer's side by side, as Propose numbers them: Vote's fast pass
			slices.SortStableFunc(props, func(a, b sim.Proposal) int { return a.Proposer - b.Proposer })
			for j := range props {
				props[j].ID = j
			}
		}
		c := &sim.VotesConfig{
			Turnout: 0.5 + r.Float64()/2, Threshold: r.Float64(), Noise: float64(r.IntN(3)) * 0.2,
			SocialBonus: 0.15, StarBonus: 0.3, Budget: r.IntN(4), Maybe: float64(r.IntN(2)) * 0.15,
		}
		var taste []float32
		if r.IntN(2) == 0 {
			c.Taste = 0.5
			taste = NewTaste(c, na, len(props), uint64(trial))
		}
		if len(props) >= classFrom { // at least classFrom per topic: the class pass
			t.Fatalf("trial %d: %d proposals: Vote draws by classes (TestVoteDistribution)", trial, len(props))
		}
		got := Vote(c, people, props, taste, rand.NewPCG(uint64(trial), 1))
		want := voteRef(c, people, props, taste, rand.NewPCG(uint64(trial), 1))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: Vote %+v, reference %+v", trial, got, want)
		}
	}
}

// TestVoteMaybeNotPositive checks that Vote draws no maybes when Maybe
// is not positive, NaN included, which a config that was not checked can
// hold (keep once counted a maybe as above maybeAt less a hand, so a NaN
// maybeAt took a hand from the count of maybes: index −1), and draws the
// same hands as with Maybe 0.
func TestVoteMaybeNotPositive(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	nt, na := 3, 30
	people := make([]sim.Attendee, na)
	for i := range people {
		a := &people[i]
		a.Interests = make([]float64, nt)
		for k := range a.Interests {
			a.Interests[k] = r.Float64()
		}
		a.MaxInterest = maxOf(a.Interests)
		a.Affiliation = r.IntN(4)
	}
	props := make([]sim.Proposal, classFrom*nt) // by classes
	for j := range props {
		props[j] = sim.Proposal{ID: j, Topic: r.IntN(nt), Second: -1, Proposer: j * na / len(props)}
	}
	for _, budget := range []int{0, 3} {
		c := &sim.VotesConfig{Turnout: 1, Threshold: 0.3, Noise: 0.2, Budget: budget}
		want := Vote(c, people, props, nil, rand.NewPCG(1, 1))
		for _, maybe := range []float64{math.NaN(), -0.1} {
			c.Maybe = maybe
			got := Vote(c, people, props, nil, rand.NewPCG(1, 1))
			if !reflect.DeepEqual(got, want) || got.Maybe != nil {
				t.Errorf("budget %d, maybe %v: Vote %+v, want %+v (maybe 0)", budget, maybe, got, want)
			}
		}
	}
}

// distWorld is a small world for TestVoteDistribution: na attendees (the
// last two with no interests, MaxInterest 0, and with a NaN interest), np
// proposals on nt topics (a third with a second topic), proposed by the
// first attendees (two of them stars) of naff affiliations. spread > 1
// concentrates the interests (μ far apart).
func distWorld(seed uint64, na, np, nt, naff int, spread float64) ([]sim.Attendee, []sim.Proposal) {
	r := rand.New(rand.NewPCG(seed, 77))
	people := make([]sim.Attendee, na)
	for i := range people {
		a := &people[i]
		a.Interests = make([]float64, nt)
		for k := range a.Interests {
			a.Interests[k] = math.Pow(r.Float64(), spread)
		}
		a.MaxInterest = maxOf(a.Interests)
		a.Affiliation = r.IntN(naff)
		a.Star = i < 2
	}
	clear(people[na-2].Interests)
	people[na-2].MaxInterest = 0
	people[na-1].Interests[0] = math.NaN()
	props := make([]sim.Proposal, np)
	for j := range props {
		props[j] = sim.Proposal{ID: j, Topic: r.IntN(nt), Second: -1, Proposer: r.IntN(na - 2)}
		if r.IntN(3) == 0 {
			props[j].Second = r.IntN(nt)
		}
	}
	return people, props
}

// tally counts, over many draws of one world's show of hands, each
// attendee × proposal's hands and maybes and the voters by their number
// of hands.
type tally struct {
	runs        int
	hand, maybe []int // [a·np + p]
	voted       []int // [a·np + p]: the runs in which a voted
	perVoter    []int // [hands]
}

func newTally(na, np int) *tally {
	return &tally{hand: make([]int, na*np), maybe: make([]int, na*np), voted: make([]int, na*np), perVoter: make([]int, np+1)}
}

func (t *tally) add(v sim.Votes, np int) {
	t.runs++
	for a, hands := range v.ByAttendee {
		if v.Voted[a] {
			for p := range np {
				t.voted[a*np+p]++
			}
		}
		for _, p := range hands {
			t.hand[a*np+int(p)]++
		}
		if v.Voted[a] {
			t.perVoter[len(hands)]++
		}
	}
	for a, maybes := range v.Maybe {
		for _, p := range maybes {
			t.maybe[a*np+int(p)]++
		}
	}
}

// twoSample returns the z scores of counts x[k] of nx[k] Bernoulli
// trials against y[k] of ny[k], with the pooled standard error; +Inf
// when one is never and the other sometimes.
func twoSample(x, nx, y, ny []int) []float64 {
	zs := make([]float64, 0, len(x))
	for k := range x {
		if nx[k] == 0 || ny[k] == 0 {
			continue
		}
		n1, n2 := float64(nx[k]), float64(ny[k])
		p := float64(x[k]+y[k]) / (n1 + n2)
		d := float64(x[k])/n1 - float64(y[k])/n2
		switch {
		case d == 0:
			zs = append(zs, 0)
		case p == 0 || p == 1:
			zs = append(zs, math.Inf(1))
		default:
			zs = append(zs, d/math.Sqrt(p*(1-p)*(1/n1+1/n2)))
		}
	}
	return zs
}

// checkZ fails when a z score exceeds 5 in absolute value (for the
// ~2,000 cells of a case, about one chance in a thousand by luck) or
// when their mean square exceeds 1 by more than five of its standard
// errors, √(2/K) (a small bias spread over many cells).
func checkZ(t *testing.T, what string, zs []float64) {
	t.Helper()
	sum, worst, at := 0.0, 0.0, 0
	for k, z := range zs {
		sum += z * z
		if math.Abs(z) > worst || math.IsNaN(z) {
			worst, at = math.Abs(z), k
		}
	}
	k := float64(len(zs))
	if worst > 5 || math.IsNaN(worst) {
		t.Errorf("%s: cell %d: z %.2f, want |z| ≤ 5", what, at, worst)
	}
	if ms := sum / k; ms > 1+5*math.Sqrt(2/k) {
		t.Errorf("%s: mean z² %.3f over %d cells, want ≤ %.3f", what, ms, len(zs), 1+5*math.Sqrt(2/k))
	}
}

// checkHistogram compares two histograms of the hands per voter by a
// two-sample chi-square test, bins pooled until both hold ten or more:
// the statistic must stay below its degrees of freedom plus five of its
// standard deviations, √(2·dof).
func checkHistogram(t *testing.T, x, y []int) {
	t.Helper()
	chi, dof := 0.0, -1
	a, b := 0, 0
	for k := range x {
		a, b = a+x[k], b+y[k]
		if a+b >= 20 || k == len(x)-1 {
			if a+b > 0 {
				chi += float64((a-b)*(a-b)) / float64(a+b)
				dof++
			}
			a, b = 0, 0
		}
	}
	if dof > 0 && chi > float64(dof)+5*math.Sqrt(2*float64(dof)) {
		t.Errorf("hands per voter: chi-square %.1f on %d degrees of freedom\nVote      %v\nreference %v", chi, dof, x, y)
	}
}

// TestVoteDistribution checks that Vote's class pass draws the show of
// hands with the distribution of voteRef, one normal per attendee ×
// proposal: over thousands of fixed seeds per case, each attendee ×
// proposal's rates of hands and of maybes (two-sample z scores, see
// checkZ), and the number of hands per voter (checkHistogram). The
// worlds hold classes large enough for the skips and small ones drawn
// one by one, colleagues, stars, an attendee without interests and one
// with a NaN interest; the budgets keep fewer hands than most voters
// raise, and with spread interests the kept ones are the high-μ ones.
func TestVoteDistribution(t *testing.T) {
	base := sim.VotesConfig{Turnout: 1, Threshold: 0.55, Noise: 0.2, SocialBonus: 0.15, StarBonus: 0.3}
	for _, tc := range []struct {
		name               string
		na, np, nt, naff   int
		spread             float64
		edit               func(c *sim.VotesConfig)
		minHands, minMaybe int // per run, on average: the case tests something
	}{
		{"maybes", 10, 100, 3, 3, 1, func(c *sim.VotesConfig) { c.Maybe = 0.15 }, 100, 50},
		{"no maybes", 10, 100, 3, 3, 1, func(c *sim.VotesConfig) {}, 100, 0},
		{"many topics", 12, 300, 9, 4, 1, func(c *sim.VotesConfig) { c.Maybe = 0.2; c.Threshold = 0.4 }, 100, 50},
		{"turnout", 10, 100, 3, 3, 1, func(c *sim.VotesConfig) { c.Maybe = 0.15; c.Turnout = 0.6 }, 50, 30},
		{"budget 3, maybes", 10, 100, 3, 3, 1, func(c *sim.VotesConfig) { c.Maybe = 0.15; c.Budget = 3 }, 25, 50},
		{"budget 5, no maybes, low threshold", 10, 100, 3, 3, 1, func(c *sim.VotesConfig) { c.Budget = 5; c.Threshold = 0.2 }, 40, 0},
		{"budget 2, spread interests", 10, 130, 4, 3, 4, func(c *sim.VotesConfig) { c.Maybe = 0.1; c.Budget = 2; c.Threshold = 0.1 }, 15, 10},
		{"budget 1, wide band", 10, 100, 3, 3, 1, func(c *sim.VotesConfig) { c.Maybe = 0.5; c.Budget = 1; c.Noise = 0.4 }, 8, 100},
		{"budget above proposals", 10, 70, 2, 3, 1, func(c *sim.VotesConfig) { c.Maybe = 0.15; c.Budget = 1000 }, 40, 20},
		{"one affiliation", 8, 70, 2, 1, 1, func(c *sim.VotesConfig) { c.Maybe = 0.15; c.Budget = 4 }, 20, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const runs = 3000
			people, props := distWorld(uint64(len(tc.name)), tc.na, tc.np, tc.nt, tc.naff, tc.spread)
			if tc.np < classFrom*tc.nt {
				t.Fatalf("%d proposals on %d topics: Vote would not draw by classes", tc.np, tc.nt)
			}
			c := base
			tc.edit(&c)
			got, want := newTally(tc.na, tc.np), newTally(tc.na, tc.np)
			for k := range uint64(runs) {
				v := Vote(&c, people, props, nil, rand.NewPCG(k, 1))
				checkViews(t, v, props)
				for a, maybes := range v.Maybe {
					for _, p := range maybes {
						if _, ok := slices.BinarySearch(v.ByAttendee[a], p); ok || int(props[p].Proposer) == a || !slices.IsSorted(maybes) {
							t.Fatalf("run %d: attendee %d: maybes %v, hands %v: a maybe that is a hand or their own, or unsorted", k, a, maybes, v.ByAttendee[a])
						}
					}
				}
				got.add(v, tc.np)
				want.add(voteRef(&c, people, props, nil, rand.NewPCG(k, 2)), tc.np)
			}
			hands, maybes := 0, 0
			for k := range got.hand {
				hands += got.hand[k]
				maybes += got.maybe[k]
			}
			if hands < tc.minHands*runs || maybes < tc.minMaybe*runs {
				t.Fatalf("%d hands, %d maybes per run, want at least %d, %d", hands/runs, maybes/runs, tc.minHands, tc.minMaybe)
			}
			// Rates among the runs in which the attendee voted (at turnout
			// below 1 the cells of one attendee share those runs).
			checkZ(t, "hands", twoSample(got.hand, got.voted, want.hand, want.voted))
			checkZ(t, "maybes", twoSample(got.maybe, got.voted, want.maybe, want.voted))
			var gv, wv, all []int // per attendee
			for a := range tc.na {
				gv, wv, all = append(gv, got.voted[a*tc.np]), append(wv, want.voted[a*tc.np]), append(all, runs)
			}
			checkZ(t, "voted", twoSample(gv, all, wv, all))
			checkHistogram(t, got.perVoter, want.perVoter)
		})
	}
}

// TestVoteClassesEdges checks the class pass where its probabilities are
// 0 or 1 (μ far below or above the cut), with and without maybes and
// budgets (one above the proposals), and at turnout 0.
func TestVoteClassesEdges(t *testing.T) {
	people, props := distWorld(3, 10, 70, 2, 3, 1)
	for _, tc := range []struct {
		name  string
		c     sim.VotesConfig
		hands func(eligible int) int
	}{
		{"all", sim.VotesConfig{Turnout: 1, Threshold: -10, Noise: 0.2, Maybe: 0.15}, func(n int) int { return n }},
		{"all, budget 5", sim.VotesConfig{Turnout: 1, Threshold: -10, Noise: 0.2, Maybe: 0.15, Budget: 5}, func(n int) int { return min(n, 5) }},
		{"all, budget 1000", sim.VotesConfig{Turnout: 1, Threshold: -10, Noise: 0.2, Budget: 1000}, func(n int) int { return n }},
		{"none", sim.VotesConfig{Turnout: 1, Threshold: 10, Noise: 0.2, Maybe: 0.15, Budget: 3}, func(int) int { return 0 }},
		{"turnout 0", sim.VotesConfig{Turnout: 0, Threshold: -10, Noise: 0.2, Maybe: 0.15}, func(int) int { return 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(20) {
				v := Vote(&tc.c, people, props, nil, rand.NewPCG(seed, 3))
				checkViews(t, v, props)
				for a, hands := range v.ByAttendee {
					eligible := 0
					for _, p := range props {
						// The one with a NaN interest perceives topic 0 as NaN.
						if p.Proposer != a && (a != len(people)-1 || (p.Topic != 0 && p.Second != 0)) {
							eligible++
						}
					}
					want := tc.hands(eligible)
					if tc.c.Turnout == 0 && v.Voted[a] {
						t.Fatalf("seed %d: attendee %d voted at turnout 0", seed, a)
					}
					maybes := 0
					if v.Maybe != nil {
						maybes = len(v.Maybe[a])
					}
					if len(hands) != want || maybes != 0 {
						t.Fatalf("seed %d: attendee %d: %d hands, %d maybes, want %d, 0", seed, a, len(hands), maybes, want)
					}
				}
			}
		})
	}
}

// TestVoteDistributionCrowd checks the class pass against voteRef on a
// generated crowd large enough for it (1,600 attendees, 8 topics, about
// 560 proposals, 300 affiliations, stars), with and without a budget:
// each proposal's hands and maybes summed over the voters of 8 seeds
// (binomial z scores, conservative for voters of unequal rates), and the
// hands per voter.
func TestVoteDistributionCrowd(t *testing.T) {
	as := crowd(1600, 8, 300, []float64{1}, func(i int) bool { return i%97 == 5 }, 7)
	props := Propose(&sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3},
		as, topicList(8), rand.NewPCG(7, 8))
	if len(props) < classFrom*8 {
		t.Fatalf("%d proposals on 8 topics: Vote would not draw by classes", len(props))
	}
	for _, budget := range []int{0, 10} {
		t.Run(fmt.Sprint("budget ", budget), func(t *testing.T) {
			const seeds = 8
			c := &sim.VotesConfig{Turnout: 0.9, Threshold: 0.3, Noise: 0.2, SocialBonus: 0.15, StarBonus: 0.3, Maybe: 0.15, Budget: budget}
			np := len(props)
			got, want := newTally(1, np), newTally(1, np)
			for k := range uint64(seeds) {
				for _, s := range []struct {
					tl *tally
					v  sim.Votes
				}{{got, Vote(c, as, props, nil, rand.NewPCG(k, 11))}, {want, voteRef(c, as, props, nil, rand.NewPCG(k, 12))}} {
					for a, hands := range s.v.ByAttendee {
						if !s.v.Voted[a] {
							continue
						}
						for p := range np {
							s.tl.voted[p]++
						}
						for _, p := range hands {
							s.tl.hand[p]++
						}
						for _, p := range s.v.Maybe[a] {
							s.tl.maybe[p]++
						}
						s.tl.perVoter[len(hands)]++
					}
				}
			}
			checkZ(t, "hands", twoSample(got.hand, got.voted, want.hand, want.voted))
			checkZ(t, "maybes", twoSample(got.maybe, got.voted, want.maybe, want.voted))
			checkHistogram(t, got.perVoter, want.perVoter)
		})
	}
}
