package experiments

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
)

// unitFailure is a unit whose run failed.
type unitFailure struct {
	Unit  int    `json:"unit"`
	ID    string `json:"id"`
	Error string `json:"error"`
}

// compareData is what the aggregates of a compare run are made of, read
// back from its row files in one streaming pass each: the rows hold every
// number, so a resumed or merged run aggregates exactly like a single one.
type compareData struct {
	l *layout
	// vals[policy][metric][replicate]; NaN for a failed unit or an
	// undefined metric.
	vals     [][][]float64
	failures []unitFailure
	rows     int
	// alert[policy][slot][group] accumulates a group's mean alertness in a
	// slot over replicates, onSite[policy][group] the group's head count
	// on site over slots and replicates.
	alert  [][][]stats.Moments
	onSite [][]stats.Moments
	// rep0[policy] holds replicate 0's sessions under each policy, with
	// the fields the charts show.
	rep0 [][]sim.SessionRecord
}

// csvTable reads a CSV file with a header, giving columns by name.
type csvTable struct {
	path string
	f    *os.File
	r    *csv.Reader
	col  map[string]int
	line int
}

func openTable(path string, need ...string) (*csvTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, input.OpenError(path, err)
	}
	t := &csvTable{path: path, f: f, r: csv.NewReader(input.Lines(f, path, input.MaxLine)), col: map[string]int{}}
	t.r.ReuseRecord = true
	hdr, err := t.r.Read()
	if err != nil {
		f.Close()
		var lt *input.LineTooLongError
		if errors.As(err, &lt) {
			return nil, err
		}
		return nil, fmt.Errorf("experiments: %s: header: %w", path, err)
	}
	t.line = 1
	for i, h := range hdr {
		t.col[h] = i
	}
	for _, n := range need {
		if _, ok := t.col[n]; !ok {
			f.Close()
			return nil, fmt.Errorf("experiments: %s: no column %q", path, n)
		}
	}
	return t, nil
}

// next returns the next record, or nil at the end.
func (t *csvTable) next() ([]string, error) {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	t.line++
	if err != nil {
		return nil, fmt.Errorf("experiments: %s: %w", t.path, err) // a *csv.ParseError names the line
	}
	return rec, nil
}

func (t *csvTable) int(rec []string, name string) (int, error) {
	v, err := strconv.Atoi(rec[t.col[name]])
	if err != nil {
		return 0, fmt.Errorf("experiments: %s:%d: column %s: %w", t.path, t.line, name, err)
	}
	return v, nil
}

// intCol names an integer column and the variable it is parsed into.
type intCol struct {
	name string
	p    *int
}

// ints parses the integer columns cols of rec, in order; the first error
// is returned.
func (t *csvTable) ints(rec []string, cols ...intCol) error {
	for _, c := range cols {
		v, err := t.int(rec, c.name)
		if err != nil {
			return err
		}
		*c.p = v
	}
	return nil
}

// float parses a cell; an empty cell (a failed unit) is NaN.
func (t *csvTable) float(rec []string, name string) (float64, error) {
	s := rec[t.col[name]]
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("experiments: %s:%d: column %s: %w", t.path, t.line, name, err)
	}
	return v, nil
}

func (t *csvTable) close() { t.f.Close() }

// readCompare aggregates a compare run's row files.
func readCompare(l *layout, results, sessions, slots string) (*compareData, error) {
	P := len(l.policies)
	d := &compareData{l: l, vals: make([][][]float64, P), alert: make([][][]stats.Moments, P),
		onSite: make([][]stats.Moments, P), rep0: make([][]sim.SessionRecord, P)}
	for k := range d.vals {
		d.onSite[k] = make([]stats.Moments, len(groupNames))
		d.vals[k] = make([][]float64, sim.NumMetrics)
		for m := range d.vals[k] {
			d.vals[k][m] = make([]float64, l.replicates)
			for r := range d.vals[k][m] {
				d.vals[k][m][r] = math.NaN()
			}
		}
	}
	if err := d.readResults(results); err != nil {
		return nil, err
	}
	if err := d.readSlots(slots); err != nil {
		return nil, err
	}
	if err := d.readSessions(sessions); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *compareData) readResults(path string) error {
	names := sim.MetricNames()
	t, err := openTable(path, slices.Concat([]string{"unit", "error"}, names)...)
	if err != nil {
		return err
	}
	defer t.close()
	for {
		rec, err := t.next()
		if err != nil || rec == nil {
			return err
		}
		u, err := t.int(rec, "unit")
		if err != nil {
			return err
		}
		if u < 0 || u >= d.l.units() {
			return fmt.Errorf("experiments: %s:%d: unit %d outside 0..%d", t.path, t.line, u, d.l.units()-1)
		}
		d.rows++
		_, r, k := d.l.split(u)
		if e := rec[t.col["error"]]; e != "" {
			d.failures = append(d.failures, unitFailure{Unit: u, ID: d.l.id(u), Error: e})
			continue
		}
		for m, n := range names {
			if d.vals[k][m][r], err = t.float(rec, n); err != nil {
				return err
			}
		}
	}
}

func (d *compareData) readSlots(path string) error {
	t, err := openTable(path, "unit", "slot", "group", "on_site", "alertness")
	if err != nil {
		return err
	}
	defer t.close()
	for {
		rec, err := t.next()
		if err != nil || rec == nil {
			return err
		}
		var u, s, onSite int
		if err := t.ints(rec, intCol{"unit", &u}, intCol{"slot", &s}, intCol{"on_site", &onSite}); err != nil {
			return err
		}
		_, _, k := d.l.split(u)
		a, err := t.float(rec, "alertness")
		if err != nil {
			return err
		}
		g := groupIndex(rec[t.col["group"]])
		if s < 1 || g < 0 {
			return fmt.Errorf("experiments: %s:%d: bad slot %d or group %q (slots count from 1)", t.path, t.line, s, rec[t.col["group"]])
		}
		s-- // files count from 1, sim from 0
		for len(d.alert[k]) <= s {
			d.alert[k] = append(d.alert[k], make([]stats.Moments, len(groupNames)))
		}
		d.alert[k][s][g].Add(a)
		d.onSite[k][g].Add(float64(onSite))
	}
}

// groupNames are the jet-lag groups in chart order.
var groupNames = []string{"west", "east", "none"}

func groupIndex(name string) int { return slices.Index(groupNames, name) }

func (d *compareData) readSessions(path string) error {
	t, err := openTable(path, "unit", "replicate", "slot", "room", "room_name", "title", "capacity", "hands", "attendance", "turned_away")
	if err != nil {
		return err
	}
	defer t.close()
	for {
		rec, err := t.next()
		if err != nil || rec == nil {
			return err
		}
		u, err := t.int(rec, "unit")
		if err != nil {
			return err
		}
		p, r, k := d.l.split(u)
		if p > 0 || r > 0 {
			return nil // rows are in unit order: replicate 0 of point 0 is done
		}
		c := sim.SessionRecord{RoomName: csvcell.Unquote(rec[t.col["room_name"]]), Title: csvcell.Unquote(rec[t.col["title"]])}
		if err := t.ints(rec, intCol{"slot", &c.Slot}, intCol{"room", &c.Room}, intCol{"capacity", &c.Capacity},
			intCol{"hands", &c.Hands}, intCol{"attendance", &c.Attendance}, intCol{"turned_away", &c.TurnedAway}); err != nil {
			return err
		}
		if c.Slot < 1 || c.Room < 1 {
			return fmt.Errorf("experiments: %s:%d: bad slot %d or room %d (they count from 1)", t.path, t.line, c.Slot, c.Room)
		}
		c.Slot, c.Room = c.Slot-1, c.Room-1 // files count from 1, sim from 0
		d.rep0[k] = append(d.rep0[k], c)
	}
}
