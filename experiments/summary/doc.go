// Package summary holds what the reports of compare, sweep and plan are
// made of, so that each is computed and worded once:
//
//   - estimates: a metric's mean over replicates with its 95% t interval
//     cut to the metric's range, and the paired difference to a reference
//     (the baseline policy, the recommended schedule) with its interval
//     (Row, NewRow), as summary.csv, comparison.csv and the JSON answers
//     hold them (Estimate, Number);
//   - the ranking that picks the best policy or schedule and its
//     runner-up (Rank);
//   - the words for metrics: names, units, direction (Label, Unit, Axis,
//     Direction, KeyMetrics);
//   - the glue between a simulated event and package charts: the schedule
//     grid (ScheduleChart, SessionCells) and a set of charts drawn in
//     parallel whose failures to draw are warnings (Charts).
package summary
