package calibrate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
	"github.com/unconf/unconf/experiments/runner"
)

// journals keep every simulated draw in text files, one line per draw, so
// that an interrupted fit resumes and shards of a round can run apart: the
// draws a run proposes are the same (they depend on the seed and the
// earlier draws only), and those any journal holds are read back instead
// of simulated.
//
// An unsharded fit appends to Options.Journal, shard i of n to
// Options.Journal + "-i-of-n" beside it; every process reads them all and
// appends only to its own, so shards never write the same file. A line is
// "round,draw,Y…,counts…", draw numbered over all rounds (round ·
// Options.Draws + its place in the round). Every file's first line names
// the inputs (Options.Spec): a journal of other inputs is refused. A line
// cut short by a crash is dropped (and cut from the file by its owner).
type journals struct {
	f *os.File
	w *bufio.Writer
	// lines[g] are the lines that hold draw g, in file-name order.
	lines map[int][]journalLine
}

// journalLine is one line of a journal file, for reading back and for
// naming in errors.
type journalLine struct {
	file string
	line int // 1-based
	text string
}

// journalHeader starts every journal.
const journalHeader = "# unconf calibrate journal "

// shardJournal returns the journal of shard sh beside the unsharded one.
func shardJournal(path string, sh runner.Shard) string {
	return fmt.Sprintf("%s-%d-of-%d", path, sh.Index, sh.Count)
}

// isJournal reports whether the file named name in path's folder is a
// journal of the fit whose unsharded journal is path.
func isJournal(path, name string) bool {
	base := filepath.Base(path)
	if name == base {
		return true
	}
	rest, ok := strings.CutPrefix(name, base+"-")
	if !ok {
		return false
	}
	a, b, ok := strings.Cut(rest, "-of-")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	sh := runner.Shard{Index: i, Count: n}
	return ok && err1 == nil && err2 == nil && n > 0 && sh.Valid() == nil &&
		name == filepath.Base(shardJournal(path, sh))
}

// openJournals reads every journal of the fit whose unsharded journal is
// path and opens shard sh's own (the unsharded one for the zero Shard) to
// append, creating it. With path "" nothing is read or kept.
func openJournals(path string, sh runner.Shard, fit *Fit) (_ *journals, err error) {
	js := &journals{lines: map[int][]journalLine{}}
	if path == "" {
		return js, nil
	}
	head := journalHeader + fit.Options.Spec
	own := path
	if sh.Count > 0 {
		own = shardJournal(path, sh)
	}
	if js.f, err = atomicfile.OpenFile(own, os.O_RDWR|os.O_CREATE, 0o644); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	defer func() {
		if err != nil {
			js.f.Close()
		}
	}()
	if err := lockJournal(js.f, own); err != nil {
		return nil, err
	}
	if err := js.readOwn(own, head); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	for _, e := range entries { // sorted by name
		name := filepath.Join(filepath.Dir(path), e.Name())
		if name == own || !e.Type().IsRegular() || !isJournal(path, e.Name()) {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
		if err := js.add(name, data, head); err != nil {
			return nil, err
		}
	}
	js.w = bufio.NewWriter(js.f)
	return js, nil
}

// readOwn reads the process's own journal from js.f, cuts it back to its
// whole lines (a new or torn-headed file to the header alone) and leaves
// js.f at its end.
func (js *journals) readOwn(name, head string) error {
	data, err := io.ReadAll(js.f)
	if err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	keep := bytes.LastIndexByte(data, '\n') + 1
	if keep == 0 { // new, or created by a run killed before its header was whole
		data, keep = []byte(head+"\n"), len(head)+1
		if err := js.f.Truncate(0); err != nil {
			return fmt.Errorf("calibrate: %w", err)
		}
		if _, err := js.f.WriteAt(data, 0); err != nil {
			return fmt.Errorf("calibrate: %w", err)
		}
	}
	if err := js.add(name, data, head); err != nil {
		return err
	}
	if err := js.f.Truncate(int64(keep)); err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	if _, err := js.f.Seek(int64(keep), io.SeekStart); err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	return nil
}

// add files the whole lines of journal name (content data) by draw. A
// file without a whole line yet (another shard's, being created) holds
// nothing.
func (js *journals) add(name string, data []byte, head string) error {
	keep := bytes.LastIndexByte(data, '\n') + 1
	if keep == 0 {
		return nil
	}
	lines := strings.Split(string(data[:keep-1]), "\n")
	if lines[0] != head {
		return fmt.Errorf("calibrate: %s was written for other inputs or settings: remove it, or use another output folder", name)
	}
	for i, text := range lines[1:] {
		_, rest, _ := strings.Cut(text, ",")
		g, _, _ := strings.Cut(rest, ",")
		n, err := strconv.Atoi(g)
		if err != nil || n < 0 {
			return fmt.Errorf("calibrate: %s:%d: %q is not a draw number: the journal is damaged; remove it", name, i+2, g)
		}
		js.lines[n] = append(js.lines[n], journalLine{file: name, line: i + 2, text: text})
	}
	return nil
}

// format returns the journal line of d, draw number g: round, g, Y,
// counts (none when d has none yet).
func format(d *Draw, g int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d,%d", d.Round, g)
	for _, y := range d.Y {
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(y, 'g', -1, 64))
	}
	for _, c := range d.Counts {
		b.WriteByte(',')
		b.WriteString(strconv.Itoa(c))
	}
	return b.String()
}

// read returns the counts (n of them) of draw d, draw number g, if a
// journal holds them. A line that holds g but not d's round and parameter
// values, or that another line holding g contradicts, is an error naming
// its file and line: that journal is not this fit's.
func (js *journals) read(d *Draw, g, n int) ([]int, bool, error) {
	lines := js.lines[g]
	if len(lines) == 0 {
		return nil, false, nil
	}
	prefix := format(&Draw{Round: d.Round, Y: d.Y}, g) + ","
	var counts []int
	for i, l := range lines {
		rest, ok := strings.CutPrefix(l.text, prefix)
		if !ok {
			return nil, false, fmt.Errorf("calibrate: %s:%d does not match draw %d of round %d: the journal is not this fit's; remove it", l.file, l.line, g, d.Round+1)
		}
		if i > 0 {
			if first := lines[0]; first.text != l.text {
				return nil, false, fmt.Errorf("calibrate: %s:%d and %s:%d disagree on draw %d: remove one of the journals", first.file, first.line, l.file, l.line, g)
			}
			continue
		}
		fields := strings.Split(rest, ",")
		if len(fields) != n {
			return nil, false, fmt.Errorf("calibrate: %s:%d holds %d counts, want %d: remove the journal", l.file, l.line, len(fields), n)
		}
		counts = make([]int, n)
		for k, s := range fields {
			c, err := strconv.Atoi(s)
			if err != nil || c < 0 {
				return nil, false, fmt.Errorf("calibrate: %s:%d: bad count %q; remove the journal", l.file, l.line, s)
			}
			counts[k] = c
		}
	}
	return counts, true, nil
}

// write appends the line of d, draw number g, to the process's own
// journal (buffered: see flush).
func (js *journals) write(d *Draw, g int) error {
	if js.w == nil {
		return nil
	}
	_, err := js.w.WriteString(format(d, g) + "\n")
	return err
}

func (js *journals) flush() error {
	if js.w == nil {
		return nil
	}
	if err := js.w.Flush(); err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	return nil
}

func (js *journals) close() {
	if js.f != nil {
		if js.w != nil {
			js.w.Flush()
		}
		js.f.Close()
	}
}

// errNoJournal is RunShard's error without Options.Journal.
var errNoJournal = errors.New("calibrate: a shard needs Options.Journal: its draws live only there")
