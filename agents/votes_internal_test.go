package agents

import (
	"cmp"
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

// voteRef is Vote written plainly (the interests divided per proposal, a
// branch per maybe and colleague bonus, the thinning's state in locals),
// kept as the reference that Vote must match bit for bit.
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
	bound := c.Threshold // L: the lowest perception that counts
	if c.Maybe > 0 {
		bound = maybeAt
	}
	pbar := normalTail(thinZ)
	gap := -1
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
			if tasteRow != nil {
				x += float64(tasteRow[j])
			}
			if q.affiliation == a.Affiliation {
				x += c.SocialBonus
			}
			switch {
			case !(noise > 0):
			case x > bound-thinZ*noise:
				x += noise * r.NormFloat64()
			default: // thinned: see Vote
				if gap < 0 {
					gap = int(math.Log(1-r.Float64()) / math.Log1p(-pbar))
				}
				if gap > 0 {
					gap--
					continue
				}
				gap = -1
				z := (bound - x) * (1 / noise)
				if r.Float64()*pbar >= normalTail(z) {
					continue
				}
				x += noise * tailNormal(z, r)
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
// varied: the same hands and maybes.
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
		c := &sim.VotesConfig{
			Turnout: 0.5 + r.Float64()/2, Threshold: r.Float64(), Noise: float64(r.IntN(3)) * 0.2,
			SocialBonus: 0.15, StarBonus: 0.3, Budget: r.IntN(4), Maybe: float64(r.IntN(2)) * 0.15,
		}
		var taste []float32
		if r.IntN(2) == 0 {
			c.Taste = 0.5
			taste = NewTaste(c, na, len(props), uint64(trial))
		}
		got := Vote(c, people, props, taste, rand.NewPCG(uint64(trial), 1))
		want := voteRef(c, people, props, taste, rand.NewPCG(uint64(trial), 1))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: Vote %+v, reference %+v", trial, got, want)
		}
	}
}

// TestTailNormal checks tailNormal against the normal's tail beyond z,
// F(y) = 1 − Φc(y)/Φc(z), by the Kolmogorov–Smirnov distance of 20,000
// draws (0.01% critical value 2.23/√n ≈ 0.0157).
func TestTailNormal(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	const n = 20000
	for _, z := range []float64{thinZ, 2, 3, 6} {
		x := make([]float64, n)
		for i := range x {
			x[i] = tailNormal(z, r)
			if !(x[i] > z) {
				t.Fatalf("z %v: draw %v not above z", z, x[i])
			}
		}
		slices.Sort(x)
		ks := 0.0
		for i, y := range x {
			f := 1 - normalTail(y)/normalTail(z)
			ks = max(ks, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
		}
		if ks > 0.0157 {
			t.Errorf("z %v: KS distance %.4f to the normal's tail, want ≤ 0.0157", z, ks)
		}
	}
}

// TestVoteThinning checks that the thinned pairs (see Vote) raise hands
// and maybes as often as a normal draw per pair would: 20,000 voters of
// the same interests perceive proposals whose noiseless parts span both
// sides of the thinning's cut-off, and each proposal's share of hands and
// of maybes must lie within 4.5 standard errors of Φc((Threshold − b)/σ)
// and Φc((Threshold − Maybe − b)/σ) − Φc((Threshold − b)/σ).
func TestVoteThinning(t *testing.T) {
	interests := []float64{1, 0.5, 0.3, 0.2, 0.12, 0.08, 0.04, 0.01, 0}
	const n = 20000
	people := make([]sim.Attendee, n+1) // the last one proposes everything
	for i := range people {
		people[i] = sim.Attendee{ID: i, Interests: interests, MaxInterest: 1, Affiliation: 1}
	}
	people[n].Affiliation = 2
	props := make([]sim.Proposal, len(interests))
	for j := range props {
		props[j] = sim.Proposal{ID: j, Topic: j, Second: -1, Proposer: n}
	}
	for _, c := range []sim.VotesConfig{
		{Turnout: 1, Threshold: 0.55, Noise: 0.2, Maybe: 0.15},
		{Turnout: 1, Threshold: 0.55, Noise: 0.2},
		{Turnout: 1, Threshold: 0.3, Noise: 0.05, Maybe: 0.1},
	} {
		v := Vote(&c, people, props, nil, rand.NewPCG(31, 32))
		hands := make([]float64, len(props))
		maybes := make([]float64, len(props))
		for i := range n {
			for _, p := range v.ByAttendee[i] {
				hands[p]++
			}
			if v.Maybe != nil {
				for _, p := range v.Maybe[i] {
					maybes[p]++
				}
			}
		}
		thinned := 0
		for j, b := range interests {
			if b <= c.Threshold-c.Maybe-thinZ*c.Noise {
				thinned++
			}
			ph := normalTail((c.Threshold - b) / c.Noise)
			pm := 0.0
			if c.Maybe > 0 {
				pm = normalTail((c.Threshold-c.Maybe-b)/c.Noise) - ph
			}
			for _, x := range []struct {
				what      string
				got, want float64
			}{{"hands", hands[j] / n, ph}, {"maybes", maybes[j] / n, pm}} {
				if se := math.Sqrt(x.want * (1 - x.want) / n); math.Abs(x.got-x.want) > 4.5*se+1e-9 {
					t.Errorf("%+v, interest %v: share of %s %.5f, want %.5f ± %.5f", c, b, x.what, x.got, x.want, 4.5*se)
				}
			}
		}
		if thinned == 0 || thinned == len(interests) {
			t.Fatalf("%+v: %d of %d proposals thinned: want both kinds", c, thinned, len(interests))
		}
	}
}
