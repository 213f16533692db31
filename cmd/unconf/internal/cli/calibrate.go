package cli

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/experiments/calibrate"
	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// CalibrateOptions are the settings of "unconf calibrate", resolved from
// flags, environment and config file. They hold no CLI types.
type CalibrateOptions struct {
	// Config is the effective, validated configuration (the event as it
	// was, and the forecast priors to fit); ConfigSource names its layers.
	Config       *scenario.Config
	ConfigSource string
	// Files are the event's attendees, proposals and votes; Schedule the
	// schedule as it was run; Attendance the head counts.
	Files                plan.Files
	Schedule, Attendance string
	// Fit says how many draws, rounds and replicates, and the seed.
	Fit calibrate.Options
	// OutDir is the output folder; Format the charts' format.
	OutDir, Format string
	// Shard, when its Count is not 0, simulates only that shard's part of
	// the first incomplete round and writes no outputs; ShardSource says
	// where it came from (--shard, or the cluster's environment).
	Shard       runner.Shard
	ShardSource string
	// Final is the command that completes the fit after the shards: the
	// same without --shard.
	Final string
	// Version and Command are recorded in the outputs.
	Version, Command string
	// Stdout receives calibration.md; Stderr progress.
	Stdout, Stderr io.Writer
}

// calibrateLong is the help of "unconf calibrate".
const calibrateLong = `Fit the hidden behavioural parameters of the model (how readily people stay
in the hallway or hop between rooms, a session's own appeal, a star's pull,
how noisy votes are…) to the head counts of an event you ran, so that the
next plan predicts your crowd, not a generic one.

Input: the event's attendees, proposals and votes files (as for plan), its
schedule as it was run (a schedule file, as plan --schedule reads), and
attendance.csv: one row per counted session, with the columns proposal
(the id) and count, or min and max for a recalled range. The event itself
(dates, slots, rooms) comes from --config, and the priors to fit from its
forecast.priors.

Output, in --out: forecast.yaml (pass it to plan with --forecast), the
posterior draws (posterior.csv), every simulated draw (draws.csv), each
counted session against its prediction with that session left out of the
fit (sessions.csv), calibration.md (also printed) and charts. Interrupted,
the same command with the same --out resumes.

Shards: calibrate runs in rounds, each proposed from the rounds before it.
--shard i/n simulates the draws of the first round not yet done that are
shard i's (every n-th) into a journal of its own in --out, and writes no
outputs: run all n shards (a Slurm array or a Kubernetes Indexed Job, as
for sweep: the index may come from the environment), then all again for
the next round, --rounds times; then the same command without --shard
reads every journal, simulates whatever is still missing and writes the
outputs, byte-identical to a run without shards.`

// calibrateExample shows "unconf calibrate" at work, in its help.
const calibrateExample = `  unconf calibrate --config event.yaml --attendees attendees.csv \
    --proposals proposals.csv --votes votes.csv \
    --schedule schedule.csv --attendance attendance.csv --out last-year
  unconf plan --config next-event.yaml --forecast last-year/forecast.yaml …
  unconf calibrate … --out last-year --shard 3/16   # round by round; then without --shard`

// NewCalibrateCmd returns "unconf calibrate". runF, if not nil, replaces
// calibrateRun, so that tests check flag parsing without running the work.
func NewCalibrateCmd(env *Env, runF func(context.Context, *CalibrateOptions) error) *cobra.Command {
	opts := &CalibrateOptions{Stdout: env.Out, Stderr: env.Err}
	var configFile, shard string
	var shards int
	cmd := &cobra.Command{
		Use:     "calibrate --attendees FILE --proposals FILE --votes FILE --schedule FILE --attendance FILE [flags]",
		Short:   "Fit the crowd's behaviour to the head counts of an event you ran",
		Long:    calibrateLong,
		Example: calibrateExample,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.checkFlags(configFile); err != nil {
				return err
			}
			var err error
			if opts.Shard, opts.ShardSource, err = pickShard(shard, shards); err != nil {
				return err
			}
			if opts.Shard.Count > 0 && opts.OutDir == "" {
				return &usageError{errors.New("--out is needed with shards: every shard and the final run must use the same folder")}
			}
			l, err := loadConfig(layers{File: configFile, Env: true, Flags: cmd.Flags(), Bind: map[string]string{"run.seed": "seed"}})
			if err != nil {
				return err
			}
			l.warn(env.Err)
			opts.Config, opts.ConfigSource = l.Config, l.Source
			opts.Fit.Seed = opts.Config.Run.Seed
			if opts.OutDir == "" {
				opts.OutDir = defaultOut("calibrate", env.Now())
			}
			opts.Final = commandWithout(cmd, nil, opts.OutDir, []string{"shard", "shards"})
			opts.Version = Version()
			opts.Command = "unconf " + strings.Join(os.Args[1:], " ")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return calibrateRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Files.Attendees, "attendees", "", "attendees `FILE` of the event (as for plan)")
	f.StringVar(&opts.Files.Proposals, "proposals", "", "proposals `FILE` of the event")
	f.StringVar(&opts.Files.Votes, "votes", "", "votes `FILE` of the event (a vote column: interested, maybe, skip; or one row per hand)")
	f.StringVar(&opts.Schedule, "schedule", "", "the schedule `FILE` as it was run (CSV: proposal, day, start, room)")
	f.StringVar(&opts.Attendance, "attendance", "", "head counts `FILE` (CSV: proposal, and count or min and max)")
	f.StringVar(&configFile, "config", "", "config `FILE` with the event (dates, slots, rooms) and the forecast priors, merged over the embedded default (required)")
	f.Uint64("seed", 0, "master seed (run.seed; default from config: 2017)")
	f.IntVar(&opts.Fit.Draws, "draws", calibrate.DefaultDraws, "parameter draws per round")
	f.IntVar(&opts.Fit.Rounds, "rounds", calibrate.DefaultRounds, "rounds of draws, each proposed from the fit so far")
	f.IntVar(&opts.Fit.Replicates, "replicates", calibrate.DefaultReplicates, "simulated events per draw")
	f.IntVar(&opts.Fit.Workers, "workers", runtime.GOMAXPROCS(0), "parallel workers; results do not depend on it")
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` (default ./unconf-out/calibrate-YYYYMMDD-HHMMSS); the same DIR resumes")
	f.StringVar(&opts.Format, "format", "png", "chart format: png, svg or pdf")
	f.StringVar(&shard, "shard", "", "simulate only shard `i/n`'s part (0 <= i < n) of the first round not yet done, into --out; no outputs")
	f.IntVar(&shards, "shards", 0, "number of shards when the index comes from the environment (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID); or set UNCONF_SHARDS")
	return cmd
}

// calibrateRun reads and checks every input, then fits, journaling into
// the output folder, and writes the outputs.
func calibrateRun(ctx context.Context, opts *CalibrateOptions) error {
	c := opts.Config
	if len(c.Forecast.Priors) == 0 {
		return errors.New("forecast.priors is empty: nothing to calibrate (the embedded default has priors; a config that replaces the list must keep some)")
	}
	d, err := plan.Load(&c.Model.Event, opts.Files)
	if err != nil {
		return err
	}
	ev, err := sim.NewEvent(&c.Model.Event, c.Model.Alertness.ResetMinutes)
	if err != nil {
		return err
	}
	day1, err := c.Model.Event.Start()
	if err != nil {
		return err
	}
	sf, err := plan.ReadScheduleFile(opts.Schedule, d, ev, day1, false)
	if err != nil {
		return err
	}
	s := &sim.Schedule{Sessions: slices.Clone(sf.Schedule.Sessions)}
	slices.SortFunc(s.Sessions, func(a, b sim.Session) int {
		if a.Slot != b.Slot {
			return a.Slot - b.Slot
		}
		return a.Room - b.Room
	})
	obs, err := plan.ReadAttendanceFile(opts.Attendance, d, s, ev)
	if err != nil {
		return err
	}
	p := &calibrate.Problem{Data: d, Model: &c.Model, Forecast: &c.Forecast, Schedule: s, Obs: obs}
	for _, o := range obs {
		p.Capacity = append(p.Capacity, ev.Rooms[s.Sessions[o.Session].Room].Capacity)
	}
	fo := opts.Fit
	if fo.Spec, err = calibrateSpec(opts); err != nil {
		return err
	}
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	fo.Journal = filepath.Join(opts.OutDir, calibrate.JournalFile)
	fo.Progress = opts.Stderr
	if opts.Shard.Count > 0 {
		return calibrateShard(ctx, opts, p, fo, out)
	}
	fit, err := calibrate.Run(ctx, p, fo)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted; resume with the same command and --out %s", opts.OutDir)
		}
		out.cleanup()
		return err
	}
	if fit.Resumed > 0 {
		fmt.Fprintf(opts.Stderr, "calibrate: resumed %d draws from the journals in %s\n", fit.Resumed, opts.OutDir)
	}
	files, err := fit.Write(opts.OutDir, calibrate.Info{
		Event: c.Model.Event.Name, Command: opts.Command, Version: opts.Version, Format: opts.Format,
	})
	if err != nil {
		return err
	}
	md, err := os.ReadFile(filepath.Join(opts.OutDir, calibrate.SummaryFile))
	if err != nil {
		return err
	}
	if _, err := opts.Stdout.Write(md); err != nil {
		return err
	}
	fmt.Fprintf(opts.Stderr, "Wrote %d files to %s\n", len(files), opts.OutDir)
	return nil
}

// calibrateShard runs shard opts.Shard's part of the fit and prints what
// it did and what to run next.
func calibrateShard(ctx context.Context, opts *CalibrateOptions, p *calibrate.Problem, fo calibrate.Options, out *outDir) error {
	fmt.Fprintf(opts.Stderr, "calibrate: shard %s (from %s)\n", opts.Shard, opts.ShardSource)
	rep, err := calibrate.RunShard(ctx, p, fo, opts.Shard)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted; resume with the same command and --out %s", opts.OutDir)
		}
		out.cleanup()
		return err
	}
	w := opts.Stdout
	sh, n := opts.Shard, opts.Shard.Count
	if rep.Round == rep.Rounds {
		_, err := fmt.Fprintf(w, "Shard %s: all %d rounds are done; nothing to simulate.\nNext, to write the outputs: %s\n", sh, rep.Rounds, opts.Final)
		return err
	}
	fmt.Fprintf(w, "Shard %s: round %d of %d: simulated %d draws", sh, rep.Round+1, rep.Rounds, rep.Simulated)
	if rep.Missing > 0 {
		fmt.Fprintf(w, "; %d draws of the round are other shards'", rep.Missing)
	}
	fmt.Fprintf(w, ".\nFolder: %s\n", opts.OutDir)
	if rep.Complete() {
		_, err = fmt.Fprintf(w, "When every shard is done, to write the outputs: %s\n", opts.Final)
	} else {
		_, err = fmt.Fprintf(w, "When every shard is done: run all %d shards again, for round %d.\n", n, rep.Round+2)
	}
	return err
}

// calibrateSpec names the inputs and settings of a fit: a hash of the
// input files, the effective config and the fit's sizes and seed, so that
// a journal is only resumed by the same calibration.
func calibrateSpec(opts *CalibrateOptions) (string, error) {
	h := sha256.New()
	for _, path := range []string{opts.Files.Attendees, opts.Files.Proposals, opts.Files.Votes, opts.Schedule, opts.Attendance} {
		data, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d:", len(data))
		h.Write(data)
	}
	cfg, err := yaml.Marshal(opts.Config)
	if err != nil {
		return "", err
	}
	h.Write(cfg)
	f := opts.Fit
	fmt.Fprintf(h, "%d/%d/%d/%d", f.Draws, f.Rounds, f.Replicates, f.Seed)
	return fmt.Sprintf("%x", h.Sum(nil)[:12]), nil
}

// checkFlags checks calibrate's flags before the config (configFile) is
// loaded: every input file and the config file are required, the fit's
// sizes at least 1. It sets opts.Format.
func (opts *CalibrateOptions) checkFlags(configFile string) error {
	for _, f := range []struct{ flag, val string }{
		{"attendees", opts.Files.Attendees}, {"proposals", opts.Files.Proposals}, {"votes", opts.Files.Votes},
		{"schedule", opts.Schedule}, {"attendance", opts.Attendance},
	} {
		if f.val == "" {
			return &usageError{fmt.Errorf("--%s FILE is required", f.flag)}
		}
	}
	if configFile == "" {
		return &usageError{errors.New("--config FILE is required: the event's dates, time zone, slots and rooms, as plan takes them")}
	}
	if err := checkWorkers(opts.Fit.Workers); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"draws", opts.Fit.Draws}, {"rounds", opts.Fit.Rounds}, {"replicates", opts.Fit.Replicates}} {
		if f.v < 1 {
			return &usageError{fmt.Errorf("--%s %d: want at least 1", f.name, f.v)}
		}
	}
	var err error
	opts.Format, err = chartFormat("format", opts.Format)
	return err
}
