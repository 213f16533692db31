package summary

import (
	"math"
	"strconv"

	"github.com/unconf/unconf/experiments/stats"
)

// Number is a float64 that encodes as JSON null when it is not a finite
// number (a metric undefined on every replicate, an interval of one
// replicate), which encoding/json refuses.
type Number float64

// MarshalJSON writes n as the shortest decimal that reads back as n, or
// null.
func (n Number) MarshalJSON() ([]byte, error) {
	v := float64(n)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Estimate is a mean over N replicates with its 95% t interval, as the
// JSON answers of compare, sweep and plan give it; Low and High are NaN
// (JSON null) with fewer than two values.
type Estimate struct {
	N    int    `json:"n"`
	Mean Number `json:"mean"`
	Low  Number `json:"ci_low"`
	High Number `json:"ci_high"`
}

// EstimateOf returns iv as an Estimate.
func EstimateOf(iv stats.Interval) Estimate {
	return Estimate{N: iv.N, Mean: Number(iv.Mean), Low: Number(iv.Low), High: Number(iv.High)}
}

// Interval returns e as a stats.Interval, for formatting.
func (e Estimate) Interval() stats.Interval {
	return stats.Interval{N: e.N, Mean: float64(e.Mean), Low: float64(e.Low), High: float64(e.High)}
}

// Excludes0 reports whether e's interval lies wholly above or below 0.
func (e Estimate) Excludes0() bool { return e.Low > 0 || e.High < 0 }
