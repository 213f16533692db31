package runner

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/unconf/unconf/experiments/internal/csvcell"
)

// recordCodec writes the exported fields of a struct type as CSV fields in
// declaration order, with snake_case column names: RoomName → room_name.
// Numbers are written as by strconv (floats by appendFloat), bools as
// true/false, and any field whose type has a String method (an enum such
// as agents.JetlagGroup) by its name. The integer columns named in from1
// are written plus one: sim counts days, slots and rooms from 0, files
// count them from 1 (timetableCols).
type recordCodec struct {
	fields []int
	names  []string
	from1  []bool
}

// timetableCols are the columns that place a session in the timetable;
// every file counts them from 1, as organisers do ("day 1, slot 3, room
// 2"), while run indices (unit, point, replicate, proposal) count from 0.
var timetableCols = []string{"day", "slot", "room"}

var stringer = reflect.TypeFor[fmt.Stringer]()

func newRecordCodec(typ reflect.Type, from1 ...string) *recordCodec {
	c := &recordCodec{}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64, reflect.String:
		default:
			continue // slices, maps and nested structs do not fit a cell
		}
		name := snakeCase(f.Name)
		c.fields = append(c.fields, i)
		c.names = append(c.names, name)
		c.from1 = append(c.from1, slices.Contains(from1, name) && f.Type.Kind() == reflect.Int)
	}
	return c
}

// appendRow appends the fields of v (of the codec's type), each preceded
// by a comma.
func (c *recordCodec) appendRow(b []byte, v reflect.Value) []byte {
	for j, i := range c.fields {
		f := v.Field(i)
		b = append(b, ',')
		if f.Type().Implements(stringer) {
			b = csvcell.AppendField(b, f.Interface().(fmt.Stringer).String())
			continue
		}
		switch f.Kind() {
		case reflect.Bool:
			b = strconv.AppendBool(b, f.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			n := f.Int()
			if c.from1[j] {
				n++
			}
			b = strconv.AppendInt(b, n, 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			b = strconv.AppendUint(b, f.Uint(), 10)
		case reflect.Float32, reflect.Float64:
			b = csvcell.AppendFloat(b, f.Float())
		case reflect.String:
			b = csvcell.AppendField(b, f.String())
		}
	}
	return b
}

// snakeCase turns a Go field name into a column name: "HopsIn" → "hops_in",
// "RoomName" → "room_name", "ID" → "id", "P10" → "p10".
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			prevLower := i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]))
			nextLower := i > 0 && i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
