// Package experiments runs unconf's experiments: many replicates of a
// scenario under several scheduling policies, written as tidy CSV tables
// with summary statistics, a Markdown report and charts.
//
// The runner splits an experiment into units (point, replicate, policy),
// numbered point-major, then replicate, then policy in config order. A task
// is one (point, replicate): it builds the replicate's World once and runs
// every policy on it, so that policies meet the same attendees, proposals,
// hands and choice noise (common random numbers). Seeds come from the master
// seed and the replicate only, never from the worker, and rows are written
// in unit order, so the output files are byte-identical for any number of
// workers. Rows are appended to journal files as tasks finish; an
// interrupted run started again with the same spec in the same directory
// resumes where it stopped.
package experiments
