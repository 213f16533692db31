package runner

import (
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  bool
	}{
		{"0/1", Shard{0, 1}, false}, {"7/8", Shard{7, 8}, false}, {" 2/3 ", Shard{2, 3}, false},
		{"8/8", Shard{}, true}, {"-1/3", Shard{}, true}, {"1/0", Shard{}, true}, {"1", Shard{}, true}, {"a/b", Shard{}, true},
	} {
		got, err := ParseShard(tc.in)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name   string
		env    map[string]string
		shards int
		want   Shard
		ok     bool
		err    string
	}{
		{"none", nil, 0, Shard{}, false, ""},
		{"slurm count", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8"}, 0, Shard{3, 8}, true, ""},
		{"slurm min max", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "10"}, 0, Shard{4, 10}, true, ""},
		{"slurm all three", map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, 4, Shard{0, 4}, true, ""},
		{"slurm stepped array", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_COUNT": "4"}, 0, Shard{}, false, "--shards"},
		{"slurm partial rerun with UNCONF_SHARDS", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_COUNT": "2", EnvShards: "16"}, 0, Shard{5, 16}, true, ""},
		{"slurm single rerun with flag", map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "7", "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_COUNT": "1"}, 8, Shard{7, 8}, true, ""},
		{"slurm id beyond count", map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4"}, 8, Shard{}, false, "0 <= i < n"},
		{"slurm no count", map[string]string{"SLURM_ARRAY_TASK_ID": "2"}, 0, Shard{}, false, "cannot tell"},
		{"slurm bad id", map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"}, 0, Shard{}, false, "not a whole number"},
		{"kubernetes flag", map[string]string{"JOB_COMPLETION_INDEX": "2"}, 6, Shard{2, 6}, true, ""},
		{"kubernetes env", map[string]string{"JOB_COMPLETION_INDEX": "0", EnvShards: "3"}, 0, Shard{0, 3}, true, ""},
		{"kubernetes flag over env", map[string]string{"JOB_COMPLETION_INDEX": "4", EnvShards: "3"}, 5, Shard{4, 5}, true, ""},
		{"kubernetes no count", map[string]string{"JOB_COMPLETION_INDEX": "1"}, 0, Shard{}, false, "UNCONF_SHARDS"},
		{"kubernetes out of range", map[string]string{"JOB_COMPLETION_INDEX": "3", EnvShards: "3"}, 0, Shard{}, false, "0 <= i < n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, src, ok, err := ShardFromEnv(func(k string) string { return tc.env[k] }, tc.shards)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil || ok != tc.ok || got != tc.want {
				t.Errorf("got %v ok %v err %v; want %v ok %v", got, ok, err, tc.want, tc.ok)
			}
			if ok && src == "" {
				t.Error("no source description")
			}
		})
	}
}
