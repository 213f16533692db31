package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStream: a stream draws what rand.Rand draws from the same source,
// bit for bit, through a mix of normals (their rare tail and wedge paths
// included: about 1% of two million), exponentials (likewise), uniforms
// and raw words, from a PCG
// (stepped inline) and from another source, and leaves the PCG where
// rand.Rand leaves it.
func TestStream(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  func(seed uint64) rand.Source
	}{
		{"pcg", func(seed uint64) rand.Source { return rand.NewPCG(seed, seed^0x5bd1e995) }},
		{"chacha8", func(seed uint64) rand.Source {
			var key [32]byte
			key[0], key[1] = byte(seed), byte(seed>>8)
			return rand.NewChaCha8(key)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tails, expTails := 0, 0
			for seed := range uint64(20) {
				ref := rand.New(tc.src(seed))
				src := tc.src(seed)
				s := newStream(src)
				for k := range 100_000 {
					var got, want float64
					switch k % 7 {
					case 3:
						got, want = s.float64(), ref.Float64()
					case 1, 6:
						got, want = s.exp(), ref.ExpFloat64()
						if got > 7.69711747013104972 {
							expTails++
						}
					case 5:
						g, w := s.uint64(), ref.Uint64()
						got, want = float64(g), float64(w)
						if g != w {
							t.Fatalf("seed %d, draw %d: Uint64 %d, want %d", seed, k, g, w)
						}
					default:
						got, want = s.norm(), ref.NormFloat64()
						if math.Abs(got) > 3 {
							tails++
						}
					}
					if math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("seed %d, draw %d: %v, want %v", seed, k, got, want)
					}
				}
				s.done()
				if g, w := rand.New(src).Uint64(), ref.Uint64(); g != w {
					t.Fatalf("seed %d: after done, the source draws %d, want %d", seed, g, w)
				}
			}
			if tails < 1000 {
				t.Errorf("only %d normals beyond ±3: the tail paths are barely tested", tails)
			}
			if expTails < 100 {
				t.Errorf("only %d exponentials beyond the ziggurat's base: its tail path is barely tested", expTails)
			}
		})
	}
}
