package plan

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

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
