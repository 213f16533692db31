// Package experiments runs unconf's experiments: many replicates of a
// scenario under several scheduling policies (Compare, Replay), and
// parameter sweeps over a design of scenarios (Sweep, Merge, Plot),
// written as tidy CSV tables with summary statistics, a Markdown report
// and charts (RedrawCharts draws them again from a finished folder).
//
// The units run on package runner, which makes the output files
// byte-identical for any number of workers and resumes an interrupted
// run; the estimates, the best policy and the words for metrics come from
// package summary; the config tree from package scenario.
package experiments
