//go:build !race

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planCases are hostile organiser files for plan (issue 10 items 5, 6,
// 19). Each starts from the example event's files and changes one.
func planCases(t *testing.T) []hostileCase {
	ex := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "configs", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	atts, props, votes, event := ex("attendees.csv"), ex("proposals.csv"), ex("votes.csv"), ex("event.yaml")
	// with returns the example files with some replaced; without, with
	// one left out (for a link or folder in its place).
	with := func(over map[string]string) map[string]string {
		m := map[string]string{"a.csv": atts, "p.csv": props, "v.csv": votes, "event.yaml": event}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	without := func(name string, over map[string]string) map[string]string {
		m := with(over)
		delete(m, name)
		return m
	}
	args := []string{"plan", "--attendees", "a.csv", "--proposals", "p.csv", "--votes", "v.csv", "--config", "event.yaml",
		"--seeds", "2", "--policies", "popularity,spread", "--out", "out"}
	line := func(s string, n int, l string) string { // replace line n (1-based)
		ls := strings.Split(s, "\n")
		ls[n-1] = l
		return strings.Join(ls, "\n")
	}
	titled := func(title string) string { return line(props, 2, "p01,"+title+",a001,hardware for ML") }
	var rows strings.Builder
	rows.WriteString("attendee,proposal\n")
	for range 1_000_001 {
		rows.WriteString("a001,p01\n")
	}
	return []hostileCase{
		{name: "plain", args: args, files: with(nil), out: "out", code: 0},
		{name: "votes dev zero", args: args, files: without("v.csv", nil), links: map[string]string{"v.csv": "/dev/zero"}, code: 1, out: "out",
			want: []string{"v.csv: larger than 64 MiB, the limit for a CSV file"}},
		{name: "attendees folder", args: args, files: without("a.csv", map[string]string{"a.csv/x": "a"}), code: 1, out: "out",
			want: []string{"a.csv: is a folder, not a CSV file"}},
		{name: "attendees missing", args: append(args[:2:2], append([]string{"gone.csv"}, args[3:]...)...), files: with(nil), code: 1, out: "out",
			want: []string{"gone.csv: no such file"}},
		{name: "votes empty", args: args, files: with(map[string]string{"v.csv": ""}), code: 1, out: "out",
			want: []string{"v.csv: empty file"}},
		{name: "votes header only", args: args, files: with(map[string]string{"v.csv": "attendee,proposal\n"}), code: 1, out: "out",
			want: []string{"v.csv: no rows after the header"}},
		{name: "votes binary", args: args, files: with(map[string]string{"v.csv": "\x00\x01\xff\xfe" + secret}), code: 1, out: "out",
			want: []string{"v.csv:1: not UTF-8"}, never: []string{secret}},
		{name: "votes too many rows", args: args, files: with(map[string]string{"v.csv": rows.String()}), code: 1, out: "out",
			want: []string{"v.csv:1000002: more than 1000000 rows"}},
		{name: "votes huge cell", args: args, files: with(map[string]string{"v.csv": "attendee,proposal\na001," + strings.Repeat("p", 5000) + "\n"}),
			code: 1, out: "out", want: []string{`v.csv:2: column "proposal": a cell of 5000 bytes: want at most 4096`}},
		{name: "votes many columns", args: args, files: with(map[string]string{"v.csv": strings.Repeat("c,", 200) + "c\n"}), code: 1, out: "out",
			want: []string{"v.csv:1: 201 columns: want at most 100"}},
		{name: "votes weight NaN", args: args, files: with(map[string]string{"v.csv": "attendee,proposal,weight\na001,p01,NaN\n"}), code: 1, out: "out",
			want: []string{`v.csv:2: column "weight": "NaN": want a number >= 0`}},
		{name: "votes weight Inf", args: args, files: with(map[string]string{"v.csv": "attendee,proposal,weight\na001,p01,1e400\n"}), code: 1, out: "out",
			want: []string{`column "weight": "1e400"`}},
		{name: "votes weight negative", args: args, files: with(map[string]string{"v.csv": "attendee,proposal,weight\na001,p01,-1\n"}), code: 1, out: "out",
			want: []string{`column "weight": "-1"`}},
		{name: "votes bare quote", args: args, files: with(map[string]string{"v.csv": "attendee,proposal\na\"001,p01\n"}), code: 1, out: "out",
			want: []string{"v.csv:2:"}},
		{name: "votes CRLF and BOM", args: args, code: 0, out: "out",
			files: with(map[string]string{"v.csv": "\xef\xbb\xbf" + strings.ReplaceAll(votes, "\n", "\r\n")})},
		// Item 6: titles longer than a title.
		{name: "title 10000", args: args, files: with(map[string]string{"p.csv": titled(strings.Repeat("é", 10000))}), code: 1, out: "out",
			want: []string{`p.csv:2: column "title": a cell of 20000 bytes: want at most 4096`}},
		{name: "title 1500", args: args, files: with(map[string]string{"p.csv": titled(strings.Repeat("é", 1500))}), code: 1, out: "out",
			want: []string{`p.csv:2: column "title": 1500 characters: want at most 200`}},
		{name: "title 40000 words", args: args, files: with(map[string]string{"p.csv": titled(strings.Repeat("ab ", 40000))}), code: 1, out: "out",
			want: []string{`p.csv:2: column "title": a cell of 120000 bytes`}},
		{name: "title 200", args: args, files: with(map[string]string{"p.csv": titled(strings.Repeat("é", 200))}), code: 0, out: "out"},
		{name: "title line break", args: args, files: with(map[string]string{"p.csv": titled("\"two\nlines\"")}), code: 1, out: "out",
			want: []string{`p.csv:2: column "title": "two\nlines": holds a line break`}},
		{name: "name 300", args: args, files: with(map[string]string{"a.csv": line(atts, 2, "a001,"+strings.Repeat("n", 300)+",,,,,,,")}),
			code: 1, out: "out", want: []string{`a.csv:2: column "name": 300 characters`}},
		{name: "new topics galore", args: args, files: with(map[string]string{"p.csv": manyTopics(1100)}), code: 1, out: "out",
			want: []string{`p.csv:`, `column "topics": more than 1000 topics`}},
		// Item 19: formulas in titles and names are written as text.
		{name: "formula titles", args: args, out: "out", code: 0,
			files: with(map[string]string{
				"p.csv": line(line(titled(`"=HYPERLINK(""http://evil.example"",""click"")"`), 3, "p02,+cmd|' /C calc'!A0,a002,GANs"), 4, "p03,@SUM(A1),a003,GANs"),
				"a.csv": line(line(atts, 2, "a001,=1+2,,,,,,,"), 3, "a002,-bob,,,,,,,"),
			}),
			check: noFormulas("out/schedule.csv")},
		{name: "formula ids read back", args: append(args[:len(args)-2:len(args)-2], "--schedule", "s.csv", "--out", "out"), out: "out", code: 0,
			files: with(map[string]string{
				"p.csv": line(props, 2, "=p01,Hardware for ML,a001,hardware for ML"),
				"v.csv": strings.ReplaceAll(votes, ",p01", ",=p01"),
				"s.csv": "proposal,day,start,room\n'=p01,1,09:30,Hall\n",
			})},
	}
}

// manyTopics returns a proposals file whose proposals name n new topics.
func manyTopics(n int) string {
	var b strings.Builder
	b.WriteString("id,title,proposer,topics\n")
	for i := range n {
		b.WriteString("q" + itoa(i) + ",T" + itoa(i) + ",a001,topic " + itoa(i) + "\n")
	}
	return b.String()
}

// TestHostilePlan replays planCases.
func TestHostilePlan(t *testing.T) { runHostile(t, planCases(t)) }
