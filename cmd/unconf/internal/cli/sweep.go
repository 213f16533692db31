package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/sweep"
)

// SweepOptions are the settings of "unconf sweep". They hold no CLI types.
type SweepOptions struct {
	// Spec is the parsed sweep spec with its base resolved; SpecArg the
	// argument it came from.
	Spec    *sweep.Spec
	SpecArg string
	// Workers is the number of parallel workers (default GOMAXPROCS).
	Workers int
	// OutDir is the output folder; a shard writes its part folder in it.
	OutDir string
	// Format is the results' format (csv, parquet); ChartFormat the
	// charts' (png, svg, pdf).
	Format, ChartFormat string
	// Sessions adds sessions.csv and slots.csv.
	Sessions bool
	// DryRun prints the design and an estimated run time from timing a
	// few units, and writes nothing.
	DryRun bool
	// Shard is the slice of the sweep to run (zero: all of it);
	// ShardSource says where it came from (--shard, or the engine's
	// environment variables).
	Shard       runner.Shard
	ShardSource string
	// Version is recorded with the results; CommandLine is the command
	// as typed, for meta.json.
	Version, CommandLine string
	// Resume is the command line that resumes this run (see
	// CompareOptions.Resume).
	Resume string
	// Output says what Stdout receives: the compact answer, the folder or
	// JSON. Stderr receives progress and notes.
	Output         Output
	Stdout, Stderr io.Writer
	StderrTTY      bool
}

// sweepLong is the help of "unconf sweep".
const sweepLong = `Run a parameter sweep: every point of a design over config keys, each with
every policy on the same replicates, and write tidy results, summaries and
charts.

SPEC is a YAML file, or embedded:sweeps/NAME.yaml for an example shipped with
unconf (jetlag, rooms-attendees, lhs, morris). A spec names a base scenario
(base: embedded, embedded:NAME.yaml, or a file relative to the spec), seed,
replicates, policies, baseline, a design (grid | lhs with samples | morris
with trajectories and levels) and the parameters: any config key by its
dotted path (attendees.count, votes.noise, event.rooms.1.count), each with
values, a range {from, to, steps} or a distribution {uniform: [lo, hi]};
integer: true rounds. Every point's config is checked before anything runs.

Writes into --out (default ./unconf-out/sweep-YYYYMMDD-HHMMSS): results.csv
(unit, point, one column per key, replicate, seed, policy, every metric,
error), summary.csv (per point × policy × metric: mean, 95% CI, paired
difference to the baseline), summary.md, morris.csv (Morris),
charts/ (--chart-format), meta.json; with --format parquet also
results.parquet. Rows are streamed as units finish; replicate r has the same
seed at every point, and files do not depend on --workers. Interrupted (even
kill -9)? Run the same command with the same --out: it resumes. A failed unit
is recorded in the error column; the exit status is then 1.

--dry-run (-n) prints the design (points, units, the shard's units) and
the run time estimated from timing a few units, and writes nothing.

Prints the best policy at each point with its paired margin over the
runner-up (beyond 12 points, the points each policy won), the winner, the
folder and report.html; --quiet prints only the folder, --json the answer
as JSON. Progress goes to stderr.

Shards: --shard i/n runs the i-th of n equal slices of the units into
--out/shard-i-of-n-<spec hash>/; "unconf merge DIR", DIR being that same
--out, combines them into exactly the files of a single run. Without --shard, a Slurm array task
(SLURM_ARRAY_TASK_ID; the count from --shards or UNCONF_SHARDS, else from
SLURM_ARRAY_TASK_COUNT or _MIN/_MAX) or a Kubernetes Indexed Job pod
(JOB_COMPLETION_INDEX, count from --shards or UNCONF_SHARDS) runs its shard
by itself; to re-run some shards of an N-shard array (--array=3,5), pass
--shards N. A shard exits 0 when only units failed (they are recorded;
merge reports them).`

// sweepExample shows "unconf sweep" at work, in its help.
const sweepExample = `  unconf sweep embedded:sweeps/jetlag.yaml --out jetlag/
  unconf sweep my-sweep.yaml --workers 8 --format parquet --chart-format svg
  unconf sweep my-sweep.yaml --out big/ --shard 3/16     # one slice; then:
  unconf merge big/                                       # all slices → big/
  sbatch --array=0-15 --wrap 'unconf sweep my-sweep.yaml --out big/'`

// NewSweepCmd returns "unconf sweep". runF, if not nil, replaces sweepRun.
func NewSweepCmd(env *Env, runF func(context.Context, *SweepOptions) error) *cobra.Command {
	opts := &SweepOptions{Stdout: env.Out, Stderr: env.Err, StderrTTY: env.ErrTTY, CommandLine: env.commandLine}
	var shard string
	var shards int
	cmd := &cobra.Command{
		Use:     "sweep SPEC [flags]",
		Short:   "Sweep config keys (grid, Latin hypercube, Morris) and compare policies at every point",
		Long:    sweepLong,
		Example: sweepExample,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{fmt.Errorf("%s takes one sweep spec (a file or embedded:sweeps/NAME.yaml), got %d arguments", cmd.CommandPath(), len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkWorkers(opts.Workers); err != nil {
				return err
			}
			if err := opts.Output.check(); err != nil {
				return err
			}
			var err error
			if opts.Format, err = resultsFormat(opts.Format); err != nil {
				return err
			}
			if opts.ChartFormat, err = chartFormat("chart-format", opts.ChartFormat); err != nil {
				return err
			}
			if err := opts.setShard(shard, shards); err != nil {
				return err
			}
			opts.SpecArg = args[0]
			if opts.Spec, err = sweep.Load(args[0]); err != nil {
				return err
			}
			if opts.OutDir == "" {
				opts.OutDir = defaultOut("sweep", env.Now())
			}
			var extra []string
			if opts.Shard.Count > 0 && shard == "" {
				extra = []string{"--shard", opts.Shard.String()} // the shard the environment named
			}
			opts.Resume = resumeCommand(cmd, args, opts.OutDir, extra...)
			opts.Version = Version()
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			if opts.DryRun {
				return sweepDryRun(cmd.Context(), opts)
			}
			return sweepRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Workers, "workers", runtime.GOMAXPROCS(0), "parallel workers; results do not depend on it")
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` (default ./unconf-out/sweep-YYYYMMDD-HHMMSS; required with shards)")
	f.StringVar(&opts.Format, "format", "csv", "results format: csv, or parquet (adds results.parquet)")
	f.StringVar(&opts.ChartFormat, "chart-format", "png", "chart format: png, svg or pdf")
	f.BoolVar(&opts.Sessions, "sessions", false, "also write sessions.csv and slots.csv (large)")
	f.StringVar(&shard, "shard", "", "run only shard `i/n` (0 <= i < n) into its own part folder under --out")
	f.IntVar(&shards, "shards", 0, "number of shards when the index comes from the environment (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID); or set UNCONF_SHARDS")
	f.BoolVarP(&opts.DryRun, "dry-run", "n", false, "print the design (points, units, shard) and an estimated run time from timing a few units; write nothing")
	addOutputFlags(f, &opts.Output)
	return cmd
}

// setShard sets opts.Shard and opts.ShardSource (pickShard) and checks
// that shards have an --out.
func (opts *SweepOptions) setShard(shard string, shards int) error {
	var err error
	if opts.Shard, opts.ShardSource, err = pickShard(shard, shards); err != nil {
		return err
	}
	if opts.Shard.Count > 0 && opts.OutDir == "" {
		return &usageError{errors.New("--out is needed with shards: every shard and the merge must use the same folder")}
	}
	return nil
}

// pickShard returns the shard that --shard (shard) and --shards (shards)
// name, or else the environment of a Slurm array task or a Kubernetes
// Indexed Job, and where it came from; the zero Shard when none is named.
func pickShard(shard string, shards int) (runner.Shard, string, error) {
	if shards < 0 {
		return runner.Shard{}, "", &usageError{fmt.Errorf("--shards %d: want at least 1", shards)}
	}
	if shard != "" {
		sh, err := runner.ParseShard(shard)
		if err != nil {
			return runner.Shard{}, "", &usageError{fmt.Errorf("--shard: %w", err)}
		}
		if shards > 0 && shards != sh.Count {
			return runner.Shard{}, "", &usageError{fmt.Errorf("--shard %s and --shards %d disagree", shard, shards)}
		}
		return sh, "--shard " + shard, nil
	}
	sh, src, ok, err := runner.ShardFromEnv(os.Getenv, shards)
	if err != nil {
		return runner.Shard{}, "", err
	}
	if !ok && shards > 0 {
		return runner.Shard{}, "", &usageError{fmt.Errorf("--shards %d without --shard or JOB_COMPLETION_INDEX: which shard?", shards)}
	}
	return sh, src, nil
}

// sweepDryRun prints what the sweep (or its shard) would run and how long
// that would take, from timing a few units; it writes nothing.
func sweepDryRun(ctx context.Context, opts *SweepOptions) error {
	e, err := sweep.Dry(ctx, opts.Spec, sweep.Options{
		Out: opts.OutDir, Workers: opts.Workers, Format: opts.Format, ChartFormat: opts.ChartFormat,
		Sessions: opts.Sessions, Shard: opts.Shard, Version: opts.Version,
	})
	if err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted")
		}
		return err
	}
	return opts.Output.print(opts.Stdout, e.Out, e, func(w io.Writer) error { return writeDryRun(w, e) })
}

// sweepRun runs the sweep (or its shard) into opts.OutDir and prints the
// summary.
func sweepRun(ctx context.Context, opts *SweepOptions) error {
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	if opts.Shard.Count > 0 {
		fmt.Fprintf(opts.Stderr, "shard %s (from %s)\n", opts.Shard, opts.ShardSource)
	}
	rep, err := sweep.Run(ctx, opts.Spec, sweep.Options{
		Out:         opts.OutDir,
		Workers:     opts.Workers,
		Progress:    opts.Stderr,
		ProgressTTY: opts.StderrTTY,
		Format:      opts.Format,
		ChartFormat: opts.ChartFormat,
		Sessions:    opts.Sessions,
		Shard:       opts.Shard,
		Version:     opts.Version,
		CommandLine: opts.CommandLine,
	})
	if err != nil {
		return out.stopped(ctx, opts.OutDir, err, opts.Resume)
	}
	if opts.Shard.Count > 0 {
		merge := "unconf merge " + opts.OutDir
		return opts.Output.print(opts.Stdout, rep.Out, shardJSON{Command: "sweep", Shard: opts.Shard.String(),
			Units: rep.Units, Failed: rep.Failed, Out: rep.Out, Merge: merge}, func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "Shard %s: %d units, %s.\nFolder: %s\nWhen every shard is done: %s\n",
				opts.Shard, rep.Units, failedText(rep.Failed, rep.Units), rep.Out, merge)
			return err
		})
	}
	if _, err := writeReport(rep.Out); err != nil {
		return err
	}
	err = opts.Output.print(opts.Stdout, rep.Out, sweepJSON{rep.Answer, filepath.Join(rep.Out, ReportFile)},
		func(w io.Writer) error { return writeSweepAnswer(w, rep.Answer) })
	if err != nil {
		return err
	}
	return failedUnits(rep.Failed, rep.Units)
}
