package agents

import (
	"math"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// checkViews fails unless both views of v hold the same hands, sorted
// ascending, with nobody voting for their own proposal.
func checkViews(t *testing.T, v sim.Votes, props []sim.Proposal) {
	t.Helper()
	n := 0
	for a, hands := range v.ByAttendee {
		if !slices.IsSorted(hands) {
			t.Fatalf("attendee %d: hands %v not sorted", a, hands)
		}
		for _, p := range hands {
			if props[p].Proposer == a {
				t.Fatalf("attendee %d raised a hand for their own proposal %d", a, p)
			}
			if _, ok := slices.BinarySearch(v.ByProposal[p], int32(a)); !ok {
				t.Fatalf("attendee %d's hand for %d missing from ByProposal", a, p)
			}
		}
		n += len(hands)
	}
	m := 0
	for p, voters := range v.ByProposal {
		if !slices.IsSorted(voters) {
			t.Fatalf("proposal %d: voters %v not sorted", p, voters)
		}
		m += len(voters)
	}
	if n != m {
		t.Fatalf("ByAttendee holds %d hands, ByProposal %d", n, m)
	}
}

func TestVote(t *testing.T) {
	const nAtt, nTopics = 300, 8
	as := crowd(nAtt, nTopics, 30, []float64{1}, func(i int) bool { return i%50 == 7 }, 3)
	props := Propose(&sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3},
		as, topicList(nTopics), rng.New(3, "proposals"))
	if len(props) < 50 {
		t.Fatalf("only %d proposals", len(props))
	}
	// exact is the noiseless perceived interest.
	exact := func(c *sim.VotesConfig, a int, p sim.Proposal) float64 {
		x := as[a].Match(p.Topic, p.Second)
		if as[p.Proposer].Affiliation == as[a].Affiliation {
			x += c.SocialBonus
		}
		if as[p.Proposer].Star {
			x += c.StarBonus
		}
		return x
	}
	for _, tc := range []struct {
		name  string
		c     sim.VotesConfig
		check func(t *testing.T, c *sim.VotesConfig, v sim.Votes)
	}{
		{"noise 0 is the threshold rule", sim.VotesConfig{Turnout: 1, Threshold: 0.55, SocialBonus: 0.15, StarBonus: 0.3},
			func(t *testing.T, c *sim.VotesConfig, v sim.Votes) {
				for a := range as {
					var want []int32
					for _, p := range props {
						if p.Proposer != a && exact(c, a, p) > c.Threshold {
							want = append(want, int32(p.ID))
						}
					}
					if !slices.Equal(v.ByAttendee[a], want) {
						t.Fatalf("attendee %d: hands %v, want %v", a, v.ByAttendee[a], want)
					}
				}
			}},
		{"everyone for everything but their own", sim.VotesConfig{Turnout: 1, Threshold: -10, Noise: 0.2},
			func(t *testing.T, c *sim.VotesConfig, v sim.Votes) {
				for a := range as {
					own := 0
					for _, p := range props {
						if p.Proposer == a {
							own++
						}
					}
					if got := len(v.ByAttendee[a]); got != len(props)-own {
						t.Fatalf("attendee %d: %d hands, want %d", a, got, len(props)-own)
					}
				}
			}},
		{"budget", sim.VotesConfig{Turnout: 1, Threshold: 0.3, Budget: 3},
			func(t *testing.T, c *sim.VotesConfig, v sim.Votes) {
				for a := range as {
					hands := v.ByAttendee[a]
					var above []float64
					for _, p := range props {
						if p.Proposer != a && exact(c, a, p) > c.Threshold {
							above = append(above, exact(c, a, p))
						}
					}
					if len(hands) != min(3, len(above)) {
						t.Fatalf("attendee %d: %d hands, want min(3, %d)", a, len(hands), len(above))
					}
					// The kept hands are the most wanted ones.
					slices.Sort(above)
					for _, p := range hands {
						if x := exact(c, a, props[p]); len(above) > 3 && x < above[len(above)-3] {
							t.Fatalf("attendee %d kept %d at %.3f below the third best %.3f", a, p, x, above[len(above)-3])
						}
					}
				}
			}},
		{"maybe band", sim.VotesConfig{Turnout: 1, Threshold: 0.55, Maybe: 0.2, SocialBonus: 0.15, StarBonus: 0.3},
			func(t *testing.T, c *sim.VotesConfig, v sim.Votes) {
				n := 0
				for a := range as {
					var want []int32
					for _, p := range props {
						if x := exact(c, a, p); p.Proposer != a && x <= c.Threshold && x > c.Threshold-c.Maybe {
							want = append(want, int32(p.ID))
						}
					}
					if !slices.Equal(v.Maybe[a], want) {
						t.Fatalf("attendee %d: maybes %v, want %v", a, v.Maybe[a], want)
					}
					if !v.Voted[a] {
						t.Fatalf("attendee %d did not vote at turnout 1", a)
					}
					n += len(want)
				}
				if n == 0 {
					t.Fatal("no maybes at all: the case tests nothing")
				}
			}},
		{"turnout 0", sim.VotesConfig{Turnout: 0, Threshold: -10},
			func(t *testing.T, c *sim.VotesConfig, v sim.Votes) {
				for a, h := range v.ByAttendee {
					if len(h) > 0 {
						t.Fatalf("attendee %d raised %d hands at turnout 0", a, len(h))
					}
				}
			}},
		{"turnout 0.4", sim.VotesConfig{Turnout: 0.4, Threshold: -10},
			func(t *testing.T, c *sim.VotesConfig, v sim.Votes) {
				voters := 0
				for _, h := range v.ByAttendee {
					if len(h) > 0 {
						voters++
					}
				}
				// sd = √(.24/300) = .028: allow 0.11.
				if share := float64(voters) / nAtt; math.Abs(share-0.4) > 0.11 {
					t.Errorf("%.3f of attendees voted, want 0.4", share)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Vote(&tc.c, as, props, nil, rng.New(9, "votes"))
			if len(v.ByAttendee) != len(as) || len(v.ByProposal) != len(props) {
				t.Fatalf("views of length %d, %d, want %d, %d", len(v.ByAttendee), len(v.ByProposal), len(as), len(props))
			}
			checkViews(t, v, props)
			tc.check(t, &tc.c, v)
		})
	}
}

// TestVoteBonuses: an attendee matching a proposal at 0.5 (threshold 0.55,
// no noise) raises a hand only for a colleague's or a star's proposal.
func TestVoteBonuses(t *testing.T) {
	as := []sim.Attendee{
		{ID: 0, Interests: []float64{0.5, 0.5}, MaxInterest: 1, Affiliation: 0}, // match 0.5 on both
		{ID: 1, Interests: []float64{1, 0}, MaxInterest: 1, Affiliation: 0},     // colleague
		{ID: 2, Interests: []float64{1, 0}, MaxInterest: 1, Affiliation: 1, Star: true},
		{ID: 3, Interests: []float64{1, 0}, MaxInterest: 1, Affiliation: 2},
	}
	props := []sim.Proposal{
		{ID: 0, Proposer: 1, Topic: 0, Second: -1},
		{ID: 1, Proposer: 2, Topic: 0, Second: -1},
		{ID: 2, Proposer: 3, Topic: 0, Second: -1},
	}
	c := &sim.VotesConfig{Turnout: 1, Threshold: 0.55, SocialBonus: 0.15, StarBonus: 0.3}
	v := Vote(c, as, props, nil, rng.New(1, "votes"))
	if want := []int32{0, 1}; !slices.Equal(v.ByAttendee[0], want) {
		t.Errorf("attendee 0 hands %v, want %v (colleague's and star's)", v.ByAttendee[0], want)
	}
	c.SocialBonus, c.StarBonus = 0, 0
	if v := Vote(c, as, props, nil, rng.New(1, "votes")); len(v.ByAttendee[0]) != 0 {
		t.Errorf("without bonuses attendee 0 hands %v, want none", v.ByAttendee[0])
	}
}

func TestVoteDeterministic(t *testing.T) {
	as := crowd(200, 8, 30, []float64{1}, func(int) bool { return false }, 4)
	props := Propose(&sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3},
		as, topicList(8), rng.New(4, "proposals"))
	c := &sim.VotesConfig{Turnout: 0.8, Threshold: 0.55, Noise: 0.2}
	a := Vote(c, as, props, nil, rng.New(1, "votes"))
	b := Vote(c, as, props, nil, rng.New(1, "votes"))
	d := Vote(c, as, props, nil, rng.New(2, "votes"))
	eq := func(x, y sim.Votes) bool {
		return slices.EqualFunc(x.ByAttendee, y.ByAttendee, slices.Equal[[]int32])
	}
	if !eq(a, b) {
		t.Error("same seed gave different hands")
	}
	if eq(a, d) {
		t.Error("different seeds gave the same hands")
	}
}
