package runner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/internal/input"
)

// JournalExt is appended to a stream's file name while it is being written.
const JournalExt = ".partial"

// Stream is one output table: a CSV file whose rows each start with the
// unit index and are written in unit order.
type Stream struct {
	// name is the final file name, e.g. "results.csv". The fields are
	// unexported: a Stream encodes as an empty JSON object, so the streams
	// of a run add only their number to its spec hash (SpecHash), as they
	// always have; a hash must not change while the rows do not.
	name   string
	header []string
}

// Name returns the stream's file name, e.g. "results.csv".
func (s Stream) Name() string { return s.name }

// Header returns the stream's columns.
func (s Stream) Header() []string { return s.header }

// StreamNames returns the file names of streams, in order.
func StreamNames(streams []Stream) []string {
	names := make([]string, len(streams))
	for i, s := range streams {
		names[i] = s.name
	}
	return names
}

// TaskFunc computes task t and returns the CSV rows (with line ends) it
// adds to each row stream, in stream order (the job adds the check
// stream's). It must not panic and must return exactly Job.UnitsPerTask
// rows for the ledger stream (streams[0]), in unit order, failed units
// included.
type TaskFunc func(t int) [][]byte

// Job runs tasks First … End−1 on a worker pool and writes their rows in
// task order to one journal per stream in dir. Task t holds units
// t·UnitsPerTask … (t+1)·UnitsPerTask−1.
//
// The writer appends only the in-order prefix of finished tasks, holding at
// most a window of later ones, so that every journal is at all times a
// prefix of its final file, memory stays flat and bytes do not depend on
// the number of workers. For each task it writes and flushes the other
// streams before the ledger, so a task present in the ledger is complete in
// every stream. open resumes from the journals of an interrupted run;
// commit renames them to their final names.
//
// The last stream is the check stream (WithCheck): the job writes, with
// each task, every unit's row count and SHA-256 in every row stream, so
// that open verifies what it resumes.
//
// Sweeps and shards reuse Job with their own tasks: a shard is a range
// First … End of the sweep's fixed task list.
type Job struct {
	// Dir is the output folder; Layout names units in notes and errors.
	Dir    string
	Layout *Layout
	// Streams are the row streams, the ledger first, then the check
	// stream (WithCheck).
	Streams []Stream
	// The job runs tasks First … End−1, UnitsPerTask units each, on
	// Workers goroutines.
	First, End   int
	UnitsPerTask int
	Workers      int
	// NewWorker returns the task function of one worker; it is called
	// once per worker, so that worker state (an engine's buffers) is never
	// shared.
	NewWorker func() TaskFunc
	// AfterTask, if set, is called by the writer after task t is written
	// and flushed (a test hook).
	AfterTask func(t int)

	progress *progress

	files []*os.File
	bufs  []*bufio.Writer
	// done counts tasks written (first … first+done−1); resumed those found
	// in journals by open.
	done, resumed int
	// notes say what open found damaged and runs again.
	notes []string
}

func (j *Job) Final(s int) string   { return filepath.Join(j.Dir, j.Streams[s].name) }
func (j *Job) journal(s int) string { return j.Final(s) + JournalExt }

// Path returns the file that holds stream s now: its final file once
// committed, its journal before.
func (j *Job) Path(s int) string {
	if p := j.Final(s); Exists(p) {
		return p
	}
	return j.journal(s)
}

// HeaderLine returns the stream's CSV header line, line end included.
func (s Stream) HeaderLine() []byte {
	var b []byte
	for i, h := range s.header {
		if i > 0 {
			b = append(b, ',')
		}
		b = csvcell.AppendField(b, h)
	}
	return append(b, '\n')
}

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
				return fmt.Errorf("experiments: %s is complete but %s is missing: remove %s or use another directory",
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
				return fmt.Errorf("experiments: %s is missing while %s holds %d tasks: remove %s to start over",
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
			return fmt.Errorf("experiments: resuming: %w", err)
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
				return fmt.Errorf("experiments: %s: changed since the run finished; remove %s to run it again", re.Describe(j.Layout), j.Dir)
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
			return fmt.Errorf("experiments: %w", err)
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
		return 0, false, "", fmt.Errorf("experiments: %s: its columns differ from this run's: remove %s or use another directory", j.journal(0), j.Dir)
	}
	rows := 0
	for j.First+rows/j.UnitsPerTask < j.End {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			break // a torn last line, or none
		}
		if err != nil {
			return 0, false, "", fmt.Errorf("experiments: resuming: %w", err)
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

type taskOut struct {
	t    int
	rows [][]byte
}

// StoppedError is the error of a run (compare, sweep) that stopped before
// its last unit: cancelled (Err wraps the context's error) or failed to
// write. Done of Units units are finished and kept in Dir; the same run
// into the same output folder resumes from them.
type StoppedError struct {
	Done, Units int
	Dir         string
	Err         error
}

func (e *StoppedError) Error() string {
	return fmt.Sprintf("%v (stopped after %d of %d units; finished units are kept in %s)", e.Err, e.Done, e.Units, e.Dir)
}

func (e *StoppedError) Unwrap() error { return e.Err }

// RunAll opens the journals (resuming an interrupted run), runs the
// remaining tasks with progress on w (a bar when tty; nothing when w is
// nil) and closes the journals; it returns the number of units found done
// by open. When the run stops early (cancelled, a write failed) it returns
// a *StoppedError saying how far it got, wrapping the error prefixed with
// "experiments: cmd:".
func (j *Job) RunAll(ctx context.Context, cmd string, w io.Writer, tty bool, now func() time.Time) (resumed int, err error) {
	if err := j.open(); err != nil {
		return 0, err
	}
	if w != nil {
		for _, n := range j.notes {
			fmt.Fprintln(w, "note:", n)
		}
	}
	units := (j.End - j.First) * j.UnitsPerTask
	resumed = j.resumed * j.UnitsPerTask
	j.progress = newProgress(w, tty, units, resumed, now)
	err = j.run(ctx)
	if cerr := j.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return resumed, &StoppedError{Done: j.done * j.UnitsPerTask, Units: units, Dir: j.Dir,
			Err: fmt.Errorf("experiments: %s: %w", cmd, err)}
	}
	j.progress.finish()
	return resumed, nil
}

// run computes the remaining tasks and appends their rows. It returns nil
// when every task is written, ctx's error when cancelled (the journals then
// hold a consistent prefix), or the first write error.
func (j *Job) run(ctx context.Context) error {
	start := j.First + j.done
	if start >= j.End {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(j.Workers, 1)
	window := 4 * workers // tasks in flight or waiting for their turn
	tokens := make(chan struct{}, window)
	tasks := make(chan int)
	outs := make(chan taskOut, window)

	go func() {
		defer close(tasks)
		for t := start; t < j.End; t++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case tasks <- t:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	nd, P := j.check(), j.UnitsPerTask
	for range workers {
		fn := j.NewWorker()
		wg.Go(func() {
			for t := range tasks {
				if ctx.Err() != nil {
					continue
				}
				rows := fn(t)[:nd:nd]
				rows = append(rows, AppendCheckRows(nil, t*P, (t+1)*P, rows))
				outs <- taskOut{t, rows} // never blocks: window tokens bound the tasks out
			}
		})
	}
	go func() {
		wg.Wait()
		close(outs)
	}()

	pending := make(map[int][][]byte, window)
	next := start
	var werr error
	for o := range outs {
		if werr != nil || ctx.Err() != nil {
			continue // drain: a cancelled run stops writing at once
		}
		pending[o.t] = o.rows
		for werr == nil && ctx.Err() == nil {
			rows, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if werr = j.write(rows); werr != nil {
				cancel()
				break
			}
			j.done++
			next++
			<-tokens
			if j.progress != nil {
				j.progress.add(j.UnitsPerTask)
			}
			if j.AfterTask != nil {
				j.AfterTask(next - 1)
			}
		}
	}
	if werr != nil {
		return werr
	}
	if next < j.End {
		return context.Cause(ctx)
	}
	return nil
}

// write appends one task's rows: the other streams first, then the ledger,
// each flushed, so that the ledger never runs ahead of them.
func (j *Job) write(rows [][]byte) error {
	for i := range j.Streams {
		s := (i + 1) % len(j.Streams)
		if _, err := j.bufs[s].Write(rows[s]); err != nil {
			return fmt.Errorf("experiments: writing %s: %w", j.journal(s), err)
		}
		if err := j.bufs[s].Flush(); err != nil {
			return fmt.Errorf("experiments: writing %s: %w", j.journal(s), err)
		}
	}
	return nil
}

// close flushes, syncs and closes the journals; it returns the first error.
func (j *Job) close() error {
	var first error
	for s, f := range j.files {
		if f == nil {
			continue
		}
		if err := j.bufs[s].Flush(); err != nil && first == nil {
			first = err
		}
		if err := f.Sync(); err != nil && first == nil {
			first = err
		}
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	j.files, j.bufs = nil, nil
	if first != nil {
		return fmt.Errorf("experiments: %w", first)
	}
	return nil
}

// Commit renames every complete journal to its final name. Call it after
// close, once every task is done.
func (j *Job) Commit() error {
	for s := range j.Streams {
		if Exists(j.Final(s)) {
			continue
		}
		if err := os.Rename(j.journal(s), j.Final(s)); err != nil {
			return fmt.Errorf("experiments: %w", err)
		}
	}
	SyncDir(j.Dir)
	return nil
}
