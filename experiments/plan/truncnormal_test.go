package plan

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTruncNormalFarTail: a vote far from its threshold under little
// noise truncates the noise to a far tail (lo = 0.55 at sd 0.064 is 8.6
// sd out, a tail probability of 4e-18). Every draw is finite and inside
// [lo, hi], and the draws' mean is the truncated normal's,
// sd·φ(a)/Q(a), in both tails (math.Erfcinv alone gave +Inf there, a
// taste of ±Inf and satisfaction +Inf).
func TestTruncNormalFarTail(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const sd, n = 0.064, 2000
	for _, c := range []struct{ lo, hi float64 }{
		{0.55, math.Inf(1)}, {0.55, 0.6}, {3, math.Inf(1)}, {0.35, 0.4}, // a = 8.6, 8.6, 47, 5.5
	} {
		a := c.lo / sd
		// E[X | X > a] for a standard normal is φ(a)/Q(a) (the interval's
		// upper end is too far to matter).
		want := sd * math.Exp(-a*a/2) / math.Sqrt(2*math.Pi) / (0.5 * math.Erfc(a/math.Sqrt2))
		if math.IsNaN(want) { // φ and Q both underflow: the mass is at lo
			want = c.lo
		}
		for _, side := range []float64{1, -1} {
			lo, hi := c.lo, c.hi
			if side < 0 {
				lo, hi = -c.hi, -c.lo
			}
			sum := 0.0
			for range n {
				x := truncNormal(sd, lo, hi, r)
				if !(x >= lo && x <= hi) {
					t.Fatalf("N(0, %v) truncated to [%v, %v]: drew %v", sd, lo, hi, x)
				}
				sum += side * x
			}
			// The truncated tail's sd is about sd/a: 2,000 draws put the
			// mean within a few thousandths of sd of its value.
			if got := sum / n; math.Abs(got-want) > 0.01*sd {
				t.Errorf("N(0, %v) truncated to [%v, %v]: mean %.5f, want %.5f", sd, lo, hi, side*got, side*want)
			}
		}
	}
}
