package policy

import (
	"math"
	"slices"
	"testing"

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
