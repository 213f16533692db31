package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// RunOptions are the settings of "unconf run".
type RunOptions struct {
	// Config is the effective, validated configuration; ConfigSource names
	// its layers.
	Config       *scenario.Config
	ConfigSource string
	// Policy is the scheduling policy (default optimized); Replicate the
	// replicate number, as in results.csv (default 0).
	Policy    string
	Replicate int
	// OutDir receives the schedule chart in Format (png, svg, pdf).
	OutDir string
	Format string
	// Stdout receives the schedule and metrics; Stderr the chart's path.
	Stdout, Stderr io.Writer
}

// NewRunCmd returns "unconf run". runF, if not nil, replaces runRun.
func NewRunCmd(env *Env, runF func(context.Context, *RunOptions) error) *cobra.Command {
	opts := &RunOptions{Stdout: env.Out, Stderr: env.Err}
	var configFile string
	cmd := &cobra.Command{
		Use:   "run [--policy P] [--replicate R] [flags]",
		Short: "Run one replicate under one policy and show its schedule",
		Long: `Run one replicate of the event under one policy, verbosely: print the
schedule as a grid (each slot's rooms with session title, hands raised and
attendance), the replicate's metrics, and write the schedule chart into --out
(default ./unconf-out/run-YYYYMMDD-HHMMSS).

Replaying a row of a compare: a row of results.csv is fixed by the config,
the master seed (run.seed), its replicate and its policy. The same --config
(and environment), --seed, --replicate and --policy reproduce that row
exactly: the schedule, sessions.csv's rows and every metric. The replicate's
own seed, printed in the header, is the seed column of results.csv.`,
		Example: `  unconf run                                   # optimized policy, replicate 0
  unconf run --policy show-of-hands --replicate 7
  unconf run --config my.yaml --seed 42 --replicate 3 --policy jetlag --format svg`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !policy.Known(opts.Policy) {
				return &usageError{fmt.Errorf("--policy %s: unknown policy (%s)", input.Quote(opts.Policy), scenario.NameHint(opts.Policy, policy.Names()))}
			}
			if opts.Replicate < 0 {
				return &usageError{fmt.Errorf("--replicate %d: want 0 or more", opts.Replicate)}
			}
			var err error
			if opts.Format, err = chartFormat("format", opts.Format); err != nil {
				return err
			}
			l, err := loadConfig(layers{File: configFile, Env: true, Flags: cmd.Flags(),
				Bind: map[string]string{"run.seed": "seed"}})
			if err != nil {
				return err
			}
			l.warn(env.Err)
			opts.Config, opts.ConfigSource = l.Config, l.Source
			if opts.OutDir == "" {
				opts.OutDir = defaultOut("run", env.Now())
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&configFile, "config", "", "config `FILE` (.yaml, .yml, .json or .toml) merged over the embedded default")
	f.StringVar(&opts.Policy, "policy", "optimized", "scheduling policy `P`")
	f.IntVar(&opts.Replicate, "replicate", 0, "replicate number `R`, as in results.csv")
	f.Uint64("seed", 0, "master seed `S` (run.seed; default from config: 2017)")
	f.StringVarP(&opts.OutDir, "out", "o", "", "output `DIR` for the chart (default ./unconf-out/run-YYYYMMDD-HHMMSS)")
	f.StringVar(&opts.Format, "format", "png", "chart `format`: png, svg or pdf")
	return cmd
}

// runRun replays one replicate under one policy, prints its schedule and
// metrics and writes its schedule chart.
func runRun(ctx context.Context, opts *RunOptions) error {
	out, err := prepareOut(opts.OutDir)
	if err != nil {
		return err
	}
	w, res, err := experiments.Replay(opts.Config, opts.Policy, opts.Replicate)
	if err != nil {
		out.cleanup()
		return err
	}
	if err := ctx.Err(); err != nil {
		out.cleanup()
		return fmt.Errorf("interrupted")
	}
	c := opts.Config
	fmt.Fprintf(opts.Stdout, "%s: policy %s, replicate %d (master seed %d, replicate seed %d)\n",
		w.Event.Name, opts.Policy, opts.Replicate, c.Run.Seed, rng.Replicate(c.Run.Seed, opts.Replicate))
	fmt.Fprintf(opts.Stdout, "%d attendees, %d proposals, %d sessions scheduled; config: %s\n\n",
		len(w.Attendees), len(w.Proposals), len(res.Sessions), opts.ConfigSource)
	if err := writeGrid(opts.Stdout, w.Event, res.Sessions, c.Model.Metrics.Collapsed); err != nil {
		return err
	}
	fmt.Fprintln(opts.Stdout)
	if err := writeMetrics(opts.Stdout, &res.Metrics); err != nil {
		return err
	}
	path := filepath.Join(opts.OutDir, "schedule."+opts.Format)
	day1, _ := c.Model.Event.Start() // no dates on the chart when it does not parse
	if err := scheduleChart(path, w, day1, res, opts.Policy, opts.Replicate, c.Model.Metrics.Collapsed); err != nil {
		out.cleanup()
		return err
	}
	fmt.Fprintf(opts.Stderr, "Wrote %s\n", path)
	return nil
}

// writeGrid prints a schedule slot by slot: one line per room with the
// session's title, hands raised and attendance (moderator included), and
// marks collapsed sessions (attendance ≤ collapsed) and full rooms.
func writeGrid(w io.Writer, ev *sim.Event, sessions []sim.SessionRecord, collapsed int) error {
	cell := make(map[[2]int]*sim.SessionRecord, len(sessions))
	for i := range sessions {
		s := &sessions[i]
		cell[[2]int{s.Slot, s.Room}] = s
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, sl := range ev.Slots {
		fmt.Fprintf(tw, "%s\t\t\t\t\t\n", titleCase(sl.Label()))
		for _, r := range ev.Rooms {
			room := fmt.Sprintf("  %s (%d)", r.Name, r.Capacity)
			s := cell[[2]int{sl.Index, r.Index}]
			if s == nil {
				fmt.Fprintf(tw, "%s\t-\t\t\t\t\n", room)
				continue
			}
			note := ""
			switch {
			case s.Attendance <= collapsed:
				note = "collapsed"
			case s.TurnedAway > 0 && s.HopsOut > 0:
				// Full at the start, then the law of two feet thinned it.
				note = fmt.Sprintf("was full, %d turned away, %d left", s.TurnedAway, s.HopsOut)
			case s.TurnedAway > 0:
				note = fmt.Sprintf("full, %d turned away", s.TurnedAway)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d hands\t%d attended\t%s\t\n", room, truncate(s.Title, 48), s.Hands, s.Attendance, note)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if _, err := io.WriteString(w, strings.TrimRight(line, " ")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// writeMetrics prints every metric of a result, one per line.
func writeMetrics(w io.Writer, m *sim.Metrics) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tVALUE")
	for i, name := range sim.MetricNames() {
		fmt.Fprintf(tw, "%s\t%s\n", name, strconv.FormatFloat(m[i], 'g', 4, 64))
	}
	return tw.Flush()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func titleCase(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// scheduleChart draws res's schedule as a grid chart into path
// (summary.SessionCells, summary.ScheduleChart): each day (dated
// from day1) a block of one row per slot, one column per room, each
// session coloured by attendance over capacity, collapsed sessions
// (attendance ≤ collapsed) and rooms that ended full and turned people
// away outlined. The title names the replicate, not its 20-digit seed
// (run prints it).
func scheduleChart(path string, w *sim.World, day1 time.Time, res *sim.Result, policy string, replicate, collapsed int) error {
	cells, err := summary.SessionCells(w.Event, res.Sessions, collapsed)
	if err != nil {
		return fmt.Errorf("schedule chart: %w", err)
	}
	title := fmt.Sprintf("Schedule under %s, replicate %d: hands → attendance", policy, replicate)
	if err := summary.ScheduleChart(path, title, "attendance / capacity", w.Event, day1, cells, summary.SessionText(collapsed)); err != nil {
		return fmt.Errorf("schedule chart: %w", err)
	}
	return nil
}
