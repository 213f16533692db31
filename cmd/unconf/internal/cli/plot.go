package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments/sweep"
)

// PlotOptions are the settings of "unconf plot".
type PlotOptions struct {
	// Results is the results.csv to draw from.
	Results string
	// X is the x column; Y the metrics (empty: the key metrics); By the
	// column that makes the lines.
	X  string
	Y  []string
	By string
	// OutDir receives the charts (default: charts/ beside Results);
	// Format is png, svg or pdf.
	OutDir, Format string
	// Stdout receives the paths written.
	Stdout io.Writer
}

// NewPlotCmd returns "unconf plot". runF, if not nil, replaces plotRun.
func NewPlotCmd(env *Env, runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{Stdout: env.Out}
	cmd := &cobra.Command{
		Use:   "plot RESULTS.csv --x COLUMN [--y METRIC]... [--by COLUMN] [flags]",
		Short: "Redraw charts from a saved results.csv without running anything",
		Long: `Draw line charts from the results.csv of a sweep (or a compare): for each
--y metric (default: the key metrics), its mean over the rows that share an
--x value, one line per value of --by (default policy), with a shaded 95%
t interval. Rows with an error are left out. Prints the files written.`,
		Example: `  unconf plot jetlag/results.csv --x attendees.visitor_share
  unconf plot lhs/results.csv --x votes.noise --y satisfaction_mean --y coverage --format svg
  unconf plot rooms/results.csv --x attendees.count --by event.rooms.2.count --y fill_ratio`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{fmt.Errorf("%s takes one results file, got %d arguments", cmd.CommandPath(), len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.X == "" {
				return &usageError{fmt.Errorf("--x is required: the column on the x axis, e.g. a swept key")}
			}
			var err error
			if opts.Format, err = chartFormat("format", opts.Format); err != nil {
				return err
			}
			opts.Results = args[0]
			if !cmd.Flags().Changed("by") {
				opts.By = "" // experiments.Plot's default, policy: a file without it is not the flag's fault
			}
			if opts.OutDir == "" {
				opts.OutDir = filepath.Join(filepath.Dir(args[0]), "charts")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return plotRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.X, "x", "", "x-axis `COLUMN` (numeric), e.g. attendees.visitor_share")
	f.StringSliceVar(&opts.Y, "y", nil, "`METRIC` to draw (repeat or comma-separate; default the key metrics)")
	f.StringVar(&opts.By, "by", "policy", "`COLUMN` whose values make the lines")
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` (default: charts/ beside RESULTS)")
	f.StringVar(&opts.Format, "format", "png", "chart format: png, svg or pdf")
	return cmd
}

// plotRun draws the charts and lists them.
func plotRun(_ context.Context, opts *PlotOptions) error {
	files, err := sweep.Plot(opts.Results, sweep.PlotOptions{
		X: opts.X, Y: opts.Y, By: opts.By, Out: opts.OutDir, Format: opts.Format,
	})
	var ce *sweep.ColumnError
	if errors.As(err, &ce) {
		// A flag names a column the file lacks: a usage error. A default
		// the file lacks (a key metric) is the file's.
		flag := ""
		switch {
		case ce.Column == opts.X:
			flag = "--x"
		case ce.Column == opts.By:
			flag = "--by"
		case slices.Contains(opts.Y, ce.Column):
			flag = "--y"
		}
		if flag != "" {
			err = &usageError{fmt.Errorf("%s: %w", flag, err)}
		}
	}
	for _, f := range files {
		fmt.Fprintln(opts.Stdout, f)
	}
	return err
}
