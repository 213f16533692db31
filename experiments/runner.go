package experiments

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// journalExt is appended to a stream's file name while it is being written.
const journalExt = ".partial"

// stream is one output table: a CSV file whose rows each start with the
// unit index and are written in unit order.
type stream struct {
	name   string // final file name, e.g. "results.csv"
	header []string
}

// streamNames returns the file names of streams, in order.
func streamNames(streams []stream) []string {
	names := make([]string, len(streams))
	for i, s := range streams {
		names[i] = s.name
	}
	return names
}

// taskFunc computes task t and returns the CSV rows (with line ends) it
// adds to each stream, in stream order. It must not panic and must return
// exactly job.unitsPerTask rows for the ledger stream (streams[0]), in unit
// order, failed units included.
type taskFunc func(t int) [][]byte

// job runs tasks first..end-1 on a worker pool and writes their rows in
// task order to one journal per stream in dir. Task t holds units
// t·unitsPerTask … (t+1)·unitsPerTask−1.
//
// The writer appends only the in-order prefix of finished tasks, holding at
// most a window of later ones, so that every journal is at all times a
// prefix of its final file, memory stays flat and bytes do not depend on
// the number of workers. For each task it writes and flushes the other
// streams before the ledger, so a task present in the ledger is complete in
// every stream. open resumes from the journals of an interrupted run;
// commit renames them to their final names.
//
// Sweeps and shards reuse job with their own tasks: a shard is a range
// first..end of the sweep's fixed task list.
type job struct {
	dir          string
	streams      []stream
	first, end   int
	unitsPerTask int
	workers      int
	// newWorker returns the task function of one worker; it is called
	// once per worker, so that worker state (an engine's buffers) is never
	// shared.
	newWorker func() taskFunc
	progress  *progress
	// afterTask, if set, is called by the writer after task t is written
	// and flushed (a test hook).
	afterTask func(t int)

	files []*os.File
	bufs  []*bufio.Writer
	// done counts tasks written (first … first+done−1); resumed those found
	// in journals by open.
	done, resumed int
}

func (j *job) final(s int) string   { return filepath.Join(j.dir, j.streams[s].name) }
func (j *job) journal(s int) string { return j.final(s) + journalExt }

// path returns the file that holds stream s now: its final file once
// committed, its journal before.
func (j *job) path(s int) string {
	if p := j.final(s); exists(p) {
		return p
	}
	return j.journal(s)
}

// headerLine returns the stream's CSV header line, line end included.
func (s stream) headerLine() []byte {
	var b []byte
	for i, h := range s.header {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendField(b, h)
	}
	return append(b, '\n')
}

// open prepares the journals: it finds how many tasks an earlier run of the
// same spec completed, cuts every journal back to exactly those tasks (a
// torn last line, a task half written), and opens them for appending. With
// no journals it creates them, each holding its header line.
func (j *job) open() error {
	if exists(j.final(0)) {
		// A finished run: every stream is final or a complete journal
		// (a crash between renames).
		for s := range j.streams {
			if !exists(j.final(s)) && !exists(j.journal(s)) {
				return fmt.Errorf("experiments: %s is complete but %s is missing: remove %s or use another directory",
					j.final(0), j.streams[s].name, j.dir)
			}
		}
		j.done = j.end - j.first
		j.resumed = j.done
		return nil
	}
	tasks, off, err := j.scanLedger()
	if err != nil {
		return err
	}
	if off < 0 { // no journal or no complete header: start afresh
		return j.create()
	}
	cut := (j.first + tasks) * j.unitsPerTask // first unit not done
	offs := make([]int64, len(j.streams))
	offs[0] = off
	for s := 1; s < len(j.streams); s++ {
		if !exists(j.journal(s)) {
			if tasks > 0 {
				return fmt.Errorf("experiments: %s is missing while %s holds %d tasks: remove %s to start over",
					j.journal(s), j.journal(0), tasks, j.dir)
			}
			return j.create()
		}
		if offs[s], err = j.scanUntil(s, cut); err != nil {
			return err
		}
	}
	for s := range j.streams {
		if err := os.Truncate(j.journal(s), offs[s]); err != nil {
			return fmt.Errorf("experiments: resuming: %w", err)
		}
	}
	j.done, j.resumed = tasks, tasks
	return j.openAppend(os.O_WRONLY | os.O_APPEND)
}

// create starts every journal afresh with its header.
func (j *job) create() error {
	if err := j.openAppend(os.O_WRONLY | os.O_CREATE | os.O_TRUNC); err != nil {
		return err
	}
	for s := range j.streams {
		j.bufs[s].Write(j.streams[s].headerLine())
	}
	// Ledger last, as for tasks: a ledger with a header implies the others
	// have theirs.
	for s := len(j.streams) - 1; s >= 0; s-- {
		if err := j.bufs[s].Flush(); err != nil {
			j.close()
			return fmt.Errorf("experiments: %w", err)
		}
	}
	j.done, j.resumed = 0, 0
	return nil
}

func (j *job) openAppend(flag int) error {
	j.files = make([]*os.File, len(j.streams))
	j.bufs = make([]*bufio.Writer, len(j.streams))
	for s := range j.streams {
		f, err := os.OpenFile(j.journal(s), flag, 0o644)
		if err != nil {
			j.close()
			return fmt.Errorf("experiments: %w", err)
		}
		j.files[s] = f
		j.bufs[s] = bufio.NewWriterSize(f, 64<<10)
	}
	return nil
}

// scanLedger reads the ledger journal and returns the number of complete
// tasks in it and the byte offset just after them; off is −1 when there is
// no journal or not even a whole header line.
func (j *job) scanLedger() (tasks int, off int64, err error) {
	f, err := os.Open(j.journal(0))
	if errors.Is(err, os.ErrNotExist) {
		return 0, -1, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("experiments: resuming: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	hdr, err := r.ReadBytes('\n')
	if err != nil { // EOF inside the header: nothing was done
		return 0, -1, nil
	}
	if !bytes.Equal(hdr, j.streams[0].headerLine()) {
		return 0, 0, fmt.Errorf("experiments: %s: its columns differ from this run's: remove %s or use another directory", j.journal(0), j.dir)
	}
	off = int64(len(hdr))
	pos := off
	rows := 0
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			break // a torn last line, or none
		}
		if err != nil {
			return 0, 0, fmt.Errorf("experiments: resuming: %w", err)
		}
		want := j.first*j.unitsPerTask + rows
		if u, ok := lineUnit(line); !ok || u != want {
			return 0, 0, fmt.Errorf("experiments: %s: row %d is not unit %d: the journal is corrupt; remove %s to start over",
				j.journal(0), rows+1, want, j.dir)
		}
		rows++
		pos += int64(len(line))
		if rows%j.unitsPerTask == 0 {
			off = pos
		}
		if j.first+rows/j.unitsPerTask >= j.end {
			break
		}
	}
	return rows / j.unitsPerTask, off, nil
}

// scanUntil returns the byte offset in stream s's journal of the first row
// of a unit >= cut (or of a torn last line, or the end).
func (j *job) scanUntil(s, cut int) (int64, error) {
	f, err := os.Open(j.journal(s))
	if err != nil {
		return 0, fmt.Errorf("experiments: resuming: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	hdr, err := r.ReadBytes('\n')
	if err != nil || !bytes.Equal(hdr, j.streams[s].headerLine()) {
		return 0, fmt.Errorf("experiments: %s: its columns differ from this run's: remove %s or use another directory", j.journal(s), j.dir)
	}
	pos := int64(len(hdr))
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF {
			return pos, nil
		}
		if err != nil {
			return 0, fmt.Errorf("experiments: resuming: %w", err)
		}
		u, ok := lineUnit(line)
		if !ok {
			return 0, fmt.Errorf("experiments: %s: a row at byte %d has no unit: the journal is corrupt; remove %s to start over", j.journal(s), pos, j.dir)
		}
		if u >= cut {
			return pos, nil
		}
		pos += int64(len(line))
	}
}

// lineUnit parses the unit index that starts a row.
func lineUnit(line []byte) (int, bool) {
	i := bytes.IndexByte(line, ',')
	if i < 0 {
		i = len(line) - 1
	}
	u, err := strconv.Atoi(string(line[:i]))
	return u, err == nil
}

type taskOut struct {
	t    int
	rows [][]byte
}

// runAll opens the journals (resuming an interrupted run), runs the
// remaining tasks with progress on w (a bar when tty; nothing when w is
// nil) and closes the journals; it returns the number of units found done
// by open. When the run stops early (cancelled, a write failed) it notes on
// w how far it got and where the finished units are kept, and returns the
// error prefixed with "experiments: cmd:".
func (j *job) runAll(ctx context.Context, cmd string, w io.Writer, tty bool, now func() time.Time) (resumed int, err error) {
	if err := j.open(); err != nil {
		return 0, err
	}
	units := (j.end - j.first) * j.unitsPerTask
	resumed = j.resumed * j.unitsPerTask
	j.progress = newProgress(w, tty, units, resumed, now)
	err = j.run(ctx)
	if cerr := j.close(); err == nil {
		err = cerr
	}
	if err != nil {
		if w != nil {
			fmt.Fprintf(w, "stopped after %d of %d units; finished units are kept in %s: run the same command again to resume\n",
				j.done*j.unitsPerTask, units, filepath.Join(j.dir, "*"+journalExt))
		}
		return resumed, fmt.Errorf("experiments: %s: %w", cmd, err)
	}
	j.progress.finish()
	return resumed, nil
}

// run computes the remaining tasks and appends their rows. It returns nil
// when every task is written, ctx's error when cancelled (the journals then
// hold a consistent prefix), or the first write error.
func (j *job) run(ctx context.Context) error {
	start := j.first + j.done
	if start >= j.end {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(j.workers, 1)
	window := 4 * workers // tasks in flight or waiting for their turn
	tokens := make(chan struct{}, window)
	tasks := make(chan int)
	outs := make(chan taskOut, window)

	go func() {
		defer close(tasks)
		for t := start; t < j.end; t++ {
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
	for range workers {
		fn := j.newWorker()
		wg.Go(func() {
			for t := range tasks {
				if ctx.Err() != nil {
					continue
				}
				outs <- taskOut{t, fn(t)} // never blocks: window tokens bound the tasks out
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
				j.progress.add(j.unitsPerTask)
			}
			if j.afterTask != nil {
				j.afterTask(next - 1)
			}
		}
	}
	if werr != nil {
		return werr
	}
	if next < j.end {
		return context.Cause(ctx)
	}
	return nil
}

// write appends one task's rows: the other streams first, then the ledger,
// each flushed, so that the ledger never runs ahead of them.
func (j *job) write(rows [][]byte) error {
	for i := range j.streams {
		s := (i + 1) % len(j.streams)
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
func (j *job) close() error {
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

// commit renames every complete journal to its final name. Call it after
// close, once every task is done.
func (j *job) commit() error {
	for s := range j.streams {
		if exists(j.final(s)) {
			continue
		}
		if err := os.Rename(j.journal(s), j.final(s)); err != nil {
			return fmt.Errorf("experiments: %w", err)
		}
	}
	syncDir(j.dir)
	return nil
}
