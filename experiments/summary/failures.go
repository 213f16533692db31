package summary

import (
	"fmt"
	"strings"
)

// Failure is a unit whose run failed, as meta.json and summary.md list it.
type Failure struct {
	Unit  int    `json:"unit"`
	ID    string `json:"id"`
	Error string `json:"error"`
}

// FailuresMarkdown writes summary.md's "Failed units" section: the first
// ten of failures and how many more there are of total; nothing when total
// is 0.
func FailuresMarkdown(b *strings.Builder, failures []Failure, total int) {
	if total == 0 {
		return
	}
	b.WriteString("## Failed units\n\n")
	for i, f := range failures {
		if i == 10 {
			fmt.Fprintf(b, "- … and %d more (results.csv, column error)\n", total-10)
			break
		}
		fmt.Fprintf(b, "- %s (unit %d): %s\n", f.ID, f.Unit, f.Error)
	}
	b.WriteString("\n")
}

// Capitalize returns s with its first letter in upper case, for a
// title that starts with a metric's name: "satisfaction" → "Satisfaction".
// s must start with an ASCII lower-case letter or be empty.
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
