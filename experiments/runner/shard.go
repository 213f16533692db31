package runner

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one of Count slices of an experiment's fixed work: a sweep's
// shard i of n runs tasks [i·T/n, (i+1)·T/n) of its T tasks, calibrate's
// the draws m of a round with m % n == i. The zero Shard (Count 0) is the
// whole of it. Seeds depend on the unit only, so any split gives the same
// results.
type Shard struct {
	Index, Count int
}

// String returns "i/n", or "" for the zero Shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Valid reports an error unless 0 <= Index < Count (or both are 0).
func (s Shard) Valid() error {
	if s.Count == 0 && s.Index == 0 {
		return nil
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: want i/n with 0 <= i < n", s.Index, s.Count)
	}
	return nil
}

// ParseShard parses "i/n" (0-based i, e.g. "0/8" … "7/8").
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want i/n, e.g. 0/8 (shards are numbered from 0)", s)
	}
	sh := Shard{Index: i, Count: n}
	if n == 0 {
		return Shard{}, fmt.Errorf("shard %q: want n >= 1", s)
	}
	return sh, sh.Valid()
}

// Environment variables that pick a shard.
const (
	// EnvShards is the number of shards of a Kubernetes Indexed Job (its
	// completions), when not given by flag.
	EnvShards = "UNCONF_SHARDS"
)

// ShardFromEnv returns the shard the cluster engine's environment asks for,
// with a description of where it came from; ok is false when the
// environment names no shard (a plain run). getenv is os.Getenv in
// production. shards is the shard count given by flag (0 for none); it is
// needed with Kubernetes, whose pods know only their index.
//
//   - Slurm array jobs: SLURM_ARRAY_TASK_ID is the shard index and the
//     count comes from shards or UNCONF_SHARDS when given (so that a
//     partial re-run, --array=3,5, runs shards 3 and 5); otherwise from
//     SLURM_ARRAY_TASK_COUNT, or from SLURM_ARRAY_TASK_MIN and _MAX (shard
//     ID − MIN of MAX − MIN + 1).
//   - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX, with the count from
//     shards or else the UNCONF_SHARDS variable.
func ShardFromEnv(getenv func(string) string, shards int) (sh Shard, source string, ok bool, err error) {
	num := envInt(getenv)
	id, isSlurm, err := num("SLURM_ARRAY_TASK_ID")
	if err != nil {
		return Shard{}, "", false, err
	}
	idx, isK8s, err := num("JOB_COMPLETION_INDEX")
	if err != nil {
		return Shard{}, "", false, err
	}
	if !isSlurm && !isK8s {
		return Shard{}, "", false, nil
	}
	// The shard count given by flag or UNCONF_SHARDS, if any.
	n, nsrc := shards, fmt.Sprintf("%d shards", shards)
	if n == 0 {
		var has bool
		if n, has, err = num(EnvShards); err != nil {
			return Shard{}, "", false, err
		}
		if has {
			nsrc = fmt.Sprintf("%s=%d", EnvShards, n)
		}
	}
	if isSlurm {
		sh, source, err := slurmShard(num, id, n, nsrc)
		if err != nil {
			return Shard{}, "", false, err
		}
		return sh, source, true, nil
	}
	if n == 0 {
		return Shard{}, "", false, fmt.Errorf("JOB_COMPLETION_INDEX=%d but no shard count: pass --shards N or set %s to the Job's completions", idx, EnvShards)
	}
	source = fmt.Sprintf("JOB_COMPLETION_INDEX=%d of %s", idx, nsrc)
	sh = Shard{Index: idx, Count: n}
	if err := sh.Valid(); err != nil {
		return Shard{}, "", false, fmt.Errorf("%s: %w", source, err)
	}
	return sh, source, true, nil
}

// envInt returns a reader of whole-number environment variables through
// getenv: a variable's value, whether it is set (not blank), and an error
// naming it when it is not a whole number.
func envInt(getenv func(string) string) func(name string) (int, bool, error) {
	return func(name string) (int, bool, error) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, true, fmt.Errorf("%s=%q: not a whole number", name, v)
		}
		return n, true, nil
	}
}

// slurmShard returns the shard of Slurm array task id and where it came
// from: of n shards (named by nsrc) when n > 0, else of the array's
// SLURM_ARRAY_TASK_MIN…MAX or SLURM_ARRAY_TASK_COUNT, read with num.
func slurmShard(num func(string) (int, bool, error), id, n int, nsrc string) (sh Shard, source string, err error) {
	count, hasCount, err := num("SLURM_ARRAY_TASK_COUNT")
	if err != nil {
		return Shard{}, "", err
	}
	lo, hasMin, err := num("SLURM_ARRAY_TASK_MIN")
	if err != nil {
		return Shard{}, "", err
	}
	hi, hasMax, err := num("SLURM_ARRAY_TASK_MAX")
	if err != nil {
		return Shard{}, "", err
	}
	switch {
	case n > 0:
		// The array's task ids are the shard indices, whatever part
		// of the array runs (a re-run of --array=3,5).
		sh = Shard{Index: id, Count: n}
		source = fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d of %s", id, nsrc)
	case hasMin && hasMax:
		sh = Shard{Index: id - lo, Count: hi - lo + 1}
		source = fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d of SLURM_ARRAY_TASK_MIN=%d…SLURM_ARRAY_TASK_MAX=%d", id, lo, hi)
		if hasCount && count != sh.Count {
			return Shard{}, "", fmt.Errorf("%s but SLURM_ARRAY_TASK_COUNT=%d: a partial or stepped array; give the number of shards with --shards or %s", source, count, EnvShards)
		}
	case hasCount:
		sh = Shard{Index: id, Count: count}
		source = fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d of SLURM_ARRAY_TASK_COUNT=%d", id, count)
	default:
		return Shard{}, "", fmt.Errorf("SLURM_ARRAY_TASK_ID=%d without SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN/MAX: cannot tell the number of shards; give it with --shards or %s", id, EnvShards)
	}
	if err := sh.Valid(); err != nil {
		return Shard{}, "", fmt.Errorf("%s: %w", source, err)
	}
	return sh, source, nil
}
