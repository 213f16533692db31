package report

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/unconf/unconf/experiments/plan"
)

// board is one day of a schedule: rooms as columns, slots as rows.
type board struct {
	// Event names the event on printed pages.
	ID, Title, Event string
	Rooms            []plan.MetaRoom
	Rows             []boardRow
}

type boardRow struct {
	Start, End string
	Cells      []boardCell
}

// boardCell is a session and its forecast, or an empty room.
type boardCell struct {
	Empty            bool
	Title, Moderator string
	Hands            int
	// Median is the predicted head count; MedianText it rounded. Range50
	// and Range80 are the whole head counts inside the 50% and 80%
	// ranges ("" when schedule.csv has no 50% range).
	Median           float64
	MedianText       string
	Range50, Range80 string
	// Fill shades the cell by median over capacity, 0 (empty) to 4
	// (full).
	Fill           int
	Risk, RiskText string
	Key            string
}

// headRange formats the whole head counts inside [lo, hi] as "9–14",
// widening to the nearest whole numbers when none is inside (as
// schedule.md does).
func headRange(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	a, b := math.Ceil(lo), math.Floor(hi)
	if a > b {
		a, b = math.Floor(lo), math.Ceil(hi)
	}
	if a == b {
		return fmt.Sprintf("%.0f", a)
	}
	return fmt.Sprintf("%.0f–%.0f", a, b)
}

// boards lays out sessions as one board per day of ev.
func boards(id string, ev plan.MetaEvent, sessions []session, collapsed int, risk float64) ([]board, error) {
	type cellKey struct {
		slot int
		room string
	}
	at := map[cellKey]session{}
	for _, s := range sessions {
		if !slices.ContainsFunc(ev.Rooms, func(r plan.MetaRoom) bool { return r.Name == s.room }) {
			return nil, fmt.Errorf("report: schedule room %q is not one of the event's rooms in meta.json", s.room)
		}
		at[cellKey{s.slot, s.room}] = s
	}
	var out []board
	for _, d := range ev.Days {
		b := board{ID: fmt.Sprintf("%s-day-%d", id, d.Day), Rooms: ev.Rooms, Title: fmt.Sprintf("Day %d", d.Day), Event: ev.Name}
		if t, err := time.Parse("2006-01-02", d.Date); err == nil {
			b.Title += ": " + t.Format("Monday 2 January 2006")
		}
		for _, sl := range ev.Slots {
			if sl.Day != d.Day {
				continue
			}
			r := boardRow{Start: sl.Start, End: sl.End}
			for _, room := range ev.Rooms {
				s, ok := at[cellKey{sl.Slot, room.Name}]
				if !ok {
					r.Cells = append(r.Cells, boardCell{Empty: true})
					continue
				}
				c := boardCell{Title: s.title, Moderator: s.moderator, Hands: s.hands, Median: s.median,
					MedianText: fmt.Sprintf("%.0f", math.Round(s.median)), Key: fmt.Sprintf("%s/%s", id, s.id), Risk: s.risk}
				if r80 := headRange(s.p10, s.p90); r80 != "" {
					c.Range80 = "80%: " + r80
				}
				if r50 := headRange(s.p25, s.p75); r50 != "" {
					c.Range50 = "50%: " + r50
				}
				if s.capacity > 0 {
					c.Fill = min(4, int(5*s.median/float64(s.capacity)))
				}
				switch s.risk {
				case "overflow":
					c.RiskText = fmt.Sprintf("overflow risk: full in %s of simulated events", share(s.pOverflow))
				case "collapse":
					c.RiskText = fmt.Sprintf("collapse risk: %d or fewer people in %s", collapsed, share(s.pCollapse))
				}
				r.Cells = append(r.Cells, c)
			}
			b.Rows = append(b.Rows, r)
		}
		out = append(out, b)
	}
	return out, nil
}
