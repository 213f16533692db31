package agents_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/unconf/unconf/agents"
)

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{200, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := defaultConfig()
			c.Count = n
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := agents.Generate(&c, popularity, venue, rand.NewPCG(uint64(i), 1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
