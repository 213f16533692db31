package runner

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/unconf/unconf/experiments/internal/csvcell"
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
// "runner: cmd:".
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
			Err: fmt.Errorf("runner: %s: %w", cmd, err)}
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
	tokens := make(chan struct{}, 4*workers) // tasks in flight or waiting for their turn
	outs := j.compute(ctx, start, workers, tokens)
	next, err := j.writeInOrder(ctx, cancel, outs, tokens, start)
	if err != nil {
		return err
	}
	if next < j.End {
		return context.Cause(ctx)
	}
	return nil
}

// compute runs tasks start … End−1 on workers goroutines, each task taking
// a token first so that at most cap(tokens) are out at a time, and sends
// their rows, the check stream's added, on the channel it returns, which
// is closed when every worker is done. Once ctx is cancelled, no task
// starts.
func (j *Job) compute(ctx context.Context, start, workers int, tokens chan<- struct{}) <-chan taskOut {
	tasks := make(chan int)
	outs := make(chan taskOut, cap(tokens))
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
	return outs
}

// writeInOrder writes the tasks of outs in task order from start, handing
// back a token for each task written, and returns the next task it would
// write. On a write error it cancels the run and returns the error; once
// ctx is cancelled it drains outs without writing.
func (j *Job) writeInOrder(ctx context.Context, cancel context.CancelFunc, outs <-chan taskOut, tokens <-chan struct{}, start int) (next int, err error) {
	pending := make(map[int][][]byte, cap(tokens))
	next = start
	for o := range outs {
		if err != nil || ctx.Err() != nil {
			continue // drain: a cancelled run stops writing at once
		}
		pending[o.t] = o.rows
		for err == nil && ctx.Err() == nil {
			rows, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if err = j.write(rows); err != nil {
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
	return next, err
}

// write appends one task's rows: the other streams first, then the ledger,
// each flushed, so that the ledger never runs ahead of them.
func (j *Job) write(rows [][]byte) error {
	for i := range j.Streams {
		s := (i + 1) % len(j.Streams)
		if _, err := j.bufs[s].Write(rows[s]); err != nil {
			return fmt.Errorf("runner: writing %s: %w", j.journal(s), err)
		}
		if err := j.bufs[s].Flush(); err != nil {
			return fmt.Errorf("runner: writing %s: %w", j.journal(s), err)
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
		return fmt.Errorf("runner: %w", first)
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
			return fmt.Errorf("runner: %w", err)
		}
	}
	SyncDir(j.Dir)
	return nil
}
