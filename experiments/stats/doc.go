// Package stats holds the summary statistics of unconf's experiments: means,
// standard deviations, Student-t confidence intervals (clamped to the range
// of the quantity estimated with Interval.Clamp), paired differences,
// type-7 quantiles and a percentile bootstrap.
//
// Every function skips NaN values (a metric undefined in a replicate, such
// as the satisfaction of an empty jet-lag group, or a failed unit) and
// reports how many values it used, so a table can say "n = 198 of 200".
package stats
