package plan

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// smallPlan returns a quick synthetic event: the example event with 40
// attendees drawn from seed, its data, and the config.
func smallPlan(t *testing.T, seed uint64) (*Data, *scenario.Config) {
	t.Helper()
	cfg := exampleConfig(t)
	cfg.Model.Attendees.Count = 40
	cfg.Policy.Optimized.Iterations = 2000
	w, err := agents.NewWorld(&cfg.Model, seed)
	if err != nil {
		t.Fatal(err)
	}
	atts, props, votes := RowsFromWorld(w, exampleBlanks, rng.New(seed, "blanks"))
	d, err := NewData(&cfg.Model.Event, Files{"attendees.csv", "proposals.csv", "votes.csv"}, atts, props, votes)
	if err != nil {
		t.Fatal(err)
	}
	return d, cfg
}

func recommend(t *testing.T, d *Data, cfg *scenario.Config, o Options) *Report {
	t.Helper()
	rep, err := Recommend(context.Background(), d, &cfg.Model, cfg.Policy, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestRecommendWorkers checks that the report does not depend on the
// number of workers.
func TestRecommendWorkers(t *testing.T) {
	d, cfg := smallPlan(t, 5)
	var outs [2][]byte
	for i, workers := range []int{1, 4} {
		rep := recommend(t, d, cfg, Options{Seeds: 6, Seed: 3, Workers: workers})
		sched, err := rep.ScheduleCSV(rep.Recommended())
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = append(append(sched, rep.ComparisonCSV()...), rep.ScheduleMarkdown()...)
		// Hands are the organiser's, the same in every replicate (set once,
		// not by each worker: go test -race).
		w, err := d.World(&cfg.Model, nil, rep.Seeds[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rep.Candidates {
			for _, f := range c.Sessions {
				if want := w.Votes.Hands(f.Session.Proposal); f.Hands != want {
					t.Errorf("%s: proposal %d: %d hands, want %d", c.Name, f.Session.Proposal, f.Hands, want)
				}
			}
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("the report differs between 1 and 4 workers")
	}
}

// TestFixedMatchesPolicy writes a policy's schedule.csv, reads it back as
// the organiser's own schedule and checks that it is evaluated to exactly
// the same metrics and forecasts, replicate by replicate.
func TestFixedMatchesPolicy(t *testing.T) {
	d, cfg := smallPlan(t, 6)
	for _, pol := range []string{"spread", "open-space"} {
		t.Run(pol, func(t *testing.T) {
			rep := recommend(t, d, cfg, Options{Seeds: 5, Seed: 8, Policies: []string{pol}})
			csvBytes, err := rep.ScheduleCSV(&rep.Candidates[0])
			if err != nil {
				t.Fatal(err)
			}
			day1, _ := cfg.Model.Event.Start()
			sf, err := ReadSchedule("schedule.csv", bytes.NewReader(csvBytes), d, rep.Event, day1, false)
			if err != nil {
				t.Fatal(err)
			}
			rep2 := recommend(t, d, cfg, Options{Seeds: 5, Seed: 8, Policies: []string{pol}, Fixed: sf.Schedule})
			a, b := rep2.Candidates[0], rep2.Candidates[1]
			if b.Name != FixedName {
				t.Fatalf("candidate 1 is %q, want %q", b.Name, FixedName)
			}
			for m := range sim.NumMetrics {
				for r := range a.Values[m] {
					x, y := a.Values[m][r], b.Values[m][r]
					if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
						t.Errorf("%s, replicate %d: policy %v, fixed %v", m, r, x, y)
					}
				}
			}
			for i := range a.Sessions {
				if !slices.Equal(a.Sessions[i].Attendance, b.Sessions[i].Attendance) {
					t.Errorf("session %d: attendance %v vs %v", i, a.Sessions[i].Attendance, b.Sessions[i].Attendance)
				}
			}
			if rep2.Best != 0 && rep2.Best != 1 {
				t.Errorf("best %d", rep2.Best)
			}
		})
	}
}

// TestReadScheduleErrors checks every bad schedule file names the file,
// line and column.
func TestReadScheduleErrors(t *testing.T) {
	d, cfg := smallPlan(t, 6)
	ev, err := sim.NewEvent(&cfg.Model.Event, cfg.Model.Alertness.ResetMinutes)
	if err != nil {
		t.Fatal(err)
	}
	day1, _ := cfg.Model.Event.Start()
	p0, p1 := d.Proposals[0].ID, d.Proposals[1].ID
	var same string // another proposal by p0's proposer
	for _, p := range d.Proposals[1:] {
		if p.Proposer == d.Proposals[0].Proposer {
			same = p.ID
		}
	}
	head := "proposal,day,start,room\n"
	for _, tc := range []struct {
		name, in, want, col string
		line                int
	}{
		{"unknown proposal", head + "nope,1,09:30,Hall\n", `s.csv:2: column "proposal": "nope" is not a proposal id`, "proposal", 2},
		{"unknown room", head + p0 + ",1,09:30,Ballroom\n", `unknown room "Ballroom" (the event's rooms: Hall, Room 1, Room 2, Nook)`, "room", 2},
		{"unknown slot", head + p0 + ",1,10:00,Hall\n", `no slot starts at 10:00 on day 1 (slots start at 09:30, 13:30, 15:30)`, "start", 2},
		{"bad time", head + p0 + ",1,morning,Hall\n", `"morning": want a time as HH:MM`, "start", 2},
		{"day out of range", head + p0 + ",3,09:30,Hall\n", `"3": the event has days 1 to 2`, "day", 2},
		{"date out of range", head + p0 + ",2026-12-24,09:30,Hall\n", `the event has days 1 to 2`, "day", 2},
		{"double-booked room", head + p0 + ",1,09:30,Hall\n" + p1 + ",1,09:30,hall\n", `s.csv:3: column "room": Hall at day 1 09:30 already holds proposal "` + p0 + `" (line 2)`, "room", 3},
		{"proposal twice", head + p0 + ",1,09:30,Hall\n" + p0 + ",2,09:30,Hall\n", `proposal "` + p0 + `" is scheduled twice (first on line 2)`, "proposal", 3},
		{"missing column", "proposal,day,room\n" + p0 + ",1,Hall\n", `s.csv:1: column "start": required column missing`, "start", 1},
		{"empty", "", `s.csv: empty file`, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSchedule("s.csv", strings.NewReader(tc.in), d, ev, day1, false)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line != tc.line || ie.Column != tc.col || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want an InputError at line %d, column %q containing %q", err, tc.line, tc.col, tc.want)
			}
		})
	}
	if same != "" {
		_, err := ReadSchedule("s.csv", strings.NewReader(head+p0+",1,09:30,Hall\n"+same+",1,09:30,Nook\n"), d, ev, day1, false)
		if err == nil || !strings.Contains(err.Error(), `s.csv:3: column "proposal": proposer`) || !strings.Contains(err.Error(), "already moderates") {
			t.Errorf("proposer twice in a slot: error = %v", err)
		}
	} else {
		t.Log("no proposer with two proposals in this event: proposer check not exercised")
	}

	// Extra columns, other column order, dates, H:MM and case are fine; a
	// lenient read skips unknown proposals.
	in := "Room,Notes,Start,Proposal,Day\nhall,keep it short,9:30," + p0 + ",2026-12-04\nNook,,13:30,gone,1\n"
	if _, err := ReadSchedule("s.csv", strings.NewReader(in), d, ev, day1, false); err == nil {
		t.Error("unknown proposal accepted by a strict read")
	}
	sf, err := ReadSchedule("s.csv", strings.NewReader(in), d, ev, day1, true)
	if err != nil {
		t.Fatal(err)
	}
	want := sim.Session{Proposal: 0, Slot: 3, Room: 0}
	if len(sf.Schedule.Sessions) != 1 || sf.Schedule.Sessions[0] != want || !slices.Equal(sf.Unknown, []string{"gone"}) || sf.Lines[0] != 2 {
		t.Errorf("lenient read: %+v, unknown %v, lines %v; want [%+v], [gone], [2]", sf.Schedule.Sessions, sf.Unknown, sf.Lines, want)
	}
}

// TestLeftOut checks that more proposals than cells is no error and that
// the report says which were left out and why.
func TestLeftOut(t *testing.T) {
	d, cfg := smallPlan(t, 6)
	cfg.Model.Event.Rooms = cfg.Model.Event.Rooms[:1] // Hall only: 6 cells
	cells := 6
	if len(d.Proposals) <= cells {
		t.Fatalf("%d proposals: want more than %d", len(d.Proposals), cells)
	}
	rep := recommend(t, d, cfg, Options{Seeds: 3, Seed: 1, Policies: []string{"popularity", "random"}})
	if got := len(rep.LeftOut); got != len(d.Proposals)-cells {
		t.Errorf("%d left out, want %d", got, len(d.Proposals)-cells)
	}
	reason := "no cell left: " + itoa(len(d.Proposals)) + " proposals for 6 cells"
	md := rep.ScheduleMarkdown()
	for _, l := range rep.LeftOut {
		if l.Reason != reason {
			t.Errorf("reason %q, want %q", l.Reason, reason)
		}
		if !strings.Contains(md, d.Proposals[l.Proposal].ID) {
			t.Errorf("schedule.md does not name left-out proposal %s", d.Proposals[l.Proposal].ID)
		}
	}
	if !strings.Contains(md, reason) {
		t.Errorf("schedule.md does not say %q", reason)
	}

	// An organiser's schedule with free cells: the rest are "not in your
	// schedule".
	fixed := &sim.Schedule{Sessions: []sim.Session{{Proposal: 0, Slot: 0, Room: 0}}}
	rep = recommend(t, d, cfg, Options{Seeds: 3, Seed: 1, Policies: []string{"random"}, Fixed: fixed,
		Objective: &Objective{Metric: sim.Sessions, Higher: false}})
	if rep.Recommended().Name != FixedName || len(rep.LeftOut) != len(d.Proposals)-1 || rep.LeftOut[0].Reason != "not in your schedule" {
		t.Errorf("fewest sessions: recommended %s, %d left out (%+v)", rep.Recommended().Name, len(rep.LeftOut), rep.LeftOut[:1])
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestStick checks the re-planning post-step: with a full budget every
// previous session returns to its cell; with none, only free moves are
// made; the counts add up.
func TestStick(t *testing.T) {
	d, cfg := smallPlan(t, 7)
	prev := recommend(t, d, cfg, Options{Seeds: 3, Seed: 2, Policies: []string{"random"}}).Recommended().Schedule
	n := len(prev.Sessions)
	for _, tc := range []struct {
		stick    float64
		allBack  bool
		maxMoved int
	}{{1, true, 0}, {0, false, n}} {
		rep := recommend(t, d, cfg, Options{Seeds: 4, Seed: 2, Policies: []string{"spread"}, Previous: prev, Stick: tc.stick,
			PreviousUnknown: []string{"p99"}})
		st := rep.Stick
		if st == nil || rep.Recommended().Name != "spread"+StickSuffix || len(rep.Candidates) != 2 {
			t.Fatalf("stick %v: report %+v, recommended %s", tc.stick, st, rep.Recommended().Name)
		}
		if st.Before.Moved == 0 {
			t.Fatalf("spread kept random's schedule: nothing to test")
		}
		for _, m := range []Moves{st.Before, st.After} {
			if m.Kept+m.Moved+m.Dropped != n {
				t.Errorf("stick %v: %+v: kept + moved + dropped != %d previous sessions", tc.stick, m, n)
			}
		}
		if tc.allBack && (st.After.Kept != n || st.After.Moved != 0) {
			t.Errorf("stick 1: %+v, want all %d sessions back", st.After, n)
		}
		if !tc.allBack && st.Cost > 1e-12 {
			t.Errorf("stick 0: cost %v, want none", st.Cost)
		}
		if st.After.Moved > st.Before.Moved {
			t.Errorf("stick %v: moved %d after, %d before", tc.stick, st.After.Moved, st.Before.Moved)
		}
		md := rep.ScheduleMarkdown()
		for _, want := range []string{"## Changes since the previous schedule", "keep their slot and room", "p99"} {
			if !strings.Contains(md, want) {
				t.Errorf("schedule.md lacks %q", want)
			}
		}
		t.Logf("stick %v: before %+v, after %+v, cost %.4f", tc.stick, st.Before, st.After, st.Cost)
	}
}

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

// TestForecast checks the per-session summary on hand-computed values.
func TestForecast(t *testing.T) {
	f := Forecast{Capacity: 10, Attendance: []int{1, 2, 4, 6, 8, 10, 10, 3, 5, 7}, TurnedAway: []int{0, 0, 0, 0, 0, 0, 2, 0, 0, 0}}
	f.summarise(2, 0.15)
	// Sorted: 1 2 3 4 5 6 7 8 10 10; type 7: median 5.5, p25 3.25, p75
	// 7.75, p10 1.9, p90 10.
	if f.Median != 5.5 || f.P25 != 3.25 || f.P75 != 7.75 || math.Abs(f.P10-1.9) > 1e-12 || f.P90 != 10 ||
		f.PCollapse != 0.2 || f.POverflow != 0.2 || f.Risk != "collapse" {
		t.Errorf("forecast %+v", f)
	}
	if got := rangeText(&f); got != "6 [4–7] (2–10)" {
		t.Errorf("rangeText = %q", got)
	}
	f.summarise(2, 0.25)
	if f.Risk != "" {
		t.Errorf("risk %q at threshold 0.25, want none", f.Risk)
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

// scheduleOf returns a candidate's sessions in file order.
func scheduleOf(c *Candidate) []sim.Session {
	var out []sim.Session
	for _, f := range c.Sessions {
		out = append(out, f.Session)
	}
	return out
}

// TestComparisonIntervalsInBounds: comparison.csv's interval of a mean
// stays in the metric's range (a count's never below 0, a share's never
// above 1); paired differences are not cut.
func TestComparisonIntervalsInBounds(t *testing.T) {
	d, cfg := smallPlan(t, 5)
	rep := recommend(t, d, cfg, Options{Seeds: 4, Seed: 1, Policies: []string{"random", "popularity", "spread"}})
	checked := 0
	for _, r := range rep.Rows {
		lo, hi := r.Metric.Bounds()
		if math.IsNaN(r.Est.Low) {
			continue
		}
		checked++
		if r.Est.Low < lo || r.Est.High > hi {
			t.Errorf("%s %s: %v outside [%v, %v]", rep.Candidates[r.Arm].Name, r.Metric, r.Est, lo, hi)
		}
	}
	if checked == 0 {
		t.Fatal("no interval to check")
	}
}
