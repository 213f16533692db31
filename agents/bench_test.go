package agents_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
)

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{200, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := defaultConfig()
			c.Count = n
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := agents.Generate(&c, popularity, venue, rand.NewPCG(uint64(i), 1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVote is the show of hands of the default event (200
// attendees, drawn per pair) and of a 5,000-attendee one (by classes),
// with the default votes section (configs/socml2017.yaml), and with a
// budget of 10 hands.
func BenchmarkVote(b *testing.B) {
	for _, tc := range []struct{ n, budget int }{{200, 0}, {5000, 0}, {5000, 10}} {
		n := tc.n
		name := fmt.Sprint(n)
		if tc.budget > 0 {
			name += fmt.Sprint("-budget", tc.budget)
		}
		b.Run(name, func(b *testing.B) {
			c := defaultConfig()
			c.Count = n
			c.Affiliations = max(60, n/5)
			people, err := agents.Generate(&c, popularity, venue, rand.NewPCG(1, 2))
			if err != nil {
				b.Fatal(err)
			}
			topics := make([]sim.TopicConfig, len(popularity))
			for i, p := range popularity {
				topics[i] = sim.TopicConfig{Name: fmt.Sprint("t", i), Popularity: p}
			}
			props := agents.Propose(&sim.ProposalsConfig{Rate: 0.35, MaxPerAttendee: 2, TopInterests: 3, SecondTopic: 0.3},
				people, topics, rand.NewPCG(3, 4))
			vc := sim.VotesConfig{Turnout: 1, Threshold: 0.55, Noise: 0.2, SocialBonus: 0.15, StarBonus: 0.3, Presence: 1, Maybe: 0.15, Budget: tc.budget}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				agents.Vote(&vc, people, props, nil, rand.NewPCG(uint64(i), 5))
			}
		})
	}
}
