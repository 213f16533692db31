package runner

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/unconf/unconf/internal/input"
)

// CheckFile is the check stream's file: one row per unit with, for each
// row file of the run, the unit's number of rows there and the first
// checkHex hex digits of their SHA-256. It is written with the row files
// (a journal while running), so that resume, a rerun and merge verify
// every row file unit by unit: a file cut short, a row duplicated, lost,
// swapped or edited is found and named with its unit.
const CheckFile = "check.csv"

// checkHex is the number of hex digits of a unit's SHA-256 kept in
// CheckFile: 64 bits, ample to tell damaged rows from the right ones.
const checkHex = 16

// WithCheck returns streams followed by their check stream, whose header
// is unit, then <name>_rows and <name>_sha256 for each stream (name
// without ".csv"). Every job's last stream is its check stream.
func WithCheck(streams []Stream) []Stream {
	h := []string{"unit"}
	for _, s := range streams {
		base := strings.TrimSuffix(s.name, ".csv")
		h = append(h, base+"_rows", base+"_sha256")
	}
	return append(streams[:len(streams):len(streams)], Stream{name: CheckFile, header: h})
}

// AppendCheckRows appends the check rows of units lo…hi−1 to b, given
// each data stream's rows of those units (in unit order, each ending in
// a line end).
func AppendCheckRows(b []byte, lo, hi int, rows [][]byte) []byte {
	pos := make([]int, len(rows))
	for u := lo; u < hi; u++ {
		b = strconv.AppendInt(b, int64(u), 10)
		for s, r := range rows {
			start, n := pos[s], 0
			for pos[s] < len(r) {
				end := bytes.IndexByte(r[pos[s]:], '\n')
				if end < 0 {
					end = len(r) - pos[s] - 1
				}
				if v, ok := lineUnit(r[pos[s] : pos[s]+end+1]); !ok || v != u {
					break
				}
				pos[s] += end + 1
				n++
			}
			sum := sha256.Sum256(r[start:pos[s]])
			b = appendCheck(b, n, sum[:])
		}
		b = append(b, '\n')
	}
	return b
}

// appendCheck appends ",rows,sum" with sum cut to checkHex hex digits.
func appendCheck(b []byte, rows int, sum []byte) []byte {
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(rows), 10)
	b = append(b, ',')
	return hex.AppendEncode(b, sum[:checkHex/2])
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

// RowReader reads a row file (a stream's journal or final file) row by
// row, looking one row ahead.
type RowReader struct {
	Path string
	// Line is the next complete row (line end included) and Unit its
	// unit (−1 when it has none); Line is nil at the end of the file or
	// at a torn last line (torn is then set). off is Line's offset in the
	// file.
	Line []byte
	Unit int
	off  int64
	torn bool
	f    *os.File
	r    *bufio.Reader
}

// OpenRows opens path, without following a symbolic link, checks that
// its first line is header and reads ahead to the first row.
func OpenRows(path string, header []byte) (*RowReader, error) {
	f, err := OpenFile(path, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	// A line past input.MaxLine is no row unconf wrote: fail there
	// instead of buffering it whole.
	r := &RowReader{Path: path, f: f, r: bufio.NewReaderSize(input.Lines(f, path, input.MaxLine), 64<<10)}
	hdr, err := r.r.ReadBytes('\n')
	if err != nil && err != io.EOF {
		f.Close()
		return nil, fmt.Errorf("runner: %w", err)
	}
	if !bytes.Equal(hdr, header) {
		f.Close()
		return nil, fmt.Errorf("runner: %s: its columns differ from this run's: remove %s or use another directory", path, path)
	}
	r.off = int64(len(hdr))
	if err := r.Next(); err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// Next consumes the current row and reads ahead to the following one.
func (r *RowReader) Next() error {
	r.off += int64(len(r.Line))
	line, err := r.r.ReadBytes('\n')
	switch {
	case err == io.EOF:
		r.Line, r.torn = nil, len(line) > 0
		return nil
	case err != nil:
		return fmt.Errorf("runner: reading %s: %w", r.Path, err)
	}
	u, ok := lineUnit(line)
	if !ok {
		u = -1 // no unit: checks against any unit fail
	}
	r.Line, r.Unit = line, u
	return nil
}

func (r *RowReader) Close() { r.f.Close() }

// RowError is a row file whose rows of a unit do not match the unit's
// record in the check file.
type RowError struct {
	Path string
	Unit int
	why  string
}

func (e *RowError) Error() string { return fmt.Sprintf("%s: unit %d %s", e.Path, e.Unit, e.why) }

// Describe names the unit with its id under l: "DIR/sessions.csv: unit 7
// (r2/popularity) has 3 rows, check.csv records 6".
func (e *RowError) Describe(l *Layout) string {
	return fmt.Sprintf("%s: unit %d (%s) %s", e.Path, e.Unit, l.ID(e.Unit), e.why)
}

// CheckUnits reads units lo…hi−1 of data stream s from rows and their
// records from checks, both in unit order, and checks that each unit's
// rows have the recorded count and SHA-256; it copies the rows read to w
// when w is not nil. With skip, rows and records of units before lo are
// passed over first (a merge using part of a part). It returns a
// *RowError for the first unit that does not check out (its rows are
// wrong, or a row of it turns up after a later unit's), and other errors
// for reading and writing.
func CheckUnits(rows, checks *RowReader, s, lo, hi int, skip bool, w io.Writer) error {
	if skip {
		for rows.Line != nil && rows.Unit >= 0 && rows.Unit < lo {
			if err := rows.Next(); err != nil {
				return err
			}
		}
		for checks.Line != nil && checks.Unit >= 0 && checks.Unit < lo {
			if err := checks.Next(); err != nil {
				return err
			}
		}
	}
	checkName := filepath.Base(checks.Path)
	h := sha256.New()
	var sum []byte
	for u := lo; u < hi; u++ {
		if checks.Line == nil || checks.Unit != u {
			return &RowError{checks.Path, u, "has no record here"}
		}
		want, wantSum, ok := checkField(checks.Line, s)
		if !ok {
			return &RowError{checks.Path, u, "has a record that does not parse"}
		}
		if err := checks.Next(); err != nil {
			return err
		}
		n, err := unitRows(rows, u, h, w)
		if err != nil {
			return err
		}
		if n != want {
			return &RowError{rows.Path, u, fmt.Sprintf("has %s, %s records %d", plural(n, "row"), checkName, want)}
		}
		sum = h.Sum(sum[:0])
		if hex.EncodeToString(sum[:checkHex/2]) != wantSum {
			return &RowError{rows.Path, u, fmt.Sprintf("has rows other than those %s records (their SHA-256 differs)", checkName)}
		}
		// A row of an earlier unit here: that unit's rows are split. (A
		// row without a unit shows as a later unit's missing rows.)
		if rows.Line != nil && rows.Unit >= 0 && rows.Unit < u {
			return &RowError{rows.Path, max(rows.Unit, lo), fmt.Sprintf("has a row after unit %d's rows", u)}
		}
	}
	return nil
}

// unitRows consumes unit u's rows from r, hashing them into h (reset
// first) and copying them to w when not nil; it returns their number.
func unitRows(r *RowReader, u int, h hash.Hash, w io.Writer) (int, error) {
	h.Reset()
	n := 0
	for r.Line != nil && r.Unit == u {
		h.Write(r.Line)
		if w != nil {
			if _, err := w.Write(r.Line); err != nil {
				return n, err
			}
		}
		n++
		if err := r.Next(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// checkField returns data stream s's row count and hex SHA-256 prefix
// from a check row.
func checkField(line []byte, s int) (rows int, sum string, ok bool) {
	f := strings.Split(strings.TrimSuffix(string(line), "\n"), ",")
	if 2+2*s >= len(f) {
		return 0, "", false
	}
	n, err := strconv.Atoi(f[1+2*s])
	return n, f[2+2*s], err == nil && len(f[2+2*s]) == checkHex
}

// checkEnd reports an error unless r is at the end of its file: no row
// beyond the last unit, no torn last line.
func checkEnd(r *RowReader) error {
	switch {
	case r.Line != nil && r.Unit < 0:
		return fmt.Errorf("runner: %s: a row without a unit after the last unit of the run", r.Path)
	case r.Line != nil:
		return &RowError{r.Path, r.Unit, "is beyond the last unit of the run"}
	case r.torn:
		return fmt.Errorf("runner: %s ends in a torn line", r.Path)
	}
	return nil
}

// AsRowError returns err as a *RowError, if it is one.
func AsRowError(err error) (*RowError, bool) {
	var re *RowError
	ok := errors.As(err, &re)
	return re, ok
}

// plural returns "1 row", "3 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
