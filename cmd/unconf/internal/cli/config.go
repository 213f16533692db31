package cli

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/sweep"
	"github.com/unconf/unconf/internal/input"
)

// ConfigOptions are the settings of "unconf config".
type ConfigOptions struct {
	Out io.Writer
	// ConfigFile is --config; Settings and Source the effective
	// configuration after layering (filled in unless Validate or List).
	ConfigFile string
	Settings   map[string]any
	Source     string
	// Validate is the file given to --validate, checked over the embedded
	// default (the environment and flags do not apply).
	Validate string
	// List lists the embedded scenarios; Show names one to print as it is.
	List bool
	Show string
}

// NewConfigCmd returns "unconf config". runF, if not nil, replaces
// configRun (tests).
func NewConfigCmd(env *Env, runF func(*ConfigOptions) error) *cobra.Command {
	opts := &ConfigOptions{Out: env.Out}
	cmd := &cobra.Command{
		Use:   "config [--config FILE | --validate FILE | --list | --show NAME]",
		Short: "Print the effective configuration as YAML, or check a config file",
		Long: `Print the effective configuration as YAML: the embedded default scenario,
with a --config file and UNCONF_* environment variables applied. With no file
this is the embedded default, every key with its comment; save it, edit what
you need, and pass it back with --config. A config file need only hold the
keys it changes, but a complete one is fine too.

--validate FILE checks FILE as "--config FILE" would load it (over the
embedded default; environment variables ignored) and prints "ok", or fails
with one line naming the file, the key and the value.

--list lists the embedded example scenarios (the files in the repository's
configs/ folder) and sweep specs (configs/sweeps/), and --show NAME prints
one, comments included: save a scenario and pass it with --config, a sweep
spec to "unconf sweep" (or run it as embedded:sweeps/NAME.yaml).`,
		Example: `  unconf config > my.yaml
  unconf config --validate my.yaml
  UNCONF_RUN_SEEDS=100 unconf config --config my.yaml   # what compare would use
  unconf config --list
  unconf config --show meetup.yaml > meetup.yaml && unconf compare --config meetup.yaml
  unconf config --show sweeps/jetlag.yaml > my-sweep.yaml   # edit, then: unconf sweep my-sweep.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			n := 0
			for _, set := range []bool{opts.ConfigFile != "", opts.Validate != "", opts.List, opts.Show != ""} {
				if set {
					n++
				}
			}
			if n > 1 {
				return &usageError{fmt.Errorf("use at most one of --config, --validate, --list and --show")}
			}
			if opts.Validate == "" && !opts.List && opts.Show == "" {
				l, err := loadConfig(layers{File: opts.ConfigFile, Env: true, Flags: cmd.Flags()})
				if err != nil {
					return err
				}
				l.warn(env.Err)
				opts.Settings, opts.Source = l.Settings, l.Source
			}
			if runF != nil {
				return runF(opts)
			}
			return configRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.ConfigFile, "config", "", "config `FILE` (.yaml, .yml, .json or .toml) merged over the embedded default")
	f.StringVar(&opts.Validate, "validate", "", "check `FILE` and print \"ok\" or the error")
	f.BoolVar(&opts.List, "list", false, "list the embedded example scenarios and sweep specs")
	f.StringVar(&opts.Show, "show", "", "print the embedded scenario or sweep spec `NAME` (see --list)")
	return cmd
}

// configRun prints the effective configuration, validates a file or lists
// the embedded scenarios.
func configRun(opts *ConfigOptions) error {
	switch {
	case opts.List:
		return listScenarios(opts.Out)
	case opts.Show != "":
		return showScenario(opts.Out, opts.Show)
	case opts.Validate != "":
		if _, err := loadConfig(layers{File: opts.Validate}); err != nil {
			return err
		}
		_, err := fmt.Fprintln(opts.Out, "ok")
		return err
	}
	out, err := effectiveYAML(opts.Settings, opts.Source)
	if err != nil {
		return err
	}
	_, err = opts.Out.Write(out)
	return err
}

// effectiveYAML renders settings in the layout of the embedded default.
func effectiveYAML(settings map[string]any, source string) ([]byte, error) {
	data, err := configs.FS.ReadFile(configs.DefaultName)
	if err != nil {
		return nil, err
	}
	var tmpl yaml.Node
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		return nil, fmt.Errorf("embedded default: %w", err)
	}
	header := fmt.Sprintf(`unconf effective configuration, from: %s.
Every key is documented in README.md; the model in docs/ODD.md. Edit what
you need and pass the file back with --config (keys you leave out keep the
embedded default).`, source)
	return marshalSettings(settings, &tmpl, header)
}

// listScenarios prints each embedded scenario with a one-line description,
// then each embedded sweep spec with its design.
func listScenarios(w io.Writer) error {
	names, err := fs.Glob(configs.FS, "*.yaml")
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tEVENT\tDAYS\tSLOTS/DAY\tROOMS\tATTENDEES\tVISITORS")
	for _, name := range names {
		c, err := scenario.Embedded(name)
		if err != nil {
			return err
		}
		ev := c.Model.Event
		rooms := 0
		for _, g := range ev.Rooms {
			rooms += g.Count
		}
		mark := ""
		if name == configs.DefaultName {
			mark = " (default)"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%d\t%d\t%d\t%d\t%.0f%%\n", name, mark, ev.Name, ev.Days, len(ev.Slots), rooms,
			c.Model.Attendees.Count, 100*c.Model.Attendees.VisitorShare)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SWEEP SPEC\tDESIGN\tPOINTS\tUNITS\tSWEPT KEYS")
	for _, name := range embeddedSpecs() {
		arg := configs.EmbeddedPrefix + name
		spec, err := sweep.Load(arg)
		if err != nil {
			return err
		}
		points, units, err := spec.Validate()
		if err != nil {
			return fmt.Errorf("%s: %w", arg, err)
		}
		keys := make([]string, len(spec.Parameters))
		for i, p := range spec.Parameters {
			keys[i] = p.Key
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", name, spec.Design.Kind, points, units, truncate(strings.Join(keys, ", "), 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, "\nPrint one with its comments: unconf config --show NAME (e.g. meetup.yaml, sweeps/jetlag.yaml);\n"+
		"run a sweep spec as it is: unconf sweep embedded:sweeps/NAME.yaml.")
	return err
}

// showScenario prints the embedded scenario or sweep spec called name as it
// is: "meetup" or "meetup.yaml", "sweeps/jetlag.yaml", "jetlag" when no
// scenario has that name, or "embedded:sweeps/jetlag.yaml".
func showScenario(w io.Writer, name string) error {
	want := strings.TrimPrefix(name, configs.EmbeddedPrefix)
	if path.Ext(want) == "" {
		want += ".yaml"
	}
	all := embeddedNames()
	switch {
	case slices.Contains(all, want):
	case slices.Contains(all, "sweeps/"+want):
		want = "sweeps/" + want
	default:
		return &usageError{fmt.Errorf("--show %s: no such embedded scenario or sweep spec (%s)", input.Quote(name),
			scenario.NameHint(want, all))}
	}
	data, err := configs.FS.ReadFile(want)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
