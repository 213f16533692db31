package plan

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"
)

// smallPlanB loads the example data and event.
func smallPlanB(b *testing.B) (*Data, *scenario.Config) {
	cfg := exampleConfig(b)
	d, err := Load(&cfg.Model.Event, Files{
		Attendees: filepath.Join(exampleDir, "attendees.csv"),
		Proposals: filepath.Join(exampleDir, "proposals.csv"),
		Votes:     filepath.Join(exampleDir, "votes.csv"),
	})
	if err != nil {
		b.Fatal(err)
	}
	return d, cfg
}

// BenchmarkWorld builds one replicate world of the example data: the
// interest posterior dominates.
func BenchmarkWorld(b *testing.B) {
	d, cfg := smallPlanB(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := d.World(&cfg.Model, nil, uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecommend plans the example data with two policies on eight
// replicates, one worker.
func BenchmarkRecommend(b *testing.B) {
	d, cfg := smallPlanB(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Recommend(context.Background(), d, &cfg.Model, cfg.Policy,
			Options{Seeds: 8, Seed: 1, Workers: 1, Policies: []string{"popularity", "spread"}}); err != nil {
			b.Fatal(err)
		}
	}
}
