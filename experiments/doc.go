// Package experiments compares scheduling policies: many replicates of a
// scenario under each policy (Compare, Replay), written as tidy CSV
// tables with summary statistics, a Markdown report and charts.
// RedrawCharts draws the charts again from a finished compare, sweep or
// merge folder; parameter sweeps themselves live in package sweep.
//
// The units run on package runner, which makes the output files
// byte-identical for any number of workers and resumes an interrupted
// run; the estimates, the best policy and the words for metrics come from
// package summary; the config tree from package scenario.
package experiments
