package runner

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"github.com/unconf/unconf/internal/input"
)

// Table reads a CSV file with a header, giving columns by name.
type Table struct {
	// Path is the file; Col maps a column's name to its index; Line is
	// the line of the record last read (1: the header).
	Path string
	Col  map[string]int
	Line int
	f    *os.File
	r    *csv.Reader
}

func OpenTable(path string, need ...string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, input.OpenError(path, err)
	}
	t := &Table{Path: path, f: f, r: csv.NewReader(input.Lines(f, path, input.MaxLine)), Col: map[string]int{}}
	t.r.ReuseRecord = true
	hdr, err := t.r.Read()
	if err != nil {
		f.Close()
		var lt *input.LineTooLongError
		if errors.As(err, &lt) {
			return nil, err
		}
		return nil, fmt.Errorf("runner: %s: header: %w", path, err)
	}
	t.Line = 1
	for i, h := range hdr {
		t.Col[h] = i
	}
	for _, n := range need {
		if _, ok := t.Col[n]; !ok {
			f.Close()
			return nil, fmt.Errorf("runner: %s: no column %q", path, n)
		}
	}
	return t, nil
}

// Next returns the next record, or nil at the end.
func (t *Table) Next() ([]string, error) {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	t.Line++
	if err != nil {
		return nil, fmt.Errorf("runner: %s: %w", t.Path, err) // a *csv.ParseError names the line
	}
	return rec, nil
}

func (t *Table) Int(rec []string, name string) (int, error) {
	v, err := strconv.Atoi(rec[t.Col[name]])
	if err != nil {
		return 0, fmt.Errorf("runner: %s:%d: column %s: %w", t.Path, t.Line, name, err)
	}
	return v, nil
}

// IntCol names an integer column and the variable it is parsed into.
type IntCol struct {
	Name string
	P    *int
}

// Ints parses the integer columns cols of rec, in order; the first error
// is returned.
func (t *Table) Ints(rec []string, cols ...IntCol) error {
	for _, c := range cols {
		v, err := t.Int(rec, c.Name)
		if err != nil {
			return err
		}
		*c.P = v
	}
	return nil
}

// Float parses a cell; an empty cell (a failed unit) is NaN.
func (t *Table) Float(rec []string, name string) (float64, error) {
	s := rec[t.Col[name]]
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("runner: %s:%d: column %s: %w", t.Path, t.Line, name, err)
	}
	return v, nil
}

func (t *Table) Close() { t.f.Close() }
