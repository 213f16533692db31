package cli

import (
	"context"
	"fmt"
	"math"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/charts"
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

// scheduleChart draws res's schedule as a grid chart into path: one row per
// slot, one column per room, each session coloured by attendance over
// capacity, collapsed sessions (attendance ≤ collapsed) and full rooms that
// turned people away outlined.
func scheduleChart(path string, w *sim.World, res *sim.Result, policy string, replicate, collapsed int) error {
	ev := w.Event
	slots := make([]string, len(ev.Slots))
	for i, s := range ev.Slots {
		slots[i] = fmt.Sprintf("Day %d\n%02d:%02d", s.Day+1, s.Start/60, s.Start%60)
	}
	rooms := make([]string, len(ev.Rooms))
	for i, r := range ev.Rooms {
		rooms[i] = fmt.Sprintf("%s (%d)", r.Name, r.Capacity)
	}
	cells := make([][]charts.Cell, len(ev.Slots))
	for i := range cells {
		cells[i] = make([]charts.Cell, len(ev.Rooms))
		for j := range cells[i] {
			cells[i][j].Value = math.NaN()
		}
	}
	for _, s := range res.Sessions {
		c := charts.Cell{Title: s.Title, Hands: s.Hands, Attendance: s.Attendance}
		if s.Capacity > 0 {
			c.Value = float64(s.Attendance) / float64(s.Capacity)
		}
		switch {
		case s.Attendance <= collapsed:
			c.Risk = "collapse"
		case s.TurnedAway > 0:
			c.Risk = "overflow"
		}
		cells[s.Slot][s.Room] = c
	}
	title := fmt.Sprintf("Schedule under %s, replicate %d (seed %d): hands → attendance", policy, replicate, w.Seed)
	if err := charts.ScheduleGrid(path, title, "attendance / capacity", slots, rooms, cells); err != nil {
		return fmt.Errorf("schedule chart: %w", err)
	}
	return nil
}
