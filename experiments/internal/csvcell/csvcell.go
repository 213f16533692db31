// Package csvcell neutralises text cells of the CSV files unconf writes
// against formula injection, as OWASP recommends ("CSV Injection"): a
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
