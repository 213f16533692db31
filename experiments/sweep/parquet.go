package sweep

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/sim"
)

// orderedGroup is a Parquet group whose columns keep the given order
// (parquet.Group sorts them by name).
type orderedGroup struct {
	parquet.Group
	order []string
}

// Fields implements parquet.Node.
func (g orderedGroup) Fields() []parquet.Field {
	fields := g.Group.Fields()
	slices.SortStableFunc(fields, func(a, b parquet.Field) int {
		return slices.Index(g.order, a.Name()) - slices.Index(g.order, b.Name())
	})
	return fields
}

// parquetRowGroup is the number of rows per Parquet row group: a bounded
// buffer however large the sweep.
const parquetRowGroup = 64 << 10

// parquetCol is how a results column is stored.
type parquetCol struct {
	kind parquetKind
	// optional columns hold null for an empty cell.
	optional bool
}

// parquetKind is a results column's type.
type parquetKind int

const (
	pqInt64 parquetKind = iota
	pqUint64
	pqDouble
	pqString
)

// writeResultsParquet converts a sweep's results.csv into a Parquet file
// with the same columns in the same order, typed as a CSV reader would
// infer them: unit, point and replicate INT64; seed UINT64 (INT64 with
// the unsigned logical type); a parameter INT64 when all its values are
// whole numbers, DOUBLE when they are numbers, else STRING; policy
// STRING; metrics optional INT64 for counts (Metric.Count), optional
// DOUBLE for the others; error optional STRING. An empty cell (a failed
// unit's metrics, a metric without a value such as the satisfaction of an
// empty jet-lag group, the error of a unit that did not fail) is null.
// It streams, holding one row group at a time, and writes through a
// temporary file and a rename.
func writeResultsParquet(p *sweepPlan, csvPath, path string) error {
	header := p.streams[runner.Results].Header()
	cols, schema, err := p.parquetSchema(header)
	if err != nil {
		return err
	}
	t, err := runner.OpenTable(csvPath, header...)
	if err != nil {
		return err
	}
	defer t.Close()
	return runner.Write(path, func(f *os.File) error {
		w := parquet.NewWriter(f, schema, parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(parquetRowGroup),
			parquet.KeyValueMetadata("unconf.spec", p.hash), parquet.KeyValueMetadata("unconf.metrics", fmt.Sprint(sim.MetricNames())))
		if err := writeParquetRows(w, t, header, cols, csvPath); err != nil {
			return err
		}
		return w.Close()
	})
}

// parquetSchema returns how each column of results.csv (header) is
// stored, and the schema of results.parquet (writeResultsParquet).
func (p *sweepPlan) parquetSchema(header []string) ([]parquetCol, *parquet.Schema, error) {
	cols := make([]parquetCol, len(header))
	g := parquet.Group{}
	for i, name := range header {
		switch {
		case name == "unit" || name == "point" || name == "replicate":
			cols[i] = parquetCol{kind: pqInt64}
		case name == "seed":
			cols[i] = parquetCol{kind: pqUint64}
		case name == "policy":
			cols[i] = parquetCol{kind: pqString}
		case name == "error":
			cols[i] = parquetCol{kind: pqString, optional: true}
		case i >= 2 && i < 2+len(p.spec.Parameters):
			cols[i] = parquetCol{kind: pqString}
			if p.numeric[i-2] {
				cols[i].kind = pqDouble
				if p.wholeParam(i - 2) {
					cols[i].kind = pqInt64
				}
			}
		default: // a metric
			m, err := sim.ParseMetric(name)
			if err != nil {
				return nil, nil, fmt.Errorf("sweep: parquet: column %q: %w", name, err)
			}
			cols[i] = parquetCol{kind: pqDouble, optional: true}
			if m.Count() {
				cols[i].kind = pqInt64
			}
		}
		g[name] = cols[i].node()
	}
	if len(g) != len(header) {
		return nil, nil, fmt.Errorf("sweep: parquet: duplicate column names in %v", header)
	}
	schema := parquet.NewSchema("results", orderedGroup{Group: g, order: header})
	if n := len(schema.Columns()); n != len(header) {
		return nil, nil, fmt.Errorf("sweep: parquet: schema has %d columns, want %d", n, len(header))
	}
	return cols, schema, nil
}

// node is the column's Parquet node.
func (c parquetCol) node() parquet.Node {
	var node parquet.Node
	switch c.kind {
	case pqInt64:
		node = parquet.Int(64)
	case pqUint64:
		node = parquet.Uint(64)
	case pqDouble:
		node = parquet.Leaf(parquet.DoubleType)
	case pqString:
		node = parquet.String()
	}
	if c.optional {
		node = parquet.Optional(node)
	}
	return node
}

// writeParquetRows writes the rows of t, results.csv at csvPath, to w as
// columns cols (named header), in batches.
func writeParquetRows(w parquet.RowWriter, t *runner.Table, header []string, cols []parquetCol, csvPath string) error {
	batch := make([]parquet.Row, 0, 1024)
	flush := func() error {
		if _, err := w.WriteRows(batch); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	for {
		rec, err := t.Next()
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
		row := make(parquet.Row, len(cols))
		for i, s := range rec {
			v, err := cols[i].value(s)
			if err != nil {
				return fmt.Errorf("%s:%d: column %s: %w", csvPath, t.Line, header[i], err)
			}
			row[i] = v.Level(0, cols[i].defLevel(v), i)
		}
		batch = append(batch, row)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// value parses a results.csv cell into the column's type: null for an
// empty cell of an optional column.
func (c parquetCol) value(s string) (parquet.Value, error) {
	if c.optional && s == "" {
		return parquet.NullValue(), nil
	}
	switch c.kind {
	case pqInt64:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return parquet.Int64Value(n), nil
		}
		// A count written as a float ("1e+21" in principle).
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || x != math.Trunc(x) || math.Abs(x) >= 1<<63 {
			return parquet.Value{}, fmt.Errorf("%q is not a whole number", s)
		}
		return parquet.Int64Value(int64(x)), nil
	case pqUint64:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return parquet.Value{}, err
		}
		return parquet.Int64Value(int64(n)), nil
	case pqDouble:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return parquet.Value{}, err
		}
		return parquet.DoubleValue(x), nil
	}
	return parquet.ByteArrayValue([]byte(s)), nil
}

// defLevel is v's definition level: 1 for a value of an optional column, 0
// for null or a required column's value.
func (c parquetCol) defLevel(v parquet.Value) int {
	if c.optional && !v.IsNull() {
		return 1
	}
	return 0
}
