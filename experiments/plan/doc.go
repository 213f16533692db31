// Package plan is unconf for an organiser's own event: it reads the
// registration list, the proposed sessions and a show of hands from CSV
// files (ReadAttendees, ReadProposals, ReadVotes; Load cross-checks them),
// turns them into simulated worlds that keep what the data fix and redraw
// what they leave open (Data.World), and recommends a schedule
// (Recommend): every scheduling policy proposes one, each is evaluated
// over many replicate worlds, they are ranked on the organiser's objective
// with paired confidence intervals, and the best comes with a predicted
// attendance range, collapse and overflow risks for every session.
// Report.Write exports it as schedule.csv, schedule.md, an iCalendar file
// (WriteICS) and charts. ReadSchedule reads a schedule the organiser made
// by hand, to evaluate it the same way or to re-plan close to it.
package plan
