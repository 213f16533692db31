package experiments

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// compareData is what the aggregates of a compare run are made of, read
// back from its row files in one streaming pass each: the rows hold every
// number, so a resumed or merged run aggregates exactly like a single one.
type compareData struct {
	l *runner.Layout
	// vals[policy][metric][replicate]; NaN for a failed unit or an
	// undefined metric.
	vals     [][][]float64
	failures []summary.Failure
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

// readCompare aggregates a compare run's row files, reading the three at
// once when workers > 1 (they fill different fields of the data). An
// error is the first in the order results, slots, sessions.
func readCompare(l *runner.Layout, results, sessions, slots string, workers int) (*compareData, error) {
	P := len(l.Policies)
	d := &compareData{l: l, vals: make([][][]float64, P), alert: make([][][]stats.Moments, P),
		onSite: make([][]stats.Moments, P), rep0: make([][]sim.SessionRecord, P)}
	for k := range d.vals {
		d.onSite[k] = make([]stats.Moments, len(groupNames))
		d.vals[k] = make([][]float64, sim.NumMetrics)
		for m := range d.vals[k] {
			d.vals[k][m] = make([]float64, l.Replicates)
			for r := range d.vals[k][m] {
				d.vals[k][m][r] = math.NaN()
			}
		}
	}
	reads := []func() error{
		func() error { return d.readResults(results) },
		func() error { return d.readSlots(slots) },
		func() error { return d.readSessions(sessions) },
	}
	errs := make([]error, len(reads))
	if workers > 1 {
		var wg sync.WaitGroup
		for i, read := range reads {
			wg.Go(func() { errs[i] = read() })
		}
		wg.Wait()
	} else {
		for i, read := range reads {
			if errs[i] = read(); errs[i] != nil {
				break
			}
		}
	}
	if err := cmp.Or(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *compareData) readResults(path string) error {
	names := sim.MetricNames()
	t, err := runner.OpenTable(path, slices.Concat([]string{"unit", "error"}, names)...)
	if err != nil {
		return err
	}
	defer t.Close()
	for {
		rec, err := t.Next()
		if err != nil || rec == nil {
			return err
		}
		u, err := t.Int(rec, "unit")
		if err != nil {
			return err
		}
		if err := d.checkUnit(t, u); err != nil {
			return err
		}
		d.rows++
		_, r, k := d.l.Split(u)
		if e := rec[t.Col["error"]]; e != "" {
			d.failures = append(d.failures, summary.Failure{Unit: u, ID: d.l.ID(u), Error: e})
			continue
		}
		for m, n := range names {
			if d.vals[k][m][r], err = t.Float(rec, n); err != nil {
				return err
			}
		}
	}
}

func (d *compareData) readSlots(path string) error {
	t, err := runner.OpenTable(path, "unit", "slot", "group", "on_site", "alertness")
	if err != nil {
		return err
	}
	defer t.Close()
	for {
		rec, err := t.Next()
		if err != nil || rec == nil {
			return err
		}
		var u, s, onSite int
		if err := t.Ints(rec, runner.IntCol{Name: "unit", P: &u}, runner.IntCol{Name: "slot", P: &s}, runner.IntCol{Name: "on_site", P: &onSite}); err != nil {
			return err
		}
		if err := d.checkUnit(t, u); err != nil {
			return err
		}
		_, _, k := d.l.Split(u)
		a, err := t.Float(rec, "alertness")
		if err != nil {
			return err
		}
		g := groupIndex(rec[t.Col["group"]])
		if s < 1 || g < 0 {
			return fmt.Errorf("experiments: %s:%d: bad slot %d or group %q (slots count from 1)", t.Path, t.Line, s, rec[t.Col["group"]])
		}
		s-- // files count from 1, sim from 0
		for len(d.alert[k]) <= s {
			d.alert[k] = append(d.alert[k], make([]stats.Moments, len(groupNames)))
		}
		d.alert[k][s][g].Add(a)
		d.onSite[k][g].Add(float64(onSite))
	}
}

// checkUnit reports a unit u, read from t's current line, that is not
// one of the run's: each file's rows index the data by it.
func (d *compareData) checkUnit(t *runner.Table, u int) error {
	if u < 0 || u >= d.l.Units() {
		return fmt.Errorf("experiments: %s:%d: unit %d outside 0..%d", t.Path, t.Line, u, d.l.Units()-1)
	}
	return nil
}

// groupNames are the jet-lag groups in chart order.
var groupNames = []string{"west", "east", "none"}

func groupIndex(name string) int { return slices.Index(groupNames, name) }

func (d *compareData) readSessions(path string) error {
	t, err := runner.OpenTable(path, "unit", "replicate", "slot", "room", "room_name", "title", "capacity", "hands", "attendance", "turned_away")
	if err != nil {
		return err
	}
	defer t.Close()
	for {
		rec, err := t.Next()
		if err != nil || rec == nil {
			return err
		}
		u, err := t.Int(rec, "unit")
		if err != nil {
			return err
		}
		if err := d.checkUnit(t, u); err != nil {
			return err
		}
		p, r, k := d.l.Split(u)
		if p > 0 || r > 0 {
			return nil // rows are in unit order: replicate 0 of point 0 is done
		}
		c := sim.SessionRecord{RoomName: csvcell.Unquote(rec[t.Col["room_name"]]), Title: csvcell.Unquote(rec[t.Col["title"]])}
		if err := t.Ints(rec, runner.IntCol{Name: "slot", P: &c.Slot}, runner.IntCol{Name: "room", P: &c.Room}, runner.IntCol{Name: "capacity", P: &c.Capacity},
			runner.IntCol{Name: "hands", P: &c.Hands}, runner.IntCol{Name: "attendance", P: &c.Attendance}, runner.IntCol{Name: "turned_away", P: &c.TurnedAway}); err != nil {
			return err
		}
		if c.Slot < 1 || c.Room < 1 {
			return fmt.Errorf("experiments: %s:%d: bad slot %d or room %d (they count from 1)", t.Path, t.Line, c.Slot, c.Room)
		}
		c.Slot, c.Room = c.Slot-1, c.Room-1 // files count from 1, sim from 0
		d.rep0[k] = append(d.rep0[k], c)
	}
}
