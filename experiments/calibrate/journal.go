package calibrate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// journal keeps every simulated draw in a text file, one line per draw in
// draw order, so that an interrupted fit resumes: the draws a new run
// proposes are the same (they depend on the seed and the earlier draws
// only), and those the journal holds are read back instead of simulated.
// Its first line names the inputs (Options.Spec); a journal of other
// inputs is refused. A line cut short by a crash is dropped.
type journal struct {
	f    *os.File
	w    *bufio.Writer
	rows []string // lines read back, not yet consumed
	n    int      // draws consumed or written
}

// journalHeader starts every journal.
const journalHeader = "# unconf calibrate journal "

func openJournal(path string, fit *Fit) (*journal, error) {
	j := &journal{}
	if path == "" {
		return j, nil
	}
	head := journalHeader + fit.Options.Spec
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		data = []byte(head + "\n")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	// Keep whole lines only.
	keep := bytes.LastIndexByte(data, '\n') + 1
	lines := strings.Split(string(data[:keep]), "\n")
	if len(lines) == 0 || lines[0] != head {
		return nil, fmt.Errorf("calibrate: %s was written for other inputs or settings: remove it, or use another output folder", path)
	}
	j.rows = lines[1 : len(lines)-1]
	if j.f, err = os.OpenFile(path, os.O_RDWR, 0); err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	if err := j.f.Truncate(int64(keep)); err != nil {
		j.f.Close()
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	if _, err := j.f.Seek(int64(keep), 0); err != nil {
		j.f.Close()
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	j.w = bufio.NewWriter(j.f)
	return j, nil
}

// format returns d's journal line: round, draw number, Y, counts.
func (j *journal) format(d *Draw) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d,%d", d.Round, j.n)
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

// next returns the counts of draw d from the journal, if it holds them. A
// line that does not belong to d (another round or parameter vector) is
// an error: the journal is not this fit's.
func (j *journal) next(d *Draw) ([]int, bool, error) {
	if len(j.rows) == 0 {
		return nil, false, nil
	}
	line := j.rows[0]
	fields := strings.Split(line, ",")
	prefix := j.format(&Draw{Round: d.Round, Y: d.Y})
	if !strings.HasPrefix(line, prefix+",") {
		return nil, false, fmt.Errorf("calibrate: journal line %d does not match draw %d: the journal is not this fit's; remove it", j.n+2, j.n)
	}
	counts := make([]int, 0, len(fields))
	for _, s := range fields[2+len(d.Y):] {
		c, err := strconv.Atoi(s)
		if err != nil || c < 0 {
			return nil, false, fmt.Errorf("calibrate: journal line %d: bad count %q; remove the journal", j.n+2, s)
		}
		counts = append(counts, c)
	}
	j.rows = j.rows[1:]
	j.n++
	return counts, true, nil
}

// write appends d's line.
func (j *journal) write(d *Draw) error {
	if j.w == nil {
		j.n++
		return nil
	}
	_, err := j.w.WriteString(j.format(d) + "\n")
	j.n++
	return err
}

func (j *journal) flush() error {
	if j.w == nil {
		return nil
	}
	return j.w.Flush()
}

func (j *journal) close() {
	if j.f != nil {
		j.w.Flush()
		j.f.Close()
	}
}
