package runner

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/unconf/unconf/internal/input"
)

// open prepares the journals. With none, it creates them, each holding
// its header. Resuming, it counts the tasks an earlier run of the same
// spec completed (the complete tasks of the ledger), checks every row
// journal against the check journal unit by unit, noting in j.notes and
// running again from the first unit that does not check out (rows cut,
// lost, duplicated, swapped or edited), cuts every journal back to exactly
// the tasks kept (a torn last line, a task half written) and opens them
// for appending. A finished run (its final ledger exists) is checked the
// same way and refused if a row file does not check out.
func (j *Job) open() error {
	if Exists(j.Final(0)) {
		// A finished run: every stream is final or a complete journal
		// (a crash between renames).
		for s := range j.Streams {
			if !Exists(j.Final(s)) && !Exists(j.journal(s)) {
				return fmt.Errorf("runner: %s is complete but %s is missing: remove %s or use another directory",
					j.Final(0), j.Streams[s].name, j.Dir)
			}
		}
		if err := j.checkFinished(); err != nil {
			return err
		}
		j.done = j.End - j.First
		j.resumed = j.done
		return nil
	}
	tasks, ok, note, err := j.scanLedger()
	if err != nil {
		return err
	}
	if !ok { // no journal or no complete header: start afresh
		return j.create()
	}
	if note != "" {
		j.notes = append(j.notes, note)
	}
	for s := 1; s < len(j.Streams); s++ {
		if !Exists(j.journal(s)) {
			if tasks > 0 {
				return fmt.Errorf("runner: %s is missing while %s holds %d tasks: remove %s to start over",
					j.journal(s), j.journal(0), tasks, j.Dir)
			}
			return j.create()
		}
	}
	P := j.UnitsPerTask
	var offs []int64
	for {
		offs, err = j.checkJournals(j.First*P, (j.First+tasks)*P)
		re, bad := AsRowError(err)
		if !bad {
			break
		}
		// re.Unit is at least the first unit and below the cut: each
		// round keeps fewer tasks.
		tasks = re.Unit/P - j.First
		j.notes = append(j.notes, fmt.Sprintf("%s: running again from unit %d", re.Describe(j.Layout), (j.First+tasks)*P))
	}
	if err != nil {
		return err
	}
	if err := j.openAppend(os.O_WRONLY | os.O_APPEND); err != nil {
		return err
	}
	for s, f := range j.files {
		if err := f.Truncate(offs[s]); err != nil {
			j.close()
			return fmt.Errorf("runner: resuming: %w", err)
		}
	}
	j.done, j.resumed = tasks, tasks
	return nil
}

// check returns the index of the check stream (the last).
func (j *Job) check() int { return len(j.Streams) - 1 }

// checkJournals checks units lo…cut−1 of every row journal against the
// check journal and returns, for every stream, the offset just after
// those units: where the journal is cut to resume. A unit that does not
// check out is a *RowError.
func (j *Job) checkJournals(lo, cut int) ([]int64, error) {
	offs := make([]int64, len(j.Streams))
	for s := range j.check() {
		o, co, err := j.checkStream(j.journal(s), j.journal(j.check()), s, lo, cut, false)
		if err != nil {
			return nil, err
		}
		offs[s], offs[j.check()] = o, co
	}
	return offs, nil
}

// checkFinished checks every row file of a finished run against its
// check file, which must hold exactly the run's units.
func (j *Job) checkFinished() error {
	lo, hi := j.First*j.UnitsPerTask, j.End*j.UnitsPerTask
	for s := range j.check() {
		if _, _, err := j.checkStream(j.Path(s), j.Path(j.check()), s, lo, hi, true); err != nil {
			if re, ok := AsRowError(err); ok {
				return fmt.Errorf("runner: %s: changed since the run finished; remove %s to run it again", re.Describe(j.Layout), j.Dir)
			}
			return err
		}
	}
	return nil
}

// checkStream checks units lo…hi−1 of stream s's file path against the
// check file checkPath and returns the offsets in both just after them;
// with end, both files must end there.
func (j *Job) checkStream(path, checkPath string, s, lo, hi int, end bool) (off, checkOff int64, err error) {
	rows, err := OpenRows(path, j.Streams[s].HeaderLine())
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	checks, err := OpenRows(checkPath, j.Streams[j.check()].HeaderLine())
	if err != nil {
		return 0, 0, err
	}
	defer checks.Close()
	if err := CheckUnits(rows, checks, s, lo, hi, false, nil); err != nil {
		return 0, 0, err
	}
	if end {
		if err := checkEnd(rows); err != nil {
			return 0, 0, err
		}
		if err := checkEnd(checks); err != nil {
			return 0, 0, err
		}
	}
	return rows.off, checks.off, nil
}

// create starts every journal afresh with its header.
func (j *Job) create() error {
	if err := j.openAppend(os.O_WRONLY | os.O_CREATE | os.O_TRUNC); err != nil {
		return err
	}
	for s := range j.Streams {
		j.bufs[s].Write(j.Streams[s].HeaderLine())
	}
	// Ledger last, as for tasks: a ledger with a header implies the others
	// have theirs.
	for s := len(j.Streams) - 1; s >= 0; s-- {
		if err := j.bufs[s].Flush(); err != nil {
			j.close()
			return fmt.Errorf("runner: %w", err)
		}
	}
	j.done, j.resumed = 0, 0
	return nil
}

// openAppend opens every journal with flag, never through a symbolic
// link.
func (j *Job) openAppend(flag int) error {
	j.files = make([]*os.File, len(j.Streams))
	j.bufs = make([]*bufio.Writer, len(j.Streams))
	for s := range j.Streams {
		f, err := OpenFile(j.journal(s), flag)
		if err != nil {
			j.close()
			return err
		}
		j.files[s] = f
		j.bufs[s] = bufio.NewWriterSize(f, 64<<10)
	}
	return nil
}

// scanLedger reads the ledger journal and returns the number of complete
// tasks in it: those whose rows are the run's units in order, up to a
// torn last line or the first row that is not the next unit (then noted).
// ok is false when there is no journal or not even a whole header line.
func (j *Job) scanLedger() (tasks int, ok bool, note string, err error) {
	f, err := OpenFile(j.journal(0), os.O_RDONLY)
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, "", nil
	}
	if err != nil {
		return 0, false, "", err
	}
	defer f.Close()
	r := bufio.NewReaderSize(input.Lines(f, j.journal(0), input.MaxLine), 64<<10)
	hdr, err := r.ReadBytes('\n')
	var long *input.LineTooLongError
	if errors.As(err, &long) {
		return 0, false, "", err
	}
	if err != nil { // EOF inside the header: nothing was done
		return 0, false, "", nil
	}
	if !bytes.Equal(hdr, j.Streams[0].HeaderLine()) {
		return 0, false, "", fmt.Errorf("runner: %s: its columns differ from this run's: remove %s or use another directory", j.journal(0), j.Dir)
	}
	rows := 0
	for j.First+rows/j.UnitsPerTask < j.End {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			break // a torn last line, or none
		}
		if err != nil {
			return 0, false, "", fmt.Errorf("runner: resuming: %w", err)
		}
		want := j.First*j.UnitsPerTask + rows
		if u, ok := lineUnit(line); !ok || u != want {
			tasks = rows / j.UnitsPerTask
			return tasks, true, fmt.Sprintf("%s: row %d is not unit %d (%s): running again from unit %d",
				j.journal(0), rows+1, want, j.Layout.ID(want), (j.First+tasks)*j.UnitsPerTask), nil
		}
		rows++
	}
	return rows / j.UnitsPerTask, true, "", nil
}
