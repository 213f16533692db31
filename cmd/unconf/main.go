// Command unconf simulates unconferences to compare scheduling policies.
// Run "unconf --help" for the commands.
package main

import (
	"os"

	"github.com/unconf/unconf/cmd/unconf/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], cli.System())) }
