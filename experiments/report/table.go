package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/unconf/unconf/internal/input"
)

// csvTable is a CSV file read whole, columns by name.
type csvTable struct {
	path string
	col  map[string]int
	rows [][]string
}

// readTable reads path, which must have the columns need.
func readTable(path string, need ...string) (*csvTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	return parseTable(path, input.Lines(f, path, input.MaxLine), need...)
}

func parseTable(path string, r io.Reader, need ...string) (*csvTable, error) {
	cr := csv.NewReader(r)
	hdr, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("report: %s: empty file", path)
	}
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	t := &csvTable{path: path, col: map[string]int{}}
	for i, h := range hdr {
		t.col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, n := range need {
		if _, ok := t.col[n]; !ok {
			return nil, fmt.Errorf("report: %s: no column %q", path, n)
		}
	}
	if t.rows, err = cr.ReadAll(); err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	return t, nil
}

// has reports whether the table has column name.
func (t *csvTable) has(name string) bool {
	_, ok := t.col[name]
	return ok
}

// str returns row i's cell in column name ("" when the column is absent).
func (t *csvTable) str(i int, name string) string {
	c, ok := t.col[name]
	if !ok || c >= len(t.rows[i]) {
		return ""
	}
	return t.rows[i][c]
}

// num returns row i's cell in column name as a number: an empty cell, a
// NaN or an absent column is NaN (older versions wrote NaN where newer
// ones leave the cell empty). A cell that is no number is an error naming
// the file, line and column.
func (t *csvTable) num(i int, name string) (float64, error) {
	s := strings.TrimSpace(t.str(i, name))
	if s == "" || strings.EqualFold(s, "nan") {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("report: %s:%d: column %q: %q is not a number", t.path, i+2, name, s)
	}
	return v, nil
}

// int returns row i's cell in column name as a whole number (0 when
// empty).
func (t *csvTable) int(i int, name string) (int, error) {
	v, err := t.num(i, name)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) {
		return 0, nil
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("report: %s:%d: column %q: %v is not a whole number", t.path, i+2, name, v)
	}
	return int(v), nil
}
