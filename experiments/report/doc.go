// Package report builds report.html, the one file of an output folder of
// unconf compare, sweep, merge or plan that an organiser or report writer
// opens to see the answer: which policy wins, by how much and how sure
// (for plan, the recommended schedule as a board per day with its risks
// and the proposals left out), then the charts, the tables, the config
// and where the numbers came from.
//
// The page is self-contained: its style sheet and its one small script
// are inline, charts are inline SVG, fonts are the reader's system fonts,
// and a Content-Security-Policy forbids every request, so it opens the
// same from a laptop, a mail attachment or a printout (the print style
// sheet prints a plan's day boards one page a day).
//
// Build reads only the folder's files (meta.json, summary.csv,
// results.csv, …; for plan schedule.csv, comparison.csv and meta.json),
// so the commands and "unconf report DIR" make the same page.
package report
