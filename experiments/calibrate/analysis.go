package calibrate

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/unconf/unconf/sim/rng"
)

// Quantiles are the 10th, 25th, 50th, 75th and 90th percentiles of a
// predicted head count.
type Quantiles struct{ P10, P25, Median, P75, P90 float64 }

// Predictive returns the posterior predictive quantiles of observation j:
// every draw's simulated head counts of the session, weighted by the
// draw's importance weight. With leaveOut the draws are reweighted as if
// j had not been observed, w·exp(−LogLik[j]) (importance-sampling
// leave-one-out, Gelfand et al. 1992), which tells how well the fit
// predicts a session it did not see. With forecast.scatter (the draw's,
// when it is fitted) each simulated count stands for the real counts it
// may become, at the scatterNodes quantiles of the normal, as plan
// predicts them.
func (f *Fit) Predictive(j int, leaveOut bool) Quantiles {
	J := len(f.Problem.Obs)
	capacity := f.Problem.Capacity[j]
	nodes := scatterNodes()
	type point struct{ x, w float64 }
	var pts []point
	maxLW := math.Inf(-1)
	lws := make([]float64, len(f.Draws))
	for i := range f.Draws {
		lws[i] = f.Draws[i].LogWeight
		if leaveOut {
			lws[i] -= f.Draws[i].LogLik[j]
		}
		maxLW = max(maxLW, lws[i])
	}
	total := 0.0
	for i := range f.Draws {
		w := math.Exp(lws[i] - maxLW)
		if w < 1e-12 {
			continue
		}
		scatter := f.scatter(&f.Draws[i])
		for k := range f.Options.Replicates {
			c := f.Draws[i].Counts[k*J+j]
			if scatter == 0 {
				pts = append(pts, point{float64(c), w})
				total += w
				continue
			}
			for _, z := range nodes {
				n := math.Round(float64(c) * math.Exp(scatter*z))
				pts = append(pts, point{min(max(n, 1), float64(capacity)), w})
				total += w
			}
		}
	}
	slices.SortFunc(pts, func(a, b point) int { return cmp.Compare(a.x, b.x) })
	q := func(p float64) float64 {
		cum := 0.0
		for _, pt := range pts {
			cum += pt.w / total
			if cum >= p {
				return pt.x
			}
		}
		return pts[len(pts)-1].x
	}
	return Quantiles{q(0.1), q(0.25), q(0.5), q(0.75), q(0.9)}
}

// scatterNodes returns the standard normal's quantiles at (i + ½)/10,
// i = 0…9: a deterministic, stratified stand-in for its draws.
func scatterNodes() [10]float64 {
	var z [10]float64
	for i := range z {
		z[i] = distuv.UnitNormal.Quantile((float64(i) + 0.5) / 10)
	}
	return z
}

// Inside reports whether observation j lies inside [lo, hi]: a count, or
// a recalled range that overlaps it.
func (f *Fit) inside(j int, lo, hi float64) bool {
	o := &f.Problem.Obs[j]
	return float64(o.Hi) >= lo && float64(o.Lo) <= hi
}

// Coverage counts the observations inside their 50% and 80% predictive
// ranges, leaving each out (leaveOut) or not.
func (f *Fit) Coverage(leaveOut bool) (in50, in80 int) {
	for j := range f.Problem.Obs {
		q := f.Predictive(j, leaveOut)
		if f.inside(j, q.P25, q.P75) {
			in50++
		}
		if f.inside(j, q.P10, q.P90) {
			in80++
		}
	}
	return in50, in80
}

// Marginal summarises one parameter: its prior and posterior mean and
// 80% interval, and whether the data informed it.
type Marginal struct {
	Key                         string
	PriorMean, PriorLo, PriorHi float64
	Mean, Lo, Hi                float64
	// SDRatio is the posterior's standard deviation over the prior's, on
	// the real line where the fit works (about 1: the data said nothing).
	SDRatio float64
	// Shift is how far the posterior mean moved from the prior's, in
	// prior standard deviations on the real line.
	Shift float64
	// Informed is false when the posterior is the prior back: SDRatio at
	// least InformedRatio and Shift below InformedShift.
	Informed bool
}

// Thresholds of Marginal.Informed. The posterior's spread is estimated
// from weighted draws, so it wanders by about 1/√ESS around the truth:
// a parameter counts as informed only when its spread shrank by a fifth
// or its mean moved by half a prior standard deviation.
const (
	InformedRatio = 0.8
	InformedShift = 0.5
)

// priorSample is how many prior draws (cheap: nothing is simulated) give
// the prior's moments.
const priorSample = 20000

// Marginals summarises every parameter: the prior from priorSample draws
// of it, the posterior from all simulated draws, weighted.
func (f *Fit) Marginals() []Marginal {
	out := make([]Marginal, len(f.Keys))
	src := rng.New(f.Options.Seed, "marginals")
	for k, key := range f.Keys {
		d := &f.Problem.Forecast.Priors[k]
		px, py := make([]float64, priorSample), make([]float64, priorSample)
		ones := make([]float64, priorSample)
		for i := range px {
			px[i] = d.Rand(src)
			py[i] = d.ToReal(px[i])
			ones[i] = 1
		}
		var wx, wy, ww []float64
		for i := range f.Draws {
			dr := &f.Draws[i]
			wx = append(wx, dr.X[k])
			wy = append(wy, dr.Y[k])
			ww = append(ww, math.Exp(dr.LogWeight))
		}
		m := Marginal{Key: key}
		m.PriorMean, m.PriorLo, m.PriorHi = weightedSummary(px, ones)
		m.Mean, m.Lo, m.Hi = weightedSummary(wx, ww)
		pm, psd := meanSD(py, ones)
		qm, qsd := meanSD(wy, ww)
		m.SDRatio = qsd / psd
		m.Shift = math.Abs(qm-pm) / psd
		m.Informed = m.SDRatio < InformedRatio || m.Shift >= InformedShift
		out[k] = m
	}
	return out
}

// weightedSummary returns the weighted mean and 10th and 90th
// percentiles of xs.
func weightedSummary(xs, ws []float64) (mean, lo, hi float64) {
	idx := make([]int, len(xs))
	total := 0.0
	for i := range idx {
		idx[i] = i
		mean += ws[i] * xs[i]
		total += ws[i]
	}
	mean /= total
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	cum := 0.0
	lo, hi = math.NaN(), math.NaN()
	for _, i := range idx {
		cum += ws[i] / total
		if math.IsNaN(lo) && cum >= 0.1 {
			lo = xs[i]
		}
		if math.IsNaN(hi) && cum >= 0.9 {
			hi = xs[i]
		}
	}
	return mean, lo, hi
}

func meanSD(xs, ws []float64) (mean, sd float64) {
	total := 0.0
	for i, x := range xs {
		mean += ws[i] * x
		total += ws[i]
	}
	mean /= total
	for i, x := range xs {
		sd += ws[i] * (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / total)
}
