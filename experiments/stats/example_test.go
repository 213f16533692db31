package stats_test

import (
	"fmt"
	"math"

	"github.com/unconf/unconf/experiments/stats"
)

// Two policies measured on the same five replicates: the paired difference
// has a much narrower interval than either mean, because the replicates'
// shared ups and downs cancel.
func Example() {
	nan := math.NaN()
	baseline := []float64{0.40, 0.52, 0.47, 0.35, 0.44}
	policy := []float64{0.45, 0.58, 0.51, nan, 0.50} // replicate 3 undefined

	fmt.Println("policy:  ", stats.TInterval(policy, 0.95))
	fmt.Println("baseline:", stats.TInterval(baseline, 0.95))
	fmt.Println("paired:  ", stats.Paired(policy, baseline, 0.95))
	fmt.Println("median:  ", stats.Quantile(0.5, baseline))
	// Output:
	// policy:   0.51 [0.4248, 0.5952] (n=4)
	// baseline: 0.436 [0.3552, 0.5168] (n=5)
	// paired:   0.0525 [0.03727, 0.06773] (n=4)
	// median:   0.44
}
