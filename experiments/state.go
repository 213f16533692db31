package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// stateFile is the small file in an output directory that says which run
// it holds, so that a rerun can resume it and a different run is refused.
const stateFile = "run.json"

// runState is stateFile's content.
type runState struct {
	// Kind is the experiment ("compare", "sweep", …).
	Kind string `json:"kind"`
	// Spec is the hex SHA-256 of everything that determines the rows: the
	// kind, the effective config or sweep spec and the columns.
	Spec string `json:"spec"`
	// Version is the program version: another version could write other
	// rows for the same spec.
	Version string `json:"version"`
	Units   int    `json:"units"`
	Created string `json:"created"`
}

// specHash returns the hex SHA-256 of the JSON of parts.
func specHash(parts ...any) (string, error) {
	h := sha256.New()
	for _, p := range parts {
		b, err := json.Marshal(p)
		if err != nil {
			return "", fmt.Errorf("experiments: spec hash: %w", err)
		}
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// claimDir makes dir hold the run st: it creates dir and its state file,
// or checks that the state file there describes the same run (to resume
// it). A different run, or output files without a state file, are refused
// with an error that says what to do. streams are the output files the
// run would write.
func claimDir(dir string, st runState, now time.Time, streams []stream) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("experiments: output directory: %w", err)
	}
	path := filepath.Join(dir, stateFile)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		for _, s := range streams {
			for _, p := range []string{s.name, s.name + journalExt} {
				if exists(filepath.Join(dir, p)) {
					return fmt.Errorf("experiments: %s already holds %s but no %s: not a run unconf can resume; use another output directory or remove it",
						dir, p, stateFile)
				}
			}
		}
		st.Created = now.UTC().Format(time.RFC3339)
		return writeJSON(path, st)
	case err != nil:
		return fmt.Errorf("experiments: %w", err)
	}
	var old runState
	if err := json.Unmarshal(data, &old); err != nil {
		return fmt.Errorf("experiments: %s: %w: use another output directory or remove it", path, err)
	}
	switch {
	case old.Kind != st.Kind:
		return fmt.Errorf("experiments: %s holds a %s run, not a %s run: use another output directory or remove it", dir, old.Kind, st.Kind)
	case old.Spec != st.Spec:
		return fmt.Errorf("experiments: %s holds a %s run of a different spec (%.12s, this one is %.12s): use another output directory, or remove it to start over",
			dir, old.Kind, old.Spec, st.Spec)
	case old.Version != st.Version:
		return fmt.Errorf("experiments: %s holds a run by unconf %s; this is %s, whose rows could differ: finish it with %s, or use another output directory",
			dir, old.Version, st.Version, old.Version)
	}
	return nil
}
