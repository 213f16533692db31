package plan

import (
	"cmp"
	"fmt"
	"math"
	"strings"

	"github.com/unconf/unconf/experiments/stats"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim"
)

// ScheduleMarkdown formats schedule.md: the recommendation, the schedule
// as one grid (slots × rooms) per day with each session's hands and
// predicted attendance, the sessions at risk, the proposals left out and
// why, and the sessions moved since the previous schedule.
func (rep *Report) ScheduleMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Recommended schedule: %s\n\n", eventName(rep))
	b.WriteString(rep.Summary())
	b.WriteString("\nEach cell: title, moderator, hands raised, and predicted attendance as the median [50% range] (80% range) of people in the room ")
	fmt.Fprintf(&b, "over %d simulated replicates, moderator included. ⚠ marks a session at risk: ", len(rep.Seeds))
	fmt.Fprintf(&b, "it collapses (≤ %d people) or fills its room in at least %.0f%% of replicates.\n\n",
		rep.Model.Metrics.Collapsed, 100*rep.Options.Risk)
	rep.dayGrids(&b)
	rep.riskySessions(&b)
	rep.leftOutSection(&b)
	rep.changes(&b)
	b.WriteString("Files: schedule.csv (this schedule with the numbers), schedule.ics (import into a calendar), comparison.md (all policies), charts/.\n")
	return b.String()
}

// dayGrids writes the recommended schedule as one table per day: a row
// per slot, a column per room.
func (rep *Report) dayGrids(b *strings.Builder) {
	rec := rep.Recommended()
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
			fmt.Fprintf(b, "## Day %d\n\n", d+1)
		} else {
			fmt.Fprintf(b, "## Day %d: %s\n\n", d+1, start.Format("Monday 2 January 2006"))
		}
		b.WriteString("| time |")
		for _, r := range rep.Event.Rooms {
			fmt.Fprintf(b, " %s (%d) |", mdEscape(r.Name), r.Capacity)
		}
		b.WriteString("\n|---|")
		for range rep.Event.Rooms {
			b.WriteString("---|")
		}
		b.WriteString("\n")
		for _, s := range slots {
			fmt.Fprintf(b, "| %s–%s |", clock(s.Start), clock(s.Start+s.Minutes))
			for r := range rep.Event.Rooms {
				rep.gridCell(b, cell[s.Index*nr+r])
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
}

// gridCell writes one cell of a day's table: the session f, or a dash
// for an empty room (f nil).
func (rep *Report) gridCell(b *strings.Builder, f *Forecast) {
	if f == nil {
		b.WriteString(" – |")
		return
	}
	p := rep.Data.Proposals[f.Proposal]
	fmt.Fprintf(b, " **%s**<br>%s · %s · %s", mdEscape(p.Title), mdEscape(rep.proposerName(f.Proposal)),
		HandsText(f.Hands), rangeText(f))
	if f.Risk != "" {
		fmt.Fprintf(b, " ⚠ %s", f.Risk)
	}
	b.WriteString(" |")
}

// riskySessions writes the section on the sessions at risk, each with
// what to consider doing.
func (rep *Report) riskySessions(b *strings.Builder) {
	rec := rep.Recommended()
	var risky []*Forecast
	for i := range rec.Sessions {
		if rec.Sessions[i].Risk != "" {
			risky = append(risky, &rec.Sessions[i])
		}
	}
	b.WriteString("## Sessions at risk\n\n")
	if len(risky) == 0 {
		b.WriteString("None.\n\n")
		return
	}
	for _, f := range risky {
		p := rep.Data.Proposals[f.Proposal]
		fmt.Fprintf(b, "- **%s** (%s, %s): ", mdEscape(p.Title), rep.Event.Slots[f.Slot].Label(), mdEscape(rep.Event.Rooms[f.Room].Name))
		if f.Risk == "collapse" {
			fmt.Fprintf(b, "collapses to %d or fewer people in %.0f%% of replicates (%s; predicted %s). "+
				"Consider a smaller room, another slot, or merging it with a related session.\n",
				rep.Model.Metrics.Collapsed, 100*f.PCollapse, HandsText(f.Hands), rangeText(f))
		} else {
			fmt.Fprintf(b, "the room (%d places) fills up in %.0f%% of replicates (%s; predicted %s). "+
				"Consider a bigger room.\n", f.Capacity, 100*f.POverflow, HandsText(f.Hands), rangeText(f))
		}
	}
	b.WriteString("\n")
}

// leftOutSection writes the section on the proposals without a session and why.
func (rep *Report) leftOutSection(b *strings.Builder) {
	b.WriteString("## Proposals left out\n\n")
	if len(rep.LeftOut) == 0 {
		b.WriteString("None: every proposal has a session.\n\n")
		return
	}
	for _, l := range rep.LeftOut {
		p := rep.Data.Proposals[l.Proposal]
		fmt.Fprintf(b, "- **%s** (`%s`, %s, %s): %s\n", mdEscape(p.Title), mdEscape(p.ID),
			mdEscape(rep.proposerName(l.Proposal)), HandsText(l.Hands), l.Reason)
	}
	b.WriteString("\n")
}

// changes writes, when re-planning with --previous, the section on the
// sessions kept, moved and dropped and what sticking cost.
func (rep *Report) changes(b *strings.Builder) {
	st := rep.Stick
	if st == nil {
		return
	}
	b.WriteString("## Changes since the previous schedule\n\n")
	total := st.After.Kept + st.After.Moved + st.After.Dropped
	fmt.Fprintf(b, "Of the %s of the previous schedule, %d keep their slot and room, %d moved and %d %s dropped; %s.",
		plural(total, "session"), st.After.Kept, st.After.Moved, st.After.Dropped, wasWere(st.After.Dropped),
		plural(st.After.New, "new session"))
	fmt.Fprintf(b, " %s's own schedule would have moved %d, dropped %d and added %d.",
		st.Policy, st.Before.Moved, st.Before.Dropped, st.Before.New)
	effect, note := fmt.Sprintf("cost %.1f%%", 100*st.Cost), ""
	if st.Cost < 0 {
		effect = fmt.Sprintf("gained %.1f%%", -100*st.Cost)
		note = " A gain on so few replicates is mostly chance: comparison.md has all of them."
	}
	fmt.Fprintf(b, " Moving sessions back %s of the objective on the first %d replicates (budget --stick %.3g = %.0f%%).%s\n\n",
		effect, st.Replicates, st.Budget, 100*st.Budget, note)
	if len(st.Unknown) > 0 {
		fmt.Fprintf(b, "The previous schedule also ran proposals no longer in the proposals file: %s.\n\n", strings.Join(st.Unknown, ", "))
	}
	b.WriteString("How: after the policy makes its schedule, each session the previous schedule ran elsewhere is tried back in its old cell " +
		"(swapping with the session there), cheapest first, and kept while the schedule loses at most the budget of the objective " +
		"(judged on the first replicates). It is a greedy post-step, not an optimisation of moves and objective together.\n\n")
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
	fmt.Fprintf(&b, " on %s: %s [95%% CI %s].\n", rep.Objective, fmtNum(r.Est.Mean, dec, false), ciText(r.Est, dec, false))
	if order := rep.order(); len(order) > 1 {
		k := order[1]
		d, _ := rep.Row(k, m)
		sig := "not clearly different"
		if summary.Excludes0(d.Diff) {
			sig = "clearly different"
		}
		fmt.Fprintf(&b, "Runner-up: %s, %s (%s − recommended: %s [95%% CI %s], %s).\n", rep.Candidates[k].Name,
			fmtNum(d.Est.Mean, dec, false), rep.Candidates[k].Name, fmtNum(d.Diff.Mean, dec, true), ciText(d.Diff, dec, true), sig)
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

// ciText is an interval's bounds as fmtNum writes them, "n/a" without one.
func ciText(iv stats.Interval, dec int, signed bool) string {
	if math.IsNaN(iv.Low) {
		return "n/a"
	}
	return fmtNum(iv.Low, dec, signed) + ", " + fmtNum(iv.High, dec, signed)
}

// fmtNum writes v for a reader, as the reports do: dec decimals, all of
// them (so that a mean and its bounds line up), a true minus sign, and a
// plus when signed (a difference).
func fmtNum(v float64, dec int, signed bool) string {
	return stats.Format(stats.Interval{N: 1, Mean: v, Low: math.NaN()}, dec, signed)
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
