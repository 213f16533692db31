package experiments

import (
	"fmt"
	"os"
	"slices"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

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

// parquetKind is how a results column is stored.
type parquetKind int

const (
	pqInt64 parquetKind = iota
	pqUint64
	pqDouble // optional: an empty cell (a failed unit) is null
	pqString
)

// writeResultsParquet converts a sweep's results.csv into a Parquet file
// with the same columns in the same order, typed: unit, point and
// replicate INT64; seed UINT64; numeric parameters DOUBLE, others STRING;
// policy and error STRING; metrics optional DOUBLE (null for a failed
// unit, NaN kept). It streams, holding one row group at a time, and writes
// through a temporary file and a rename.
func writeResultsParquet(p *sweepPlan, csvPath, path string) error {
	header := p.streams[streamResults].header
	kinds := make([]parquetKind, len(header))
	g := parquet.Group{}
	for i, name := range header {
		var node parquet.Node
		switch {
		case name == "unit" || name == "point" || name == "replicate":
			kinds[i], node = pqInt64, parquet.Int(64)
		case name == "seed":
			kinds[i], node = pqUint64, parquet.Uint(64)
		case name == "policy" || name == "error":
			kinds[i], node = pqString, parquet.String()
		case i >= 2 && i < 2+len(p.spec.Parameters):
			if p.numeric[i-2] {
				kinds[i], node = pqDouble, parquet.Optional(parquet.Leaf(parquet.DoubleType))
			} else {
				kinds[i], node = pqString, parquet.String()
			}
		default: // a metric
			kinds[i], node = pqDouble, parquet.Optional(parquet.Leaf(parquet.DoubleType))
		}
		g[name] = node
	}
	if len(g) != len(header) {
		return fmt.Errorf("experiments: parquet: duplicate column names in %v", header)
	}
	schema := parquet.NewSchema("results", orderedGroup{Group: g, order: header})
	if n := len(schema.Columns()); n != len(header) {
		return fmt.Errorf("experiments: parquet: schema has %d columns, want %d", n, len(header))
	}
	t, err := openTable(csvPath, header...)
	if err != nil {
		return err
	}
	defer t.close()
	return writeAtomic(path, func(f *os.File) error {
		w := parquet.NewWriter(f, schema, parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(parquetRowGroup),
			parquet.KeyValueMetadata("unconf.spec", p.hash), parquet.KeyValueMetadata("unconf.metrics", fmt.Sprint(sim.MetricNames())))
		batch := make([]parquet.Row, 0, 1024)
		flush := func() error {
			if _, err := w.WriteRows(batch); err != nil {
				return err
			}
			batch = batch[:0]
			return nil
		}
		for {
			rec, err := t.next()
			if err != nil {
				return err
			}
			if rec == nil {
				break
			}
			row := make(parquet.Row, len(header))
			for i, s := range rec {
				var v parquet.Value
				switch kinds[i] {
				case pqInt64:
					n, err := strconv.ParseInt(s, 10, 64)
					if err != nil {
						return fmt.Errorf("%s:%d: column %s: %w", csvPath, t.line, header[i], err)
					}
					v = parquet.Int64Value(n).Level(0, 0, i)
				case pqUint64:
					n, err := strconv.ParseUint(s, 10, 64)
					if err != nil {
						return fmt.Errorf("%s:%d: column %s: %w", csvPath, t.line, header[i], err)
					}
					v = parquet.Int64Value(int64(n)).Level(0, 0, i)
				case pqString:
					v = parquet.ByteArrayValue([]byte(s)).Level(0, 0, i)
				case pqDouble:
					if s == "" {
						v = parquet.NullValue().Level(0, 0, i)
						break
					}
					x, err := strconv.ParseFloat(s, 64)
					if err != nil {
						return fmt.Errorf("%s:%d: column %s: %w", csvPath, t.line, header[i], err)
					}
					v = parquet.DoubleValue(x).Level(0, 1, i)
				}
				row[i] = v
			}
			batch = append(batch, row)
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return w.Close()
	})
}
