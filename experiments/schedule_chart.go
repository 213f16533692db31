package experiments

import (
	"fmt"
	"math"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/sim"
)

// ScheduleChart draws cells as ev's schedule grid into path with
// charts.ScheduleGrid: one row per slot, labelled "Day 1\n09:30", one
// column per room, labelled "name (capacity)", cells[slot][room] the
// session there (from ScheduleCells or SessionCells), the colour scale
// labelled valueLabel and the caption and legend worded by text (from
// SessionText for simulated sessions). Errors are those of
// charts.ScheduleGrid.
func ScheduleChart(path, title, valueLabel string, ev *sim.Event, cells [][]charts.Cell, text charts.GridText) error {
	slots := make([]string, len(ev.Slots))
	for i, s := range ev.Slots {
		slots[i] = chartSlotLabel(s)
	}
	rooms := make([]string, len(ev.Rooms))
	for i, r := range ev.Rooms {
		rooms[i] = fmt.Sprintf("%s (%d)", r.Name, r.Capacity)
	}
	return charts.ScheduleGrid(path, title, valueLabel, slots, rooms, cells, text)
}

// ScheduleCells returns ev's schedule grid with no session in it:
// len(ev.Slots) rows of len(ev.Rooms) blank cells (no title, NaN value),
// to be filled and drawn by ScheduleChart.
func ScheduleCells(ev *sim.Event) [][]charts.Cell {
	cells := make([][]charts.Cell, len(ev.Slots))
	for i := range cells {
		cells[i] = make([]charts.Cell, len(ev.Rooms))
		for j := range cells[i] {
			cells[i][j].Value = math.NaN()
		}
	}
	return cells
}

// SessionCells returns ev's schedule grid (see ScheduleCells) with each
// simulated session in its slot and room: its hands and attendance,
// coloured by attendance over the room's capacity, and at risk
// "collapse" when attendance ≤ collapsed (sim.MetricsConfig.Collapsed),
// else "overflow" when people were turned away (worded for the chart by
// SessionText). A session outside ev's slots or rooms is an error.
func SessionCells(ev *sim.Event, sessions []sim.SessionRecord, collapsed int) ([][]charts.Cell, error) {
	cells := ScheduleCells(ev)
	for _, s := range sessions {
		if s.Slot < 0 || s.Slot >= len(ev.Slots) || s.Room < 0 || s.Room >= len(ev.Rooms) {
			return nil, fmt.Errorf("experiments: session %q in slot %d, room %d: outside the event", s.Title, s.Slot, s.Room)
		}
		c := charts.Cell{Title: s.Title, Hands: s.Hands, Attendance: s.Attendance, Value: math.NaN()}
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
	return cells, nil
}

// SessionText words the caption and legend of a grid of SessionCells:
// what happened in one simulated replicate, "collapsed (≤ collapsed
// present)" and "people turned away", not a risk.
func SessionText(collapsed int) charts.GridText {
	return charts.GridText{
		Caption: charts.DefaultGridCaption,
		Legend: map[string]string{
			"collapse": fmt.Sprintf("collapsed (≤ %d present)", collapsed),
			"overflow": "people turned away",
		},
	}
}

// chartSlotLabel labels a slot on a chart's axis: "Day 1\n09:30".
func chartSlotLabel(s sim.Slot) string {
	return fmt.Sprintf("Day %d\n%02d:%02d", s.Day+1, s.Start/60, s.Start%60)
}
