package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a point estimate with a confidence interval.
type Interval struct {
	// N is the number of (non-NaN) values or pairs used.
	N int
	// Mean is the point estimate; SD the sample standard deviation (n−1
	// denominator) of the values or of the paired differences.
	Mean, SD float64
	// Low and High bound the confidence interval. They are NaN when N < 2
	// (no interval can be drawn from one value); Mean is NaN when N is 0.
	Low, High float64
}

// String formats the interval as "mean [low, high] (n=N)".
func (iv Interval) String() string {
	return fmt.Sprintf("%.4g [%.4g, %.4g] (n=%d)", iv.Mean, iv.Low, iv.High, iv.N)
}

// Clamp returns iv with Low and High cut to [lo, hi], the range of the
// quantity estimated: the mean of counts is never negative, the mean of
// shares never above 1, yet a t interval of skewed values near such a
// bound reaches past it (0.13 [−0.03, 0.30] for a count). The true mean
// lies in [lo, hi], so the cut interval covers it exactly as often as iv
// does. NaN bounds stay NaN; lo and hi may be infinite.
func (iv Interval) Clamp(lo, hi float64) Interval {
	if !math.IsNaN(iv.Low) {
		iv.Low = min(max(iv.Low, lo), hi)
	}
	if !math.IsNaN(iv.High) {
		iv.High = max(min(iv.High, hi), lo)
	}
	return iv
}

// Moments accumulates a running count, mean and sum of squared deviations
// (Welford's algorithm), skipping NaN: a constant-memory summary for
// streamed values. The zero value is empty and ready to use.
type Moments struct {
	n    int
	mean float64
	m2   float64
}

// Add adds x; a NaN x is ignored.
func (m *Moments) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

// N returns the number of values added (NaN excluded).
func (m *Moments) N() int { return m.n }

// Mean returns the mean, or NaN when empty.
func (m *Moments) Mean() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.mean
}

// StdDev returns the sample standard deviation (n−1 denominator), or NaN
// for fewer than two values.
func (m *Moments) StdDev() float64 {
	if m.n < 2 {
		return math.NaN()
	}
	return math.Sqrt(m.m2 / float64(m.n-1))
}

// TInterval returns the mean with its Student-t confidence interval at the
// given level (e.g. 0.95):
//
//	mean ± t(1−(1−level)/2; n−1) · sd / √n
func (m *Moments) TInterval(level float64) Interval {
	iv := Interval{N: m.n, Mean: m.Mean(), SD: m.StdDev(), Low: math.NaN(), High: math.NaN()}
	if m.n < 2 {
		return iv
	}
	h := TQuantile(1-(1-level)/2, m.n-1) * iv.SD / math.Sqrt(float64(m.n))
	iv.Low, iv.High = iv.Mean-h, iv.Mean+h
	return iv
}

// TQuantile returns the p quantile of Student's t distribution with df
// degrees of freedom (df >= 1).
func TQuantile(p float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

// Mean returns the mean of the non-NaN values of x and their number; the
// mean of no values is NaN.
func Mean(x []float64) (mean float64, n int) {
	var m Moments
	for _, v := range x {
		m.Add(v)
	}
	return m.Mean(), m.N()
}

// StdDev returns the sample standard deviation (n−1 denominator) of the
// non-NaN values of x and their number; it is NaN for fewer than two.
func StdDev(x []float64) (sd float64, n int) {
	var m Moments
	for _, v := range x {
		m.Add(v)
	}
	return m.StdDev(), m.N()
}

// TInterval returns the mean of the non-NaN values of x with its Student-t
// confidence interval at the given level (e.g. 0.95).
func TInterval(x []float64, level float64) Interval {
	var m Moments
	for _, v := range x {
		m.Add(v)
	}
	return m.TInterval(level)
}

// Paired returns the mean of the differences x[i] − y[i] with its Student-t
// confidence interval at the given level: the paired comparison of two
// treatments measured on the same replicates (common random numbers). Pairs
// where either value is NaN are skipped. It panics if x and y differ in
// length.
func Paired(x, y []float64, level float64) Interval {
	if len(x) != len(y) {
		panic("stats: slice length mismatch")
	}
	var m Moments
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		m.Add(x[i] - y[i])
	}
	return m.TInterval(level)
}

// Quantile returns the p quantile (0 <= p <= 1) of the non-NaN values of x
// by linear interpolation between order statistics, R's default type 7
// (the median of [1 2 3 4] is 2.5):
//
//	h = (n−1)·p;  Q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
//
// x need not be sorted and is not modified. The quantile of no values is
// NaN. It panics if p is outside [0, 1].
func Quantile(p float64, x []float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("stats: quantile probability outside [0, 1]")
	}
	s := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	return QuantileSorted(p, s)
}

// QuantileSorted is Quantile for values already sorted ascending and free
// of NaN.
func QuantileSorted(p float64, s []float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// Bootstrap returns the mean of the non-NaN values of x with a percentile
// bootstrap confidence interval at the given level: the type-7 quantiles
// (1−level)/2 and (1+level)/2 of the means of b resamples drawn with
// replacement from src. SD is the sample standard deviation of x. Low and
// High are NaN for fewer than two values or b < 1.
func Bootstrap(x []float64, level float64, b int, src rand.Source) Interval {
	v := make([]float64, 0, len(x))
	for _, e := range x {
		if !math.IsNaN(e) {
			v = append(v, e)
		}
	}
	mean, _ := Mean(v)
	sd, _ := StdDev(v)
	iv := Interval{N: len(v), Mean: mean, SD: sd, Low: math.NaN(), High: math.NaN()}
	if len(v) < 2 || b < 1 {
		return iv
	}
	r := rand.New(src)
	means := make([]float64, b)
	for i := range means {
		var s float64
		for range v {
			s += v[r.IntN(len(v))]
		}
		means[i] = s / float64(len(v))
	}
	slices.Sort(means)
	iv.Low = QuantileSorted((1-level)/2, means)
	iv.High = QuantileSorted((1+level)/2, means)
	return iv
}
