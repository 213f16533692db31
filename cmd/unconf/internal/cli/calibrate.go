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
the same command with the same --out resumes.`

// calibrateExample shows "unconf calibrate" at work, in its help.
const calibrateExample = `  unconf calibrate --config event.yaml --attendees attendees.csv \
    --proposals proposals.csv --votes votes.csv \
    --schedule schedule.csv --attendance attendance.csv --out last-year
  unconf plan --config next-event.yaml --forecast last-year/forecast.yaml …`

// NewCalibrateCmd returns "unconf calibrate". runF, if not nil, replaces
// calibrateRun, so that tests check flag parsing without running the work.
func NewCalibrateCmd(env *Env, runF func(context.Context, *CalibrateOptions) error) *cobra.Command {
	opts := &CalibrateOptions{Stdout: env.Out, Stderr: env.Err}
	var configFile string
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
	fit, err := calibrate.Run(ctx, p, fo)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted; resume with the same command and --out %s", opts.OutDir)
		}
		out.cleanup()
		return err
	}
	if fit.Resumed > 0 {
		fmt.Fprintf(opts.Stderr, "calibrate: resumed %d draws from %s\n", fit.Resumed, fo.Journal)
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
