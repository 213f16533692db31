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

// voteRef is Vote as it was before its inner loop was reworked for speed
// (per-topic interests divided once per attendee, branch-free maybes and
// colleague bonus), kept as the reference that Vote must match bit for bit.
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
		got := Vote(c, people, props, taste, rand.NewPCG(uint64(trial), 1))
		want := voteRef(c, people, props, taste, rand.NewPCG(uint64(trial), 1))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: Vote %+v, reference %+v", trial, got, want)
		}
	}
}

// TestVoteMaybeNotPositive checks Vote against voteRef when Maybe is not
// positive (no maybes), NaN included, which a config that was not
// checked can hold: keep counts a maybe as above maybeAt less a hand, so
// a NaN maybeAt once took a hand from the count of maybes (index −1).
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
	props := make([]sim.Proposal, 20)
	for j := range props {
		props[j] = sim.Proposal{ID: j, Topic: r.IntN(nt), Second: -1, Proposer: j * na / len(props)} // side by side: the fast pass
	}
	for _, maybe := range []float64{math.NaN(), -0.1, 0} {
		c := &sim.VotesConfig{Turnout: 1, Threshold: 0.3, Noise: 0.2, Maybe: maybe}
		got := Vote(c, people, props, nil, rand.NewPCG(1, 1))
		want := voteRef(c, people, props, nil, rand.NewPCG(1, 1))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("maybe %v: Vote %+v, reference %+v", maybe, got, want)
		}
	}
}
