package sweep

// The parts merge reads: shard and resumed-run folders, found, checked
// against their check records and read segment by segment.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/internal/input"
)

// partDir is a part directory found by Merge.
type partDir struct {
	dir  string
	meta part
}

// findParts returns the complete parts in dirs (each a part directory or a
// directory holding part directories) and the unfinished ones (a shard's
// run.json without part.json).
func findParts(dirs []string) (parts []partDir, incomplete []string, err error) {
	seen := map[string]bool{}
	var visit func(dir string, depth int) (bool, error)
	visit = func(dir string, depth int) (bool, error) {
		abs, _ := filepath.Abs(dir)
		if seen[abs] {
			return true, nil
		}
		data, err := input.ReadFile(filepath.Join(dir, runner.PartFile), "a part file", input.MaxJSON)
		switch {
		case err == nil:
			seen[abs] = true
			var pt part
			if err := json.Unmarshal(data, &pt); err != nil || pt.Kind != "sweep-part" {
				return false, fmt.Errorf("sweep: merge: %s: not a sweep part file", filepath.Join(dir, runner.PartFile))
			}
			parts = append(parts, partDir{dir: dir, meta: pt})
			return true, nil
		case !errors.Is(err, os.ErrNotExist):
			return false, err
		}
		if st, err := input.ReadFile(filepath.Join(dir, runner.StateFile), "a run state file", input.MaxJSON); err == nil {
			var rs runner.State
			if json.Unmarshal(st, &rs) == nil && rs.Kind == "sweep-shard" {
				seen[abs] = true
				incomplete = append(incomplete, dir)
				return true, nil
			}
		}
		if depth > 0 {
			return false, nil
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return false, fmt.Errorf("sweep: merge: %w", err)
		}
		found := false
		for _, e := range entries {
			if e.IsDir() {
				ok, err := visit(filepath.Join(dir, e.Name()), depth+1)
				if err != nil {
					return false, err
				}
				found = found || ok
			}
		}
		return found, nil
	}
	for _, d := range dirs {
		ok, err := visit(d, 0)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, fmt.Errorf("sweep: merge: %s holds no sweep part (no %s in it or its subdirectories)", d, runner.PartFile)
		}
	}
	slices.SortFunc(parts, func(a, b partDir) int {
		if c := a.meta.FirstUnit - b.meta.FirstUnit; c != 0 {
			return c
		}
		return strings.Compare(a.dir, b.dir)
	})
	return parts, incomplete, nil
}

// checkRecord returns why the part's check.csv cannot be trusted ("" when
// it can): part.json records no check (a part of an older unconf), or the
// file's SHA-256 is not the one recorded.
func (pt partDir) checkRecord() string {
	if pt.meta.CheckSHA256 == "" {
		return fmt.Sprintf("%s (its %s records no check of its rows: written by an older unconf)", pt.dir, runner.PartFile)
	}
	path := filepath.Join(pt.dir, runner.CheckFile)
	sum, err := fileSHA256(path)
	switch {
	case err != nil:
		return fmt.Sprintf("%s (%v)", path, err)
	case sum != pt.meta.CheckSHA256:
		return fmt.Sprintf("%s (not the file %s records: its SHA-256 is %.12s, not %.12s)", path, runner.PartFile, sum, pt.meta.CheckSHA256)
	}
	return ""
}

// missingShards names the shards absent from parts that all split the
// sweep the same way: "shard 2/8".
func missingShards(parts []partDir) []string {
	if len(parts) == 0 {
		return nil
	}
	n := parts[0].meta.Count
	have := make([]bool, n)
	for _, pt := range parts {
		if pt.meta.Count != n {
			return nil
		}
		have[pt.meta.Index] = true
	}
	var out []string
	for i, ok := range have {
		if !ok {
			out = append(out, fmt.Sprintf("shard %d/%d", i, n))
		}
	}
	return out
}

// partReaders reads the row files of parts sequentially, one reader per
// part × stream, each moving forward only, with a reader of the part's
// check.csv beside each row file's.
type partReaders struct {
	p     *sweepPlan
	parts []partDir
	open  map[[2]int]*partReader
}

type partReader struct {
	rows, checks *runner.RowReader // checks is nil for the check stream itself
}

func newPartReaders(p *sweepPlan, parts []partDir) *partReaders {
	return &partReaders{p: p, parts: parts, open: map[[2]int]*partReader{}}
}

func (rs *partReaders) close() {
	for k, r := range rs.open {
		r.rows.Close()
		if r.checks != nil {
			r.checks.Close()
		}
		delete(rs.open, k)
	}
}

func (rs *partReaders) get(part, st int) (*partReader, error) {
	if r, ok := rs.open[[2]int{part, st}]; ok {
		return r, nil
	}
	dir, streams := rs.parts[part].dir, rs.p.streams
	check := len(streams) - 1
	rows, err := runner.OpenRows(filepath.Join(dir, streams[st].Name()), streams[st].HeaderLine())
	if err != nil {
		return nil, err
	}
	r := &partReader{rows: rows}
	if st != check {
		if r.checks, err = runner.OpenRows(filepath.Join(dir, streams[check].Name()), streams[check].HeaderLine()); err != nil {
			rows.Close()
			return nil, err
		}
	}
	rs.open[[2]int{part, st}] = r
	return r, nil
}

// copy writes the rows of units [lo, hi) of part's stream st to w. Each
// unit's rows in a row file must be those the part's check.csv records
// (a *runner.RowError otherwise); the check file's own rows are copied as they
// are (part.json vouches for it, and every unit's record is read while
// checking the results).
func (rs *partReaders) copy(part, st, lo, hi int, w io.Writer) error {
	r, err := rs.get(part, st)
	if err != nil {
		return err
	}
	if r.checks != nil {
		return runner.CheckUnits(r.rows, r.checks, st, lo, hi, true, w)
	}
	for rr := r.rows; rr.Line != nil && rr.Unit < hi; {
		if rr.Unit >= lo {
			if _, err := w.Write(rr.Line); err != nil {
				return err
			}
		}
		if err := rr.Next(); err != nil {
			return err
		}
	}
	return nil
}
