package agents_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
)

// Generate draws the default SOCML-like crowd of 200 and reports its mix.
func ExampleGenerate() {
	c := defaultConfig() // the attendees section of configs/socml2017.yaml
	pop, err := agents.Generate(&c, popularity, -8, rand.NewPCG(2017, 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	var byBackground [sim.NumBackgrounds]int
	var byGroup [sim.NumJetlagGroups]int
	stars := 0
	for _, a := range pop {
		byBackground[a.Background]++
		byGroup[a.Group(3)]++
		if a.Star {
			stars++
		}
	}
	for b, n := range byBackground {
		fmt.Printf("%-8s %d\n", sim.Background(b), n)
	}
	for g, n := range byGroup {
		fmt.Printf("jet lag %-4s %d\n", sim.JetlagGroup(g), n)
	}
	fmt.Println("stars", stars)
	// Output:
	// industry 67
	// academia 64
	// startup  37
	// student  32
	// jet lag none 114
	// jet lag west 60
	// jet lag east 26
	// stars 4
}

// Generate rejects a config naming the key at fault.
func ExampleGenerate_error() {
	c := defaultConfig()
	c.VisitorShare = 1.2
	_, err := agents.Generate(&c, popularity, -8, rand.NewPCG(1, 1))
	fmt.Println(err)
	// Output:
	// agents: attendees.visitor_share: 1.2: want a probability in [0, 1]
}
