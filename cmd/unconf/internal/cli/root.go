package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
)

// Env is what commands may use of the outside world; tests build their own.
type Env struct {
	// Out receives results (summaries, YAML); Err progress, warnings and
	// errors.
	Out, Err io.Writer
	// ErrTTY reports whether Err is a terminal: a progress bar then, plain
	// progress lines otherwise.
	ErrTTY bool
	// Now is the clock used to name default output folders.
	Now func() time.Time
	// Context returns the context work runs under and its cancel function.
	// System's is cancelled by Ctrl-C or SIGTERM; a second Ctrl-C kills.
	Context func() (context.Context, context.CancelFunc)

	// commandLine is the command as typed, set by Main, for meta.json.
	commandLine string
}

// System returns the Env of a real process: stdout, stderr, the wall clock,
// and a context cancelled on interrupt.
func System() *Env {
	return &Env{
		Out:    os.Stdout,
		Err:    os.Stderr,
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Now:    time.Now,
		Context: func() (context.Context, context.CancelFunc) {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			// After the first signal, restore the default handling: a second
			// Ctrl-C stops at once.
			go func() {
				<-ctx.Done()
				stop()
			}()
			return ctx, stop
		},
	}
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks an error in how the command was called.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// Main runs unconf with the given arguments and returns the exit status. It
// prints an error as the single line "unconf: <error>" on env.Err; a usage
// error ends with "(see 'unconf <command> --help')".
func Main(args []string, env *Env) int {
	e := *env
	e.commandLine = commandLine(args)
	env = &e
	root := NewRootCmd(env)
	root.SetArgs(args)
	ctx, cancel := env.Context()
	defer cancel()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	msg := userWords(oneLine(err.Error()))
	var ue *usageError
	if errors.As(err, &ue) || strings.HasPrefix(msg, "unknown command") {
		fmt.Fprintf(env.Err, "unconf: %s (see '%s --help')\n", msg, commandPath(root, args))
		return exitUsage
	}
	fmt.Fprintf(env.Err, "unconf: %s\n", msg)
	return exitError
}

// packagePrefix matches the package prefixes of library errors
// ("experiments: ", "runner: ", "config: ") where the message or a
// wrapped part of it starts. Each package under experiments names itself
// in its errors; those listed here are dropped.
var packagePrefix = regexp.MustCompile(`(^|: )(?:(?:experiments|runner|sweep|summary|scenario|configs|config|plan|sim|charts|agents|policy|stats): )+`)

// userWords drops the library's package prefixes from an error message:
// the user named a flag, a key or a file, not a Go package. The words
// after them already say what is wrong and where.
func userWords(msg string) string {
	return packagePrefix.ReplaceAllString(msg, "$1")
}

// commandPath returns "unconf compare" for the args of a compare call.
func commandPath(root *cobra.Command, args []string) string {
	if c, _, err := root.Find(args); err == nil && c != nil {
		return c.CommandPath()
	}
	return root.Name()
}

// NewRootCmd returns the unconf command tree.
func NewRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "unconf <command> [flags]",
		Short: "Simulate unconferences to compare scheduling policies",
		Long: `unconf simulates an unconference (by default one like SOCML 2017: two days,
ten rooms, 200 attendees, many of them jet-lagged) as an agent-based model and
compares scheduling policies over many random seeds.

Configuration comes from, lowest first: the embedded default scenario, a
--config file (YAML, JSON or TOML; only the keys you give change), UNCONF_*
environment variables (UNCONF_RUN_SEEDS=100 sets run.seeds) and flags.
Print the effective configuration with "unconf config".

Exit status: 0 on success; 2 when the command line itself is wrong (an
unknown command or flag, a flag value that does not parse, is out of range
or names nothing known); 1 for any other error (a file, a config value, an
UNCONF_* variable, the output folder, failed units, an interruption).`,
		Example: `  unconf compare                      # every policy, 30 seeds, embedded default
  unconf compare --seeds 200 --out results/
  unconf run --policy jetlag --replicate 3
  unconf config > my.yaml             # edit, then: unconf compare --config my.yaml
  unconf --version
  source <(unconf completion bash)    # complete commands, flags and values`,
		Version:       Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	root.SetVersionTemplate(versionLine("{{.Version}}") + "\n")
	root.SetFlagErrorFunc(flagError)
	// Our own completion command: cobra's has no examples and lets a
	// wrong shell name pass as a usage error we do not format.
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(
		NewCompareCmd(env, nil),
		NewRunCmd(env, nil),
		NewSweepCmd(env, nil), NewMergeCmd(env, nil), NewPlotCmd(env, nil),
		NewPlanCmd(env, nil), NewCalibrateCmd(env, nil),
		NewConfigCmd(env, nil),
		NewReportCmd(env, nil),
		NewVersionCmd(env),
		NewCompletionCmd(env),
	)
	for _, c := range root.Commands() {
		completeValues(c)
		if c.Name() == "sweep" {
			c.ValidArgsFunction = completeSpec
		}
	}
	return root
}

// commandLine returns "unconf" and args as a shell would need them typed:
// an argument with spaces or shell characters in single quotes.
func commandLine(args []string) string {
	parts := []string{"unconf"}
	for _, a := range args {
		if a == "" || strings.ContainsFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,+@%", r))
		}) {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// flagError rewords pflag's errors in the user's words, as usage errors:
// `--seeds "abc": want a whole number` instead of strconv's, and an
// unknown flag with the closest one.
func flagError(cmd *cobra.Command, err error) error {
	var (
		inv *pflag.InvalidValueError
		ne  *pflag.NotExistError
		vr  *pflag.ValueRequiredError
	)
	switch {
	case errors.As(err, &inv):
		f := inv.GetFlag()
		return &usageError{fmt.Errorf("--%s %s: want %s", f.Name, input.Quote(inv.GetValue()), flagWant(f))}
	case errors.As(err, &ne) && ne.GetSpecifiedShortnames() == "":
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		msg := "unknown flag --" + ne.GetSpecifiedName()
		if s := scenario.Suggest(ne.GetSpecifiedName(), names); s != "" {
			msg += " (did you mean --" + s + "?)"
		}
		return &usageError{errors.New(msg)}
	case errors.As(err, &vr):
		return &usageError{fmt.Errorf("--%s needs a value", vr.GetFlag().Name)}
	}
	return &usageError{err}
}

// flagWant says what a flag of f's type takes.
func flagWant(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "int":
		return "a whole number"
	case "uint64":
		return "a whole number from 0 to 18446744073709551615"
	case "float64":
		return "a number"
	case "bool":
		return "true or false"
	}
	return "a value of type " + f.Value.Type()
}

// noArgs is cobra.NoArgs as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return &usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])}
	}
	return nil
}

// oneLine folds a multi-line error (mapstructure lists its errors on lines
// of their own, cobra its suggestions for a mistyped command) into one
// line.
func oneLine(s string) string {
	s = strings.Replace(s, "decoding failed due to the following error(s):", "", 1)
	if before, sugs, ok := strings.Cut(s, "Did you mean this?"); ok {
		s = strings.TrimSpace(before) + "; did you mean " + strings.Join(strings.Fields(sugs), " or ") + "?"
	}
	var parts []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	s = strings.Join(parts, "; ")
	return strings.ReplaceAll(s, ":;", ":")
}
