package sweep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
)

// runShards runs spec as n shards into dir (each in its own part
// directory) and returns the part directories.
func runShards(t *testing.T, s *Spec, dir string, n int, sessions bool) []string {
	t.Helper()
	var parts []string
	for i := range n {
		rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Workers: 2, Shard: runner.Shard{Index: i, Count: n}, Sessions: sessions}, nil)
		if err != nil {
			t.Fatalf("shard %d/%d: %v", i, n, err)
		}
		if rep.Summary != "" {
			t.Errorf("shard %d/%d wrote a summary", i, n)
		}
		parts = append(parts, rep.Out)
	}
	return parts
}

func TestShardsMergeEqualsSingleRun(t *testing.T) {
	s := tinySpec(t, gridSpec) // 18 tasks
	single := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: single, Workers: 2, Sessions: true}, nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 3, 8} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			parts := runShards(t, s, dir, n, true)
			for i, p := range parts {
				if want := fmt.Sprintf("shard-%d-of-%d-", i, n); !strings.HasPrefix(filepath.Base(p), want) {
					t.Errorf("part directory %s, want it to start with %s", p, want)
				}
				for _, f := range []string{runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.PartFile} {
					if _, err := os.Stat(filepath.Join(p, f)); err != nil {
						t.Errorf("part %s: %v", p, err)
					}
				}
			}
			out := t.TempDir()
			rep, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: out, Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Units != 54 || rep.Failed != 0 {
				t.Errorf("merge report: %d units, %d failed", rep.Units, rep.Failed)
			}
			exptest.SameFiles(t, single, out, runner.ResultsFile, runner.SessionsFile, runner.SlotsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD, "charts/heat-winner-margin.png")
		})
	}

	// Merging into the directory that holds the parts, given part by part.
	dir := t.TempDir()
	parts := runShards(t, s, dir, 3, true)
	if _, err := Merge(context.Background(), parts, MergeOptions{Out: dir, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	exptest.SameFiles(t, single, dir, runner.ResultsFile, runner.SummaryCSV)
}

func TestMergeMorris(t *testing.T) {
	s := tinySpec(t, `
design: {kind: morris, trajectories: 2, levels: 4}
replicates: 2
policies: [random, popularity]
baseline: random
parameters:
  - key: votes.noise
    range: {from: 0, to: 0.5}
  - key: choice.b_interest
    range: {from: 1, to: 5}
`)
	single, dir, out := t.TempDir(), t.TempDir(), t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: single}, nil); err != nil {
		t.Fatal(err)
	}
	runShards(t, s, dir, 4, false)
	if _, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: out, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	exptest.SameFiles(t, single, out, runner.ResultsFile, runner.SummaryCSV, runner.SummaryMD, runner.MorrisFile)
}

func TestMergeRefuses(t *testing.T) {
	s := tinySpec(t, gridSpec)
	other := tinySpec(t, strings.Replace(gridSpec, "[20, 40]", "[20, 30]", 1))
	mk := func(t *testing.T) (string, []string) {
		dir := t.TempDir()
		return dir, runShards(t, s, dir, 3, false)
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) []string // returns merge arguments
		want  []string
	}{
		{"missing shard", func(t *testing.T) []string {
			dir, parts := mk(t)
			os.RemoveAll(parts[1])
			return []string{dir}
		}, []string{"missing: units 18–35 (p2/r0/random … p3/r2/spread)", "shard 1/3"}},
		{"unfinished shard", func(t *testing.T) []string {
			dir, parts := mk(t)
			os.Remove(filepath.Join(parts[2], runner.PartFile))
			return []string{dir}
		}, []string{"unfinished parts", "shard-2-of-3-", "missing: units 36–53"}},
		{"duplicated shard with other rows", func(t *testing.T) []string {
			dir, parts := mk(t)
			dup := filepath.Join(t.TempDir(), "copy")
			exptest.CopyDir(t, parts[0], dup)
			p := filepath.Join(dup, runner.ResultsFile)
			b := exptest.MustRead(t, p)
			os.WriteFile(p, []byte(strings.Replace(string(b), ",random,0.", ",random,1.", 1)), 0o644)
			reseal(t, s, dup)
			return []string{dir, dup}
		}, []string{"duplicated with different rows: units 0–17", "copy"}},
		{"shard of another spec", func(t *testing.T) []string {
			dir, parts := mk(t)
			odir := t.TempDir()
			oparts := runShards(t, other, odir, 3, false)
			os.RemoveAll(parts[1])
			return []string{dir, oparts[1]}
		}, []string{"parts from another sweep", "shard-1-of-3-", "the others"}},
		{"no parts", func(t *testing.T) []string { return []string{t.TempDir()} }, []string{"holds no sweep part"}},
		{"part of an unconf without row checks", func(t *testing.T) []string {
			dir, parts := mk(t)
			p := filepath.Join(parts[1], runner.PartFile)
			os.WriteFile(p, []byte(strings.Replace(string(exptest.MustRead(t, p)), `"check_sha256"`, `"old_field"`, 1)), 0o644)
			return []string{dir}
		}, []string{"damaged parts", "shard-1-of-3-", "records no check of its rows"}},
		{"check file edited", func(t *testing.T) []string {
			dir, parts := mk(t)
			p := filepath.Join(parts[2], runner.CheckFile)
			b := exptest.MustRead(t, p)
			os.WriteFile(p, b[:len(b)-10], 0o644)
			return []string{dir}
		}, []string{"damaged parts", runner.CheckFile, "not the file part.json records"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.setup(t)
			out := t.TempDir()
			_, err := Merge(context.Background(), args, MergeOptions{Out: out, Version: "test"})
			if err == nil {
				t.Fatal("merge succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if files := exptest.DirFiles(t, out); len(files) > 0 {
				t.Errorf("a refused merge wrote %v", files)
			}
		})
	}

	// The other spec's part is named, with its spec hash.
	dir, parts := mk(t)
	odir := t.TempDir()
	oparts := runShards(t, other, odir, 3, false)
	os.RemoveAll(parts[1])
	_, err := Merge(context.Background(), []string{dir, oparts[1]}, MergeOptions{Out: t.TempDir(), Version: "test"})
	var me *MergeError
	if !errors.As(err, &me) || len(me.Mismatched) != 1 || !strings.Contains(me.Mismatched[0], oparts[1]) || len(me.Missing) == 0 {
		t.Errorf("mismatched part: %#v", me)
	}
}

func TestMergeAcceptsRerunShard(t *testing.T) {
	s := tinySpec(t, gridSpec)
	single := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: single}, nil); err != nil {
		t.Fatal(err)
	}
	// Shard 1/3 runs twice (a retried array task in another folder), and
	// a 2-way split overlaps the 3-way one: identical rows, used once.
	dir, again, split2 := t.TempDir(), t.TempDir(), t.TempDir()
	runShards(t, s, dir, 3, false)
	rep, err := runSweep(t, context.Background(), s, Options{Out: again, Shard: runner.Shard{Index: 1, Count: 3}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	parts2 := runShards(t, s, split2, 2, false)
	var notes strings.Builder
	out := t.TempDir()
	if _, err := Merge(context.Background(), []string{dir, rep.Out, parts2[0]}, MergeOptions{Out: out, Version: "test", Progress: &notes}); err != nil {
		t.Fatal(err)
	}
	exptest.SameFiles(t, single, out, runner.ResultsFile, runner.CheckFile, runner.SummaryCSV, runner.SummaryMD)
	if !strings.Contains(notes.String(), "identical rows") {
		t.Errorf("no note about duplicates: %q", notes.String())
	}
}

func TestShardResume(t *testing.T) {
	s := tinySpec(t, gridSpec)
	dir := t.TempDir()
	ctx, h := cancelAfter(2) // shard 0/2 holds tasks 0…8
	if _, err := runSweep(t, ctx, s, Options{Out: dir, Shard: runner.Shard{Index: 0, Count: 2}, Workers: 2}, h); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled shard: %v", err)
	}
	// Merging now names the unfinished part.
	if _, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: t.TempDir(), Version: "test"}); err == nil || !strings.Contains(err.Error(), "unfinished") {
		t.Errorf("merge of an unfinished shard: %v", err)
	}
	rep, err := runSweep(t, context.Background(), s, Options{Out: dir, Shard: runner.Shard{Index: 0, Count: 2}, Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resumed == 0 || rep.Units != 27 {
		t.Errorf("resumed shard: %d resumed of %d", rep.Resumed, rep.Units)
	}
	runShards(t, s, dir, 2, false)
	single := t.TempDir()
	if _, err := runSweep(t, context.Background(), s, Options{Out: single}, nil); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Merge(context.Background(), []string{dir}, MergeOptions{Out: out, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	exptest.SameFiles(t, single, out, runner.ResultsFile)
}

// reseal rewrites the check.csv and part.json of the part in dir (of
// spec s) to match its row files as they are now, as a part whose rows
// differ without being damaged (another build's) would hold them.
func reseal(t *testing.T, s *Spec, dir string) {
	t.Helper()
	var pt part
	if err := json.Unmarshal(exptest.MustRead(t, filepath.Join(dir, runner.PartFile)), &pt); err != nil {
		t.Fatal(err)
	}
	p, err := planSweep(s, slices.Contains(pt.Files, runner.SessionsFile))
	if err != nil {
		t.Fatal(err)
	}
	data := p.streams[:len(p.streams)-1]
	rows := make([][]byte, len(data))
	for i, st := range data {
		b := exptest.MustRead(t, filepath.Join(dir, st.Name()))
		rows[i] = b[len(st.HeaderLine()):]
	}
	check := append(p.streams[len(p.streams)-1].HeaderLine(), runner.AppendCheckRows(nil, pt.FirstUnit, pt.EndUnit, rows)...)
	if err := os.WriteFile(filepath.Join(dir, runner.CheckFile), check, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(check)
	pt.CheckSHA256 = hex.EncodeToString(sum[:])
	if err := runner.WriteJSON(filepath.Join(dir, runner.PartFile), pt); err != nil {
		t.Fatal(err)
	}
}
