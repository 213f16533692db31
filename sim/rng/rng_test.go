package rng

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestStreamsAreKeyed(t *testing.T) {
	if Replicate(1, 0) == Replicate(1, 1) || Replicate(1, 0) == Replicate(2, 0) {
		t.Error("replicate seeds collide across replicates or master seeds")
	}
	// Pinned values: every recorded result names its replicate seed, so the
	// derivations must never change (replicate 0 of master seed 2017 is the
	// seed column of compare's first rows).
	for _, tc := range []struct {
		name      string
		got, want uint64
	}{
		{"Replicate(2017, 0)", Replicate(2017, 0), 14754657656890123670},
		{"Replicate(7, 3)", Replicate(7, 3), 0x300a9c93e0dc0246},
		{`Key(42, "choice")`, Key(42, "choice"), 0xdb864e9b444c5289},
		{`first draw of New(42, "choice")`, rand.New(New(42, "choice")).Uint64(), 0x46c24f743490b190},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %#x, want %#x: stream derivation changed, recorded results no longer replay", tc.name, tc.got, tc.want)
		}
	}
	a, b := rand.New(New(42, "choice")), rand.New(New(42, "choice"))
	c := rand.New(New(42, "votes"))
	same, other := 0, 0
	for range 100 {
		x, y, z := a.Uint64(), b.Uint64(), c.Uint64()
		if x == y {
			same++
		}
		if x == z {
			other++
		}
	}
	if same != 100 || other != 0 {
		t.Errorf("same purpose agreed %d/100 times (want 100), different purposes %d/100 (want 0)", same, other)
	}
}

// Counter-based draws must look uniform and independent across keys and
// counters: mean, variance and lag-1 correlation of 200,000 draws.
func TestUniformMoments(t *testing.T) {
	const n = 200000
	key := Key(Replicate(2017, 0), "choice")
	var sum, sq, lag, prev float64
	for i := range n {
		u := Uniform(key, i%500, i/500, 3)
		if !(u > 0 && u < 1) {
			t.Fatalf("Uniform = %v outside (0, 1)", u)
		}
		sum += u
		sq += u * u
		lag += (u - 0.5) * (prev - 0.5)
		prev = u
	}
	mean, variance, corr := sum/n, sq/n-(sum/n)*(sum/n), lag/n/(1.0/12)
	// Standard errors: mean 0.00065, variance 0.00019, correlation 0.0022.
	if math.Abs(mean-0.5) > 0.004 || math.Abs(variance-1.0/12) > 0.0012 || math.Abs(corr) > 0.012 {
		t.Errorf("mean %.4f (want 0.5), variance %.4f (want %.4f), lag-1 correlation %.4f (want 0)", mean, variance, 1.0/12, corr)
	}
	if Uniform(key, 1, 2, 3) == Uniform(key, 1, 2, 4) || Uniform(key, 1, 2, 3) == Uniform(key+1, 1, 2, 3) {
		t.Error("Uniform ignores a counter or the key")
	}
}

func TestGumbelMoments(t *testing.T) {
	const n = 200000
	key := Key(99, "choice")
	var sum, sq float64
	for i := range n {
		g := GumbelCross(key, i, -1, 0)
		sum += g
		sq += g * g
	}
	mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
	// Standard Gumbel: mean γ ≈ 0.5772, variance π²/6 ≈ 1.645.
	if math.Abs(mean-0.5772) > 0.015 || math.Abs(variance-math.Pi*math.Pi/6) > 0.04 {
		t.Errorf("Gumbel mean %.4f (want 0.5772), variance %.4f (want 1.645)", mean, variance)
	}
}

func TestNormalMoments(t *testing.T) {
	const n = 200000
	key := Key(99, "taste")
	var sum, sq, tail float64
	for i := range n {
		z := Normal(key, i, 3, 0)
		sum += z
		sq += z * z
		if z > 1.2816 {
			tail++
		}
	}
	mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
	// Standard errors: mean 0.0022, variance 0.0032, tail share 0.00067.
	if math.Abs(mean) > 0.01 || math.Abs(variance-1) > 0.015 || math.Abs(tail/n-0.1) > 0.003 {
		t.Errorf("Normal mean %.4f (want 0), variance %.4f (want 1), P(z > 1.2816) %.4f (want 0.1)", mean, variance, tail/n)
	}
}

func BenchmarkGumbelCross(b *testing.B) {
	key := Key(1, "choice")
	s := 0.0
	for i := 0; b.Loop(); i++ {
		s += GumbelCross(key, i, 7, 3)
	}
	_ = s
}

// TestUniformParts checks that the split Uniform draws the same numbers,
// and pins a few: recorded results replay only if draws never change.
func TestUniformParts(t *testing.T) {
	key := Key(2017, "choice")
	for _, x := range [][3]int{{0, 0, 0}, {7, -1, 3}, {4999, 2434, 11}, {-5, 1 << 40, 2}} {
		a, b, c := x[0], x[1], x[2]
		if got, want := UniformOf(KeyA(key, a), MixB(b), MixC(c)), Uniform(key, a, b, c); got != want {
			t.Errorf("UniformOf(KeyA(key, %d), MixB(%d), MixC(%d)) = %v, want Uniform's %v", a, b, c, got, want)
		}
	}
	for _, tc := range []struct {
		a, b, c int
		want    float64
	}{
		{1, 2, 3, 0x1.cbcafb1f4d7f4p-04},
		{7, -1, 3, 0x1.a2f9cda7ef237p-02},
	} {
		if got := Uniform(key, tc.a, tc.b, tc.c); got != tc.want {
			t.Errorf("Uniform(key, %d, %d, %d) = %x, want %x: draws changed, recorded results no longer replay", tc.a, tc.b, tc.c, got, tc.want)
		}
	}
}

// TestCrossParts checks that the split cross draw is UniformCross and
// that each of the key, a, b and c changes it.
func TestCrossParts(t *testing.T) {
	key := Key(2017, "choice")
	for _, x := range [][3]int{{0, 0, 0}, {7, -1, 3}, {4999, 2434, 11}, {-5, 1 << 40, 2}} {
		a, b, c := x[0], x[1], x[2]
		u := UniformCross(key, a, b, c)
		if got := UniformFromBits(CrossBits(KeyA(key, a), MixBC(b, c))); got != u {
			t.Errorf("UniformFromBits(CrossBits(KeyA(key, %d), MixBC(%d, %d))) = %v, want UniformCross's %v", a, b, c, got, u)
		}
		if g := GumbelCross(key, a, b, c); g != -math.Log(-math.Log(u)) {
			t.Errorf("GumbelCross(key, %d, %d, %d) = %v, want −ln(−ln %v)", a, b, c, g, u)
		}
		for name, v := range map[string]float64{
			"key": UniformCross(key+1, a, b, c), "a": UniformCross(key, a+1, b, c),
			"b": UniformCross(key, a, b+1, c), "c": UniformCross(key, a, b, c+1),
		} {
			if v == u {
				t.Errorf("UniformCross(key, %d, %d, %d) ignores %s", a, b, c, name)
			}
		}
	}
}

// TestCrossIndependent checks that cross draws of nearby identities look
// uniform and independent: every one of the 53 bits is 1 half the time,
// the draws fall evenly in 64 bins, the pairs of draws one step apart in
// the key, a, b or c fall evenly in 16×16 bins, and the four draws of a
// square (a, b), (a+1, b), (a, b+1), (a+1, b+1) (whose inputs to the last
// mix XOR to 0) have a XOR whose every bit is 1 half the time, the same
// tests at the 0.1% level (chi-square, or 3.3 binomial standard errors;
// 53 bits and 6 tables: a few false alarms in a thousand runs).
func TestCrossIndependent(t *testing.T) {
	const na, nb, nc = 64, 64, 16 // 65,536 draws
	key := Key(Replicate(2017, 0), "choice")
	u := func(key uint64, a, b, c int) uint64 { return CrossBits(KeyA(key, a), MixBC(b-1, c)) }
	var ones, square [53]int
	bins := make([]float64, 64)
	pairs := map[string][]float64{}
	for _, axis := range []string{"key", "a", "b", "c"} {
		pairs[axis] = make([]float64, 256)
	}
	n, nsq := 0, 0
	for c := range nc {
		for a := range na {
			for b := range nb {
				x := u(key, a, b, c)
				n++
				for j := range ones {
					ones[j] += int(x >> j & 1)
				}
				bins[x>>47]++
				pairs["key"][x>>49<<4|u(key+1, a, b, c)>>49]++
				pairs["a"][x>>49<<4|u(key, a+1, b, c)>>49]++
				pairs["b"][x>>49<<4|u(key, a, b+1, c)>>49]++
				pairs["c"][x>>49<<4|u(key, a, b, c+1)>>49]++
				if a%2 == 0 && b%2 == 0 {
					sq := x ^ u(key, a+1, b, c) ^ u(key, a, b+1, c) ^ u(key, a+1, b+1, c)
					nsq++
					for j := range square {
						square[j] += int(sq >> j & 1)
					}
				}
			}
		}
	}
	bitsOK := func(name string, ones []int, n int) {
		se := math.Sqrt(float64(n) / 4)
		for j, k := range ones {
			if z := (float64(k) - float64(n)/2) / se; math.Abs(z) > 3.3 {
				t.Errorf("%s: bit %d is 1 in %d of %d draws (z = %.1f), want half", name, j, k, n, z)
			}
		}
	}
	bitsOK("draws", ones[:], n)
	bitsOK("XOR of squares", square[:], nsq)
	even := func(name string, counts []float64, crit float64) {
		want := float64(n) / float64(len(counts))
		chi := 0.0
		for _, o := range counts {
			chi += (o - want) * (o - want) / want
		}
		if chi > crit {
			t.Errorf("%s: chi-square %.1f over %d bins, want under %.1f (0.1%%)", name, chi, len(counts), crit)
		}
	}
	even("draws in 64 bins", bins, 103.4)
	for axis, c := range pairs {
		even("pairs one step apart in "+axis, c, 330.5)
	}
}
