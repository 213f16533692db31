package experiments_test

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/scenario"
)

// Compare three policies on three replicates of the default event and look
// at what it wrote. Report.Summary is summary.md, for stdout.
func ExampleCompare() {
	cfg, err := scenario.Default()
	if err != nil {
		log.Fatal(err)
	}
	cfg.Run.Seeds = 3
	cfg.Run.Policies = []string{"random", "popularity", "spread"}
	out, err := os.MkdirTemp("", "unconf-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)

	rep, err := experiments.Compare(context.Background(), cfg, experiments.Options{Out: out, Workers: 2, Version: "example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d units, %d failed\n", rep.Units, rep.Failed)
	fmt.Println(rep.Files[:7])

	f, err := os.Open(filepath.Join(out, "results.csv"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; i < 4 && sc.Scan(); i++ {
		cols := strings.Split(sc.Text(), ",")
		fmt.Println(strings.Join(cols[:4], ","), "…")
	}
	// Output:
	// 9 units, 0 failed
	// [results.csv sessions.csv slots.csv check.csv summary.csv summary.md meta.json]
	// unit,replicate,seed,policy …
	// 0,0,14754657656890123670,random …
	// 1,0,14754657656890123670,popularity …
	// 2,0,14754657656890123670,spread …
}

// Replay one row of a compare run: replicate 1 under spread, with the seed
// that row was run with.
func ExampleReplay() {
	cfg, err := scenario.Default()
	if err != nil {
		log.Fatal(err)
	}
	w, res, err := experiments.Replay(cfg, "spread", 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("seed", w.Seed)
	fmt.Println("sessions on the schedule:", len(res.Schedule.Sessions) == len(res.Sessions))
	// Output:
	// seed 6506901217240279810
	// sessions on the schedule: true
}
