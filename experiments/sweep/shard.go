package sweep

import (
	"fmt"
	"strconv"

	"github.com/unconf/unconf/experiments/runner"
)

// partDirName is the directory of shard sh of the sweep whose spec hash is
// hash: "shard-03-of-16-<12 hex digits>".
func partDirName(sh runner.Shard, hash string) string {
	w := len(strconv.Itoa(sh.Count - 1))
	return fmt.Sprintf("shard-%0*d-of-%d-%s", w, sh.Index, sh.Count, hash[:12])
}
