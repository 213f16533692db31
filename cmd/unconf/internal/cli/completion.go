package cli

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
)

// completionShells are the shells "unconf completion" writes scripts for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

// NewCompletionCmd returns "unconf completion SHELL", which prints the
// shell's completion script (cobra's generators).
func NewCompletionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script for bash, zsh, fish or PowerShell",
		Long: `Print the script that makes your shell complete unconf's commands and flags,
and the values of many: policy names, chart and results formats, objectives,
config files, sweep specs (embedded:sweeps/NAME.yaml) and scenarios.

bash (needs the bash-completion package):
  source <(unconf completion bash)     # in this shell
  unconf completion bash > ~/.local/share/bash-completion/completions/unconf

zsh (completion must be on: autoload -U compinit; compinit):
  unconf completion zsh > "${fpath[1]}/_unconf"     # then open a new shell

fish:
  unconf completion fish > ~/.config/fish/completions/unconf.fish

PowerShell:
  unconf completion powershell | Out-String | Invoke-Expression
  (add that line to your $PROFILE to keep it)`,
		Example: `  source <(unconf completion bash)
  unconf completion zsh > "${fpath[1]}/_unconf"
  unconf completion fish > ~/.config/fish/completions/unconf.fish
  unconf completion powershell | Out-String | Invoke-Expression`,
		ValidArgs: completionShells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || !slices.Contains(completionShells, args[0]) {
				return &usageError{fmt.Errorf("%s takes one shell: %s", cmd.CommandPath(), strings.Join(completionShells, ", "))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(env.Out, true)
			case "zsh":
				return root.GenZshCompletion(env.Out)
			case "fish":
				return root.GenFishCompletion(env.Out, true)
			}
			return root.GenPowerShellCompletionWithDesc(env.Out)
		},
	}
}

// completeValues registers completions for the flag values of cmd that
// have a known set: policies, formats, objectives, config files.
func completeValues(cmd *cobra.Command) {
	fixed := func(vals ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp)
	}
	f := cmd.Flags()
	register := func(name string, fn cobra.CompletionFunc) {
		if f.Lookup(name) != nil {
			// Errors only for an unknown flag or a second registration.
			_ = cmd.RegisterFlagCompletionFunc(name, fn)
		}
	}
	register("policy", fixed(policy.Names()...))
	register("baseline", fixed(policy.Names()...))
	register("policies", completeList(policy.Names()))
	register("chart-format", fixed("png", "svg", "pdf"))
	if cmd.Name() == "sweep" || cmd.Name() == "merge" {
		register("format", fixed("csv", "parquet"))
	} else {
		register("format", fixed("png", "svg", "pdf"))
	}
	register("objective", fixed(append([]string{"satisfaction"}, sim.MetricNames()...)...))
	register("show", fixed(embeddedNames()...))
	for _, name := range []string{"config", "validate"} {
		if f.Lookup(name) != nil {
			_ = cmd.MarkFlagFilename(name, "yaml", "yml", "json", "toml")
		}
	}
	for _, name := range []string{"attendees", "proposals", "votes", "schedule", "previous"} {
		if f.Lookup(name) != nil {
			_ = cmd.MarkFlagFilename(name, "csv")
		}
	}
	for _, name := range []string{"out"} {
		if f.Lookup(name) != nil {
			_ = cmd.MarkFlagDirname(name)
		}
	}
}

// completeList completes a comma-separated list of names: the names not
// yet given, after what is typed before the last comma.
func completeList(names []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		done, _, _ := cutLast(toComplete, ",")
		given := strings.Split(done, ",")
		var out []cobra.Completion
		for _, n := range names {
			if !slices.Contains(given, n) {
				if done != "" {
					n = done + "," + n
				}
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// cutLast splits s around the last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return "", s, false
}

// completeSpec completes sweep's SPEC argument: the embedded example specs
// after "embedded:", else YAML files.
func completeSpec(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if strings.HasPrefix(toComplete, "e") {
		var out []cobra.Completion
		for _, n := range embeddedSpecs() {
			out = append(out, configs.EmbeddedPrefix+n)
		}
		if strings.HasPrefix(configs.EmbeddedPrefix, toComplete) || strings.HasPrefix(toComplete, configs.EmbeddedPrefix) {
			return out, cobra.ShellCompDirectiveNoFileComp
		}
	}
	return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

// embeddedNames lists the embedded scenarios and sweep specs by the names
// config --show takes ("meetup.yaml", "sweeps/jetlag.yaml").
func embeddedNames() []string {
	names, _ := fs.Glob(configs.FS, "*.yaml") // the pattern is valid
	return append(names, embeddedSpecs()...)
}

// embeddedSpecs lists the embedded sweep specs, "sweeps/jetlag.yaml".
func embeddedSpecs() []string {
	names, _ := fs.Glob(configs.FS, "sweeps/*.yaml") // the pattern is valid
	return names
}
