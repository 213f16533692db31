package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/combin"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/unconf/unconf/sim/rng"
)

// designPurpose names the random stream that lays out lhs and morris
// designs: it depends on the master seed only.
const designPurpose = "design"

// design is a sweep's points: values[point][parameter], in design order
// (the point ids).
type design struct {
	values [][]any
	// morris describes the trajectories of a Morris design; nil otherwise.
	morris *morrisPlan
}

// morrisPlan is the structure of a Morris design of r trajectories over k
// parameters: trajectory t holds the points t(k+1) … t(k+1)+k, and from
// its point j to j+1 only parameter moved[t][j] changes, by delta[t][j]
// (signed, as a fraction of the parameter's range; ±Δ before rounding).
type morrisPlan struct {
	k, r   int
	moved  [][]int
	delta  [][]float64
	levels int
}

// newDesign lays out the points of spec's design. Randomised designs draw
// from the stream (seed, "design"), so a spec always gives the same points.
func newDesign(spec *Spec, seed uint64) (*design, error) {
	ps := spec.Parameters
	switch spec.Design.Kind {
	case DesignLHS:
		return lhsDesign(ps, spec.Design.Samples, rng.New(seed, designPurpose)), nil
	case DesignMorris:
		return morrisDesign(ps, spec.Design.Trajectories, spec.Design.Levels, rng.New(seed, designPurpose))
	}
	return gridDesign(ps), nil
}

// gridDesign is the full factorial of the parameters' values, the first
// parameter varying slowest.
func gridDesign(ps []ParamSpec) *design {
	vals := make([][]any, len(ps))
	lens := make([]int, len(ps))
	for i := range ps {
		vals[i] = ps[i].gridValues()
		lens[i] = len(vals[i])
	}
	d := &design{}
	for _, idx := range combin.Cartesian(lens) {
		pt := make([]any, len(ps))
		for i, j := range idx {
			pt[i] = vals[i][j]
		}
		d.values = append(d.values, pt)
	}
	return d
}

// lhsDesign draws n points by Latin hypercube sampling (gonum's
// samplemv.LatinHypercube on the unit cube): each parameter's range is cut
// into n equal strata and every stratum holds exactly one point.
func lhsDesign(ps []ParamSpec, n int, src rand.Source) *design {
	k := len(ps)
	batch := mat.NewDense(n, k, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, src), Src: src}.Sample(batch)
	d := &design{values: make([][]any, n)}
	for i := range n {
		d.values[i] = make([]any, k)
		for j := range ps {
			lo, hi := ps[j].bounds()
			x := lo + batch.At(i, j)*(hi-lo)
			if ps[j].Integer {
				d.values[i][j] = int64(math.Round(x))
			} else {
				d.values[i][j] = x
			}
		}
	}
	return d
}

// morrisDesign lays out r Morris (1991) trajectories over a p-level grid
// of the unit cube, Δ = p / (2(p − 1)):
//
//	x* drawn from {0, 1/(p−1), …, 1 − Δ}^k, a direction d_i = ±1 and an
//	order π (a permutation of the k parameters) per trajectory;
//	point 0: x_i = x*_i (d_i = +1) or x*_i + Δ (d_i = −1);
//	point j: point j−1 with parameter π_j moved by d_{π_j}·Δ,
//
// which is Morris's B* = (J x* + (Δ/2)((2B − J)D* + J)) P*. Each parameter
// moves once per trajectory, so r trajectories give r elementary effects
// per parameter from r(k+1) points. Values are lo + x(hi − lo), rounded
// for integer parameters; a step that rounding turns into no change is an
// error.
func morrisDesign(ps []ParamSpec, r, p int, src rand.Source) (*design, error) {
	k := len(ps)
	rnd := rand.New(src)
	delta := float64(p) / (2 * float64(p-1))
	mp := &morrisPlan{k: k, r: r, levels: p}
	d := &design{morris: mp}
	value := func(i int, x float64) any {
		lo, hi := ps[i].bounds()
		return ps[i].scale(lo + x*(hi-lo))
	}
	for range r {
		perm := rnd.Perm(k)
		x := make([]float64, k)
		dir := make([]float64, k)
		for i := range k {
			x[i] = float64(rnd.IntN(p/2)) / float64(p-1)
			dir[i] = 1
			if rnd.IntN(2) == 1 {
				dir[i] = -1
				x[i] += delta
			}
		}
		pt := make([]any, k)
		for i := range k {
			pt[i] = value(i, x[i])
		}
		d.values = append(d.values, pt)
		moved := make([]int, k)
		deltas := make([]float64, k)
		for j, i := range perm {
			x[i] += dir[i] * delta
			next := append([]any(nil), pt...)
			next[i] = value(i, x[i])
			a, _ := toFloat(pt[i])
			b, _ := toFloat(next[i])
			lo, hi := ps[i].bounds()
			if a == b {
				return nil, fmt.Errorf("parameters.%d (%s): morris levels %v and %v round to the same value %v: widen the range or use fewer levels",
					i, ps[i].Key, lo+(x[i]-dir[i]*delta)*(hi-lo), lo+x[i]*(hi-lo), a)
			}
			moved[j] = i
			deltas[j] = (b - a) / (hi - lo)
			d.values = append(d.values, next)
			pt = next
		}
		mp.moved = append(mp.moved, moved)
		mp.delta = append(mp.delta, deltas)
	}
	return d, nil
}
