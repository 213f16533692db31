package agents_test

import (
	"math"
	"testing"

	"github.com/unconf/unconf/agents"
)

// TestGenerateHugePopularity: one topic 10^303 times more popular than the
// others, at a high concentration. concentration × popularity overflowed
// to +Inf before the division by the mean, and the Dirichlet's fallback
// panicked in gonum's Categorical. Interests go to the popular topic.
func TestGenerateHugePopularity(t *testing.T) {
	pop := append([]float64(nil), popularity...)
	pop[3] = 1.4e303
	c := defaultConfig()
	c.InterestConcentration = 421483
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	as, err := agents.Generate(&c, pop, venue, src(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if !(a.Interests[3] > 0.99) || math.IsNaN(a.MaxInterest) {
			t.Fatalf("attendee %d: interests %v, want nearly all in topic 3", a.ID, a.Interests)
		}
	}
}
