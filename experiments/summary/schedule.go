package summary

import (
	"fmt"
	"math"
	"time"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/sim"
)

// ScheduleChart draws cells as ev's schedule grid into path with
// charts.ScheduleGrid: each day under a heading with its date (ChartSlots;
// day1 is the first day's date, the zero time for none), one row per
// slot, labelled "09:30–10:30", one column per room, labelled "name
// (capacity)", cells[slot][room] the session there (from ScheduleCells or
// SessionCells), the colour scale labelled valueLabel and the caption and
// legend worded by text (from SessionText for simulated sessions). Errors
// are those of charts.ScheduleGrid.
func ScheduleChart(path, title, valueLabel string, ev *sim.Event, day1 time.Time, cells [][]charts.Cell, text charts.GridText) error {
	rooms := make([]string, len(ev.Rooms))
	for i, r := range ev.Rooms {
		rooms[i] = fmt.Sprintf("%s (%d)", r.Name, r.Capacity)
	}
	return charts.ScheduleGrid(path, title, valueLabel, ChartSlots(ev, day1), rooms, cells, text)
}

// ChartSlots labels ev's slots for charts: each slot's day, "Day 1:
// Friday 1 December 2017" (only "Day 1" when day1, the first day's date,
// is the zero time), and its local start and end, "09:30–10:30".
func ChartSlots(ev *sim.Event, day1 time.Time) []charts.Slot {
	out := make([]charts.Slot, len(ev.Slots))
	for i, s := range ev.Slots {
		out[i] = charts.Slot{Day: fmt.Sprintf("Day %d", s.Day+1),
			Time: clockText(s.Start) + "–" + clockText(s.Start+s.Minutes)}
		if !day1.IsZero() {
			out[i].Day += ": " + day1.AddDate(0, 0, s.Day).Format("Monday 2 January 2006")
		}
	}
	return out
}

// clockText formats minutes after midnight as "09:30" (past midnight as
// "24:15", as a session may end then).
func clockText(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

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
// coloured by attendance over the room's capacity, and flagged "collapse"
// when attendance ≤ collapsed (sim.MetricsConfig.Collapsed), else
// "overflow" when the room ended full and had turned people away (worded
// for the chart by SessionText). A room that turned people away and then
// emptied below capacity by the law of two feet is not flagged: it ended
// with seats free. A session outside ev's slots or rooms is an error.
func SessionCells(ev *sim.Event, sessions []sim.SessionRecord, collapsed int) ([][]charts.Cell, error) {
	cells := ScheduleCells(ev)
	for _, s := range sessions {
		if s.Slot < 0 || s.Slot >= len(ev.Slots) || s.Room < 0 || s.Room >= len(ev.Rooms) {
			return nil, fmt.Errorf("summary: session %q in slot %d, room %d: outside the event", s.Title, s.Slot, s.Room)
		}
		c := charts.Cell{Title: s.Title, Hands: s.Hands, Attendance: s.Attendance, Value: math.NaN()}
		if s.Capacity > 0 {
			c.Value = float64(s.Attendance) / float64(s.Capacity)
		}
		switch {
		case s.Attendance <= collapsed:
			c.Risk = "collapse"
		case s.TurnedAway > 0 && s.Attendance >= s.Capacity:
			c.Risk = "overflow"
		}
		cells[s.Slot][s.Room] = c
	}
	return cells, nil
}

// SessionCaption is the caption of a grid of SessionCells: what the
// numbers are, and what the number in brackets after a simulated
// proposal's title means.
const SessionCaption = "Each cell: session title, then hands raised → attendance. " +
	"Simulated proposals are named by topic: “GANs (3)” is the third on GANs."

// SessionText words the caption and legend of a grid of SessionCells:
// what happened in one simulated replicate (SessionCaption), "collapsed
// (≤ collapsed present)" and "full, people turned away", not a risk.
func SessionText(collapsed int) charts.GridText {
	return charts.GridText{
		Caption: SessionCaption,
		Legend: map[string]string{
			"collapse": fmt.Sprintf("collapsed (≤ %d present)", collapsed),
			"overflow": "full, people turned away",
		},
	}
}
