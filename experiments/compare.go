package experiments

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/sim/policy"
)

// Options says where and how Compare runs. The zero value runs with one
// worker per CPU, no progress output and PNG charts, writing into the
// current directory.
type Options struct {
	// Out is the output directory, created if missing (default ".").
	// Running again with the same Out and the same spec resumes an
	// interrupted run; a different spec in the same Out is refused, and so
	// is an Out that another process is writing (a lock file,
	// .unconf.lock, as for Sweep), one that holds another kind of run, or
	// a symbolic link inside Out where Compare writes.
	Out string
	// Workers is the number of parallel tasks (default GOMAXPROCS). The
	// outputs do not depend on it.
	Workers int
	// Progress receives progress reports; nil means none. When ProgressTTY
	// is set it gets a redrawn progress bar, otherwise a plain line every
	// few seconds.
	Progress    io.Writer
	ProgressTTY bool
	// Format is the charts' file format: "png" (default), "svg" or "pdf".
	Format string
	// ReportCharts, when set, is a folder into whose charts/ subfolder
	// Compare also draws every chart as SVG, in the same pool as the
	// charts in Format, as RedrawCharts(Out, ReportCharts, "svg", …)
	// would; Report.ReportCharts lists them. unconf compare hands them to
	// report.html, which then need not read the rows and draw them again.
	ReportCharts string
	// Version is the program version recorded with the results.
	Version string
	// ConfigSource names where the config came from (a file name, or
	// "embedded default"), for the report.
	ConfigSource string
	// CommandLine is the command as typed, recorded in meta.json
	// (optional).
	CommandLine string
	// Policies is the table of policies that the config's run.policies
	// and run.baseline name: it checks their settings, builds them and
	// gives their colours in the charts. The zero value means
	// policy.Builtin(), unconf's own; policy.Builtin().With adds more.
	Policies policy.Registry
}

// policies returns opts.Policies, or the built-in policies when it is
// the zero value.
func (opts *Options) policies() policy.Registry {
	if len(opts.Policies.Names()) == 0 {
		return policy.Builtin()
	}
	return opts.Policies
}

// Report is what Compare did.
type Report struct {
	// Summary is summary.md's content: the Markdown report; Answer the
	// key numbers in brief, for a terminal or a script.
	Summary string
	Answer  *Answer
	// Out is the output directory.
	Out string
	// Units is the number of units (replicate × policy) of the run; Failed
	// how many of them failed (recorded in results.csv's error column).
	Units, Failed int
	// Resumed is the number of units found done in journals of an earlier,
	// interrupted run.
	Resumed int
	// Files lists the files written, relative to Out.
	Files []string
	// Warnings lists charts that could not be drawn (e.g. no data when
	// every unit failed); they are also written to Options.Progress.
	Warnings []string
	// ReportDrawn says whether the report's SVG charts were drawn into
	// Options.ReportCharts: false without it, when the charts are skipped,
	// or when that folder could not be written (the run's own charts do
	// not fail for it; the report then draws its charts itself).
	// ReportCharts lists them, relative to it, and ReportWarnings those
	// that could not be drawn (not written to Options.Progress).
	ReportDrawn                  bool
	ReportCharts, ReportWarnings []string
}

// Compare runs every policy of cfg.Run.Policies on cfg.Run.Seeds
// replicates of cfg's event and writes, in opts.Out:
//
//	results.csv   one row per replicate × policy: unit, replicate, seed,
//	              policy, every metric (sim.MetricNames), error
//	sessions.csv  one row per replicate × policy × session
//	slots.csv     one row per replicate × policy × slot × jet-lag group
//	check.csv     one row per replicate × policy: its number of rows and
//	              their SHA-256 in each of the three files above
//	summary.csv   one row per policy × metric: n, mean, sd, 95% t interval
//	              clamped to the metric's range (sim.Metric.Bounds), and
//	              the paired difference to cfg.Run.Baseline with its 95%
//	              t interval
//	summary.md    the key metrics as Markdown tables, with the config
//	meta.json     config, seeds (as strings), workers, version, times,
//	              failures
//	charts/       box plots, forest plots, alertness by slot, hands vs
//	              attendance, the schedule grid of replicate 0
//	run.json      what the directory holds, to resume or refuse a rerun
//
// Replicate r runs with seed rng.Replicate(cfg.Run.Seed, r) whatever the
// worker, and rows are written in unit order, so the row files are
// byte-identical for any opts.Workers. While running, rows go to
// <name>.partial journals; they become the final files only when every
// unit is done, and every other file is written to a temporary file and
// renamed, so no final file is ever half written. When ctx is cancelled,
// Compare returns its error, leaving the journals: calling Compare again
// with the same config and opts.Out resumes the run, giving the same bytes
// as an uninterrupted one: every journal is first checked against
// check.csv, unit by unit, and units whose rows do not check out run again
// (noted on opts.Progress). A different config in the same opts.Out is
// refused, and so is a finished run whose row files changed since.
//
// A unit that fails (a policy error, even a panic) is recorded in
// results.csv's error column and the others go on; Report.Failed counts
// them. Compare returns an error only for the run as a whole (bad options,
// an unwritable directory, cancellation).
func Compare(ctx context.Context, cfg *scenario.Config, opts Options) (*Report, error) {
	h := defaultHooks()
	h.NewPolicy = opts.policies().New
	return compare(ctx, cfg, opts, h)
}

func compare(ctx context.Context, cfg *scenario.Config, opts Options, h hooks) (*Report, error) {
	if cfg == nil {
		return nil, errors.New("experiments: compare: no config")
	}
	r := compareRun{cfg: cfg, opts: &opts, pols: opts.policies(), out: cmp.Or(opts.Out, "."), workers: opts.Workers}
	if err := cfg.ValidateWith(r.pols); err != nil {
		return nil, fmt.Errorf("experiments: compare: %w", err)
	}
	var err error
	if r.format, err = summary.ChartFormat("compare", opts.Format); err != nil {
		return nil, err
	}
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	r.baseline = slices.Index(cfg.Run.Policies, cfg.Run.Baseline)
	l := runner.NewLayout(1, cfg.Run.Seeds, cfg.Run.Policies, cfg.Run.Seed, nil, nil)
	data := runner.RowStreams(l)

	spec, err := runner.SpecHash("compare", scenario.TreeOf(cfg), data)
	if err != nil {
		return nil, err
	}
	st := runner.State{Kind: "compare", Spec: spec, Version: opts.Version, Units: l.Units()}
	start := h.Now()
	c, err := runner.TakeDir(r.out, st, true)
	if err != nil {
		return nil, err
	}
	defer c.Release(false)
	if err := c.Record(st, start); err != nil {
		return nil, err
	}

	ur := &runner.Units{Layout: l, Config: func(int) (*scenario.Config, error) { return cfg, nil }, Detail: true, Hooks: h.Hooks}
	j := &runner.Job{Dir: r.out, Layout: l, Streams: runner.WithCheck(data), First: 0, End: l.Tasks(), UnitsPerTask: len(l.Policies),
		Workers: r.workers, NewWorker: ur.Worker, AfterTask: h.AfterTask}
	resumed, err := j.RunAll(ctx, "compare", opts.Progress, opts.ProgressTTY, h.Now)
	if err != nil {
		return nil, err
	}

	d, err := readCompare(l, j.Path(runner.Results), j.Path(runner.Sessions), j.Path(runner.Slots), r.workers)
	if err != nil {
		return nil, err
	}
	if d.rows != l.Units() {
		return nil, fmt.Errorf("experiments: compare: %s holds %d rows, want %d", j.Path(runner.Results), d.rows, l.Units())
	}
	rows := summarize(d, r.baseline)
	md, files, warnings, svg, err := r.writeSummaries(d, rows, h.skipCharts)
	if err != nil {
		return nil, err
	}
	m := meta{
		Program: "unconf", Command: "compare", Version: opts.Version, CommandLine: opts.CommandLine, ConfigSource: cmp.Or(opts.ConfigSource, "embedded default"),
		MasterSeed: cfg.Run.Seed, Replicates: l.Replicates, Seeds: runner.SeedStrings(l.Seeds()), Policies: l.Policies, Baseline: cfg.Run.Baseline,
		Workers: r.workers, Start: start.UTC().Format(time.RFC3339Nano), End: h.Now().UTC().Format(time.RFC3339Nano),
		Units: l.Units(), Failed: len(d.failures), Resumed: resumed, Failures: append([]summary.Failure{}, d.failures...), Files: files,
		Spec: spec,
	}
	if m.Config, err = scenario.JSON(cfg); err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if err := runner.WriteJSON(filepath.Join(r.out, runner.MetaFile), m); err != nil {
		return nil, err
	}
	if err := j.Commit(); err != nil {
		return nil, err
	}
	ans := compareAnswer(r.out, cmp.Or(cfg.Model.Event.Name, "unnamed event"), d, rows, r.baseline)
	return &Report{Summary: md, Answer: ans, Out: r.out, Units: l.Units(), Failed: len(d.failures), Resumed: resumed, Files: files, Warnings: warnings,
		ReportDrawn: svg.ok, ReportCharts: svg.files, ReportWarnings: svg.warnings}, nil
}

// compareRun is what a compare run's summaries are written with.
type compareRun struct {
	cfg  *scenario.Config
	opts *Options
	pols policy.Registry
	// out is the output folder, format the charts' format.
	out, format string
	// workers draw the charts; baseline is cfg.Run.Baseline's index.
	workers, baseline int
}

// drawn is what a set of charts drawn for the report holds, and whether
// it was drawn.
type drawn struct {
	files, warnings []string
	ok              bool
}

// writeSummaries writes summary.csv, summary.md and, unless skipCharts,
// the charts of the finished run d, summarised in rows, and returns
// summary.md's content, every file of the run (relative to r.out; meta.json
// included, written last by the caller), the charts' warnings, which
// also go to r.opts.Progress, and the SVG charts drawn for the report
// (Options.ReportCharts).
func (r *compareRun) writeSummaries(d *compareData, rows []summary.Row, skipCharts bool) (md string, files, warnings []string, svg drawn, err error) {
	y, err := scenario.YAML(r.cfg)
	if err != nil {
		return "", nil, nil, svg, err
	}
	info := reportInfo{cfg: r.cfg, configSource: r.opts.ConfigSource, version: r.opts.Version, configYAML: y}
	md = summaryMarkdown(d, rows, r.baseline, info)

	files = []string{runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD, runner.MetaFile}
	if err := runner.WriteFile(filepath.Join(r.out, runner.SummaryCSV), summaryCSVBytes(d, rows)); err != nil {
		return "", nil, nil, svg, err
	}
	if err := runner.WriteFile(filepath.Join(r.out, runner.SummaryMD), []byte(md)); err != nil {
		return "", nil, nil, svg, err
	}
	if !skipCharts {
		sets := []*summary.Charts{{Dir: r.out, Format: r.format}}
		if r.opts.ReportCharts != "" {
			sets = append(sets, &summary.Charts{Dir: r.opts.ReportCharts, Format: "svg"})
		}
		for _, cs := range sets {
			addCompareCharts(cs, r.cfg, r.pols, d, rows, r.baseline)
		}
		fs, ws, err := summary.DrawAll(r.workers, sets...)
		if err != nil && len(sets) > 1 {
			// The report's folder (a full or missing temporary folder)
			// must not fail the run: its own charts are drawn alone, and
			// the report draws its charts itself.
			sets = sets[:1]
			fs, ws, err = summary.DrawAll(r.workers, sets...)
		}
		if err != nil {
			return "", nil, nil, svg, err
		}
		files, warnings = append(files, fs[0]...), ws[0]
		if len(sets) > 1 {
			svg = drawn{fs[1], ws[1], true}
		}
	}
	summary.PrintWarnings(r.opts.Progress, warnings)
	return md, files, warnings, svg, nil
}

// meta is meta.json's content.
type meta struct {
	Program      string            `json:"program"`
	Command      string            `json:"command"`
	Version      string            `json:"version"`
	CommandLine  string            `json:"command_line,omitempty"`
	ConfigSource string            `json:"config_source"`
	MasterSeed   uint64            `json:"master_seed,string"` // as strings: see runner.SeedStrings
	Replicates   int               `json:"replicates"`
	Seeds        []string          `json:"seeds"`
	Policies     []string          `json:"policies"`
	Baseline     string            `json:"baseline"`
	Workers      int               `json:"workers"`
	Start        string            `json:"start"`
	End          string            `json:"end"`
	Units        int               `json:"units"`
	Failed       int               `json:"failed"`
	Resumed      int               `json:"resumed"`
	Failures     []summary.Failure `json:"failures"` // [] when none
	Files        []string          `json:"files"`
	Spec         string            `json:"spec"`
	Config       json.RawMessage   `json:"config"`
}
