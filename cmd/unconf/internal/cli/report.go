package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments/report"
	"github.com/unconf/unconf/sim/policy"
)

// ReportOptions are the settings of "unconf report".
type ReportOptions struct {
	// Dir is the output folder whose report.html is (re)built.
	Dir string
	// Stderr receives the path of the file written.
	Stderr io.Writer
}

// NewReportCmd returns "unconf report". runF, if not nil, replaces
// reportRun.
func NewReportCmd(env *Env, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{Stderr: env.Err}
	return &cobra.Command{
		Use:   "report DIR",
		Short: "Rebuild report.html of an output folder from its files",
		Long: `Rebuild report.html in DIR, the output folder of unconf compare, sweep, merge
or plan, from the files there (meta.json, summary.csv, results.csv, …; for
plan schedule.csv and comparison.csv). The commands write it themselves;
use this after copying a folder, or to get the report of a folder written
by an older unconf (a plan folder needs its meta.json).

report.html is one self-contained page: it opens on the answer (which
policy wins, by how much and how sure; for plan the recommended schedule
as a board per day), then charts (inline SVG), sortable tables, the config
and provenance. It loads nothing from the network. Printing a plan's
report prints its day boards, one page a day.`,
		Example: `  unconf report unconf-out/compare-20261203-101500
  unconf report plan-example && xdg-open plan-example/report.html`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{fmt.Errorf("%s needs exactly one output folder, got %d arguments", cmd.CommandPath(), len(args))}
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return reportRun(opts)
		},
	}
}

// reportRun builds and writes the report.
func reportRun(opts *ReportOptions) error {
	path, size, err := report.Write(opts.Dir, policy.Builtin())
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "Wrote %s (%s)\n", path, kb(size))
	return nil
}

// writeReport writes report.html after a command's other files; a
// failure names the way to retry without running the work again.
func writeReport(dir string) (string, error) {
	return writeReportWith(dir, nil)
}

// writeReportWith is writeReport with the charts drawn (nil: draw them).
func writeReportWith(dir string, drawn *report.Drawn) (string, error) {
	path, _, err := report.WriteWith(dir, policy.Builtin(), drawn)
	if err != nil {
		return "", fmt.Errorf("%w (the other files are written; retry with: unconf report %s)", err, dir)
	}
	return path, nil
}

// kb formats a size in bytes as "412 kB" or "1.3 MB".
func kb(n int) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%d kB", (n+999)/1000)
}
