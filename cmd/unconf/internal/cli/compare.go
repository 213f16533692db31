package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/report"
	"github.com/unconf/unconf/experiments/scenario"
)

// CompareOptions are the settings of "unconf compare", resolved from flags,
// environment and config file. They hold no CLI types.
type CompareOptions struct {
	// Config is the effective, validated configuration; ConfigSource names
	// the layers it came from.
	Config       *scenario.Config
	ConfigSource string
	// Workers is the number of parallel workers (default GOMAXPROCS).
	Workers int
	// OutDir is the output folder; Format the charts' format (png, svg,
	// pdf).
	OutDir string
	Format string
	// Version is recorded with the results; CommandLine is the command
	// as typed, for meta.json.
	Version, CommandLine string
	// Resume is the command line that resumes this run (same flags and
	// UNCONF_* variables, --out OutDir), for the message of an interrupted
	// run.
	Resume string
	// Output says what Stdout receives: the compact answer, the folder or
	// JSON. Stderr receives progress and warnings; StderrTTY selects a
	// progress bar over plain lines.
	Output         Output
	Stdout, Stderr io.Writer
	StderrTTY      bool
}

// compareLong is the help of "unconf compare".
const compareLong = `Compare scheduling policies on one event over many random seeds.

Each replicate draws a population, proposals and a show of hands from the
config; every policy then schedules that same replicate and the simulated
event is scored (common random numbers, so policy differences are paired).
Replicate r's seed depends only on (--seed, r), so results are identical
whatever --workers is, and any row of results.csv can be replayed alone with
"unconf run".

Writes into --out (created; default ./unconf-out/compare-YYYYMMDD-HHMMSS):
results.csv (one row per replicate × policy, every metric), sessions.csv,
slots.csv, summary.csv (mean and 95% CI per policy and metric, paired
difference to --baseline), summary.md (the key metrics as tables),
meta.json, charts in --format, and report.html, the one-file report.
Days, slots and rooms count from 1 in every file.

Prints a compact answer: each policy's satisfaction, conflict share and
collapsed sessions with the paired difference to --baseline, the winner
and how sure that is, the folder and the report. --quiet prints only the
folder, --json the answer as JSON; progress goes to stderr. Every file is written atomically; an interrupted run
(Ctrl-C) leaves no half-written file, and the same command with the same
--out resumes it.

Flags override UNCONF_* environment variables, which override the --config
file, which overrides the embedded default.`

// compareExample shows "unconf compare" at work, in its help.
const compareExample = `  unconf compare                                   # all policies, 30 seeds, embedded default
  unconf compare --seeds 200 --workers 2 --out results/socml
  unconf compare --policies random,jetlag,optimized --baseline random
  unconf compare --config configs/meetup.yaml --format svg
  UNCONF_ATTENDEES_COUNT=300 unconf compare --seeds 50`

// NewCompareCmd returns "unconf compare". runF, if not nil, replaces
// compareRun, so that tests check flag parsing without running the work.
func NewCompareCmd(env *Env, runF func(context.Context, *CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{Stdout: env.Out, Stderr: env.Err, StderrTTY: env.ErrTTY, CommandLine: env.commandLine}
	var configFile string
	cmd := &cobra.Command{
		Use:     "compare [flags]",
		Short:   "Compare scheduling policies over many seeds (the main job)",
		Long:    compareLong,
		Example: compareExample,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkWorkers(opts.Workers); err != nil {
				return err
			}
			if err := opts.Output.check(); err != nil {
				return err
			}
			var err error
			if opts.Format, err = chartFormat("format", opts.Format); err != nil {
				return err
			}
			l, err := loadConfig(layers{File: configFile, Env: true, Flags: cmd.Flags(), Bind: map[string]string{
				"run.seeds": "seeds", "run.seed": "seed", "run.policies": "policies", "run.baseline": "baseline",
			}})
			if err != nil {
				return baselineHint(err, cmd)
			}
			l.warn(env.Err)
			opts.Config, opts.ConfigSource = l.Config, l.Source
			if opts.OutDir == "" {
				opts.OutDir = defaultOut("compare", env.Now())
			}
			opts.Resume = resumeCommand(cmd, nil, opts.OutDir)
			opts.Version = Version()
			ctx := cmd.Context()
			if runF != nil {
				return runF(ctx, opts)
			}
			return compareRun(ctx, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&configFile, "config", "", "config `FILE` (.yaml, .yml, .json or .toml) merged over the embedded default")
	f.Int("seeds", 0, "number of replicates `N` (run.seeds; default from config: 30)")
	f.Uint64("seed", 0, "master seed `S` (run.seed; default from config: 2017)")
	f.StringSlice("policies", nil, "policies to compare, comma-separated: `a,b` (run.policies; default all)")
	f.String("baseline", "", "policy `P` the others are compared with (run.baseline; default random)")
	f.IntVar(&opts.Workers, "workers", runtime.GOMAXPROCS(0), "`N` parallel workers; results do not depend on it")
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` (default ./unconf-out/compare-YYYYMMDD-HHMMSS)")
	f.StringVar(&opts.Format, "format", "png", "chart `format`: png, svg or pdf")
	addOutputFlags(f, &opts.Output)
	return cmd
}

// compareRun runs the comparison into opts.OutDir and prints the summary.
func compareRun(ctx context.Context, opts *CompareOptions) error {
	if p := gcPercent(os.Getenv); p > 0 {
		defer debug.SetGCPercent(debug.SetGCPercent(p))
	}
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	// The report's SVG charts are drawn with the run's own, in the same
	// pool, rather than read back and drawn again after it.
	// Without a temporary folder the report draws its charts itself.
	svgDir, err := os.MkdirTemp("", "unconf-report-")
	if err != nil {
		svgDir = ""
	} else {
		defer os.RemoveAll(svgDir)
	}
	rep, err := experiments.Compare(ctx, opts.Config, experiments.Options{
		Out:          opts.OutDir,
		Workers:      opts.Workers,
		Progress:     opts.Stderr,
		ProgressTTY:  opts.StderrTTY,
		Format:       opts.Format,
		ReportCharts: svgDir,
		Version:      opts.Version,
		ConfigSource: opts.ConfigSource,
		CommandLine:  opts.CommandLine,
	})
	if err != nil {
		return out.stopped(ctx, opts.OutDir, err, opts.Resume)
	}
	var drawn *report.Drawn // nil: the report draws them
	if rep.ReportDrawn {
		drawn = &report.Drawn{Dir: svgDir, Files: rep.ReportCharts, Warnings: rep.ReportWarnings}
	}
	if _, err := writeReportWith(rep.Out, drawn); err != nil {
		return err
	}
	err = opts.Output.print(opts.Stdout, rep.Out, compareJSON{rep.Answer, filepath.Join(rep.Out, ReportFile)},
		func(w io.Writer) error { return writeCompareAnswer(w, rep.Answer) })
	if err != nil {
		return err
	}
	return failedUnits(rep.Failed, rep.Units)
}

// compareGC is the garbage collector's target percentage (as GOGC) for
// a compare run. A run keeps a few MB live while it allocates some 350 MB
// (worlds, rows, the charts' 4 MB images), so at Go's default of 100 the
// collector runs about a hundred times, each time taking CPU from the
// workers and stopping them all twice; with one worker it runs on the idle
// core instead, so it held back the two-worker speed-up most. At 400 it
// runs about twenty times; the process then peaks at about 95 MB resident
// instead of 60 (a 200-seed default run).
const compareGC = 400

// gcPercent returns compareGC, or 0 (keep the runtime's setting) when the
// GOGC environment variable, read with getenv, chooses one.
func gcPercent(getenv func(string) string) int {
	if getenv("GOGC") != "" {
		return 0
	}
	return compareGC
}

// baselineHint adds "pass --baseline" to the error of a --policies list
// that leaves out the configured baseline.
func baselineHint(err error, cmd *cobra.Command) error {
	if errorKey(err) == "run.baseline" && cmd.Flags().Changed("policies") && !cmd.Flags().Changed("baseline") {
		pols, _ := cmd.Flags().GetStringSlice("policies")
		return &usageError{fmt.Errorf("--policies %s leaves out the baseline policy of the config: pass --baseline with one of them", strings.Join(pols, ","))}
	}
	return err
}
