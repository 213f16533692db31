// Package cli holds unconf's commands: each is an options struct, a
// constructor that binds its flags, and a run function that takes the
// options and no CLI types, so flag parsing is tested without doing the work
// (the layout of the gh command line tool).
//
// Configuration is layered, lowest first: the embedded default scenario
// (configs.DefaultName), the --config file (YAML, JSON or TOML, merged key by
// key over the default; lists replace lists), UNCONF_* environment variables
// (UNCONF_RUN_SEEDS for run.seeds) and explicitly set flags. A fresh viper
// instance serves each command invocation; there are no package-level
// commands or viper globals.
//
// Exit status: 0 on success, 1 on an error, 2 on a usage error (unknown
// command or flag, a flag value that does not parse, wrong arguments); main
// prints the error as one line "unconf: <error>" on stderr.
package cli
