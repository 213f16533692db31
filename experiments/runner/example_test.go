package runner_test

import (
	"fmt"

	"github.com/unconf/unconf/experiments/runner"
)

// A Slurm array task or a Kubernetes Indexed Job pod finds its shard in
// its environment.
func ExampleShardFromEnv() {
	slurm := map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8"}
	sh, src, ok, err := runner.ShardFromEnv(func(k string) string { return slurm[k] }, 0)
	fmt.Println(sh, ok, err, "from", src)
	k8s := map[string]string{"JOB_COMPLETION_INDEX": "1"}
	sh, src, ok, err = runner.ShardFromEnv(func(k string) string { return k8s[k] }, 4)
	fmt.Println(sh, ok, err, "from", src)
	// Output:
	// 3/8 true <nil> from SLURM_ARRAY_TASK_ID=3 of SLURM_ARRAY_TASK_COUNT=8
	// 1/4 true <nil> from JOB_COMPLETION_INDEX=1 of 4 shards
}
