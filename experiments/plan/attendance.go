package plan

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/unconf/unconf/sim"
)

// Observation is the head count of one session of an event as it was
// run: an exact count (Lo = Hi) or a recalled range [Lo, Hi]. Full says
// the count reached the room's capacity, so the real demand may have been
// larger (the model's head counts stop there too).
type Observation struct {
	// Line is the attendance file's line.
	Line int
	// Proposal indexes Data.Proposals; Session indexes the schedule's
	// sessions.
	Proposal, Session int
	Lo, Hi            int
	Full              bool
}

// MaxOverCapacity is how far above the room's capacity a reported head
// count may go (people standing) before it is refused as a typo. Counts
// between capacity and this many times it are read as a full room.
const MaxOverCapacity = 2

// ReadAttendance reads attendance.csv: the head counts an event's hosts
// reported, one row per session, with the columns
//
//	proposal  the proposal's id in proposals.csv
//	count     the head count, moderator included
//	min, max  a recalled range instead of a count
//
// Every proposal must be a known one that s runs (ev's rooms give the
// capacities); a count is a whole number from 0 up to MaxOverCapacity
// times the room's capacity; min ≤ max; each proposal at most once; a row
// has a count or a range, not both. Errors are *InputError values naming
// the file, line and column.
func ReadAttendance(file string, r io.Reader, d *Data, s *sim.Schedule, ev *sim.Event) ([]Observation, error) {
	t, err := readTable(file, r, []string{"proposal"}, []string{"count", "min", "max"})
	if err != nil {
		return nil, err
	}
	_, hasCount := t.cols["count"]
	_, hasMin := t.cols["min"]
	_, hasMax := t.cols["max"]
	if !hasCount && !(hasMin && hasMax) {
		col := "count"
		switch {
		case hasMin:
			col = "max"
		case hasMax:
			col = "min"
		}
		return nil, &InputError{File: file, Line: 1, Column: col, Err: fmt.Errorf("required column missing: want count, or min and max")}
	}
	session := make(map[int]int, len(s.Sessions))
	for i, x := range s.Sessions {
		session[x.Proposal] = i
	}
	seen := map[int]int{}
	var out []Observation
	for i := range t.rows {
		id, err := t.requireCell(i, "proposal")
		if err != nil {
			return nil, err
		}
		p, ok := d.proposal[id]
		if !ok {
			return nil, t.errorf(i, "proposal", "%q is not a proposal id in the proposals file", id)
		}
		if prev, dup := seen[p]; dup {
			return nil, t.errorf(i, "proposal", "%q counted twice (first on line %d)", id, prev)
		}
		seen[p] = t.lines[i]
		k, ok := session[p]
		if !ok {
			return nil, t.errorf(i, "proposal", "%q is not in the schedule: only sessions that ran can be counted", id)
		}
		capacity := ev.Rooms[s.Sessions[k].Room].Capacity
		o := Observation{Line: t.lines[i], Proposal: p, Session: k}
		if o.Lo, o.Hi, err = countRange(t, i, capacity, hasCount); err != nil {
			return nil, err
		}
		if o.Hi >= capacity {
			o.Full = true
			o.Lo, o.Hi = min(o.Lo, capacity), capacity
		}
		out = append(out, o)
	}
	return out, nil
}

// countRange returns the head count of row i of t, as a range lo…hi: a
// count, or a min and a max, each at most a room of capacity. hasCount
// says whether t has a count column, to name the cell an empty row
// lacks.
func countRange(t *table, i, capacity int, hasCount bool) (lo, hi int, err error) {
	count, minCell, maxCell := t.get(i, "count"), t.get(i, "min"), t.get(i, "max")
	switch {
	case count != "" && (minCell != "" || maxCell != ""):
		col := "min"
		if minCell == "" {
			col = "max"
		}
		return 0, 0, t.errorf(i, col, "a count and a range on one row: give one or the other")
	case count != "":
		lo, err = headCount(t, i, "count", count, capacity)
		return lo, lo, err
	case minCell != "" && maxCell != "":
		if lo, err = headCount(t, i, "min", minCell, capacity); err != nil {
			return 0, 0, err
		}
		if hi, err = headCount(t, i, "max", maxCell, capacity); err != nil {
			return 0, 0, err
		}
		if lo > hi {
			return 0, 0, t.errorf(i, "min", "%d is above max %d", lo, hi)
		}
		return lo, hi, nil
	}
	col := "count"
	switch {
	case minCell != "":
		col = "max"
	case maxCell != "" || !hasCount:
		col = "min"
	}
	return 0, 0, t.errorf(i, col, "empty: want a head count, or min and max")
}

// headCount parses a count cell: a whole number from 0 to
// MaxOverCapacity·capacity.
func headCount(t *table, i int, col, cell string, capacity int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(cell))
	switch {
	case err != nil:
		return 0, t.errorf(i, col, "%q: want a whole number of people", cell)
	case n < 0:
		return 0, t.errorf(i, col, "%d: want 0 or more people", n)
	case n > MaxOverCapacity*capacity:
		return 0, t.errorf(i, col, "%d people in a room of %d seats: want at most %d (a typo?)", n, capacity, MaxOverCapacity*capacity)
	}
	return n, nil
}

// ReadAttendanceFile reads the attendance file at path (see ReadAttendance).
func ReadAttendanceFile(path string, d *Data, s *sim.Schedule, ev *sim.Event) ([]Observation, error) {
	return readFile(path, func(name string, r io.Reader) ([]Observation, error) {
		return ReadAttendance(name, r, d, s, ev)
	})
}
