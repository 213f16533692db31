package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/unconf/unconf/experiments/plan"
	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// PlanOptions are the settings of "unconf plan", resolved from flags,
// environment and config file. They hold no CLI types.
type PlanOptions struct {
	// Config is the effective, validated configuration; ConfigSource names
	// the layers it came from.
	Config       *scenario.Config
	ConfigSource string
	// Files are the organiser's attendees, proposals and votes files.
	Files plan.Files
	// Policies propose schedules (default: run.policies of the config).
	Policies []string
	// Objective ranks the schedules.
	Objective plan.Objective
	// Schedule is an organiser's own schedule file to evaluate beside the
	// policies ("" for none); Previous a previously published schedule to
	// stay close to, giving up at most Stick of the objective.
	Schedule, Previous string
	Stick              float64
	// Forecast is a forecast file from unconf calibrate whose forecast
	// section replaces the config's ("" for none).
	Forecast string
	// Workers is the number of parallel workers (default GOMAXPROCS).
	Workers int
	// OutDir is the output folder; Format the charts' format.
	OutDir, Format string
	// Version is recorded in the reports, with CommandLine, the command
	// as typed; Now stamps the calendar.
	Version, CommandLine string
	Now                  time.Time
	// Output says what Stdout receives: schedule.md (and, with Schedule,
	// how that schedule fared) with the folder, the folder alone, or JSON.
	// Stderr receives progress.
	Output         Output
	Stdout, Stderr io.Writer
}

// planLong is the help of "unconf plan".
const planLong = `Recommend a schedule for your own unconference from its registration list,
proposed sessions and a show of hands, with predicted attendance and risks.

Input files (CSV with a header line, UTF-8, comma-separated; see
configs/examples/ and README.md, "For organizers"):
  attendees.csv  id, and optionally name, background, seniority,
                 home_utc_offset (hours or an IANA zone such as Europe/Oslo),
                 affiliation, interests (topics separated by ;), star, days
  proposals.csv  id, title, proposer (an attendee id), topics (;-separated)
  votes.csv      attendee, proposal (one row per raised hand), optional weight
The event itself (dates, time zone, slots, rooms and capacities) comes from
--config (required), merged over the embedded default like every command's
config.

Each policy schedules once; every schedule is then simulated on --seeds
replicate worlds that keep what your files say and redraw what they leave
open (interests given the hands, blank fields, everyone's choices). The
schedules are ranked on --objective (satisfaction, collapsed, coverage or
any metric name of results.csv) with paired 95% intervals, and the best is
written with each session's predicted attendance: median and 80% range,
probabilities of collapse and of a full room, and a risk flag.

--schedule FILE evaluates a schedule you made yourself (columns proposal,
day, start, room; other columns ignored) beside the policies, as "fixed".
--previous FILE --stick W re-plans close to a published schedule: sessions
go back to their previous slot and room while that costs at most W (a
share, e.g. 0.05) of the objective; schedule.md says how many moved.

Writes into --out (created only once every input checks out; default
./unconf-out/plan-YYYYMMDD-HHMMSS): schedule.csv, schedule.md, schedule.ics,
comparison.csv, comparison.md, charts/, report.html and, when your
--schedule is not the one recommended, fixed-schedule.csv with its
forecast. Days and slots count from 1 in every file. Bad input fails with
one line naming the file, line and column, and writes nothing.

Prints schedule.md (the recommendation, the schedule with predicted head
counts, the sessions at risk, the proposals left out), then with
--schedule where your schedule ranks and its sessions at risk, then the
folder and the report; --quiet prints only the folder, --json the
recommendation, ranking, sessions and your schedule's rank as JSON.`

// planExample shows "unconf plan" at work, in its help.
const planExample = `  unconf plan --attendees configs/examples/attendees.csv \
    --proposals configs/examples/proposals.csv --votes configs/examples/votes.csv \
    --config configs/examples/event.yaml
  unconf plan --attendees a.csv --proposals p.csv --votes v.csv --config event.yaml --objective collapsed
  unconf plan ... --schedule my-schedule.csv          # how does my own schedule fare?
  unconf plan ... --previous out/schedule.csv --stick 0.05   # after late votes`

// NewPlanCmd returns "unconf plan". runF, if not nil, replaces planRun, so
// that tests check flag parsing without running the work.
func NewPlanCmd(env *Env, runF func(context.Context, *PlanOptions) error) *cobra.Command {
	opts := &PlanOptions{Stdout: env.Out, Stderr: env.Err, CommandLine: env.commandLine}
	var configFile, objective string
	cmd := &cobra.Command{
		Use:     "plan --attendees FILE --proposals FILE --votes FILE --config FILE [flags]",
		Short:   "Recommend a schedule for your own event, with predicted attendance",
		Long:    planLong,
		Example: planExample,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.checkFlags(configFile, objective, cmd.Flags().Changed("stick")); err != nil {
				return err
			}
			l, err := loadConfig(layers{File: configFile, Env: true, Flags: cmd.Flags(), Bind: map[string]string{
				"run.seeds": "seeds", "run.seed": "seed",
			}})
			if err != nil {
				return err
			}
			l.warn(env.Err)
			opts.Config, opts.ConfigSource = l.Config, l.Source
			if len(opts.Policies) == 0 {
				opts.Policies = opts.Config.Run.Policies
			}
			if opts.OutDir == "" {
				opts.OutDir = defaultOut("plan", env.Now())
			}
			opts.Version = Version()
			opts.Now = env.Now()
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return planRun(cmd.Context(), opts)
		},
	}
	opts.bindFlags(cmd.Flags(), &configFile, &objective)
	return cmd
}

// bindFlags binds plan's flags to opts, --config to configFile and
// --objective to objective (parsed by checkFlags).
func (opts *PlanOptions) bindFlags(f *pflag.FlagSet, configFile, objective *string) {
	f.StringVar(&opts.Files.Attendees, "attendees", "", "attendees `FILE` (CSV: id, name, background, seniority, home_utc_offset, affiliation, interests, star, days)")
	f.StringVar(&opts.Files.Proposals, "proposals", "", "proposals `FILE` (CSV: id, title, proposer, topics)")
	f.StringVar(&opts.Files.Votes, "votes", "", "votes `FILE` (CSV: attendee, proposal, optional weight; one row per hand)")
	f.StringVar(configFile, "config", "", "config `FILE` with your event (dates, slots, rooms) merged over the embedded default (required)")
	f.Int("seeds", 0, "number of replicate worlds (run.seeds; default from config: 30)")
	f.Uint64("seed", 0, "master seed (run.seed; default from config: 2017)")
	f.StringSliceVar(&opts.Policies, "policies", nil, "policies to try, comma-separated (default: run.policies, all seven)")
	f.StringVar(objective, "objective", "satisfaction", "what to rank on: satisfaction, collapsed, coverage or any metric name")
	f.StringVar(&opts.Schedule, "schedule", "", "your own schedule `FILE` to evaluate beside the policies (CSV: proposal, day, start, room)")
	f.StringVar(&opts.Previous, "previous", "", "previously published schedule `FILE` to stay close to (same format)")
	f.Float64Var(&opts.Stick, "stick", 0.05, "share of the objective to give up, at most, to keep sessions where --previous had them")
	f.StringVar(&opts.Forecast, "forecast", "", "forecast `FILE` from unconf calibrate (forecast.yaml): your crowd's fitted behaviour")
	f.IntVar(&opts.Workers, "workers", runtime.GOMAXPROCS(0), "parallel workers; results do not depend on it")
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` (default ./unconf-out/plan-YYYYMMDD-HHMMSS)")
	f.StringVar(&opts.Format, "format", "png", "chart format: png, svg or pdf")
	addOutputFlags(f, &opts.Output)
}

// checkFlags checks plan's flags, those of configFile and objective
// included, before the config is loaded: the three input files and the
// config file are required, --stick (stickSet when given) needs
// --previous. It sets opts.Objective and opts.Format.
func (opts *PlanOptions) checkFlags(configFile, objective string, stickSet bool) error {
	for _, f := range []struct{ flag, val string }{
		{"attendees", opts.Files.Attendees}, {"proposals", opts.Files.Proposals}, {"votes", opts.Files.Votes},
	} {
		if f.val == "" {
			return &usageError{fmt.Errorf("--%s FILE is required", f.flag)}
		}
	}
	if configFile == "" {
		// The embedded default is SOCML 2017's event: planning yours on
		// its dates and rooms would be quietly wrong.
		return &usageError{errors.New("--config FILE is required: your event's dates, time zone, slots and rooms " +
			"(copy configs/examples/event.yaml; 'unconf config > event.yaml' writes the built-in SOCML 2017 event)")}
	}
	if err := checkWorkers(opts.Workers); err != nil {
		return err
	}
	if err := opts.Output.check(); err != nil {
		return err
	}
	var err error
	if opts.Objective, err = parseObjective(objective); err != nil {
		return err
	}
	if stickSet && opts.Previous == "" {
		return &usageError{errors.New("--stick needs --previous FILE (the schedule to stay close to)")}
	}
	if !(opts.Stick >= 0 && opts.Stick <= 1) {
		return &usageError{fmt.Errorf("--stick %v: want a share of the objective from 0 to 1 (e.g. 0.05)", opts.Stick)}
	}
	for _, p := range opts.Policies {
		if !policy.Known(p) {
			return &usageError{fmt.Errorf("--policies: unknown policy %s (%s)", input.Quote(p), scenario.NameHint(p, policy.Names()))}
		}
	}
	opts.Format, err = chartFormat("format", opts.Format)
	return err
}

// parseObjective parses --objective, suggesting the nearest name when it
// is misspelt.
func parseObjective(objective string) (plan.Objective, error) {
	obj, err := plan.ParseObjective(objective)
	if err != nil {
		names := append([]string{"satisfaction", "collapsed", "coverage"}, sim.MetricNames()...)
		hint := "want satisfaction, collapsed, coverage or a metric name: " + strings.Join(sim.MetricNames(), ", ")
		if s := scenario.Suggest(objective, names); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		return obj, &usageError{fmt.Errorf("--objective %s: unknown objective (%s)", input.Quote(objective), hint)}
	}
	return obj, nil
}

// planRun checks every input, plans, and only then creates the output
// folder and writes the files.
func planRun(ctx context.Context, opts *PlanOptions) error {
	d, po, err := opts.inputs()
	if err != nil {
		return err
	}
	c := opts.Config
	rep, err := plan.Recommend(ctx, d, &c.Model, c.Policy, po)
	if err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted")
		}
		return err
	}
	if err := writePlan(opts, rep); err != nil {
		return err
	}
	if _, err := writeReport(opts.OutDir); err != nil {
		return err
	}
	return printPlan(opts, rep)
}

// inputs reads and checks the organiser's files (the data, --forecast,
// --schedule and --previous) and returns the data and the options to plan
// with.
func (opts *PlanOptions) inputs() (*plan.Data, plan.Options, error) {
	c := opts.Config
	po := plan.Options{
		Seeds: c.Run.Seeds, Seed: c.Run.Seed, Workers: opts.Workers, Policies: opts.Policies,
		Objective: &opts.Objective, Stick: opts.Stick, Progress: opts.Stderr, Forecast: &c.Forecast,
	}
	d, err := plan.Load(&c.Model.Event, opts.Files)
	if err != nil {
		return nil, po, err
	}
	ev, err := sim.NewEvent(&c.Model.Event, c.Model.Alertness.ResetMinutes)
	if err != nil {
		return nil, po, err
	}
	day1, err := c.Model.Event.Start()
	if err != nil {
		return nil, po, err
	}
	if opts.Forecast != "" {
		settings, err := readConfigFile(opts.Forecast)
		if err != nil {
			return nil, po, err
		}
		if po.Forecast, err = scenario.DecodeForecast(settings, &c.Forecast); err != nil {
			return nil, po, fmt.Errorf("--forecast %s: %w", opts.Forecast, err)
		}
	}
	if opts.Schedule != "" {
		sf, err := plan.ReadScheduleFile(opts.Schedule, d, ev, day1, false)
		if err != nil {
			return nil, po, err
		}
		po.Fixed = sf.Schedule
	}
	if opts.Previous != "" {
		sf, err := plan.ReadScheduleFile(opts.Previous, d, ev, day1, true)
		if err != nil {
			return nil, po, err
		}
		po.Previous, po.PreviousUnknown = sf.Schedule, sf.Unknown
	}
	return d, po, nil
}

// writePlan creates the output folder and writes rep's files into it; on
// failure it removes what it wrote, and the folder if it made it.
func writePlan(opts *PlanOptions, rep *plan.Report) error {
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	// Locked and claimed as compare and sweep lock theirs: a folder that
	// holds another kind of run, or is being written, is refused.
	od, err := runner.TakeOutputDir(opts.OutDir, "plan", opts.Version)
	if err != nil {
		out.cleanup()
		return err
	}
	cfgJSON, err := scenario.JSON(opts.Config)
	if err != nil {
		od.Release()
		return err
	}
	files, err := rep.Write(opts.OutDir, plan.WriteOptions{
		Format: opts.Format, Stamp: opts.Now, Version: opts.Version, ConfigSource: opts.ConfigSource,
		CommandLine: opts.CommandLine, Config: cfgJSON,
	})
	if err == nil {
		err = od.Done(opts.Now)
	}
	od.Release()
	if err != nil {
		for _, f := range files {
			os.Remove(filepath.Join(opts.OutDir, f))
		}
		os.Remove(filepath.Join(opts.OutDir, plan.ChartsDir)) // only if empty
		out.cleanup()
		return err
	}
	return nil
}

// printPlan prints what opts.Output asks for: schedule.md, with
// --schedule how that schedule fared, and the folder; the folder alone;
// or JSON.
func printPlan(opts *PlanOptions, rep *plan.Report) error {
	return opts.Output.print(opts.Stdout, opts.OutDir, newPlanJSON(rep, opts.OutDir), func(w io.Writer) error {
		md, err := os.ReadFile(filepath.Join(opts.OutDir, plan.ScheduleMD))
		if err != nil {
			return err
		}
		if _, err := w.Write(md); err != nil {
			return err
		}
		if opts.Schedule != "" {
			if err := writeFixedAnswer(w, rep, opts.Schedule); err != nil {
				return err
			}
		}
		var b bytes.Buffer
		b.WriteString("\n")
		writeWhere(&b, opts.OutDir)
		_, err = w.Write(b.Bytes())
		return err
	})
}
