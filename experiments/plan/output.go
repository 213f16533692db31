package plan

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/internal/atomicfile"
	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// Output file names of Report.Write.
const (
	ScheduleCSV      = "schedule.csv"
	ScheduleMD       = "schedule.md"
	ScheduleICS      = "schedule.ics"
	ComparisonCSV    = "comparison.csv"
	ComparisonMD     = "comparison.md"
	FixedScheduleCSV = "fixed-schedule.csv"
	ChartsDir        = "charts"
)

// WriteOptions say how Report.Write writes.
type WriteOptions struct {
	// Format is the charts' format: "png" (default), "svg" or "pdf".
	Format string
	// Stamp is the calendar's DTSTAMP (when the schedule was made).
	Stamp time.Time
	// Version is the program version and ConfigSource where the config
	// came from, for the reports.
	Version, ConfigSource string
	// CommandLine is the command as typed and Config the effective
	// config as JSON (keys as in the config file), for meta.json; both
	// optional.
	CommandLine string
	Config      []byte
}

// ScheduleColumns are the columns of schedule.csv.
var ScheduleColumns = []string{
	"day", "date", "start", "end", "slot", "room", "capacity", "proposal", "title",
	"proposer", "proposer_name", "topics", "hands",
	"predicted_median", "predicted_p25", "predicted_p75", "predicted_p10", "predicted_p90", "p_collapse", "p_overflow", "risk",
}

// Write writes the report into dir, which must exist: schedule.csv,
// schedule.md and schedule.ics for the recommended schedule,
// comparison.csv and comparison.md for every candidate, fixed-schedule.csv
// with the organiser's own schedule's forecast when it is not the one
// recommended, the charts in dir/charts (refused if a symbolic link),
// and last meta.json (Meta). Every file is written to a temporary file
// and renamed, so none is ever half written. It returns the files
// written, relative to dir.
func (rep *Report) Write(dir string, wo WriteOptions) ([]string, error) {
	if wo.Format == "" {
		wo.Format = "png"
	}
	rec := rep.Recommended()
	var files []string
	put := func(name string, data []byte) error {
		if err := writeAtomic(filepath.Join(dir, name), data); err != nil {
			return err
		}
		files = append(files, name)
		return nil
	}
	sched, err := rep.ScheduleCSV(rec)
	if err != nil {
		return files, err
	}
	if err := put(ScheduleCSV, sched); err != nil {
		return files, err
	}
	if err := put(ScheduleMD, []byte(rep.ScheduleMarkdown())); err != nil {
		return files, err
	}
	var ics bytes.Buffer
	if err := rep.WriteICS(&ics, wo.Stamp); err != nil {
		return files, err
	}
	if err := put(ScheduleICS, ics.Bytes()); err != nil {
		return files, err
	}
	if err := put(ComparisonCSV, rep.ComparisonCSV()); err != nil {
		return files, err
	}
	if err := put(ComparisonMD, []byte(rep.ComparisonMarkdown(wo))); err != nil {
		return files, err
	}
	if k := rep.candidate(FixedName); k >= 0 && k != rep.Best {
		b, err := rep.ScheduleCSV(&rep.Candidates[k])
		if err != nil {
			return files, err
		}
		if err := put(FixedScheduleCSV, b); err != nil {
			return files, err
		}
	}
	if err := atomicfile.Mkdir(filepath.Join(dir, ChartsDir)); err != nil { // never a link out of dir
		return files, fmt.Errorf("plan: %w", err)
	}
	cf, err := rep.charts(dir, wo.Format)
	files = append(files, cf...)
	if err != nil {
		return files, err
	}
	if err := rep.writeMeta(dir, wo, files); err != nil {
		return files, err
	}
	return append(files, MetaJSON), nil
}

// candidate returns the index of the candidate called name, or −1.
func (rep *Report) candidate(name string) int {
	for k, c := range rep.Candidates {
		if c.Name == name {
			return k
		}
	}
	return -1
}

// sessionTime returns the local start and end of slot s.
func (rep *Report) sessionTime(s int) (start, end time.Time, err error) {
	day1, err := rep.Model.Event.Start()
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("plan: %w", err)
	}
	sl := rep.Event.Slots[s]
	start = time.Date(day1.Year(), day1.Month(), day1.Day()+sl.Day, sl.Start/60, sl.Start%60, 0, 0, day1.Location())
	return start, start.Add(time.Duration(sl.Minutes) * time.Minute), nil
}

// ScheduleCSV formats c's schedule with its forecast in the schedule.csv
// format (ScheduleColumns), sessions by slot then room: day (from 1),
// date, start and end (local HH:MM), slot (from 1, over the event), room
// name, capacity, proposal id, title, proposer id and name, topics
// (";"-separated), hands, the predicted attendance median, 25th and 75th
// (a 50% range) and 10th and 90th percentiles (an 80% range) over the
// replicates, the probabilities of collapse and overflow, and the risk
// flag. ReadSchedule reads it back.
func (rep *Report) ScheduleCSV(c *Candidate) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(ScheduleColumns)
	for _, f := range c.Sessions {
		start, end, err := rep.sessionTime(f.Slot)
		if err != nil {
			return nil, err
		}
		p := rep.Data.Proposals[f.Proposal]
		who := rep.Data.Attendees[rep.Data.attendee[p.Proposer]]
		sl := rep.Event.Slots[f.Slot]
		room := rep.Event.Rooms[f.Room]
		// Text cells from the organiser's files and config are neutralised
		// against formula injection (csvcell); ReadSchedule undoes it.
		text := csvcell.Text
		w.Write([]string{
			strconv.Itoa(sl.Day + 1), start.Format("2006-01-02"), start.Format("15:04"), end.Format("15:04"),
			strconv.Itoa(sl.Index + 1), text(room.Name), strconv.Itoa(room.Capacity),
			text(p.ID), text(p.Title), text(p.Proposer), text(who.Name), text(strings.Join(p.Topics, ";")), strconv.Itoa(f.Hands),
			num(f.Median, 1), num(f.P25, 1), num(f.P75, 1), num(f.P10, 1), num(f.P90, 1), num(f.PCollapse, 3), num(f.POverflow, 3), f.Risk,
		})
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// num formats v with at most dec decimals and no trailing zeros.
func num(v float64, dec int) string {
	if math.IsNaN(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// rangeText formats a forecast as "9 [7–11] (5–14)": forecastRange's
// median, 50% range and 80% range.
func rangeText(f *Forecast) string {
	r := forecastRange(f)
	return fmt.Sprintf("%d [%d–%d] (%d–%d)", r.median, r.lo50, r.hi50, r.lo, r.hi)
}

// headCounts is a forecast in whole people: the median, and the head
// counts inside the 50% range [p25, p75] and the 80% range [p10, p90].
type headCounts struct{ median, lo50, hi50, lo, hi int }

// forecastRange returns f in whole people.
func forecastRange(f *Forecast) headCounts {
	lo50, hi50 := wholeInside(f.P25, f.P75)
	lo, hi := wholeInside(f.P10, f.P90)
	return headCounts{int(math.Round(f.Median)), lo50, hi50, lo, hi}
}

// wholeInside returns the whole numbers inside [lo, hi], widened to the
// nearest ones outside when none is inside (few replicates).
func wholeInside(lo, hi float64) (int, int) {
	l, h := math.Ceil(lo), math.Floor(hi)
	if l > h {
		l, h = math.Floor(lo), math.Ceil(hi)
	}
	return int(l), int(h)
}

// WriteICS writes the recommended schedule as an iCalendar file: one
// VEVENT per session at its local time in the event's time zone
// (event.time_zone: an IANA name, with its rules for the event's dates,
// or a fixed UTC offset), the room as LOCATION, and the proposer,
// topics, hands and predicted attendance in DESCRIPTION. UIDs are stable
// per event and proposal (eventUID) and SEQUENCE grows with stamp, the
// time of the plan (icsSequence), so a calendar re-imported after
// re-planning moves the same events rather than adding copies.
func (rep *Report) WriteICS(w io.Writer, stamp time.Time) error {
	ec := &rep.Model.Event
	day1, err := ec.Start()
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	name := ec.Name
	if name == "" {
		name = "unconference"
	}
	var events []CalendarEvent
	for _, f := range rep.Recommended().Sessions {
		start, end, err := rep.sessionTime(f.Slot)
		if err != nil {
			return err
		}
		p := rep.Data.Proposals[f.Proposal]
		who := rep.Data.Attendees[rep.Data.attendee[p.Proposer]]
		by := who.ID
		if who.Name != "" {
			by = who.Name
		}
		desc := fmt.Sprintf("Moderator: %s\nTopics: %s\nHands raised: %d\nPredicted attendance: %s people (median [50%% range] (80%% range))",
			by, strings.Join(p.Topics, ", "), f.Hands, rangeText(&f))
		desc += fmt.Sprintf("\nRoom capacity: %d", f.Capacity)
		if f.Risk != "" {
			desc += fmt.Sprintf("\nRisk: %s (collapse %.0f%%, full room %.0f%%)", f.Risk, 100*f.PCollapse, 100*f.POverflow)
		}
		events = append(events, CalendarEvent{
			UID: eventUID(ec.Name, ec.StartDate, day1.Location().String(), p.ID), Sequence: icsSequence(stamp),
			Start: start, End: end, Summary: p.Title,
			Location: rep.Event.Rooms[f.Room].Name, Description: desc,
		})
	}
	return WriteICS(w, name, day1.Location(), stamp, events)
}

// eventUID returns the UID of proposal's session at an event: 32 hex
// digits of the SHA-256 of the event's name, start date and time zone and
// the proposal id, then "@unconf". It does not depend on the session's
// day, slot or room, so a re-imported calendar moves a session that moved;
// another event (name, start date or zone) gets other UIDs.
func eventUID(event, startDate, zone, proposal string) string {
	h := sha256.New()
	for _, s := range []string{event, startDate, zone, proposal} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // "ab"+"c" and "a"+"bc" differ
	}
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@unconf"
}

// icsSequence returns the SEQUENCE of a calendar made at stamp: whole
// seconds since 2020-01-01 UTC, so that a later plan's events carry a
// higher revision and calendars take their changes. It stays within RFC
// 5545's INTEGER (2^31 − 1, reached in 2088) and is 0 before 2020.
func icsSequence(stamp time.Time) int {
	s := stamp.Unix() - time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return int(min(max(s, 0), math.MaxInt32))
}

// keyMetrics are the metrics of comparison.md and the box plots, after
// the objective.
var keyMetrics = []sim.Metric{
	sim.SatisfactionMean, sim.SatisfactionP10, sim.Coverage, sim.ConflictShare,
	sim.Collapsed, sim.TurnedAway, sim.HandsError, sim.NewTies,
}

// axisLabel returns "collapsed (sessions)": the metric's column name and
// its unit (summary.Unit).
func axisLabel(m sim.Metric) string {
	if u := summary.Unit(m); u != "" {
		return m.String() + " (" + u + ")"
	}
	return m.String()
}

// reportMetrics returns the objective followed by the other key metrics.
func (rep *Report) reportMetrics() []sim.Metric {
	ms := []sim.Metric{rep.Objective.Metric}
	for _, m := range keyMetrics {
		if m != rep.Objective.Metric {
			ms = append(ms, m)
		}
	}
	return ms
}

// ComparisonCSV formats comparison.csv: one row per candidate × metric,
// candidates in rank order, with columns candidate, rank (1 = best on the
// objective), metric, n, mean, sd, ci_low, ci_high (95% t interval over
// replicates), and diff_n, diff_vs_best, diff_ci_low, diff_ci_high (the
// paired difference candidate − recommended, empty for the recommended
// schedule itself).
func (rep *Report) ComparisonCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"candidate", "rank", "metric", "n", "mean", "sd", "ci_low", "ci_high",
		"diff_n", "diff_vs_best", "diff_ci_low", "diff_ci_high"})
	g := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	for i, k := range rep.order() {
		for m := range sim.NumMetrics {
			r, _ := rep.Row(k, m)
			rec := []string{csvcell.Text(rep.Candidates[k].Name), strconv.Itoa(i + 1), m.String(), strconv.Itoa(r.Est.N),
				g(r.Est.Mean), g(r.Est.SD), g(r.Est.Low), g(r.Est.High), "", "", "", ""}
			if r.HasDiff {
				rec[8], rec[9], rec[10], rec[11] = strconv.Itoa(r.Diff.N), g(r.Diff.Mean), g(r.Diff.Low), g(r.Diff.High)
			}
			w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}

// order returns the ranked candidates, the recommended first (it may not
// be first in Ranking when it is the sticky schedule).
func (rep *Report) order() []int {
	out := []int{rep.Best}
	for _, k := range rep.Ranking {
		if k != rep.Best {
			out = append(out, k)
		}
	}
	return out
}

// ComparisonMarkdown formats comparison.md: every candidate's key metrics
// with 95% intervals, the paired differences to the recommended schedule,
// and how the comparison was run.
func (rep *Report) ComparisonMarkdown(wo WriteOptions) string {
	var b strings.Builder
	o := rep.Options
	fmt.Fprintf(&b, "# Policy comparison: %s\n\n", eventName(rep))
	rep.comparisonTables(&b)
	for _, c := range rep.Candidates {
		if c.Err != nil {
			fmt.Fprintf(&b, "- %s made no schedule: %v\n", c.Name, c.Err)
		}
	}
	fmt.Fprintf(&b, "\nEach policy scheduled replicate 0's world once; that schedule was then evaluated on all %d replicate worlds. ", o.Seeds)
	b.WriteString("Every world keeps what your files fix (attendees, proposals, hands, declared fields) and redraws what they leave open ")
	b.WriteString("(interests, given the hands and declared topics; missing backgrounds, home time zones, affiliations; ")
	b.WriteString("each attendee's session choices), the same worlds for every schedule, so differences are paired. ")
	b.WriteString("Intervals are Student-t intervals over replicates (95%). Every metric is in comparison.csv.\n\n")
	fmt.Fprintf(&b, "- Objective: %s\n", rep.Objective)
	fmt.Fprintf(&b, "- Replicates: %d; master seed %d (replicate r uses rng.Replicate(%d, r))\n", o.Seeds, o.Seed, o.Seed)
	fmt.Fprintf(&b, "- Data: %d attendees, %d proposals, %d hands\n", len(rep.Data.Attendees), len(rep.Data.Proposals), sum(handCounts(rep.Data)))
	fmt.Fprintf(&b, "- Config: %s\n", cmp.Or(wo.ConfigSource, "embedded default"))
	fmt.Fprintf(&b, "- unconf version: %s\n", cmp.Or(wo.Version, "unknown"))
	return b.String()
}

// comparisonTables writes the means table and the differences table.
func (rep *Report) comparisonTables(b *strings.Builder) {
	ms := rep.reportMetrics()
	order := rep.order()
	dec := make([]int, len(ms))
	for i, m := range ms {
		var ivs []stats.Interval
		for _, k := range order {
			r, _ := rep.Row(k, m)
			ivs = append(ivs, r.Est)
		}
		dec[i] = stats.Decimals(ivs)
	}
	header := func(first string) {
		fmt.Fprintf(b, "| %s |", first)
		for _, m := range ms {
			arrow := "↑"
			if !m.HigherIsBetter() {
				arrow = "↓"
			}
			fmt.Fprintf(b, " %s %s |", m, arrow)
		}
		b.WriteString("\n|---|")
		for range ms {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "## Mean [95%% CI] over %d replicates (↑ higher is better, ↓ lower)\n\n", len(rep.Seeds))
	header("schedule")
	for _, k := range order {
		name := rep.Candidates[k].Name
		if k == rep.Best {
			name = "**" + name + "** (recommended)"
		}
		fmt.Fprintf(b, "| %s |", name)
		for i, m := range ms {
			r, _ := rep.Row(k, m)
			fmt.Fprintf(b, " %s |", stats.Format(r.Est, dec[i], false))
		}
		b.WriteString("\n")
	}
	if len(order) > 1 {
		fmt.Fprintf(b, "\n## Difference to %s: mean [95%% CI] of the paired difference\n\n", rep.Recommended().Name)
		header("schedule")
		for _, k := range order[1:] {
			fmt.Fprintf(b, "| %s |", rep.Candidates[k].Name)
			for i, m := range ms {
				r, _ := rep.Row(k, m)
				s := stats.Format(r.Diff, dec[i], true)
				if summary.Excludes0(r.Diff) {
					s += " *"
				}
				fmt.Fprintf(b, " %s |", s)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n\\* the 95% interval excludes 0.\n")
	}
}

// ScheduleMarkdown formats schedule.md: the recommendation, the schedule
// as one grid (slots × rooms) per day with each session's hands and
// predicted attendance, the sessions at risk, the proposals left out and
// why, and the sessions moved since the previous schedule.
func (rep *Report) ScheduleMarkdown() string {
	var b strings.Builder
	rec := rep.Recommended()
	fmt.Fprintf(&b, "# Recommended schedule: %s\n\n", eventName(rep))
	b.WriteString(rep.Summary())
	b.WriteString("\nEach cell: title, moderator, hands raised, and predicted attendance as the median [50% range] (80% range) of people in the room ")
	fmt.Fprintf(&b, "over %d simulated replicates, moderator included. ⚠ marks a session at risk: ", len(rep.Seeds))
	fmt.Fprintf(&b, "it collapses (≤ %d people) or fills its room in at least %.0f%% of replicates.\n\n",
		rep.Model.Metrics.Collapsed, 100*rep.Options.Risk)

	nr := len(rep.Event.Rooms)
	cell := make(map[int]*Forecast)
	for i := range rec.Sessions {
		f := &rec.Sessions[i]
		cell[f.Slot*nr+f.Room] = f
	}
	for d := range rep.Event.Days {
		var slots []sim.Slot
		for _, s := range rep.Event.Slots {
			if s.Day == d {
				slots = append(slots, s)
			}
		}
		start, _, err := rep.sessionTime(slots[0].Index)
		if err != nil {
			fmt.Fprintf(&b, "## Day %d\n\n", d+1)
		} else {
			fmt.Fprintf(&b, "## Day %d: %s\n\n", d+1, start.Format("Monday 2 January 2006"))
		}
		b.WriteString("| time |")
		for _, r := range rep.Event.Rooms {
			fmt.Fprintf(&b, " %s (%d) |", mdEscape(r.Name), r.Capacity)
		}
		b.WriteString("\n|---|")
		for range rep.Event.Rooms {
			b.WriteString("---|")
		}
		b.WriteString("\n")
		for _, s := range slots {
			fmt.Fprintf(&b, "| %s–%s |", clock(s.Start), clock(s.Start+s.Minutes))
			for r := range rep.Event.Rooms {
				f := cell[s.Index*nr+r]
				if f == nil {
					b.WriteString(" – |")
					continue
				}
				p := rep.Data.Proposals[f.Proposal]
				fmt.Fprintf(&b, " **%s**<br>%s · %d hands · %s", mdEscape(p.Title), mdEscape(rep.proposerName(f.Proposal)),
					f.Hands, rangeText(f))
				if f.Risk != "" {
					fmt.Fprintf(&b, " ⚠ %s", f.Risk)
				}
				b.WriteString(" |")
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}

	var risky []*Forecast
	for i := range rec.Sessions {
		if rec.Sessions[i].Risk != "" {
			risky = append(risky, &rec.Sessions[i])
		}
	}
	b.WriteString("## Sessions at risk\n\n")
	if len(risky) == 0 {
		b.WriteString("None.\n\n")
	}
	for _, f := range risky {
		p := rep.Data.Proposals[f.Proposal]
		fmt.Fprintf(&b, "- **%s** (%s, %s): ", mdEscape(p.Title), rep.Event.Slots[f.Slot].Label(), mdEscape(rep.Event.Rooms[f.Room].Name))
		if f.Risk == "collapse" {
			fmt.Fprintf(&b, "collapses to %d or fewer people in %.0f%% of replicates (%d hands; predicted %s). "+
				"Consider a smaller room, another slot, or merging it with a related session.\n",
				rep.Model.Metrics.Collapsed, 100*f.PCollapse, f.Hands, rangeText(f))
		} else {
			fmt.Fprintf(&b, "the room (%d places) fills up in %.0f%% of replicates (%d hands; predicted %s). "+
				"Consider a bigger room.\n", f.Capacity, 100*f.POverflow, f.Hands, rangeText(f))
		}
	}
	if len(risky) > 0 {
		b.WriteString("\n")
	}

	b.WriteString("## Proposals left out\n\n")
	if len(rep.LeftOut) == 0 {
		b.WriteString("None: every proposal has a session.\n\n")
	}
	for _, l := range rep.LeftOut {
		p := rep.Data.Proposals[l.Proposal]
		fmt.Fprintf(&b, "- **%s** (`%s`, %s, %d hands): %s\n", mdEscape(p.Title), mdEscape(p.ID),
			mdEscape(rep.proposerName(l.Proposal)), l.Hands, l.Reason)
	}
	if len(rep.LeftOut) > 0 {
		b.WriteString("\n")
	}

	if st := rep.Stick; st != nil {
		b.WriteString("## Changes since the previous schedule\n\n")
		total := st.After.Kept + st.After.Moved + st.After.Dropped
		fmt.Fprintf(&b, "Of the %s of the previous schedule, %d keep their slot and room, %d moved and %d %s dropped; %s.",
			plural(total, "session"), st.After.Kept, st.After.Moved, st.After.Dropped, wasWere(st.After.Dropped),
			plural(st.After.New, "new session"))
		fmt.Fprintf(&b, " %s's own schedule would have moved %d, dropped %d and added %d.",
			st.Policy, st.Before.Moved, st.Before.Dropped, st.Before.New)
		effect, note := fmt.Sprintf("cost %.1f%%", 100*st.Cost), ""
		if st.Cost < 0 {
			effect = fmt.Sprintf("gained %.1f%%", -100*st.Cost)
			note = " A gain on so few replicates is mostly chance: comparison.md has all of them."
		}
		fmt.Fprintf(&b, " Moving sessions back %s of the objective on the first %d replicates (budget --stick %.3g = %.0f%%).%s\n\n",
			effect, st.Replicates, st.Budget, 100*st.Budget, note)
		if len(st.Unknown) > 0 {
			fmt.Fprintf(&b, "The previous schedule also ran proposals no longer in the proposals file: %s.\n\n", strings.Join(st.Unknown, ", "))
		}
		b.WriteString("How: after the policy makes its schedule, each session the previous schedule ran elsewhere is tried back in its old cell " +
			"(swapping with the session there), cheapest first, and kept while the schedule loses at most the budget of the objective " +
			"(judged on the first replicates). It is a greedy post-step, not an optimisation of moves and objective together.\n\n")
	}
	b.WriteString("Files: schedule.csv (this schedule with the numbers), schedule.ics (import into a calendar), comparison.md (all policies), charts/.\n")
	return b.String()
}

// Summary is the recommendation in a few lines of Markdown: the
// recommended schedule, its objective with a 95% interval, the runner-up
// and the difference.
func (rep *Report) Summary() string {
	var b strings.Builder
	rec := rep.Recommended()
	m := rep.Objective.Metric
	r, _ := rep.Row(rep.Best, m)
	dec := stats.Decimals([]stats.Interval{r.Est})
	switch {
	case rep.Stick != nil:
		fmt.Fprintf(&b, "Recommended: **%s**, %s's schedule moved back towards the previous one", rec.Name, rep.Stick.Policy)
	case rec.Name == FixedName:
		b.WriteString("Recommended: **your own schedule** (fixed): no policy beat it")
	default:
		fmt.Fprintf(&b, "Recommended: **%s**, the best of %d schedules", rec.Name, len(rep.Ranking))
	}
	fmt.Fprintf(&b, " on %s: %s [95%% CI %s].\n", rep.Objective, num(r.Est.Mean, dec), ciText(r.Est, dec))
	if order := rep.order(); len(order) > 1 {
		k := order[1]
		d, _ := rep.Row(k, m)
		sig := "not clearly different"
		if summary.Excludes0(d.Diff) {
			sig = "clearly different"
		}
		fmt.Fprintf(&b, "Runner-up: %s, %s (%s − recommended: %s [95%% CI %s], %s).\n", rep.Candidates[k].Name,
			num(d.Est.Mean, dec), rep.Candidates[k].Name, signedNum(d.Diff.Mean, dec), ciText(d.Diff, dec), sig)
	}
	c := 0
	for _, f := range rec.Sessions {
		if f.Risk != "" {
			c++
		}
	}
	fmt.Fprintf(&b, "%s, %d at risk, %s left out.\n", plural(len(rec.Sessions), "session"), c, plural(len(rep.LeftOut), "proposal"))
	return b.String()
}

// plural returns "1 session" or "3 sessions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func ciText(iv stats.Interval, dec int) string {
	if math.IsNaN(iv.Low) {
		return "n/a"
	}
	return num(iv.Low, dec) + ", " + num(iv.High, dec)
}

func signedNum(v float64, dec int) string {
	s := num(v, dec)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// proposerName returns the name of proposal p's proposer, or their id.
func (rep *Report) proposerName(p int) string {
	id := rep.Data.Proposals[p].Proposer
	if n := rep.Data.Attendees[rep.Data.attendee[id]].Name; n != "" {
		return n
	}
	return id
}

func eventName(rep *Report) string { return cmp.Or(rep.Model.Event.Name, "unnamed event") }

// mdEscape keeps s inside a Markdown table cell.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", "&lt;").Replace(s)
}

func sum(x []int) int {
	t := 0
	for _, v := range x {
		t += v
	}
	return t
}

// charts draws the charts into dir/charts and returns their paths
// relative to dir.
func (rep *Report) charts(dir, format string) ([]string, error) {
	var files []string
	save := func(name string, draw func(path string) error) error {
		rel := filepath.Join(ChartsDir, name+"."+format)
		if err := draw(filepath.Join(dir, rel)); err != nil {
			return fmt.Errorf("plan: chart %s: %w", rel, err)
		}
		files = append(files, rel)
		return nil
	}
	rec := rep.Recommended()
	if err := save("schedule-grid", func(p string) error {
		return rep.gridChart(p, rec, fmt.Sprintf("%s: recommended schedule (%s), predicted attendance", eventName(rep), rec.Name))
	}); err != nil {
		return files, err
	}
	if k := rep.candidate(FixedName); k >= 0 && k != rep.Best {
		if err := save("fixed-schedule-grid", func(p string) error {
			return rep.gridChart(p, &rep.Candidates[k], fmt.Sprintf("%s: your schedule, predicted attendance", eventName(rep)))
		}); err != nil {
			return files, err
		}
	}
	order := rep.order()
	names := make([]string, len(order))
	for i, k := range order {
		names[i] = rep.Candidates[k].Name
	}
	for _, m := range rep.reportMetrics() {
		values := make([][]float64, len(order))
		for i, k := range order {
			values[i] = rep.Candidates[k].Values[m]
		}
		if !variesWithin(values) {
			// A metric fixed by the schedule alone (coverage, conflicts:
			// hands only) has no spread over replicates to show: its
			// boxes would be flat lines. comparison.md has its values.
			continue
		}
		err := save("box-"+m.String(), func(p string) error {
			return charts.Box(p, fmt.Sprintf("%s by schedule over %d replicates (%s)", m, len(rep.Seeds), summary.Direction(m)), axisLabel(m), names, values)
		})
		if err != nil && !errors.Is(err, charts.ErrNoData) {
			return files, err
		}
	}
	m := rep.Objective.Metric
	var rows []charts.ForestRow
	for _, k := range order[1:] {
		r, _ := rep.Row(k, m)
		if r.Diff.N == 0 || math.IsNaN(r.Diff.Mean) {
			continue
		}
		rows = append(rows, charts.ForestRow{Label: rep.Candidates[k].Name, Mean: r.Diff.Mean, Low: r.Diff.Low, High: r.Diff.High})
	}
	if len(rows) > 0 {
		if err := save("forest-"+m.String(), func(p string) error {
			return charts.Forest(p, fmt.Sprintf("%s: difference to %s (paired, 95%% CI)", m, rec.Name),
				fmt.Sprintf("%s − %s's", m, rec.Name), rows)
		}); err != nil {
			return files, err
		}
	}
	return files, nil
}

// variesWithin reports whether some group of values takes two different
// values (NaNs aside).
func variesWithin(groups [][]float64) bool {
	for _, vs := range groups {
		first := math.NaN()
		for _, v := range vs {
			switch {
			case math.IsNaN(v):
			case math.IsNaN(first):
				first = v
			case v != first:
				return true
			}
		}
	}
	return false
}

// gridText words the caption and legend of a plan's grid charts: the
// numbers are forecasts and the outlines risks (Forecast.Risk).
var gridText = charts.GridText{
	Caption: "Each cell: session title, moderator, then hands raised → predicted median attendance [50% range] (80% range), moderator included.",
	Legend:  map[string]string{"collapse": "collapse risk", "overflow": "overflow risk"},
}

// gridChart draws c's schedule as schedule.md has it, each day dated, each
// slot with its start and end, each session with its moderator, hands and
// predicted median (whole people), 50% and 80% ranges (rangeText), coloured by
// the median over capacity, with collapse and overflow risks outlined.
func (rep *Report) gridChart(path string, c *Candidate, title string) error {
	cells := summary.ScheduleCells(rep.Event)
	for i := range c.Sessions {
		f := &c.Sessions[i]
		r := forecastRange(f)
		cells[f.Slot][f.Room] = charts.Cell{
			Title: rep.Data.Proposals[f.Proposal].Title, Moderator: rep.proposerName(f.Proposal),
			Hands: f.Hands, Attendance: r.median, Low: r.lo, High: r.hi, Low50: r.lo50, High50: r.hi50,
			Value: f.Median / float64(f.Capacity), Risk: f.Risk,
		}
	}
	day1, _ := rep.Model.Event.Start() // undated days when it does not parse
	return summary.ScheduleChart(path, title, "predicted median attendance / room capacity", rep.Event, day1, cells, gridText)
}

// writeAtomic writes data to path through a temporary file in the same
// folder and a rename (atomicfile.WriteFile).
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	return nil
}

// HeadCountText formats f's predicted attendance for people, in whole
// heads: the median rounded and the head counts inside the 50% and 80%
// ranges, as "9 [7–11] (5–14)" (schedule.md, the calendar, the terminal).
func HeadCountText(f *Forecast) string { return rangeText(f) }
