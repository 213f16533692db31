package sweep_test

import (
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/experiments/sweep"
)

// A sweep spec is parsed strictly, its base resolved into Settings (here
// the default scenario file; sweep.Load does this for spec files),
// and every point checked before anything runs.
func ExampleParseSpec() {
	spec, err := sweep.ParseSpec([]byte(`
replicates: 10
policies: [random, jetlag]
baseline: random
parameters:
  - key: attendees.visitor_share
    values: [0, 0.3, 0.6]
  - key: event.rooms.2.count
    range: {from: 2, to: 6, steps: 3}
    integer: true
`), "example.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile("../../configs/socml2017.yaml")
	if err := yaml.Unmarshal(data, &spec.Settings); err != nil {
		fmt.Println(err)
		return
	}
	points, units, err := spec.Validate()
	fmt.Println(spec.Design.Kind, points, "points,", units, "units,", err)

	_, err = sweep.ParseSpec([]byte("parameters:\n  - key: votes.noise\n    valeus: [0.1]\n"), "typo.yaml")
	fmt.Println(err)
	// Output:
	// grid 9 points, 180 units, <nil>
	// sweep spec typo.yaml:3: unknown key "valeus" in parameters.0 (want one of key, values, range, distribution, integer)
}
