package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim"
)

// holesSpec sweeps a share that empties the jet-lag groups (visitor_share
// 0: no one flew west or east) and an integer key, over the tiny config.
const holesSpec = `
replicates: 2
parameters:
  - key: attendees.visitor_share
    values: [0, 0.5]
  - key: attendees.count
    values: [20, 30]
`

// runHolesSweep runs holesSpec into a new folder with --format parquet; the
// units of point 3 (visitor_share 0.5, 30 attendees) fail.
func runHolesSweep(t *testing.T) string {
	t.Helper()
	s := tinySpec(t, holesSpec)
	h := defaultHooks()
	h.skipCharts = true
	h.NewWorld = func(c *sim.Config, seed uint64) (*sim.World, error) {
		if c.Attendees.VisitorShare == 0.5 && c.Attendees.Count == 30 {
			return nil, errors.New("world: broken on purpose")
		}
		return agents.NewWorld(c, seed)
	}
	dir := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2, Format: "parquet", Sessions: true}, &h)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 6 {
		t.Fatalf("%d units failed, want 6 (point 3)", rep.Failed)
	}
	return dir
}

// TestResultsCSVEmptyCells: a metric without a value (the satisfaction of
// an empty jet-lag group) is an empty cell, as for a failed unit, never
// the text NaN; so are the cells without a value of summary.csv,
// sessions.csv and slots.csv (the alertness of a group with no one on
// site).
func TestResultsCSVEmptyCells(t *testing.T) {
	dir := runHolesSweep(t)
	for _, name := range []string{runner.ResultsFile, runner.SummaryCSV, runner.SessionsFile, runner.SlotsFile} {
		recs := exptest.ReadCSV(t, filepath.Join(dir, name))
		for i, rec := range recs {
			for j, c := range rec {
				if strings.EqualFold(c, "nan") || strings.Contains(c, "Inf") {
					t.Fatalf("%s line %d column %s: %q, want an empty cell", name, i+1, recs[0][j], c)
				}
			}
		}
	}
	slots := exptest.ReadCSV(t, filepath.Join(dir, runner.SlotsFile))
	empty := 0
	for _, rec := range slots[1:] {
		if rec[len(rec)-1] == "" {
			empty++
		}
	}
	if empty == 0 {
		t.Error("slots.csv: no empty alertness cell, though some groups have no one on site")
	}
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	west := slices.Index(res[0], "satisfaction_west")
	share := slices.Index(res[0], "attendees.visitor_share")
	for _, rec := range res[1:] {
		if rec[share] == "0" && rec[west] != "" {
			t.Errorf("unit %s: satisfaction_west %q with visitor_share 0, want empty", rec[0], rec[west])
		}
	}
}

// TestResultsParquetTypes: results.parquet has nulls where results.csv
// has empty cells (no "" error, no NaN), integer columns for counts and
// integer parameters, doubles for the rest.
func TestResultsParquetTypes(t *testing.T) {
	dir := runHolesSweep(t)
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	f, err := os.Open(filepath.Join(dir, "results.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	counts := []string{"conflicts", "collapsed", "turned_away", "hops", "new_ties", "cross_background_ties", "sessions"}
	for _, name := range res[0] {
		want := "DOUBLE"
		switch {
		case name == "policy" || name == "error":
			want = "STRING"
		case name == "unit" || name == "point" || name == "replicate" || name == "attendees.count" || slices.Contains(counts, name):
			want = "INT64"
		case name == "seed":
			want = "UINT64"
		}
		col, ok := pf.Schema().Lookup(name)
		if !ok {
			t.Errorf("results.parquet has no column %s", name)
			continue
		}
		if got := parquetType(col.Node); got != want {
			t.Errorf("column %s: %s, want %s", name, got, want)
		}
		// A column that can be empty in the CSV is optional, the others
		// required.
		canBeEmpty := name == "error" || slices.Contains(sim.MetricNames(), name)
		if col.Node.Optional() != canBeEmpty {
			t.Errorf("column %s: optional %v, want %v", name, col.Node.Optional(), canBeEmpty)
		}
	}
	rows := readParquetRows(t, pf)
	if len(rows) != len(res)-1 {
		t.Fatalf("results.parquet: %d rows, results.csv %d", len(rows), len(res)-1)
	}
	for i, row := range rows {
		for j, name := range res[0] {
			cell, v := res[1+i][j], row[j]
			got := parquetCell(v)
			if name == "seed" {
				got = strconv.FormatUint(v.Uint64(), 10)
			}
			if got != cell {
				t.Errorf("row %d column %s: parquet %s, csv %q", i, name, got, cell)
			}
		}
	}
}

// parquetType names a leaf's type: INT64, UINT64, DOUBLE or STRING.
func parquetType(n parquet.Node) string {
	if lt := n.Type().LogicalType(); lt != nil {
		switch v := lt.Value.(type) {
		case *format.StringType:
			return "STRING"
		case *format.IntType:
			if !v.IsSigned {
				return "UINT64"
			}
		}
	}
	return n.Type().Kind().String()
}

// readParquetRows reads every row of every row group.
func readParquetRows(t *testing.T, pf *parquet.File) []parquet.Row {
	t.Helper()
	var out []parquet.Row
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				out = append(out, r.Clone())
			}
			if err != nil {
				break
			}
		}
		rows.Close()
	}
	return out
}

// parquetCell formats a value as results.csv writes its cell: null is "".
func parquetCell(v parquet.Value) string {
	switch {
	case v.IsNull():
		return ""
	case v.Kind() == parquet.Double:
		return csvcell.FormatFloat(v.Double())
	case v.Kind() == parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	}
	return v.String()
}

// readersDir holds the independent readers (package.json); `npm ci` there
// installs them.
const readersDir = "../testdata/readers"

// needNodeModule skips the test unless node and the named module (in
// readersDir/node_modules) are installed.
func needNodeModule(t *testing.T, module string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: this check of an output with an independent reader is skipped")
	}
	if _, err := os.Stat(filepath.Join(readersDir, "node_modules", module, "package.json")); err != nil {
		t.Skipf("%s is not installed (npm ci --prefix experiments/%s): this check with an independent reader is skipped", module, readersDir)
	}
}

// TestResultsParquetHyparquet reads results.parquet with hyparquet, an
// independent JavaScript reader: its columns have the types of
// TestResultsParquetTypes, failed and undefined cells read as null, and
// every value equals the CSV cell.
func TestResultsParquetHyparquet(t *testing.T) {
	needNodeModule(t, "hyparquet")
	dir := runHolesSweep(t)
	out, err := exec.Command("node", filepath.Join(readersDir, "parquet.mjs"), filepath.Join(dir, "results.parquet")).Output()
	if err != nil {
		t.Fatalf("node parquet.mjs: %v\n%s", err, stderrOf(err))
	}
	var got struct {
		Columns []struct{ Name, Type, Repetition string }
		Rows    [][]any
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("parquet.mjs output: %v\n%s", err, out)
	}
	res := exptest.ReadCSV(t, filepath.Join(dir, runner.ResultsFile))
	types := map[string]string{"unit": "INT64", "seed": "UINT64", "policy": "STRING", "error": "STRING",
		"attendees.count": "INT64", "attendees.visitor_share": "DOUBLE", "satisfaction_west": "DOUBLE", "collapsed": "INT64", "hops": "INT64"}
	for _, c := range got.Columns {
		if w, ok := types[c.Name]; ok && c.Type != w {
			t.Errorf("hyparquet: column %s is %s, want %s", c.Name, c.Type, w)
		}
	}
	if len(got.Rows) != len(res)-1 {
		t.Fatalf("hyparquet: %d rows, csv %d", len(got.Rows), len(res)-1)
	}
	for i, row := range got.Rows {
		for j, v := range row {
			cell := res[1+i][j]
			var ok bool
			switch v := v.(type) {
			case nil:
				ok = cell == ""
			case string:
				ok = v == cell
			case json.Number: // a double
				x, err1 := v.Float64()
				y, err2 := strconv.ParseFloat(cell, 64)
				ok = err1 == nil && err2 == nil && x == y
			}
			if !ok {
				t.Errorf("hyparquet row %d column %s: %v, csv %q", i, res[0][j], v, cell)
			}
		}
	}
}

// stderrOf returns a failed command's standard error, if it kept it.
func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}
