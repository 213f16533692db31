// Package sweep runs unconf's parameter sweeps: every point of a design
// over config keys, each with every policy on the same replicates.
//
// A Spec (ParseSpec, Load; the shipped ones under embedded:sweeps/) names
// a base scenario, the policies and a design: a full factorial grid, a
// Latin hypercube or Morris's elementary effects over the swept
// parameters. Run expands it into points, runs the units on package
// runner and writes results.csv (and results.parquet, sessions.csv,
// slots.csv on request), summary.csv and summary.md (estimates from
// package summary), morris.csv for a Morris design, the charts and
// meta.json; Answer is the run in brief. Dry prints the design and an
// estimated run time without writing anything.
//
// Shards (runner.ParseShard, runner.ShardFromEnv: --shard i/n, a Slurm array task or a
// Kubernetes Indexed Job pod) each run one equal slice of the units into
// their own part folder; Merge checks the parts against each other and
// their check records and combines them into exactly the files of a single
// run. Plot draws any numeric column of a results file against the
// metrics; RedrawCharts draws a finished sweep's charts again.
//
// Errors keep the prefix "sweep: " that the command line strips.
package sweep
