package plan

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
)

// AttendeeRow is one line of attendees.csv. Empty optional cells are
// unknown and drawn from the scenario's distributions in each replicate.
type AttendeeRow struct {
	Line        int
	ID          string
	Name        string
	Background  string // "" = unknown
	Seniority   string // "" = unknown
	HasHome     bool
	Home        float64  // hours from UTC, on the event's start date
	Affiliation string   // "" = unknown
	Interests   []string // declared topic names
	Star        bool
	Days        []int // 1-based event days present; empty = every day
}

// ProposalRow is one line of proposals.csv.
type ProposalRow struct {
	Line     int
	ID       string
	Title    string
	Proposer string
	Topics   []string
}

// VoteRow is one line of votes.csv: an attendee's vote on a proposal.
type VoteRow struct {
	Line      int
	Attendee  string
	Proposal  string
	Weight    float64
	HasWeight bool
	// Level is the vote: Interested (a raised hand), Maybe or Skip. From
	// the vote column when HasLevel, else from Weight (> 0 interested,
	// 0 skip).
	Level    Level
	HasLevel bool
}

// Level is a vote's level, as online voting tools export it
// (Interested / Maybe / Skip). Only Interested is a hand.
type Level int8

// Vote levels. The zero Level is Interested: a VoteRow without a level is
// a raised hand, as in a hands-only votes.csv.
const (
	Interested Level = iota
	Maybe
	Skip
)

// String returns the level as votes.csv spells it.
func (l Level) String() string {
	switch l {
	case Interested:
		return "interested"
	case Maybe:
		return "maybe"
	}
	return "skip"
}

// ParseLevel parses a vote column cell: interested, maybe or skip, in any
// case.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "interested":
		return Interested, nil
	case "maybe":
		return Maybe, nil
	case "skip":
		return Skip, nil
	}
	return 0, fmt.Errorf("%q: want interested, maybe or skip", s)
}

// table is a parsed CSV file: header positions and records with their
// line numbers, so errors can name file, line and column.
type table struct {
	file   string
	cols   map[string]int
	header []string
	rows   [][]string
	lines  []int
}

// InputError locates bad input: file, line (1-based; 0 for the whole file)
// and column name.
type InputError struct {
	File   string
	Line   int
	Column string
	Err    error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %s", input.Quote(e.Column))
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// Limits of a CSV file (besides its size, input.MaxCSV), generous for
// real events; the README states them.
const (
	// MaxRows bounds the rows after the header: a million hands is 5,000
	// people raising 200 each.
	MaxRows = 1_000_000
	// MaxColumns bounds the header's columns (a schedule file may carry
	// columns unconf ignores).
	MaxColumns = 100
	// MaxCell bounds a cell, in bytes: a title or a name is at most
	// sim.MaxText characters, an interests list far less than this.
	MaxCell = 4096
)

func readTable(file string, r io.Reader, required, optional []string) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, input.MaxCSV+1))
	if err != nil {
		return nil, &InputError{File: file, Err: err}
	}
	if len(data) > input.MaxCSV {
		return nil, &InputError{File: file, Err: fmt.Errorf("larger than %s, the limit for a CSV file", input.Size(input.MaxCSV))}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // spreadsheet BOM
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, &InputError{File: file, Line: line, Err: errors.New("not UTF-8 text: save the file as UTF-8")}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &InputError{File: file, Err: errors.New("empty file: want a header line and rows")}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = 0
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(file, err)
	}
	if len(header) > MaxColumns {
		return nil, &InputError{File: file, Line: 1, Err: fmt.Errorf("%d columns: want at most %d", len(header), MaxColumns)}
	}
	t := &table{file: file, cols: map[string]int{}, header: header}
	known := slices.Concat(required, optional)
	for i, h := range header {
		if len(h) > MaxCell {
			return nil, &InputError{File: file, Line: 1, Err: fmt.Errorf("a header cell of %d bytes: want column names", len(h))}
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(known, h) {
			return nil, &InputError{File: file, Line: 1, Column: h, // at most MaxCell bytes
				Err: fmt.Errorf("unknown column (want %s)", strings.Join(known, ", "))}
		}
		if _, dup := t.cols[h]; dup {
			return nil, &InputError{File: file, Line: 1, Column: h, Err: errors.New("column appears twice")}
		}
		t.cols[h] = i
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, &InputError{File: file, Line: 1, Column: c, Err: errors.New("required column missing")}
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(t.rows) == MaxRows {
			return nil, &InputError{File: file, Line: line, Err: fmt.Errorf("more than %d rows, the limit for a CSV file", MaxRows)}
		}
		for j, c := range rec {
			if len(c) > MaxCell {
				return nil, &InputError{File: file, Line: line, Column: strings.ToLower(strings.TrimSpace(header[j])),
					Err: fmt.Errorf("a cell of %d bytes: want at most %d", len(c), MaxCell)}
			}
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	if len(t.rows) == 0 {
		return nil, &InputError{File: file, Err: errors.New("no rows after the header")}
	}
	return t, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: file, Line: pe.Line, Err: pe.Err}
	}
	return &InputError{File: file, Err: err}
}

// get returns the trimmed cell of column c in row i, "" if the column is
// absent.
func (t *table) get(i int, c string) string {
	j, ok := t.cols[c]
	if !ok || j >= len(t.rows[i]) {
		return ""
	}
	return strings.TrimSpace(t.rows[i][j])
}

func (t *table) errorf(i int, col, format string, args ...any) error {
	return &InputError{File: t.file, Line: t.lines[i], Column: col, Err: fmt.Errorf(format, args...)}
}

// requireCell returns the cell of a required column, or an error when it
// is empty or not text (table.text).
func (t *table) requireCell(i int, c string) (string, error) {
	v, err := t.text(i, c)
	if err != nil {
		return "", err
	}
	if v == "" {
		return "", t.errorf(i, c, "empty: a value is required")
	}
	return v, nil
}

// list returns the ";"-separated items of column c in row i, each checked
// like a text cell (table.text).
func (t *table) list(i int, c string) ([]string, error) {
	items := splitList(t.get(i, c))
	for _, it := range items {
		if err := sim.CheckText("", it); err != nil {
			return nil, t.errorf(i, c, "%s", strings.TrimPrefix(err.Error(), ": "))
		}
	}
	return items, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// attendeeColumns are the columns of attendees.csv, id (the one required)
// first, in the order WriteAttendees writes them.
var attendeeColumns = []string{"id", "name", "background", "seniority", "home_utc_offset", "affiliation", "interests", "star", "days"}

// ReadAttendees parses attendees.csv. Columns: id (required), name,
// background, seniority, home_utc_offset (hours, or an IANA zone name such as
// Europe/Oslo, resolved on day), affiliation, interests (topic names
// separated by ";"), star (true/false, yes/no, 1/0), days (1-based days
// present separated by ";"). Ids must be unique.
func ReadAttendees(file string, r io.Reader, day time.Time) ([]AttendeeRow, error) {
	t, err := readTable(file, r, attendeeColumns[:1], attendeeColumns[1:])
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	out := make([]AttendeeRow, 0, len(t.rows))
	for i := range t.rows {
		a := AttendeeRow{Line: t.lines[i]}
		if a.ID, err = t.requireCell(i, "id"); err != nil {
			return nil, err
		}
		if prev, dup := seen[a.ID]; dup {
			return nil, t.errorf(i, "id", "duplicate id %q (first on line %d)", a.ID, prev)
		}
		seen[a.ID] = a.Line
		if a.Name, err = t.text(i, "name"); err != nil {
			return nil, err
		}
		a.Background = strings.ToLower(t.get(i, "background"))
		a.Seniority = strings.ToLower(t.get(i, "seniority"))
		if a.Affiliation, err = t.text(i, "affiliation"); err != nil {
			return nil, err
		}
		if a.Interests, err = t.list(i, "interests"); err != nil {
			return nil, err
		}
		if h := t.get(i, "home_utc_offset"); h != "" {
			a.HasHome = true
			if a.Home, err = parseOffset(h, day); err != nil {
				return nil, t.errorf(i, "home_utc_offset", "%v", err)
			}
		}
		if s := t.get(i, "star"); s != "" {
			switch strings.ToLower(s) {
			case "true", "yes", "1", "y":
				a.Star = true
			case "false", "no", "0", "n":
			default:
				return nil, t.errorf(i, "star", "%s: want true or false", input.Quote(s))
			}
		}
		for _, d := range splitList(t.get(i, "days")) {
			n, err := strconv.Atoi(d)
			if err != nil || n < 1 || n > 64 {
				return nil, t.errorf(i, "days", "%s: want day numbers from 1, separated by ;", input.Quote(d))
			}
			a.Days = append(a.Days, n)
		}
		out = append(out, a)
	}
	return out, nil
}

// parseOffset reads "+1", "-8", "5.5", "UTC+2" or an IANA zone name,
// resolved at noon on day.
func parseOffset(s string, day time.Time) (float64, error) {
	num := strings.TrimPrefix(strings.TrimPrefix(s, "UTC"), "GMT")
	if v, err := strconv.ParseFloat(num, 64); err == nil {
		if math.IsNaN(v) || v < -12 || v > 14 {
			return 0, fmt.Errorf("%s: want hours from UTC in [-12, 14]", input.Quote(s))
		}
		return v, nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil || s == "" || s == "Local" {
		return 0, fmt.Errorf("%s: unknown time zone: want hours from UTC (e.g. -8) or an IANA name (e.g. Europe/Oslo)", input.Quote(s))
	}
	_, off := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, loc).Zone()
	return float64(off) / 3600, nil
}

// ReadProposals parses proposals.csv. Columns: id, title, proposer (an
// attendee id), topics (";"-separated), all required. Ids must be unique.
func ReadProposals(file string, r io.Reader) ([]ProposalRow, error) {
	t, err := readTable(file, r, []string{"id", "title", "proposer", "topics"}, nil)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	out := make([]ProposalRow, 0, len(t.rows))
	for i := range t.rows {
		p := ProposalRow{Line: t.lines[i]}
		for _, f := range []struct {
			col string
			dst *string
		}{{"id", &p.ID}, {"title", &p.Title}, {"proposer", &p.Proposer}} {
			if *f.dst, err = t.requireCell(i, f.col); err != nil {
				return nil, err
			}
		}
		if prev, dup := seen[p.ID]; dup {
			return nil, t.errorf(i, "id", "duplicate id %q (first on line %d)", p.ID, prev)
		}
		seen[p.ID] = p.Line
		if p.Topics, err = t.list(i, "topics"); err != nil {
			return nil, err
		}
		if len(p.Topics) == 0 {
			return nil, t.errorf(i, "topics", "empty: name at least one topic")
		}
		if len(p.Topics) > 2 {
			return nil, t.errorf(i, "topics", "%d topics: a session has a main topic and at most one more", len(p.Topics))
		}
		out = append(out, p)
	}
	return out, nil
}

// ReadVotes parses votes.csv: attendee and proposal ids (required), and
// either a vote column (interested, maybe or skip, as online voting tools
// export it) or one row per raised hand with an optional non-negative
// weight (a row with weight 0 is a skip). With both columns the vote
// decides, and a weight of 0 beside interested or maybe is an error.
func ReadVotes(file string, r io.Reader) ([]VoteRow, error) {
	t, err := readTable(file, r, []string{"attendee", "proposal"}, []string{"vote", "weight"})
	if err != nil {
		return nil, err
	}
	out := make([]VoteRow, 0, len(t.rows))
	_, leveled := t.cols["vote"]
	for i := range t.rows {
		v := VoteRow{Line: t.lines[i], Weight: 1, Level: Interested}
		if v.Attendee, err = t.requireCell(i, "attendee"); err != nil {
			return nil, err
		}
		if v.Proposal, err = t.requireCell(i, "proposal"); err != nil {
			return nil, err
		}
		if w := t.get(i, "weight"); w != "" {
			v.HasWeight = true
			if v.Weight, err = strconv.ParseFloat(w, 64); err != nil || v.Weight < 0 || math.IsNaN(v.Weight) || math.IsInf(v.Weight, 0) {
				return nil, t.errorf(i, "weight", "%s: want a number >= 0", input.Quote(w))
			}
			if v.Weight == 0 {
				v.Level = Skip
			}
		}
		if leveled {
			cell, err := t.requireCell(i, "vote")
			if err != nil {
				return nil, err
			}
			if v.Level, err = ParseLevel(cell); err != nil {
				return nil, t.errorf(i, "vote", "%v", err)
			}
			v.HasLevel = true
			if v.HasWeight && v.Weight == 0 && v.Level != Skip {
				return nil, t.errorf(i, "weight", "0 beside vote %q: a weight of 0 is a skip", cell)
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// readFile reads path (at most input.MaxCSV bytes) and parses it with
// read.
func readFile[T any](path string, read func(string, io.Reader) (T, error)) (T, error) {
	data, err := input.ReadFile(path, "a CSV file", input.MaxCSV)
	if err != nil {
		var zero T
		return zero, err
	}
	return read(path, bytes.NewReader(data))
}

// text returns the cell of column c in row i after checking that it is at
// most sim.MaxText characters long and holds no line break.
func (t *table) text(i int, c string) (string, error) {
	v := t.get(i, c)
	if err := sim.CheckText("", v); err != nil {
		return "", t.errorf(i, c, "%s", strings.TrimPrefix(err.Error(), ": "))
	}
	return v, nil
}
