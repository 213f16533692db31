package rng

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestUniformBelow checks the threshold on both sides: the draw of bits
// t−1 is below p and that of bits t is not, for p at, between and
// around draws, at the ends and outside (0, 1); and on random draws,
// that the bits compare with t as the draw compares with p.
func TestUniformBelow(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	ps := []float64{0, -1, 1, 2, math.NaN(), math.Inf(1), UniformFromBits(0), UniformFromBits(1<<53 - 1),
		math.Nextafter(UniformFromBits(0), 1), 0.5, 1e-300}
	for range 2000 {
		b := r.Uint64() >> 11
		if r.IntN(2) == 0 {
			b = r.Uint64N(1 << 12) // draws where (b + 0.5) is exact
		}
		u := UniformFromBits(b)
		ps = append(ps, u, math.Nextafter(u, 0), math.Nextafter(u, 1), r.Float64(), math.Pow(r.Float64(), 20))
	}
	for _, p := range ps {
		th := UniformBelow(p)
		if th > 1<<53 {
			t.Fatalf("p %v: threshold %d above 2⁵³", p, th)
		}
		if th > 0 && !(UniformFromBits(th-1) < p) {
			t.Fatalf("p %v: threshold %d, but the draw of bits %d, %v, is not below", p, th, th-1, UniformFromBits(th-1))
		}
		if th < 1<<53 && UniformFromBits(th) < p {
			t.Fatalf("p %v: threshold %d, but its draw %v is below", p, th, UniformFromBits(th))
		}
	}
	key := Key(3, "test")
	for a := range 20000 {
		p := r.Float64()
		keyA, mb, mc := KeyA(key, a), MixB(a%7), MixC(a%3)
		if got, want := UniformBits(keyA, mb, mc) < UniformBelow(p), UniformOf(keyA, mb, mc) < p; got != want {
			t.Fatalf("draw %d, p %v: bits below the threshold %v, draw below p %v", a, p, got, want)
		}
	}
}
