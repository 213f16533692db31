package cli

import (
	"context"
	"fmt"

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

// scheduleChart draws res's schedule as a grid chart into path
// (experiments.SessionCells, experiments.ScheduleChart): one row per slot,
// one column per room, each session coloured by attendance over capacity,
// collapsed sessions (attendance ≤ collapsed) and full rooms that turned
// people away outlined.
func scheduleChart(path string, w *sim.World, res *sim.Result, policy string, replicate, collapsed int) error {
	cells, err := experiments.SessionCells(w.Event, res.Sessions, collapsed)
	if err != nil {
		return fmt.Errorf("schedule chart: %w", err)
	}
	title := fmt.Sprintf("Schedule under %s, replicate %d (seed %d): hands → attendance", policy, replicate, w.Seed)
	if err := experiments.ScheduleChart(path, title, "attendance / capacity", w.Event, cells); err != nil {
		return fmt.Errorf("schedule chart: %w", err)
	}
	return nil
}
