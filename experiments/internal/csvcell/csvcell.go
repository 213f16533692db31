// Package csvcell writes the cells of the CSV files unconf writes
// (AppendField, AppendFloat: one record per line, numbers that read back
// exactly) and neutralises their text cells against formula injection,
// as OWASP recommends ("CSV Injection"): a
// spreadsheet runs a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula, so such a cell gets a leading single
// quote, which spreadsheets show as text. Proposal titles, names, room
// and topic names come from organisers' files and configs, and a title
// such as =HYPERLINK(…) must stay text.
//
// A cell that is a plain finite number ("-5", "+1.5e3") is left alone: it
// is no formula, and a negative value reads back as a number. Numeric
// columns never pass through Text. Unquote undoes Text exactly, for files
// unconf reads back (a schedule.csv given to plan --schedule).
package csvcell

import (
	"math"
	"strconv"
	"strings"
)

// trigger reports whether a cell starting with b would be a formula.
func trigger(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsQuote reports whether Text prefixes s: s starts with a trigger
// and is not a number, possibly after single quotes (so that a cell that
// already starts with quotes reads back unchanged).
func needsQuote(s string) bool {
	u := strings.TrimLeft(s, "'")
	if u == "" || !trigger(u[0]) {
		return false
	}
	f, err := strconv.ParseFloat(u, 64)
	return err != nil || math.IsInf(f, 0) || math.IsNaN(f)
}

// Text returns s safe for a text cell of a CSV file: s with a leading
// single quote when a spreadsheet would take it for a formula, else s.
func Text(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// Unquote returns the text Text was given for cell: Unquote(Text(s)) == s
// for every s.
func Unquote(cell string) string {
	if strings.HasPrefix(cell, "'") && needsQuote(cell[1:]) {
		return cell[1:]
	}
	return cell
}

// AppendFloat appends v in the shortest form that reads back as the same
// float64 ('g', -1). NaN, a value that does not exist (the satisfaction
// of an empty jet-lag group, an interval from one value), appends
// nothing: an empty cell, which CSV readers take as missing (pandas NaN,
// R NA, polars and duckdb null), as for a failed unit. Infinities are
// "+Inf"/"-Inf", as strconv spells them.
func AppendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) {
		return b
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// FormatFloat is AppendFloat into a string.
func FormatFloat(v float64) string { return string(AppendFloat(nil, v)) }

// AppendField appends s as one CSV text field (RFC 4180): quoted when it
// holds a comma, quote or leading/trailing space. Line breaks are replaced
// by spaces first, so that every record is exactly one line: journals are
// counted and truncated by lines on resume. A text that a spreadsheet
// would run as a formula (=, +, -, @ first) gets a leading single quote
// (Text); a plain number is left as it is.
func AppendField(b []byte, s string) []byte {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	s = Text(s)
	if s == "" || !(strings.ContainsAny(s, ",\"") || s[0] == ' ' || s[len(s)-1] == ' ') {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
