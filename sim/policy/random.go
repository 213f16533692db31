package policy

import (
	"math/rand/v2"

	"github.com/unconf/unconf/sim"
)

// Random is the baseline policy: min(#proposals, slots × rooms) proposals
// (at most #slots of one proposer's) chosen at random, each in a random
// free cell whose slot its proposer is free in (sim.RandomSchedule).
type Random struct{}

// Schedule returns a random schedule drawn from src.
func (Random) Schedule(in *sim.Input, src rand.Source) (*sim.Schedule, error) {
	return sim.RandomSchedule(in, src)
}
