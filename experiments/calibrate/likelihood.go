package calibrate

import (
	"math"

	"github.com/unconf/unconf/experiments/plan"
)

// Settings of the synthetic likelihood.
const (
	// MinSD is the smallest standard deviation of log(1 + count) the
	// likelihood allows a session: replicates that all agree (a session
	// of its moderator alone) would otherwise rule out every other count.
	MinSD = 0.1
	// Outlier is the weight of a flat component in each session's
	// likelihood: a count the model cannot produce under a parameter draw
	// costs that draw a factor of about Outlier, not everything, so one
	// odd session cannot decide the fit.
	Outlier = 0.02
)

// sessionLogLik returns the log likelihood of observation o given the
// simulated head counts xs of its session: the probability, under the
// normal on log(1 + count) with the replicates' mean and standard
// deviation s (at least MinSD), of the observed count's interval [lo − ½,
// hi + ½] (up to +∞ for a full room), mixed with a flat density over
// 0…capacity of weight Outlier. The normal's variance is s²·(1 + 1/K) for
// K replicates, the predictive variance of a new count when the mean is
// estimated from K: without it a fit from few replicates is too sure
// (its 80% intervals held the true value of choice.outside in 13 of 20
// recovery events). scatter (forecast.scatter) adds the real count's own
// log-scale variance around the model's, scatter².
func sessionLogLik(o *plan.Observation, xs []int, capacity int, scatter float64) float64 {
	var sum, sq float64
	for _, x := range xs {
		v := math.Log1p(float64(x))
		sum += v
		sq += v * v
	}
	n := float64(len(xs))
	mu := sum / n
	v := 0.0
	if n > 1 {
		v = max(0, (sq-n*mu*mu)/(n-1))
	}
	sd := math.Sqrt((v+MinSD*MinSD)*(1+1/n) + scatter*scatter)
	a := (math.Log1p(float64(o.Lo)-0.5) - mu) / sd
	b := math.Inf(1)
	if !o.Full {
		b = (math.Log1p(float64(o.Hi)+0.5) - mu) / sd
	}
	p := normCDF(b) - normCDF(a)
	if a > 0 { // upper tail: the difference of survival functions is exact
		p = normSF(a) - normSF(b)
	}
	width := float64(o.Hi - o.Lo + 1)
	if o.Full {
		width = 1
	}
	flat := width / float64(capacity+1)
	return math.Log((1-Outlier)*max(p, 0) + Outlier*flat)
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
func normSF(z float64) float64  { return 0.5 * math.Erfc(z/math.Sqrt2) }
