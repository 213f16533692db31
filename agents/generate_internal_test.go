package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNormalise(t *testing.T) {
	sub := math.SmallestNonzeroFloat64
	for _, tc := range []struct {
		name string
		x    []float64
		ok   bool
		want []float64
	}{
		{"plain", []float64{1, 3}, true, []float64{0.25, 0.75}},
		{"already", []float64{0.5, 0.5}, true, []float64{0.5, 0.5}},
		{"underflow", []float64{0, 0, 0}, false, nil},
		{"NaN", []float64{math.NaN(), 0}, false, nil},
		{"Inf", []float64{math.Inf(1), 1}, false, nil},
		{"negative", []float64{-1, 2}, false, nil},
		{"subnormal sum", []float64{sub, 0}, false, nil}, // 1/sum overflows
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := append([]float64(nil), tc.x...)
			ok := normalise(x)
			if ok != tc.ok {
				t.Fatalf("normalise(%v) = %v, want %v", tc.x, ok, tc.ok)
			}
			if ok {
				for i := range x {
					if math.Abs(x[i]-tc.want[i]) > 1e-15 {
						t.Fatalf("normalise(%v) gave %v, want %v", tc.x, x, tc.want)
					}
				}
			}
		})
	}
}

// TestInterestFallback shows that the guard is needed: at a tiny
// concentration every gamma draw of a vector often underflows, and the
// sampler still returns vectors summing to 1 (one-hot when the fallback is
// taken).
func TestInterestFallback(t *testing.T) {
	alpha := []float64{1e-4, 2e-4, 1e-4, 0}
	s := newInterestSampler(alpha, rand.NewPCG(1, 1), rand.NewPCG(2, 2))
	raw := newInterestSampler(alpha, rand.NewPCG(1, 1), rand.NewPCG(2, 2))
	s.start()
	raw.start()
	bad := 0
	dst := make([]float64, len(alpha))
	const n = 2000
	for i := 0; i < n; i++ {
		x := make([]float64, len(raw.gamma))
		for k, g := range raw.gamma {
			x[k] = g.draw(&raw.r)
		}
		if !normalise(x) {
			bad++
		}
		clear(dst)
		s.draw(dst)
		sum := 0.0
		for _, v := range dst {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("draw %d: interests %v, want entries in [0, 1]", i, dst)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 || dst[3] != 0 {
			t.Fatalf("draw %d: interests %v, want a sum of 1 and nothing on the topic of weight 0", i, dst)
		}
	}
	t.Logf("raw Dirichlet draws that underflowed: %d of %d", bad, n)
	if bad == 0 {
		t.Errorf("no raw Dirichlet draw underflowed at alpha %v: the fallback went untested", alpha)
	}
}

func TestBetaSamplerFallback(t *testing.T) {
	s := betaSampler{a: 1e-5, b: 3e-5, src: rand.NewPCG(3, 3)}
	ones := 0
	const n = 4000
	for i := 0; i < n; i++ {
		v := s.draw()
		if math.IsNaN(v) || v < 0 || v > 1 {
			t.Fatalf("draw %d: %v, want a value in [0, 1]", i, v)
		}
		if v > 0.5 {
			ones++
		}
	}
	// P(near 1) = a/(a+b) = 0.25; sd 0.0068, tolerance 0.03.
	if got := float64(ones) / n; math.Abs(got-0.25) > 0.03 {
		t.Errorf("share of draws near 1: %.3f, want 0.25 ± 0.03", got)
	}
}

// TestGammaDrawState: gamma's draw with the PCG's state in registers
// (drawState, what interestSampler uses) draws what its draw through the
// stream's methods draws (each rand.Rand's, see TestStream), bit for bit,
// and leaves the PCG in the same state, for shapes with and without the
// boost, over enough draws to take the normal's and the exponential's
// tails and the rejections.
func TestGammaDrawState(t *testing.T) {
	for _, alpha := range []float64{0.02, 0.3, 0.99, 1, 2.5, 40} {
		g := newGamma(alpha)
		fast := newStream(rand.NewPCG(7, uint64(alpha*1000)))
		slow := stream{src: rand.NewPCG(7, uint64(alpha*1000))}
		if fast.src != nil {
			t.Fatal("newStream of a PCG: want its state stepped inline")
		}
		st := fast.state
		for k := range 200_000 {
			var got float64
			st, got = g.drawState(st)
			if want := g.draw(&slow); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("alpha %v, draw %d: %v, want %v", alpha, k, got, want)
			}
		}
		if got, want := st.next(), slow.uint64(); got != want {
			t.Fatalf("alpha %v: next word after the draws %d, want %d", alpha, got, want)
		}
	}
}
