package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments/sweep"
)

// MergeOptions are the settings of "unconf merge".
type MergeOptions struct {
	// Dirs are the part folders, or folders holding them.
	Dirs []string
	// OutDir receives the merged outputs (default: the one DIR given).
	OutDir string
	// Format is the results' format (csv, parquet); ChartFormat the
	// charts' (png, svg, pdf).
	Format, ChartFormat string
	// Version is recorded with the results; CommandLine is the command
	// as typed, for meta.json.
	Version, CommandLine string
	// Output says what Stdout receives: the compact answer, the folder or
	// JSON. Stderr receives notes.
	Output         Output
	Stdout, Stderr io.Writer
}

// NewMergeCmd returns "unconf merge". runF, if not nil, replaces mergeRun.
func NewMergeCmd(env *Env, runF func(context.Context, *MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{Stdout: env.Out, Stderr: env.Err, CommandLine: env.commandLine}
	cmd := &cobra.Command{
		Use:   "merge DIR... [--out DIR]",
		Short: "Combine the shards of a sweep into the outputs of a single run",
		Long: `Combine the part folders written by "unconf sweep --shard i/n" (or by Slurm
array tasks and Kubernetes Indexed Job pods) into exactly the outputs a
single-process sweep writes: results.csv (byte-identical), summary.csv,
summary.md, morris.csv, charts/, meta.json and report.html.

Each DIR is a part folder (shard-i-of-n-<hash>) or a folder holding part
folders (the sweep's --out). Merge checks that all parts come from the same
spec and the same build of unconf (see "unconf version"), that every unit
of the sweep appears, and that every row file of every part holds, unit by
unit, the rows its check.csv records; otherwise it exits 1 listing the
parts of another sweep or build, the unfinished parts, the missing units
(and shards), units that two parts hold with different rows, and damaged
files with the unit, and leaves --out as it was. A unit held by several
parts with identical rows (a shard run twice, or overlapping splits) is
accepted and used once. The exit status is 1 as well when units failed
(recorded in results.csv).

Prints what sweep prints: the best policy per point, the winner, the
folder and report.html; --quiet prints only the folder, --json the answer
as JSON.`,
		Example: `  unconf merge big/                        # parts under big/, outputs into big/
  unconf merge run1/ run2/shard-3-of-16-0a1b2c3d4e5f --out merged/
  unconf merge big/ --format parquet --chart-format svg`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &usageError{fmt.Errorf("%s needs at least one folder of sweep parts", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
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
			opts.Dirs = args
			if opts.OutDir == "" {
				if len(args) > 1 {
					return &usageError{errors.New("--out is needed when merging several folders")}
				}
				opts.OutDir = args[0]
			}
			opts.Version = Version()
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return mergeRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` (default: the DIR given, when one)")
	f.StringVar(&opts.Format, "format", "csv", "results format: csv, or parquet (adds results.parquet)")
	f.StringVar(&opts.ChartFormat, "chart-format", "png", "chart format: png, svg or pdf")
	addOutputFlags(f, &opts.Output)
	return cmd
}

// mergeRun merges and prints the summary.
func mergeRun(ctx context.Context, opts *MergeOptions) error {
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	rep, err := sweep.Merge(ctx, opts.Dirs, sweep.MergeOptions{
		Out: opts.OutDir, Format: opts.Format, ChartFormat: opts.ChartFormat, Version: opts.Version, Progress: opts.Stderr,
		CommandLine: opts.CommandLine,
	})
	if err != nil {
		out.cleanup()
		return err
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
