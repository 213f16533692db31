package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
)

// TestMergeChecksEveryRowFile damages one part's row files and checks
// that merge refuses, naming the part's file and the unit, and writes
// nothing.
func TestMergeChecksEveryRowFile(t *testing.T) {
	s := tinySpec(t, gridSpec)
	for _, tc := range []struct {
		name     string
		part     int
		file     string
		edit     func([]string) []string
		wantUnit string
	}{
		{"last sessions lines cut", 1, runner.SessionsFile, exptest.CutLast(5), "unit 35 (p3/r2/spread)"},
		{"slots row duplicated", 0, runner.SlotsFile, exptest.Duplicate(3), "unit 0 (p0/r0/random)"},
		{"slots rows swapped", 2, runner.SlotsFile, exptest.Swap(2, 3), "unit 36 (p4/r0/random)"},
		{"results rows swapped", 2, runner.ResultsFile, exptest.Swap(1, 2), "unit 36 (p4/r0/random)"},
		// -1: a second copy of part 1, compared with it unit by unit.
		{"duplicate part's sessions cut", -1, runner.SessionsFile, exptest.CutLast(5), "unit 35 (p3/r2/spread)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			parts := runShards(t, s, dir, 3, true)
			args := []string{dir}
			if tc.part < 0 {
				dup := filepath.Join(t.TempDir(), "again")
				exptest.CopyDir(t, parts[1], dup)
				parts, args = append(parts, dup), append(args, dup)
			}
			path := filepath.Join(parts[(tc.part+len(parts))%len(parts)], tc.file)
			exptest.EditLines(t, path, tc.edit)
			out := t.TempDir()
			_, err := Merge(context.Background(), args, MergeOptions{Out: out, Version: "test"})
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.wantUnit) {
				t.Errorf("merge of a damaged %s: err %v, want one naming it and %s", path, err, tc.wantUnit)
			}
			if files := exptest.ListAll(t, out); len(files) > 0 {
				t.Errorf("a refused merge wrote %v", files)
			}
		})
	}
}

// TestMergeRecordsPartsVersion merges parts written by one build with
// another and checks that the outputs record the parts' version, and that
// parts of two builds are refused.
func TestMergeRecordsPartsVersion(t *testing.T) {
	s := tinySpec(t, gridSpec)
	dir := t.TempDir()
	for i := range 2 {
		if _, err := runSweep(t, context.Background(), s, Options{Out: dir, Shard: runner.Shard{Index: i, Count: 2}, Version: "devel+bin.aaaaaaaaaaaa"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	if _, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: out, Version: "devel+bin.bbbbbbbbbbbb"}); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version  string `json:"version"`
		MergedBy string `json:"merged_by"`
	}
	if err := json.Unmarshal(exptest.MustRead(t, filepath.Join(out, runner.MetaFile)), &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "devel+bin.aaaaaaaaaaaa" || m.MergedBy != "devel+bin.bbbbbbbbbbbb" {
		t.Errorf("meta.json: version %q, merged_by %q; want the parts' version and the merging build's", m.Version, m.MergedBy)
	}
	if md := string(exptest.MustRead(t, filepath.Join(out, runner.SummaryMD))); !strings.Contains(md, "unconf version: devel+bin.aaaaaaaaaaaa") {
		t.Errorf("summary.md does not name the parts' version:\n%s", md)
	}

	// A shard run again by another build: refused, naming it.
	again := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, Options{Out: again, Shard: runner.Shard{Index: 1, Count: 2}, Version: "devel+bin.cccccccccccc"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, filepath.Base(rep.Out)))
	_, err = Merge(context.Background(), []string{dir, rep.Out}, MergeOptions{Out: t.TempDir(), Version: "devel+bin.bbbbbbbbbbbb"})
	var me *MergeError
	if !errors.As(err, &me) || len(me.Mismatched) != 1 || !strings.Contains(me.Mismatched[0], "devel+bin.cccccccccccc") {
		t.Errorf("parts of two builds: err %v", err)
	}
}
