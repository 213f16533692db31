package policy

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/simtest"
)

// TestCheckPolicyInputHands checks that a negative hand is an error
// wherever it is among 0 to 9 good ones (anyNegative looks at four at a
// time, then one by one), and that good hands are not.
func TestCheckPolicyInputHands(t *testing.T) {
	in := simtest.Input(simtest.Default)
	saved := in.Hands.ByProposal[0]
	defer func() { in.Hands.ByProposal[0] = saved }()
	for n := range 10 {
		good := make([]int32, n)
		for k := range good {
			good[k] = int32(k)
		}
		in.Hands.ByProposal[0] = good
		if err := checkPolicyInput("test", in); err != nil {
			t.Errorf("%d good hands: %v", n, err)
		}
		for x := range n + 1 {
			for _, bad := range []int32{-1, math.MinInt32} {
				in.Hands.ByProposal[0] = slices.Insert(slices.Clone(good), x, bad)
				if err := checkPolicyInput("test", in); err == nil {
					t.Errorf("hand %d at %d of %d: no error", bad, x, n+1)
				}
			}
		}
	}
}

// TestCountingPoliciesSkipVoterIDs checks that the policies that only
// count hands (random, show-of-hands, open-space) do not scan them for
// negative attendee IDs (checkPolicyShape, not checkPolicyInput: millions
// of hands at 5,000 attendees) and that such a hand changes nothing of
// their schedules.
func TestCountingPoliciesSkipVoterIDs(t *testing.T) {
	for _, pol := range []struct {
		name string
		p    sim.Policy
	}{{"random", Random{}}, {"show-of-hands", ShowOfHands{}}, {"open-space", OpenSpace{}}} {
		in := simtest.Input(simtest.Default)
		want, err := pol.p.Schedule(in, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatal(err)
		}
		p := slices.IndexFunc(in.Hands.ByProposal, func(vs []int32) bool { return len(vs) > 0 })
		bad := slices.Clone(in.Hands.ByProposal[p])
		bad[0] = -1
		in.Hands.ByProposal[p] = bad
		got, err := pol.p.Schedule(in, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatalf("%s: %v", pol.name, err)
		}
		if !slices.Equal(got.Sessions, want.Sessions) {
			t.Errorf("%s: a hand of attendee -1 changed the schedule", pol.name)
		}
	}
}
