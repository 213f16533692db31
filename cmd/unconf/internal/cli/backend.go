package cli

import (
	"context"
	"errors"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/sim"
)

// compare is experiments.Compare.
func compare(ctx context.Context, cfg *experiments.Config, o experiments.Options) (*experiments.Report, error) {
	return experiments.Compare(ctx, cfg, o)
}

// replay is experiments.Replay.
func replay(cfg *experiments.Config, policy string, replicate int) (*sim.World, *sim.Result, error) {
	return experiments.Replay(cfg, policy, replicate)
}

// scheduleChart draws res's schedule as a grid chart into path (pending:
// experiments/charts.ScheduleGrid has not landed yet).
func scheduleChart(path string, w *sim.World, res *sim.Result, policy string, replicate, collapsed int) error {
	return errors.New("schedule chart: not available yet in this build")
}
