// Package rng derives independent, reproducible random streams from a master
// seed, a replicate number and a purpose.
//
// Streams are keyed by logical identity, never by worker or chunk, so a
// replicate gives the same draws whatever machine, worker count or shard runs
// it. Two kinds of randomness are offered: sequential streams (a
// math/rand/v2 PCG keyed by the derived seed and the purpose) and
// counter-based draws (Uniform, Normal, and the cross draws UniformCross
// and GumbelCross, one hash per draw in a loop over a table),
// which are pure functions of a key and some integers. Counter-based
// draws give exact common random numbers across scheduling policies:
// attendee 7's taste for proposal 12 in slot 3 is the same number
// whichever policy put proposal 12 there.
package rng

import (
	"math"
	"math/rand/v2"
)

// Replicate returns the seed of replicate r under the master seed.
func Replicate(master uint64, r int) uint64 {
	return mix(mix(master^0x9e3779b97f4a7c15) ^ mix(uint64(r)+0x632be59bd9b4e019))
}

// Key returns the key of the stream named purpose under seed.
func Key(seed uint64, purpose string) uint64 {
	return mix(seed ^ hashString(purpose))
}

// New returns a sequential source for the stream named purpose under seed.
func New(seed uint64, purpose string) *rand.PCG {
	return rand.NewPCG(Key(seed, purpose), hashString(purpose))
}

// Uniform returns a draw in (0, 1] that depends only on key and the three
// integers a, b and c: (b + 0.5)/2⁵³ for 53 random bits b, which is never
// 0 but rounds to exactly 1 for the largest b (once in 2⁵³ draws).
func Uniform(key uint64, a, b, c int) float64 {
	return UniformOf(KeyA(key, a), MixB(b), MixC(c))
}

// KeyA, MixB, MixC and UniformOf split Uniform in parts,
//
//	Uniform(key, a, b, c) == UniformOf(KeyA(key, a), MixB(b), MixC(c)),
//
// so that a loop drawing for many b (or many a) with the rest fixed hashes
// the fixed parts once: a draw then costs two mixes instead of six.
func KeyA(key uint64, a int) uint64 { return mix(key ^ mix(uint64(a)+0x9e3779b97f4a7c15)) }

// MixB is Uniform's hash of b; see KeyA.
func MixB(b int) uint64 { return mix(uint64(b) + 0xbf58476d1ce4e5b9) }

// MixC is Uniform's hash of c; see KeyA.
func MixC(c int) uint64 { return mix(uint64(c) + 0x94d049bb133111eb) }

// UniformOf is Uniform from its parts; see KeyA.
func UniformOf(keyA, mixB, mixC uint64) float64 {
	return UniformFromBits(mix(mix(keyA^mixB)^mixC) >> 11)
}

// UniformFromBits returns the draw of 53 random bits b, (b + 0.5)/2⁵³:
// shifted off zero so that log(u) stays finite (log(1 − u) does not: the
// largest rounds to 1).
func UniformFromBits(b uint64) float64 { return (float64(b) + 0.5) / (1 << 53) }

// MixBC is the part of b and c of a cross draw (CrossBits): their hashes
// MixB(b) and MixC(c) mixed together, so that neither can cancel the
// other nor the key's part a loop combines it with.
func MixBC(b, c int) uint64 { return mix(MixB(b) ^ MixC(c)) }

// CrossBits returns the 53 random bits of the cross draw keyed by key and
// the integers a, b and c, from its parts keyA = KeyA(key, a) and
// mixBC = MixBC(b, c): one mix of the two. Each part is a full 64-bit mix
// of its own, so a loop over a table of rows a and columns (b, c), with
// both parts hashed once, pays one mix per draw where UniformOf pays
// two. A cross draw is another number than Uniform's of the same key and
// integers (another stream), as random: (b + 0.5)/2⁵³ (UniformFromBits).
// Its leading bits bound it: with j = b>>(53−m), the draw is in
// [j/2ᵐ, (j+1)/2ᵐ], the upper end included (rounding).
func CrossBits(keyA, mixBC uint64) uint64 { return mix(keyA^mixBC) >> 11 }

// UniformCross returns the cross draw in (0, 1] keyed by key, a, b and c;
// see CrossBits.
func UniformCross(key uint64, a, b, c int) float64 {
	return UniformFromBits(CrossBits(KeyA(key, a), MixBC(b, c)))
}

// GumbelCross returns a standard Gumbel draw of UniformCross's: the noise
// of a multinomial logit choice.
func GumbelCross(key uint64, a, b, c int) float64 {
	return -math.Log(-math.Log(UniformCross(key, a, b, c)))
}

// Normal returns a standard normal draw keyed like Uniform, by the inverse
// of the normal distribution function, so that a draw is a pure function of
// its key and integers (a lasting taste, a session's appeal). The largest
// of Uniform's draws, 1, gives +Inf (once in 2⁵³ draws).
func Normal(key uint64, a, b, c int) float64 {
	return math.Sqrt2 * math.Erfinv(2*Uniform(key, a, b, c)-1)
}

// mix is the SplitMix64 finaliser (Steele, Lea and Flood 2014), a bijection
// with good avalanche.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// hashString is FNV-1a, enough to turn a purpose name into a stream id.
func hashString(s string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return h
}
