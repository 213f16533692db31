package experiments

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
)

// TestResumeChecksEveryRowFile damages the journals of an interrupted
// compare (lines cut from sessions, a slots row duplicated, rows swapped,
// a results cell edited) and checks that the resumed run notices, names the
// file and unit, runs those units again and ends byte-identical to an
// uninterrupted run.
func TestResumeChecksEveryRowFile(t *testing.T) {
	cfg := exptest.TinyConfig(t)
	cfg.Run.Seeds = 9
	want := t.TempDir()
	if _, err := runCompare(t, context.Background(), cfg, want, 3, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file string
		edit       func([]string) []string
	}{
		{"last sessions lines cut", runner.SessionsFile, exptest.CutLast(3)},
		{"slots row duplicated", runner.SlotsFile, exptest.Duplicate(8)},
		{"slots rows swapped", runner.SlotsFile, exptest.Swap(2, 3)},
		{"sessions rows of two units swapped", runner.SessionsFile, exptest.Swap(1, 40)},
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
			exptest.EditLines(t, filepath.Join(dir, tc.file+runner.JournalExt), tc.edit)
			var notes bytes.Buffer
			rep, err := compare(context.Background(), cfg, Options{Out: dir, Workers: 2, Version: "test", ConfigSource: "tiny test config", Progress: &notes}, testHooks())
			if err != nil {
				t.Fatalf("resumed run: %v", err)
			}
			exptest.SameFiles(t, want, dir, runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD)
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
	cfg := exptest.TinyConfig(t)
	for _, tc := range []struct {
		name, file string
		edit       func([]string) []string
		want       string
	}{
		{"last sessions lines cut", runner.SessionsFile, exptest.CutLast(3), "unit 11 (r3/spread)"},
		{"slots row duplicated", runner.SlotsFile, exptest.Duplicate(1), "unit 0 (r0/random)"},
		{"results rows swapped", runner.ResultsFile, exptest.Swap(1, 2), "unit 0 (r0/random)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := runCompare(t, context.Background(), cfg, dir, 2, nil); err != nil {
				t.Fatal(err)
			}
			exptest.EditLines(t, filepath.Join(dir, tc.file), tc.edit)
			_, err := runCompare(t, context.Background(), cfg, dir, 2, nil)
			if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, tc.file)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("rerun over a damaged %s: err %v, want one naming it and %s", tc.file, err, tc.want)
			}
		})
	}
}
