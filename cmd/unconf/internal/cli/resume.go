package cli

import (
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// resumeCommand returns the command line that resumes the run cmd was
// called for, with its arguments: the same UNCONF_* variables, command,
// arguments and flags, --out set to out (the default output folder is
// new each time, so the resumed run must name it), and extra flags (a
// shard that came from the environment). Words are quoted for a POSIX
// shell.
func resumeCommand(cmd *cobra.Command, args []string, out string, extra ...string) string {
	return commandWithout(cmd, args, out, nil, extra...)
}

// commandWithout is resumeCommand without the flags named in drop and
// without the UNCONF_* variables that stand for them (UNCONF_SHARDS for
// shards): calibrate's shards name the unsharded run that follows them.
func commandWithout(cmd *cobra.Command, args []string, out string, drop []string, extra ...string) string {
	var words []string
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, envPrefix+"_") && !slices.Contains(deployEnv, name) &&
			!slices.Contains(drop, strings.ToLower(strings.TrimPrefix(name, envPrefix+"_"))) {
			env = append(env, kv)
		}
	}
	slices.Sort(env)
	words = append(words, env...)
	words = append(words, strings.Fields(cmd.CommandPath())...)
	words = append(words, args...)
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch {
		case f.Name == "out", slices.Contains(drop, f.Name):
		case f.Value.Type() == "bool":
			if f.Value.String() == "true" {
				words = append(words, "--"+f.Name)
			} else {
				words = append(words, "--"+f.Name+"=false")
			}
		default:
			v := f.Value.String()
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				v = strings.Join(sv.GetSlice(), ",")
			}
			words = append(words, "--"+f.Name, v)
		}
	})
	words = append(words, extra...)
	words = append(words, "--out", out)
	for i, w := range words {
		words[i] = shellQuote(w)
	}
	return strings.Join(words, " ")
}

// shellQuote quotes w for a POSIX shell when it holds anything but
// letters, digits and -_./:=,@%+ (a NAME=value word keeps its name bare).
func shellQuote(w string) string {
	safe := func(s string) bool {
		return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,@%+", r))
		})
	}
	if safe(w) {
		return w
	}
	if name, val, ok := strings.Cut(w, "="); ok && strings.HasPrefix(name, envPrefix+"_") && safe(name) {
		return name + "=" + shellQuote(val)
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
