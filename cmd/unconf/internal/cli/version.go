package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version returns unconf's version: the module version when built from a
// tagged module ("v1.2.0"), else "devel", followed by the VCS revision when
// the build recorded one ("devel+3f2a9c1d0e4b", "+dirty" for uncommitted
// changes).
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(info)
}

func versionOf(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if v == "devel" && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += "+" + rev
		if dirty {
			v += "+dirty"
		}
	}
	return v
}

// NewVersionCmd returns "unconf version".
func NewVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print unconf's version",
		Long: `Print unconf's version: the module version of an installed release, or
"devel" plus the VCS revision when built from a source checkout, and the Go
version. Compare, sweep, merge and plan record the same string in their
outputs.`,
		Example: `  unconf version
  unconf --version`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(env.Out, versionLine(Version()))
			return err
		},
	}
}

// versionLine is what "unconf version" and "unconf --version" print:
// "unconf devel+3f2a9c1d0e4b (go1.26.8)".
func versionLine(v string) string { return fmt.Sprintf("unconf %s (%s)", v, runtime.Version()) }
