package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spf13/cobra"
)

// Version returns unconf's version, which tells builds apart so that
// resume and merge can refuse rows of another one:
//
//   - the module version when the build recorded one: a release tag
//     ("v1.2.0"), or the pseudo-version Go 1.24+ derives from the commit
//     of a source checkout ("v0.0.0-20261202222416-f931578dfe24");
//   - else "devel+" and the VCS revision when the build recorded one
//     ("devel+3f2a9c1d0e4b");
//   - followed, when neither identifies the build (no VCS information, as
//     with GOFLAGS=-buildvcs=false or outside a checkout, or uncommitted
//     changes: "+dirty"), by "+bin." and the first 12 hex digits of the
//     SHA-256 of the executable itself ("devel+bin.5e0c7d21a9f4",
//     "devel+3f2a9c1d0e4b+dirty+bin.5e0c7d21a9f4"): the same for every
//     run of one binary, different for any other build.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = &debug.BuildInfo{}
	}
	return versionOf(info, exeHash)
}

// exeHash returns the first 12 hex digits of the SHA-256 of the running
// executable, or "unknown". It is computed once per process (tens of
// milliseconds for a large binary): a cache of a fact about the process,
// not state.
var exeHash = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
})

// versionOf returns the version of the build described by info;
// binHash, called only when info does not identify the build, returns
// the executable's hash.
func versionOf(info *debug.BuildInfo, binHash func() string) string {
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
	v := info.Main.Version
	switch {
	case v != "" && v != "(devel)":
		if dirty && !strings.HasSuffix(v, "+dirty") {
			v += "+dirty"
		}
	case rev != "":
		v = "devel+" + rev[:min(len(rev), 12)]
		if dirty {
			v += "+dirty"
		}
	default:
		v = "devel"
	}
	if v == "devel" || dirty {
		v += "+bin." + binHash()
	}
	return v
}

// NewVersionCmd returns "unconf version".
func NewVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print unconf's version",
		Long: `Print unconf's version and the Go version it was built with: the module
version of an installed release, or the one Go derives from the commit of
a source checkout (v0.0.0-<time>-<commit>, or devel+<commit>); when that
does not identify the build (no VCS information, as with
GOFLAGS=-buildvcs=false, or uncommitted changes: +dirty), "+bin." and the
start of the SHA-256 of the executable follow, so that every build reads
differently. Compare, sweep, merge and plan record the same string in
their outputs; resume and merge refuse rows of another build.`,
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
