package sweep

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/summary"
)

// Options say where and how Run runs. The zero value runs the whole
// sweep with one worker per CPU into the current directory, CSV results,
// PNG charts and no progress output.
type Options struct {
	// Out is the output directory, created if missing (default "."). The
	// same spec run again with the same Out resumes an interrupted sweep;
	// another spec in the same Out is refused, and so are an Out another
	// process writes, one holding another kind of run, and a symbolic link
	// inside Out where Run writes (a shard folder among them).
	Out string
	// Workers is the number of parallel tasks (default GOMAXPROCS). The
	// outputs do not depend on it.
	Workers int
	// Progress receives progress reports (units done, rate, time left);
	// nil means none. ProgressTTY selects a redrawn bar over plain lines.
	Progress    io.Writer
	ProgressTTY bool
	// Format is the results' format: "csv" (default) or "parquet", which
	// adds results.parquet to the CSV files (sessions.csv and slots.csv
	// stay CSV only). The CSV files are always written: they are the
	// journals that resume and merge read.
	Format string
	// ChartFormat is the charts' file format: "png" (default), "svg" or
	// "pdf".
	ChartFormat string
	// Sessions adds sessions.csv and slots.csv (one row per unit ×
	// session, per unit × slot × jet-lag group): large, off by default.
	Sessions bool
	// Shard, when its Count is not 0, runs only that slice of the units
	// into its own part directory under Out; Merge combines the parts.
	Shard runner.Shard
	// Version is the program version recorded with the results.
	Version string
	// CommandLine is the command as typed, recorded in meta.json
	// (optional).
	CommandLine string
}

// Report is what Run or Merge did.
type Report struct {
	// Summary is summary.md's content ("" for a shard); Answer the same
	// in brief, for a terminal or a script (nil for a shard).
	Summary string
	Answer  *Answer
	// Out is the directory written: Out itself, or a shard's part
	// directory inside it.
	Out string
	// Points, Units are the sweep's (a shard's Units are its own);
	// Failed counts failed units (recorded in results.csv's error column);
	// Resumed counts units found done by an earlier, interrupted run.
	Points, Units, Failed, Resumed int
	// Spec is the spec hash that every part and output carries.
	Spec string
	// Files lists the files written, relative to Out.
	Files []string
}

// maxFailures is how many failures meta.json lists; all are counted.
const maxFailures = 1000

// resultFormats are the results formats Run accepts.
var resultFormats = []string{"csv", "parquet"}

// Run runs every unit (point × replicate × policy) of spec and writes,
// in opts.Out:
//
//	results.csv   one row per unit: unit, point, one column per swept
//	              parameter (named by its key), replicate, seed, policy,
//	              every metric (sim.MetricNames), error
//	summary.csv   one row per point × policy × metric: n, mean, sd, 95%
//	              t interval clamped to the metric's range, the paired
//	              difference to the baseline with its 95% t interval
//	summary.md    the design, failures and the best policy per point
//	morris.csv    (morris) μ, μ* and σ of the elementary effects per
//	              policy × metric × parameter
//	charts/       metric vs parameter lines (one parameter), heat maps
//	              (two), μ*–σ charts (morris)
//	check.csv     one row per unit: its number of rows and their SHA-256
//	              in each row file, checked on resume and merge
//	meta.json     spec, seeds (as strings), version, workers, times, failures
//	run.json      what the directory holds, to resume or refuse a rerun
//
// plus results.parquet with Format "parquet", and sessions.csv and
// slots.csv with Sessions. Point ids are 0…N−1 in design order; replicate
// r runs with seed rng.Replicate(seed, r) at every point (common random
// numbers across points and policies), and rows are written in unit order
// as units finish, so the files are byte-identical for any worker count
// and memory stays flat however many units there are. Every point's config
// is built and validated before anything runs. An interrupted sweep
// resumes when run again with the same spec and Out, after checking every
// journal against check.csv and running damaged units again; a failing
// unit is recorded and the others go on (Report.Failed).
//
// With opts.Shard, only the shard's slice of the units runs, into
// Out/shard-i-of-n-<first 12 hex digits of the spec hash>/ (its row files
// and part.json, which marks the part complete); Merge then writes the outputs above from the parts,
// byte-identical to a single run's.
func Run(ctx context.Context, spec *Spec, opts Options) (*Report, error) {
	return sweepWith(ctx, spec, opts, defaultHooks())
}

func checkSweepOptions(opts *Options) error {
	opts.Format = strings.ToLower(cmp.Or(opts.Format, "csv"))
	if !slices.Contains(resultFormats, opts.Format) {
		return fmt.Errorf("sweep: results format %q: want one of %v", opts.Format, resultFormats)
	}
	var err error
	if opts.ChartFormat, err = summary.ChartFormat("sweep", opts.ChartFormat); err != nil {
		return err
	}
	if err := opts.Shard.Valid(); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	opts.Out = cmp.Or(opts.Out, ".")
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return nil
}

func sweepWith(ctx context.Context, spec *Spec, opts Options, h hooks) (*Report, error) {
	if err := checkSweepOptions(&opts); err != nil {
		return nil, err
	}
	p, err := planSweep(spec, opts.Sessions)
	if err != nil {
		return nil, err
	}
	l := p.l
	first, end := p.taskRange(opts.Shard)
	P := len(l.Policies)
	units := (end - first) * P
	dir, kind := opts.Out, "sweep"
	if opts.Shard.Count > 0 {
		dir, kind = filepath.Join(opts.Out, partDirName(opts.Shard, p.hash)), "sweep-shard"
	}
	st := runner.State{Kind: kind, Spec: p.hash, Version: opts.Version, Units: units}
	start := h.Now()
	if opts.Shard.Count > 0 {
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return nil, fmt.Errorf("sweep: output directory: %w", err)
		}
		if err := runner.Mkdir(dir); err != nil { // never a link out of Out
			return nil, err
		}
	}
	c, err := runner.TakeDir(dir, st, true)
	if err != nil {
		return nil, err
	}
	defer c.Release(false)
	if err := c.Record(st, start); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "sweep: %d points × %d replicates × %d policies = %d units", l.Points, l.Replicates, P, l.Units())
		if opts.Shard.Count > 0 {
			fmt.Fprintf(opts.Progress, "; shard %s: units %d…%d", opts.Shard, first*P, end*P-1)
		}
		fmt.Fprintf(opts.Progress, " → %s\n", dir)
	}
	ur := &runner.Units{Layout: l, Config: p.config, Detail: p.sessions, Hooks: h.Hooks}
	j := &runner.Job{Dir: dir, Layout: l, Streams: p.streams, First: first, End: end, UnitsPerTask: P,
		Workers: opts.Workers, NewWorker: ur.Worker, AfterTask: h.AfterTask}
	resumed, err := j.RunAll(ctx, "sweep", opts.Progress, opts.ProgressTTY, h.Now)
	if err != nil {
		return nil, err
	}
	if err := j.Commit(); err != nil {
		return nil, err
	}
	rep := &Report{Out: dir, Points: l.Points, Units: units, Resumed: resumed, Spec: p.hash}
	if opts.Shard.Count > 0 {
		failed, err := countFailures(j.Final(runner.Results))
		if err != nil {
			return nil, err
		}
		if err := writePart(dir, p, opts.Shard, first, end, opts.Version); err != nil {
			return nil, err
		}
		rep.Failed = failed
		rep.Files = append(runner.StreamNames(p.streams), runner.PartFile)
		return rep, nil
	}
	fin, err := finishSweep(dir, p, finishInfo{opts: opts, start: start, now: h.Now, resumed: resumed})
	if err != nil {
		return nil, err
	}
	rep.Summary, rep.Answer, rep.Failed, rep.Files = fin.summary, fin.answer, fin.failed, fin.files
	return rep, nil
}

// part is part.json's content: which slice of which sweep a part directory
// holds. Its presence marks the part complete. It has no times, so a shard
// run twice writes the same part.json.
type part struct {
	Program string `json:"program"`
	Kind    string `json:"kind"` // "sweep-part"
	Version string `json:"version"`
	Spec    string `json:"spec"`
	// Shard is "i/n"; FirstUnit and EndUnit bound the units it holds,
	// [first, end); Units is the whole sweep's count.
	Shard     string   `json:"shard"`
	Index     int      `json:"index"`
	Count     int      `json:"count"`
	FirstUnit int      `json:"first_unit"`
	EndUnit   int      `json:"end_unit"`
	Units     int      `json:"units"`
	Files     []string `json:"files"`
	// CheckSHA256 is the hex SHA-256 of the part's check.csv, which
	// records every unit's rows in every row file: merge verifies both.
	// Parts written before check files existed have none.
	CheckSHA256 string `json:"check_sha256"`
	// Sweep is the resolved spec (base settings included), so that merge
	// needs nothing but the parts.
	Sweep json.RawMessage `json:"sweep"`
}

func writePart(dir string, p *sweepPlan, sh runner.Shard, first, end int, version string) error {
	spec, err := marshalSpec(p.spec)
	if err != nil {
		return fmt.Errorf("sweep: %s: %w", runner.PartFile, err)
	}
	sum, err := fileSHA256(filepath.Join(dir, runner.CheckFile))
	if err != nil {
		return err
	}
	P := len(p.l.Policies)
	pt := part{Program: "unconf", Kind: "sweep-part", Version: version, Spec: p.hash, Shard: sh.String(),
		Index: sh.Index, Count: sh.Count, FirstUnit: first * P, EndUnit: end * P, Units: p.l.Units(), Sweep: spec,
		Files: runner.StreamNames(p.streams), CheckSHA256: sum}
	return runner.WriteJSON(filepath.Join(dir, runner.PartFile), pt)
}

// fileSHA256 returns the hex SHA-256 of the file at path, read without
// following a symbolic link.
func fileSHA256(path string) (string, error) {
	f, err := runner.OpenFile(path, os.O_RDONLY)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("sweep: reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// countFailures counts the rows of a results file with an error.
func countFailures(path string) (int, error) {
	t, err := runner.OpenTable(path, "error")
	if err != nil {
		return 0, err
	}
	defer t.Close()
	n := 0
	for {
		rec, err := t.Next()
		if err != nil || rec == nil {
			return n, err
		}
		if rec[t.Col["error"]] != "" {
			n++
		}
	}
}

// finishInfo is the context of finishSweep.
type finishInfo struct {
	opts    Options
	start   time.Time
	now     func() time.Time
	resumed int
	// parts lists the merged part directories, and mergedBy the merging
	// build's version (merge only).
	parts    []string
	mergedBy string
}
