package experiments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/runner"
)

// editLines rewrites the file at path with edit applied to its lines
// (line ends kept; the header is line 0).
func editLines(t *testing.T, path string, edit func(lines []string) []string) {
	t.Helper()
	lines := strings.SplitAfter(string(mustRead(t, path)), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if err := os.WriteFile(path, []byte(strings.Join(edit(lines), "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Damage done to a row file, as an accident or a careless hand would.
var (
	cutLast = func(n int) func([]string) []string {
		return func(l []string) []string { return l[:len(l)-n] }
	}
	duplicate = func(i int) func([]string) []string {
		return func(l []string) []string { return append(l[:i+1:i+1], l[i:]...) }
	}
	swap = func(i, j int) func([]string) []string {
		return func(l []string) []string { l[i], l[j] = l[j], l[i]; return l }
	}
)

// TestResumeChecksEveryRowFile damages the journals of an interrupted
// compare (lines cut from sessions, a slots row duplicated, rows swapped,
// a results cell edited) and checks that the resumed run notices, names the
// file and unit, runs those units again and ends byte-identical to an
// uninterrupted run.
func TestResumeChecksEveryRowFile(t *testing.T) {
	cfg := tinyConfig(t)
	cfg.Run.Seeds = 9
	want := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, want, 3, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file string
		edit       func([]string) []string
	}{
		{"last sessions lines cut", runner.SessionsFile, cutLast(3)},
		{"slots row duplicated", runner.SlotsFile, duplicate(8)},
		{"slots rows swapped", runner.SlotsFile, swap(2, 3)},
		{"sessions rows of two units swapped", runner.SessionsFile, swap(1, 40)},
		{"results cell edited", runner.ResultsFile, func(l []string) []string {
			l[4] = strings.Replace(l[4], ",0.", ",1.", 1)
			return l
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ctx, h := cancelAfter(5)
			if _, err := runCompare(t, ctx, cfg, dir, 2, h); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled run: %v", err)
			}
			editLines(t, filepath.Join(dir, tc.file+runner.JournalExt), tc.edit)
			var notes bytes.Buffer
			rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2, Version: "test", ConfigSource: "tiny test config", Progress: &notes}, testHooks())
			if err != nil {
				t.Fatalf("resumed run: %v", err)
			}
			sameFiles(t, want, dir, runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD)
			if rep.Resumed >= 6*len(cfg.Run.Policies) {
				t.Errorf("resumed %d units, want fewer than the 18 written", rep.Resumed)
			}
			if !strings.Contains(notes.String(), tc.file+runner.JournalExt) || !strings.Contains(notes.String(), "unit ") {
				t.Errorf("no note naming %s and the unit:\n%s", tc.file+runner.JournalExt, notes.String())
			}
		})
	}
}

// TestRerunChecksFinishedRun damages the row files of a finished compare
// and checks that running it again refuses, naming the file and unit.
func TestRerunChecksFinishedRun(t *testing.T) {
	cfg := tinyConfig(t)
	for _, tc := range []struct {
		name, file string
		edit       func([]string) []string
		want       string
	}{
		{"last sessions lines cut", runner.SessionsFile, cutLast(3), "unit 11 (r3/spread)"},
		{"slots row duplicated", runner.SlotsFile, duplicate(1), "unit 0 (r0/random)"},
		{"results rows swapped", runner.ResultsFile, swap(1, 2), "unit 0 (r0/random)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := runCompare(t, context.Background(), cfg, dir, 2, nil); err != nil {
				t.Fatal(err)
			}
			editLines(t, filepath.Join(dir, tc.file), tc.edit)
			_, err := runCompare(t, context.Background(), cfg, dir, 2, nil)
			if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, tc.file)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("rerun over a damaged %s: err %v, want one naming it and %s", tc.file, err, tc.want)
			}
		})
	}
}

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
		{"last sessions lines cut", 1, runner.SessionsFile, cutLast(5), "unit 35 (p3/r2/spread)"},
		{"slots row duplicated", 0, runner.SlotsFile, duplicate(3), "unit 0 (p0/r0/random)"},
		{"slots rows swapped", 2, runner.SlotsFile, swap(2, 3), "unit 36 (p4/r0/random)"},
		{"results rows swapped", 2, runner.ResultsFile, swap(1, 2), "unit 36 (p4/r0/random)"},
		// -1: a second copy of part 1, compared with it unit by unit.
		{"duplicate part's sessions cut", -1, runner.SessionsFile, cutLast(5), "unit 35 (p3/r2/spread)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			parts := runShards(t, s, dir, 3, true)
			args := []string{dir}
			if tc.part < 0 {
				dup := filepath.Join(t.TempDir(), "again")
				copyDir(t, parts[1], dup)
				parts, args = append(parts, dup), append(args, dup)
			}
			path := filepath.Join(parts[(tc.part+len(parts))%len(parts)], tc.file)
			editLines(t, path, tc.edit)
			out := t.TempDir()
			_, err := Merge(context.Background(), args, MergeOptions{Out: out, Version: "test"})
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.wantUnit) {
				t.Errorf("merge of a damaged %s: err %v, want one naming it and %s", path, err, tc.wantUnit)
			}
			if files := listAll(t, out); len(files) > 0 {
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
		if _, err := runSweep(t, context.Background(), s, SweepOptions{Out: dir, Shard: Shard{i, 2}, Version: "devel+bin.aaaaaaaaaaaa"}, nil); err != nil {
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
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, runner.MetaFile)), &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != "devel+bin.aaaaaaaaaaaa" || m.MergedBy != "devel+bin.bbbbbbbbbbbb" {
		t.Errorf("meta.json: version %q, merged_by %q; want the parts' version and the merging build's", m.Version, m.MergedBy)
	}
	if md := string(mustRead(t, filepath.Join(out, runner.SummaryMD))); !strings.Contains(md, "unconf version: devel+bin.aaaaaaaaaaaa") {
		t.Errorf("summary.md does not name the parts' version:\n%s", md)
	}

	// A shard run again by another build: refused, naming it.
	again := t.TempDir()
	rep, err := runSweep(t, context.Background(), s, SweepOptions{Out: again, Shard: Shard{1, 2}, Version: "devel+bin.cccccccccccc"}, nil)
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
