package plan

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
)

// ScheduleFile is a schedule read from a CSV file (ReadSchedule).
type ScheduleFile struct {
	// Schedule holds one session per row, in file order; proposals index
	// Data.Proposals, slots and rooms the event's.
	Schedule *sim.Schedule
	// Lines[i] is the file line of Schedule.Sessions[i].
	Lines []int
	// Unknown lists the proposal ids of rows skipped because the
	// proposals file no longer has them (lenient reads only), in file
	// order.
	Unknown []string
}

// scheduleRequired are the columns a schedule file must have.
var scheduleRequired = []string{"proposal", "day", "start", "room"}

// ReadSchedule reads a schedule an organiser made (by hand, in a
// spreadsheet, or an earlier schedule.csv): one row per session with the
// columns
//
//	proposal  the proposal's id in proposals.csv
//	day       the event day, 1-based (or its date, YYYY-MM-DD)
//	start     the slot's local start time, HH:MM
//	room      the room's name as the event config names it (e.g. "Hall 1")
//
// in any order; other columns (title, end, capacity…) are ignored, so a
// schedule.csv written by Report.Write reads back as it is. Each row must
// name a known proposal, a slot of the event (day and start) and a room;
// no room may hold two sessions in one slot, no proposal may appear twice
// and no proposer may moderate two sessions in one slot. Errors are
// *InputError values naming the file, line and column.
//
// When lenient is set, rows whose proposal id the proposals file no
// longer has (a withdrawn proposal in a previous schedule) are skipped and
// listed in Unknown instead of failing. start is midnight of day 1 in the
// venue's zone (sim.EventConfig.Start), used to read dates in the day
// column.
func ReadSchedule(file string, r io.Reader, d *Data, ev *sim.Event, start time.Time, lenient bool) (*ScheduleFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, input.MaxCSV+1))
	if err != nil {
		return nil, &InputError{File: file, Err: err}
	}
	t, err := readTable(file, bytes.NewReader(data), scheduleRequired, extraColumns(data, scheduleRequired))
	if err != nil {
		return nil, err
	}
	// A schedule.csv plan wrote has its text cells neutralised against
	// formula injection: read them as they were.
	for _, row := range t.rows {
		for j, c := range row {
			row[j] = csvcell.Unquote(c)
		}
	}
	sf := &ScheduleFile{Schedule: &sim.Schedule{}}
	nr := len(ev.Rooms)
	cellLine := map[int]int{}   // slot*nr+room -> row index
	propLine := map[int]int{}   // proposal -> row index
	modLine := map[[2]int]int{} // (slot, proposer) -> row index
	for i := range t.rows {
		id, err := t.requireCell(i, "proposal")
		if err != nil {
			return nil, err
		}
		p, ok := d.proposal[id]
		if !ok && lenient {
			sf.Unknown = append(sf.Unknown, id)
			continue
		}
		if !ok {
			return nil, t.errorf(i, "proposal", "%q is not a proposal id in the proposals file", id)
		}
		slot, err := scheduleSlot(t, i, ev, start)
		if err != nil {
			return nil, err
		}
		room, err := scheduleRoom(t, i, ev)
		if err != nil {
			return nil, err
		}
		label := ev.Slots[slot].Label()
		if j, dup := propLine[p]; dup {
			return nil, t.errorf(i, "proposal", "proposal %q is scheduled twice (first on line %d)", id, t.lines[j])
		}
		if j, dup := cellLine[slot*nr+room]; dup {
			return nil, t.errorf(i, "room", "%s at %s already holds proposal %q (line %d)",
				ev.Rooms[room].Name, label, t.get(j, "proposal"), t.lines[j])
		}
		who := d.Proposals[p].Proposer
		if j, dup := modLine[[2]int{slot, d.attendee[who]}]; dup {
			return nil, t.errorf(i, "proposal", "proposer %q of %q already moderates proposal %q at %s (line %d)",
				who, id, t.get(j, "proposal"), label, t.lines[j])
		}
		propLine[p], cellLine[slot*nr+room], modLine[[2]int{slot, d.attendee[who]}] = i, i, i
		sf.Schedule.Sessions = append(sf.Schedule.Sessions, sim.Session{Proposal: p, Slot: slot, Room: room})
		sf.Lines = append(sf.Lines, t.lines[i])
	}
	// The checks above are Schedule.Check's, with lines; Check itself stays
	// the authority.
	if err := sf.Schedule.Check(ev, eventProposals(d)); err != nil {
		return nil, &InputError{File: file, Err: err}
	}
	return sf, nil
}

// ReadScheduleFile opens path and reads it with ReadSchedule.
func ReadScheduleFile(path string, d *Data, ev *sim.Event, start time.Time, lenient bool) (*ScheduleFile, error) {
	data, err := input.ReadFile(path, "a CSV file", input.MaxCSV)
	if err != nil {
		return nil, err
	}
	return ReadSchedule(path, bytes.NewReader(data), d, ev, start, lenient)
}

// extraColumns returns the header cells of a CSV file other than known,
// lower-cased, so that readTable accepts them. It returns nil when the
// header does not parse (readTable then reports the problem).
func extraColumns(data []byte, known []string) []string {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil
	}
	var extra []string
	for _, h := range header {
		if h = strings.ToLower(strings.TrimSpace(h)); !slices.Contains(known, h) {
			extra = append(extra, h)
		}
	}
	return extra
}

// scheduleSlot returns the slot of row i: its day (a number from 1 or a
// date) and start time.
func scheduleSlot(t *table, i int, ev *sim.Event, start time.Time) (int, error) {
	dayCell, err := t.requireCell(i, "day")
	if err != nil {
		return 0, err
	}
	day, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(strings.ToLower(dayCell), "day")))
	if err != nil {
		date, derr := time.ParseInLocation("2006-01-02", dayCell, start.Location())
		if derr != nil {
			return 0, t.errorf(i, "day", "%s: want a day number from 1 or a date as YYYY-MM-DD", input.Quote(dayCell))
		}
		day = 1 + int(date.Sub(start).Round(24*time.Hour)/(24*time.Hour))
	}
	if day < 1 || day > ev.Days {
		return 0, t.errorf(i, "day", "%s: the event has days 1 to %d (from %s)", input.Quote(dayCell), ev.Days, start.Format("2006-01-02"))
	}
	startCell, err := t.requireCell(i, "start")
	if err != nil {
		return 0, err
	}
	m, err := sim.ParseClock(startCell)
	if err != nil {
		return 0, t.errorf(i, "start", "%v", err)
	}
	var starts []string
	for _, s := range ev.Slots {
		if s.Day == day-1 {
			if s.Start == m {
				return s.Index, nil
			}
			starts = append(starts, clock(s.Start))
		}
	}
	return 0, t.errorf(i, "start", "no slot starts at %s on day %d (slots start at %s)", startCell, day, strings.Join(starts, ", "))
}

// scheduleRoom returns the room of row i, matched by name ignoring case.
func scheduleRoom(t *table, i int, ev *sim.Event) (int, error) {
	name, err := t.requireCell(i, "room")
	if err != nil {
		return 0, err
	}
	var names []string
	for _, r := range ev.Rooms {
		if strings.EqualFold(r.Name, name) {
			return r.Index, nil
		}
		names = append(names, r.Name)
	}
	return 0, t.errorf(i, "room", "unknown room %q (the event's rooms: %s)", name, strings.Join(names, ", "))
}

// clock formats minutes after midnight as HH:MM.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// eventProposals returns the proposals as sim sees them, for
// Schedule.Check: proposers as attendee indices.
func eventProposals(d *Data) []sim.Proposal {
	props := make([]sim.Proposal, len(d.Proposals))
	for i, p := range d.Proposals {
		props[i] = sim.Proposal{ID: i, Proposer: d.attendee[p.Proposer], Topic: 0, Second: -1, Title: p.Title}
	}
	return props
}
