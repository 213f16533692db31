package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments"
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
	// Stdout receives the Markdown summary; Stderr notes.
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
folders (the sweep's --out). Before writing anything, merge checks that all
parts come from the same spec and unconf version and that every unit of the
sweep appears; otherwise it exits 1 listing the parts of another sweep, the
unfinished parts, the missing units (and shards), and units that two parts
hold with different rows. A unit held by several parts with identical rows
(a shard run twice, or overlapping splits) is accepted and used once.
The exit status is 1 as well when units failed (recorded in results.csv).`,
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
	return cmd
}

// mergeRun merges and prints the summary.
func mergeRun(ctx context.Context, opts *MergeOptions) error {
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	rep, err := experiments.Merge(ctx, opts.Dirs, experiments.MergeOptions{
		Out: opts.OutDir, Format: opts.Format, ChartFormat: opts.ChartFormat, Version: opts.Version, Progress: opts.Stderr,
		CommandLine: opts.CommandLine,
	})
	if err != nil {
		out.cleanup()
		return err
	}
	page, err := writeReport(rep.Out)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(opts.Stdout, rep.Summary); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "Merged %d units into %d files in %s; open %s\n", rep.Units, len(rep.Files)+1, rep.Out, page)
	return failedUnits(rep.Failed, rep.Units)
}
