package sim_test

import (
	"fmt"
	"reflect"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

func ExampleGini() {
	fmt.Printf("%.3f\n", sim.Gini([]float64{1, 1, 1}))
	fmt.Printf("%.3f\n", sim.Gini([]float64{0, 0, 1}))
	// Output:
	// 0.000
	// 0.667
}

func ExampleQuantile() {
	sorted := []float64{1, 2, 3, 4}
	fmt.Println(sim.Quantile(sorted, 0.5), sim.Quantile(sorted, 0.25), sim.Quantile(sorted, 1))
	// Output: 2.5 1.75 4
}

// Ranks 3, 5, 1.5, 1.5, 4 against 3, 4, 1, 2, 5: r = 8.5/√(9.5·10).
func ExampleSpearman() {
	hands := []float64{12, 30, 7, 7, 19}
	attendance := []float64{9, 14, 2, 5, 20}
	fmt.Printf("%.3f\n", sim.Spearman(hands, attendance))
	// Output: 0.872
}

func ExampleNewWorld() {
	c, err := scenario.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := agents.NewWorld(&c.Model, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	again, _ := agents.NewWorld(&c.Model, 7)
	fmt.Println(len(w.Attendees), "attendees,", len(w.Event.Slots), "slots,", len(w.Event.Rooms), "rooms")
	fmt.Println("same seed, same world:", reflect.DeepEqual(w, again))

	random, best := w.Baseline.Random, w.Baseline.Best
	s, _ := policy.RandomSchedule(w.Input(), rng.New(7, "example"))
	score := sim.HandScore(w, s)
	fmt.Println("random schedule below the bound:", score <= best, random < best)
	// Output:
	// 200 attendees, 6 slots, 10 rooms
	// same seed, same world: true
	// random schedule below the bound: true true
}
