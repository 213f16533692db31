package agents

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// stream draws what rand.New(src) draws from src (Uint64, Float64,
// NormFloat64, ExpFloat64), bit for bit and in the same order, for the loops that
// draw a number per attendee × proposal. When src is a *rand.PCG (every
// stream of rng.New is), it steps a copy of the PCG's state inline,
// without the two calls, one through an interface, that rand.Rand makes
// per draw; done stores the state back, leaving src where rand.Rand
// would have. Any other source is called as rand.Rand calls it.
type stream struct {
	state pcgState    // the PCG's, when pcg is set
	pcg   *rand.PCG   // src, when a PCG
	src   rand.Source // src otherwise
}

// pcgState is a rand.PCG's state. A loop may step a local copy, which
// the compiler keeps in registers.
type pcgState struct{ hi, lo uint64 }

// newStream returns the stream of src.
func newStream(src rand.Source) stream {
	p, ok := src.(*rand.PCG)
	if !ok {
		return stream{src: src}
	}
	b, err := p.MarshalBinary()
	if err != nil || len(b) != 20 || string(b[:4]) != "pcg:" {
		return stream{src: src} // a format this copy does not know
	}
	return stream{state: pcgState{hi: beUint64(b[4:]), lo: beUint64(b[12:])}, pcg: p}
}

func beUint64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[7]) | uint64(b[6])<<8 | uint64(b[5])<<16 | uint64(b[4])<<24 |
		uint64(b[3])<<32 | uint64(b[2])<<40 | uint64(b[1])<<48 | uint64(b[0])<<56
}

// done stores the stepped state back into the PCG.
func (s *stream) done() {
	if s.pcg == nil {
		return
	}
	var b [20]byte
	copy(b[:], "pcg:")
	for k := range 8 {
		b[4+k] = byte(s.state.hi >> (56 - 8*k))
		b[12+k] = byte(s.state.lo >> (56 - 8*k))
	}
	if err := s.pcg.UnmarshalBinary(b[:]); err != nil {
		panic("agents: stream: " + err.Error()) // unreachable: newStream read this format
	}
}

// uint64 is src's Uint64.
func (s *stream) uint64() uint64 {
	if s.src != nil {
		return s.src.Uint64()
	}
	return s.state.next()
}

// next is rand.PCG's Uint64 (128-bit LCG, DXSM output).
func (s *pcgState) next() uint64 {
	var u uint64
	*s, u = s.step()
	return u
}

// step returns the state after s and the number drawn: next by value,
// so that a loop's state stays in registers (an addressed one does not).
func (s pcgState) step() (pcgState, uint64) {
	hi, lo := bits.Mul64(s.lo, pcgMulLo)
	hi += s.hi*pcgMulLo + s.lo*pcgMulHi
	lo, c := bits.Add64(lo, pcgIncLo, 0)
	hi, _ = bits.Add64(hi, pcgIncHi, c)
	s = pcgState{hi, lo}
	hi ^= hi >> 32
	hi *= pcgCheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return s, hi
}

// rand.PCG's constants: the LCG's multiplier and increment (128 bits,
// as high and low halves) and DXSM's multiplier.
const (
	pcgMulHi    = 2549297995355413924
	pcgMulLo    = 4865540595714422341
	pcgIncHi    = 6364136223846793005
	pcgIncLo    = 1442695040888963407
	pcgCheapMul = 0xda942042e4dd58b5
)

// float64 is rand.Rand's Float64.
func (s *stream) float64() float64 {
	var u uint64
	if s.src == nil {
		s.state, u = s.state.step()
	} else {
		u = s.src.Uint64()
	}
	return float64(u<<11>>11) / (1 << 53)
}

// norms fills zs with normals, as many calls of norm would, the PCG's
// in a tight loop (normals).
func (s *stream) norms(zs []float64) {
	if s.src != nil {
		for j := range zs {
			zs[j] = s.norm()
		}
		return
	}
	for j := 0; j < len(zs); j++ {
		var t int
		var u uint64
		s.state, t, u = normals(s.state, zs[j:])
		if j += t; j == len(zs) {
			break
		}
		zs[j] = s.normTail(u) // beyond the ziggurat's first test
	}
}

// norm is rand.Rand's NormFloat64 (Marsaglia and Tsang's ziggurat):
// the first test, passed by over 99% of draws, here; the rest in
// normTail.
func (s *stream) norm() float64 {
	if s.src != nil {
		return s.normTail(s.src.Uint64())
	}
	var u uint64
	s.state, u = s.state.step()
	j := int32(u)
	i := u >> 32 & 0x7F
	if absInt32(j) < kn[i] {
		return float64(j) * float64(wn[i])
	}
	return s.normTail(u)
}

// normTail is NormFloat64's loop from a first draw u that failed the
// fast test.
func (s *stream) normTail(u uint64) float64 {
	for first := true; ; first = false {
		if !first {
			u = s.uint64()
		}
		j := int32(u)
		i := u >> 32 & 0x7F
		x := float64(j) * float64(wn[i])
		if absInt32(j) < kn[i] {
			return x
		}
		if i == 0 {
			for {
				x = -math.Log(s.float64()) * (1.0 / rn)
				y := -math.Log(s.float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return rn + x
			}
			return -rn - x
		}
		if fn[i]+float32(s.float64())*(fn[i-1]-fn[i]) < float32(math.Exp(-.5*x*x)) {
			return x
		}
	}
}

// exp is rand.Rand's ExpFloat64 (Marsaglia and Tsang's ziggurat): the
// first test, passed by about 98% of draws, here; the rest in expTail.
func (s *stream) exp() float64 {
	var u uint64
	if s.src == nil {
		s.state, u = s.state.step()
	} else {
		u = s.src.Uint64()
	}
	if j, i := uint32(u), uint8(u>>32); j < ke[i] {
		return float64(j) * float64(we[i])
	}
	return s.expTail(u)
}

// expTail is ExpFloat64's loop from a first draw u that failed the fast
// test.
func (s *stream) expTail(u uint64) float64 {
	for first := true; ; first = false {
		if !first {
			u = s.uint64()
		}
		j := uint32(u)
		i := uint8(u >> 32)
		x := float64(j) * float64(we[i])
		if j < ke[i] {
			return x
		}
		if i == 0 {
			return re - math.Log(s.float64())
		}
		if fe[i]+float32(s.float64())*(fe[i-1]-fe[i]) < float32(math.Exp(-x)) {
			return x
		}
	}
}

func absInt32(i int32) uint32 {
	if i < 0 {
		return uint32(-i)
	}
	return uint32(i)
}

// uint64n returns a uniform integer in [0, n), n > 0, by Lemire's
// multiply and reject (exactly uniform).
func (s *stream) uint64n(n uint64) uint64 {
	hi, lo := bits.Mul64(s.uint64(), n)
	if lo < n {
		for thresh := -n % n; lo < thresh; {
			hi, lo = bits.Mul64(s.uint64(), n)
		}
	}
	return hi
}

// normals fills zs with normals drawn as stream.norm draws them from the
// PCG state st, up to one that fails the ziggurat's first test; it
// returns the state after, the index of that one (len(zs) when none
// failed) and its bits.
//
// It steps the state as pcgState.step does, written out with the state
// in two locals, which the compiler keeps in registers with fewer moves
// (measured: 4% fewer instructions than calling step).
func normals(st pcgState, zs []float64) (pcgState, int, uint64) {
	hi, lo := st.hi, st.lo
	for t := range zs {
		h, l := bits.Mul64(lo, pcgMulLo)
		h += hi*pcgMulLo + lo*pcgMulHi
		l, c := bits.Add64(l, pcgIncLo, 0)
		h, _ = bits.Add64(h, pcgIncHi, c)
		hi, lo = h, l
		h ^= h >> 32
		h *= pcgCheapMul
		h ^= h >> 48
		u := h * (l | 1)
		k := int32(u)
		ix := u >> 32 & 0x7F
		if absInt32(k) >= kn[ix] {
			return pcgState{hi, lo}, t, u
		}
		zs[t] = float64(k) * float64(wn[ix])
	}
	return pcgState{hi, lo}, len(zs), 0
}
