package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/internal/input"
)

// StateFile is the small file in an output directory that says which run
// it holds, so that a rerun can resume it and a different run is refused.
const StateFile = "run.json"

// LockFile is the file a compare, sweep, shard, merge or plan holds an
// exclusive lock on while it writes a directory.
const LockFile = ".unconf.lock"

// dirLock is a directory locked by lockDir.
type dirLock struct {
	Path    string
	f       *os.File
	created bool // lockDir created the lock file
}

// State is StateFile's content.
type State struct {
	// Kind is the experiment ("compare", "sweep", "sweep-shard", "plan").
	Kind string `json:"kind"`
	// Spec is the hex SHA-256 of everything that determines the rows: the
	// kind, the effective config or sweep spec and the columns (none for
	// plan, which is never resumed).
	Spec string `json:"spec,omitempty"`
	// Version is the program version: another version could write other
	// rows for the same spec.
	Version string `json:"version"`
	Units   int    `json:"units,omitempty"`
	Created string `json:"created"`
}

// SpecHash returns the hex SHA-256 of the JSON of parts.
func SpecHash(parts ...any) (string, error) {
	h := sha256.New()
	for _, p := range parts {
		b, err := json.Marshal(p)
		if err != nil {
			return "", fmt.Errorf("runner: spec hash: %w", err)
		}
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// runRowFiles are the files that show a folder holds a compare or sweep run
// even without a run.json (one written before run.json existed, or a
// folder someone copied files into), which unconf cannot resume: the row
// files, their journals and a shard's part.json.
var runRowFiles = func() []string {
	var names []string
	for _, n := range []string{ResultsFile, SessionsFile, SlotsFile, CheckFile} {
		names = append(names, n, n+JournalExt)
	}
	return append(names, PartFile)
}()

// planFiles show a plan written before plan wrote run.json
// (experiments/plan's ScheduleCSV and ScheduleMD).
var planFiles = []string{"schedule.csv", "schedule.md"}

// writtenNames are the names a run may write or enter in its output
// folder, beyond runRowFiles and planFiles: none may be a symbolic link.
var writtenNames = []string{StateFile, LockFile, MetaFile, SummaryCSV, SummaryMD, MorrisFile, summary.ChartsDir, ParquetFile,
	"schedule.ics", "comparison.csv", "comparison.md", "fixed-schedule.csv"}

// Claim is an output folder locked for one run by TakeDir.
type Claim struct {
	Dir  string
	lock *dirLock
	// fresh reports that the folder had no run.json: the run is its
	// first.
	fresh bool
}

// TakeDir locks dir (created if missing) for the run st and checks that
// dir may hold it:
//
//   - a run.json there describes the same kind of run and, when resume is
//     set (compare, sweep), the same spec and version, or with merge
//     (kind "sweep", resume false) the same spec;
//   - without run.json, dir holds none of runRowFiles, which cannot be
//     resumed without a record, nor (but for a plan) planFiles;
//   - none of the names a run writes there is a symbolic link.
//
// It then removes the temporary files of killed runs from dir and
// dir/charts (atomicfile.RemoveTemps). Refusals say what to do. On error
// the lock is released and its file removed if TakeDir created it.
func TakeDir(dir string, st State, resume bool) (c *Claim, err error) {
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			lock.release(true)
		}
	}()
	c = &Claim{Dir: dir, lock: lock}
	for _, n := range slices.Concat(runRowFiles, planFiles, writtenNames) {
		if p := filepath.Join(dir, n); isSymlink(p) {
			return nil, fmt.Errorf("runner: %s %w", p, atomicfile.ErrSymlink)
		}
	}
	path := filepath.Join(dir, StateFile)
	data, err := input.ReadFile(path, "a run state file", input.MaxJSON)
	switch {
	case errors.Is(err, os.ErrNotExist):
		c.fresh = true
		for _, n := range runRowFiles {
			if Exists(filepath.Join(dir, n)) {
				return nil, fmt.Errorf("runner: %s already holds %s but no %s: not a run unconf can resume; use another output directory or remove it",
					dir, n, StateFile)
			}
		}
		for _, n := range planFiles {
			if st.Kind != "plan" && Exists(filepath.Join(dir, n)) {
				return nil, fmt.Errorf("runner: %s already holds %s, a plan: use another output directory or remove it", dir, n)
			}
		}
	case err != nil:
		return nil, fmt.Errorf("runner: %w", err)
	default:
		var old State
		if err := json.Unmarshal(data, &old); err != nil {
			return nil, fmt.Errorf("runner: %s: %w: use another output directory or remove it", path, err)
		}
		switch {
		case old.Kind != st.Kind:
			return nil, fmt.Errorf("runner: %s holds %s %s run, not %s %s run: use another output directory or remove it",
				dir, article(old.Kind), old.Kind, article(st.Kind), st.Kind)
		case st.Spec != "" && old.Spec != st.Spec:
			return nil, fmt.Errorf("runner: %s holds a %s run of a different spec (%.12s, this one is %.12s): use another output directory, or remove it to start over",
				dir, old.Kind, old.Spec, st.Spec)
		case resume && old.Version != st.Version:
			return nil, fmt.Errorf("runner: %s holds a run by unconf %s; this is %s, whose rows could differ: finish it with %s, or use another output directory",
				dir, old.Version, st.Version, old.Version)
		}
	}
	for _, d := range []string{dir, filepath.Join(dir, summary.ChartsDir)} {
		if _, err := atomicfile.RemoveTemps(d); err != nil {
			return nil, fmt.Errorf("runner: removing what a killed run left: %w", err)
		}
	}
	return c, nil
}

// article returns "an" before a vowel, else "a".
func article(s string) string {
	if s != "" && (s[0] == 'a' || s[0] == 'e' || s[0] == 'i' || s[0] == 'o' || s[0] == 'u') {
		return "an"
	}
	return "a"
}

// Record writes st into run.json, stamped with now, when the folder had
// none (a resumed run keeps the record of its start).
func (c *Claim) Record(st State, now time.Time) error {
	if !c.fresh {
		return nil
	}
	return c.Write(st, now)
}

// Write writes st into run.json, stamped with now.
func (c *Claim) Write(st State, now time.Time) error {
	st.Created = now.UTC().Format(time.RFC3339)
	if err := WriteJSON(filepath.Join(c.Dir, StateFile), st); err != nil {
		return err
	}
	c.fresh = false
	return nil
}

// Release unlocks the folder; failed removes the lock file when TakeDir
// created it, for a run that leaves nothing behind.
func (c *Claim) Release(failed bool) { c.lock.release(failed) }

// OutputDir is an output folder held by a command that writes it in one
// go and never resumes (plan); see TakeOutputDir.
type OutputDir struct {
	c    *Claim
	st   State
	done bool
}

// TakeOutputDir takes dir (created if missing) for a run of kind ("plan")
// by version, as compare, sweep.Run and sweep.Merge take theirs: it locks dir, so
// that no two unconf processes write it at once; refuses a folder whose
// run.json holds another kind of run, or that holds another run's files
// without one, or a symbolic link where a run writes (charts/ and the
// file names unconf uses); and removes the temporary files of killed
// runs. Call Done once every file is written, which records kind in
// run.json, and Release in any case.
func TakeOutputDir(dir, kind, version string) (*OutputDir, error) {
	st := State{Kind: kind, Version: version}
	c, err := TakeDir(dir, st, false)
	if err != nil {
		return nil, err
	}
	return &OutputDir{c: c, st: st}, nil
}

// Done records the run in the folder's run.json, stamped with now.
func (o *OutputDir) Done(now time.Time) error {
	if err := o.c.Write(o.st, now); err != nil {
		return err
	}
	o.done = true
	return nil
}

// Release unlocks the folder. Before Done, it also removes the lock
// file if TakeOutputDir created it, so that a failed run leaves no trace.
func (o *OutputDir) Release() { o.c.Release(!o.done) }
