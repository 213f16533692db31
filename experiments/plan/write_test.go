package plan

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestWriteICS checks the calendar of a plan against RFC 5545's
// structure: one VEVENT per session, local DTSTART with TZID, lines of at
// most 75 octets ending in CRLF.
func TestWriteICS(t *testing.T) {
	d, cfg := smallPlan(t, 5)
	rep := recommend(t, d, cfg, Options{Seeds: 3, Seed: 1, Policies: []string{"spread"}})
	var buf bytes.Buffer
	if err := rep.WriteICS(&buf, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	n := len(rep.Recommended().Sessions)
	if got := strings.Count(out, "BEGIN:VEVENT\r\n"); got != n || strings.Count(out, "END:VEVENT\r\n") != n {
		t.Errorf("%d VEVENTs, want %d sessions", got, n)
	}
	if strings.Count(out, "BEGIN:VCALENDAR\r\n") != 1 || !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Error("not one VCALENDAR")
	}
	if got := strings.Count(out, "DTSTART;TZID=America/Los_Angeles:2026120"); got != n {
		t.Errorf("%d DTSTARTs with TZID and a date of the event, want %d", got, n)
	}
	first := rep.Recommended().Sessions[0]
	sl := rep.Event.Slots[first.Slot]
	wantStart := "DTSTART;TZID=America/Los_Angeles:2026120" + string(rune('3'+sl.Day)) + "T" + strings.ReplaceAll(clock(sl.Start), ":", "") + "00\r\n"
	if !strings.Contains(out, wantStart) {
		t.Errorf("no %q in the calendar", wantStart)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if l := len(strings.TrimSuffix(sc.Text(), "\r")); l > 75 {
			t.Errorf("line of %d octets: %q", l, sc.Text())
		}
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Error("a line ends without CR")
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	p := d.Proposals[first.Proposal]
	for _, want := range []string{"SUMMARY:" + escapeText(p.Title) + "\r\n", "LOCATION:" + rep.Event.Rooms[first.Room].Name + "\r\n",
		`Predicted attendance: ` + rangeText(&first), "UID:" + eventUID("Example unconference", "2026-12-03", "America/Los_Angeles", p.ID) + "\r\n",
		"SEQUENCE:217857600\r\n"} { // 2026-11-26T12:00Z − 2020-01-01T00:00Z in seconds
		if !strings.Contains(unfolded, want) {
			t.Errorf("unfolded calendar lacks %q", want)
		}
	}
}

// TestWrite writes every file and checks the list, the schedule.csv
// header and that the charts decode.
func TestWrite(t *testing.T) {
	d, cfg := smallPlan(t, 5)
	fixed := recommend(t, d, cfg, Options{Seeds: 2, Seed: 1, Policies: []string{"random"}}).Recommended().Schedule
	rep := recommend(t, d, cfg, Options{Seeds: 4, Seed: 1, Policies: []string{"popularity", "spread"}, Fixed: fixed})
	dir := t.TempDir()
	files, err := rep.Write(dir, WriteOptions{Stamp: time.Unix(0, 0), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{ScheduleCSV, ScheduleMD, ScheduleICS, ComparisonCSV, ComparisonMD, FixedScheduleCSV,
		"charts/schedule-grid.png", "charts/fixed-schedule-grid.png", "charts/box-satisfaction_mean.png", "charts/forest-satisfaction_mean.png"} {
		if !slices.Contains(files, filepath.FromSlash(want)) {
			t.Errorf("%s not written (files %v)", want, files)
		}
	}
	for _, f := range files {
		if filepath.Ext(f) != ".png" {
			continue
		}
		fh, err := os.Open(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(fh); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		fh.Close()
	}
	// The grid speaks of forecasts and risks, not of what happened.
	for _, c := range rep.Candidates {
		grid := filepath.Join(t.TempDir(), "grid.svg")
		if err := rep.gridChart(grid, &c, "t"); err != nil {
			t.Fatal(err)
		}
		svg, _ := os.ReadFile(grid)
		// What schedule.md has: dates, start and end, moderators, the
		// median and the 50% and 80% ranges.
		want := []string{"hands raised → predicted median attendance [50% range] (80% range)", ">Day 1: Thursday 3 December 2026<"}
		for _, f := range c.Sessions {
			if f.Risk != "" {
				want = append(want, ">"+f.Risk+" risk<")
			}
			start, end, err := rep.sessionTime(f.Slot)
			if err != nil {
				t.Fatal(err)
			}
			r := forecastRange(&f)
			want = append(want, ">"+start.Format("15:04")+"–"+end.Format("15:04")+"<",
				">"+rep.proposerName(f.Proposal)+"<", fmt.Sprintf(">%d → %d [%d–%d] (%d–%d)<", f.Hands, r.median, r.lo50, r.hi50, r.lo, r.hi))
		}
		for _, w := range want {
			if !bytes.Contains(svg, []byte(w)) {
				t.Errorf("%s's grid: no %q", c.Name, w)
			}
		}
		if bytes.Contains(svg, []byte("turned away")) || bytes.Contains(svg, []byte("collapsed (")) {
			t.Errorf("%s's grid: worded as a simulated outcome", c.Name)
		}
	}
	// Box plots only of metrics that vary over replicates: coverage is
	// fixed by each schedule's hands.
	order := rep.order()
	skipped := 0
	for _, m := range rep.reportMetrics() {
		var values [][]float64
		for _, k := range order {
			values = append(values, rep.Candidates[k].Values[m])
		}
		box := filepath.FromSlash("charts/box-" + m.String() + ".png")
		if got, want := slices.Contains(files, box), variesWithin(values); got != want {
			t.Errorf("%s written %v, want %v (varies over replicates: %v)", box, got, want, want)
		}
		if !variesWithin(values) {
			skipped++
		}
	}
	if slices.Contains(files, filepath.FromSlash("charts/box-coverage.png")) || skipped == 0 {
		t.Errorf("box plot of coverage, fixed by each schedule, written; %d skipped", skipped)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ScheduleCSV))
	if h, _, _ := strings.Cut(string(b), "\n"); h != strings.Join(ScheduleColumns, ",") {
		t.Errorf("schedule.csv header %q", h)
	}
	if n := strings.Count(string(b), "\n"); n != len(rep.Recommended().Sessions)+1 {
		t.Errorf("schedule.csv has %d lines for %d sessions", n, len(rep.Recommended().Sessions))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestSummaryNumbers: the summary's numbers read as the reports' do: the
// runner-up's difference and its interval signed, with a true minus and
// as many decimals as the recommended mean (a difference of nothing is
// "+0.000", not "+0"; "−0.01" is not short for "−0.010").
func TestSummaryNumbers(t *testing.T) {
	d, cfg := smallPlan(t, 5)
	rep := recommend(t, d, cfg, Options{Seeds: 4, Seed: 1, Policies: []string{"popularity", "spread"}})
	sum := rep.Summary()
	num := `\d+\.(\d+)`
	line := regexp.MustCompile(`on .*: ` + num + ` \[95% CI ` + num + `, ` + num + `\]\.\n` +
		`Runner-up: .*, ` + num + ` \(.* − recommended: [+−]` + num + ` \[95% CI [+−]` + num + `, [+−]` + num + `\], `)
	m := line.FindStringSubmatch(sum)
	if m == nil {
		t.Fatalf("summary's numbers not as the reports write them:\n%s", sum)
	}
	for _, dec := range m[2:] {
		if len(dec) != len(m[1]) {
			t.Errorf("decimals %v differ:\n%s", m[1:], sum)
			break
		}
	}
	if regexp.MustCompile(`-\d`).MatchString(sum) {
		t.Errorf("a hyphen for a minus sign:\n%s", sum)
	}
	if got := fmtNum(0, 3, true); got != "+0.000" {
		t.Errorf("fmtNum(0, 3, signed) = %q, want +0.000", got)
	}
}

// TestICSUIDs: a session's UID depends on the event and the proposal
// only: re-planned, a session that moved to another day keeps its UID (a
// calendar updates it instead of adding a copy); another event's UIDs
// differ; no two sessions share one; a later plan has a higher SEQUENCE.
func TestICSUIDs(t *testing.T) {
	d, cfg := smallPlan(t, 5)
	calendar := func(rep *Report, stamp time.Time) (uids map[string]string, seq []string) {
		t.Helper()
		var buf bytes.Buffer
		if err := rep.WriteICS(&buf, stamp); err != nil {
			t.Fatal(err)
		}
		uids = map[string]string{} // proposal title → UID
		var uid string
		for _, line := range strings.Split(strings.ReplaceAll(buf.String(), "\r\n ", ""), "\r\n") {
			switch {
			case strings.HasPrefix(line, "UID:"):
				uid = strings.TrimPrefix(line, "UID:")
			case strings.HasPrefix(line, "SEQUENCE:"):
				seq = append(seq, strings.TrimPrefix(line, "SEQUENCE:"))
			case strings.HasPrefix(line, "SUMMARY:"):
				title := strings.TrimPrefix(line, "SUMMARY:")
				for _, u := range uids {
					if u == uid {
						t.Errorf("UID %s given twice", uid)
					}
				}
				uids[title] = uid
			}
		}
		if len(uids) != len(rep.Recommended().Sessions) {
			t.Fatalf("%d UIDs for %d sessions", len(uids), len(rep.Recommended().Sessions))
		}
		return uids, seq
	}
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	a := recommend(t, d, cfg, Options{Seeds: 2, Seed: 1, Policies: []string{"spread"}})
	b := recommend(t, d, cfg, Options{Seeds: 2, Seed: 2, Policies: []string{"random"}})
	ua, sa := calendar(a, t0)
	ub, sb := calendar(b, t0.Add(time.Hour))
	day := func(rep *Report) map[string]int {
		m := map[string]int{}
		for _, f := range rep.Recommended().Sessions {
			m[escapeText(d.Proposals[f.Proposal].Title)] = rep.Event.Slots[f.Slot].Day
		}
		return m
	}
	da, db := day(a), day(b)
	moved := 0
	for title, u := range ua {
		if v, ok := ub[title]; ok {
			if v != u {
				t.Errorf("%q: UID %s, re-planned %s", title, u, v)
			}
			if da[title] != db[title] {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Fatal("no session moved to another day: the test shows nothing")
	}
	x, err1 := strconv.Atoi(sa[0])
	y, err2 := strconv.Atoi(sb[0])
	if err1 != nil || err2 != nil || y <= x {
		t.Errorf("SEQUENCE %d then, an hour later, %d: want it higher", x, y)
	}
	cfg2 := *cfg
	cfg2.Model.Event.Name = "Another unconference"
	a.Model.Event = cfg2.Model.Event
	uc, _ := calendar(a, t0)
	for title, u := range uc {
		if ua[title] == u {
			t.Errorf("%q has UID %s in two events", title, u)
		}
	}
}

// TestScheduleCSVInjection gives proposals ids, titles and names that a
// spreadsheet would run as formulas (issue 10 item 19) and checks that
// schedule.csv holds them as text (a leading single quote), numbers and
// times stay as they are, and the file reads back as the same schedule.
func TestScheduleCSVInjection(t *testing.T) {
	d, cfg := smallPlan(t, 7)
	evil := []string{`=HYPERLINK("http://example.com","x")`, "+1+2", "-cmd", "@SUM(A1)", "\tx"}
	for i := range d.Proposals {
		d.Proposals[i].Title = evil[i%len(evil)] + " " + itoa(i)
	}
	for i := range d.Attendees {
		d.Attendees[i].Name = evil[(i+1)%len(evil)]
	}
	cfg.Model.Event.Rooms[0].Name = "=Hall"
	rep := recommend(t, d, cfg, Options{Seeds: 3, Seed: 2, Policies: []string{"spread"}})
	b, err := rep.ScheduleCSV(rep.Recommended())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				if _, err := strconv.ParseFloat(cell, 64); err != nil {
					t.Errorf("column %s: cell %q would run as a formula", rows[0][j], cell)
				}
			}
		}
	}
	if !bytes.Contains(b, []byte(`'=HYPERLINK(""http://example.com"",""x"")`)) || !bytes.Contains(b, []byte(",'=Hall,")) {
		t.Errorf("schedule.csv does not hold the neutralised title and room:\n%s", b)
	}
	day1, _ := cfg.Model.Event.Start()
	sf, err := ReadSchedule("schedule.csv", bytes.NewReader(b), d, rep.Event, day1, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sf.Schedule.Sessions, scheduleOf(rep.Recommended())) {
		t.Errorf("schedule.csv read back differs from the schedule written")
	}
}
