package plan

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/internal/csvcell"
)

// ScheduleColumns are the columns of schedule.csv.
var ScheduleColumns = []string{
	"day", "date", "start", "end", "slot", "room", "capacity", "proposal", "title",
	"proposer", "proposer_name", "topics", "hands",
	"predicted_median", "predicted_p25", "predicted_p75", "predicted_p10", "predicted_p90", "p_collapse", "p_overflow", "risk",
}

// ScheduleCSV formats c's schedule with its forecast in the schedule.csv
// format (ScheduleColumns), sessions by slot then room: day (from 1),
// date, start and end (local HH:MM), slot (from 1, over the event), room
// name, capacity, proposal id, title, proposer id and name, topics
// (";"-separated), hands, the predicted attendance median, 25th and 75th
// (a 50% range) and 10th and 90th percentiles (an 80% range) over the
// replicates, the probabilities of collapse and overflow, and the risk
// flag. ReadSchedule reads it back.
func (rep *Report) ScheduleCSV(c *Candidate) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(ScheduleColumns)
	for _, f := range c.Sessions {
		start, end, err := rep.sessionTime(f.Slot)
		if err != nil {
			return nil, err
		}
		p := rep.Data.Proposals[f.Proposal]
		who := rep.Data.Attendees[rep.Data.attendee[p.Proposer]]
		sl := rep.Event.Slots[f.Slot]
		room := rep.Event.Rooms[f.Room]
		// Text cells from the organiser's files and config are neutralised
		// against formula injection (csvcell); ReadSchedule undoes it.
		text := csvcell.Text
		w.Write([]string{
			strconv.Itoa(sl.Day + 1), start.Format("2006-01-02"), start.Format("15:04"), end.Format("15:04"),
			strconv.Itoa(sl.Index + 1), text(room.Name), strconv.Itoa(room.Capacity),
			text(p.ID), text(p.Title), text(p.Proposer), text(who.Name), text(strings.Join(p.Topics, ";")), strconv.Itoa(f.Hands),
			num(f.Median, 1), num(f.P25, 1), num(f.P75, 1), num(f.P10, 1), num(f.P90, 1), num(f.PCollapse, 3), num(f.POverflow, 3), f.Risk,
		})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// num formats v with at most dec decimals and no trailing zeros.
func num(v float64, dec int) string {
	if math.IsNaN(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// rangeText formats a forecast as "9 [7–11] (5–14)": forecastRange's
// median, 50% range and 80% range.
func rangeText(f *Forecast) string {
	r := forecastRange(f)
	return fmt.Sprintf("%d [%d–%d] (%d–%d)", r.median, r.lo50, r.hi50, r.lo, r.hi)
}

// headCounts is a forecast in whole people: the median, and the head
// counts inside the 50% range [p25, p75] and the 80% range [p10, p90].
type headCounts struct{ median, lo50, hi50, lo, hi int }

// forecastRange returns f in whole people.
func forecastRange(f *Forecast) headCounts {
	lo50, hi50 := wholeInside(f.P25, f.P75)
	lo, hi := wholeInside(f.P10, f.P90)
	return headCounts{int(math.Round(f.Median)), lo50, hi50, lo, hi}
}

// wholeInside returns the whole numbers inside [lo, hi], widened to the
// nearest ones outside when none is inside (few replicates).
func wholeInside(lo, hi float64) (int, int) {
	l, h := math.Ceil(lo), math.Floor(hi)
	if l > h {
		l, h = math.Floor(lo), math.Ceil(hi)
	}
	return int(l), int(h)
}

// HeadCountText formats f's predicted attendance for people, in whole
// heads: the median rounded and the head counts inside the 50% and 80%
// ranges, as "9 [7–11] (5–14)" (schedule.md, the calendar, the terminal).
func HeadCountText(f *Forecast) string { return rangeText(f) }

// HandsText is n hands for people: "1 hand", "7 hands".
func HandsText(n int) string {
	if n == 1 {
		return "1 hand"
	}
	return strconv.Itoa(n) + " hands"
}
