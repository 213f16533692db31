package calibrate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/experiments/internal/exptest"
	"github.com/unconf/unconf/experiments/runner"
)

// shardOptions are the small fit of the shard tests: 7 draws (not a
// multiple of the shard counts) in 2 rounds.
func shardOptions(dir string) Options {
	return Options{Draws: 7, Rounds: 2, Replicates: 2, Seed: 9, Workers: 2, Spec: "spec-1",
		Journal: filepath.Join(dir, JournalFile)}
}

// writeFit writes f's outputs into dir and returns their names.
func writeFit(t *testing.T, f *Fit, dir string) []string {
	t.Helper()
	files, err := f.Write(dir, Info{Event: "tiny", Command: "test", Version: "test", Format: "svg"})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// referenceFit runs p's shard-test fit unsharded into a new folder and
// returns the folder and the names of its outputs.
func referenceFit(t *testing.T, p *Problem) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	ref, err := Run(context.Background(), p, shardOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	return dir, writeFit(t, ref, dir)
}

// TestShardsMatchRun: a fit run as shards, round by round, then merged by
// Run, writes byte-identical outputs to an unsharded run, whatever the
// number of shards, and no draw is simulated twice.
func TestShardsMatchRun(t *testing.T) {
	p := tinyProblem(t)
	refDir, files := referenceFit(t, p)
	for _, n := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			dir := t.TempDir()
			o := shardOptions(dir)
			simulated := 0
			for r := range o.Rounds {
				for i := n - 1; i >= 0; i-- { // the last first: shards need no order
					sh := runner.Shard{Index: i, Count: n}
					rep, err := RunShard(context.Background(), p, o, sh)
					if err != nil {
						t.Fatal(err)
					}
					want := 0 // draws m of 0…6 with m % n == i
					for m := i; m < o.Draws; m += n {
						want++
					}
					if rep.Round != r || rep.Simulated != want || rep.Resumed != r*o.Draws+(o.Draws-rep.Missing-want) {
						t.Errorf("shard %s, round %d: %+v, want %d simulated", sh, r+1, rep, want)
					}
					if rep.Complete() != (r == o.Rounds-1) {
						t.Errorf("shard %s, round %d: Complete() = %v", sh, r+1, rep.Complete())
					}
					simulated += rep.Simulated
				}
			}
			if simulated != o.Rounds*o.Draws {
				t.Errorf("the shards simulated %d draws, want %d", simulated, o.Rounds*o.Draws)
			}
			rep, err := RunShard(context.Background(), p, o, runner.Shard{Index: 0, Count: n})
			if err != nil || rep.Round != o.Rounds || rep.Simulated != 0 || !rep.Complete() {
				t.Errorf("a shard after the last round: %+v, %v; want nothing to do", rep, err)
			}
			f, err := Run(context.Background(), p, o)
			if err != nil {
				t.Fatal(err)
			}
			if f.Resumed != o.Rounds*o.Draws {
				t.Errorf("Run after the shards resumed %d draws, want all %d", f.Resumed, o.Rounds*o.Draws)
			}
			if _, err := os.Stat(filepath.Join(dir, SummaryFile)); err == nil {
				t.Error("a shard wrote the outputs")
			}
			writeFit(t, f, dir)
			exptest.SameFiles(t, refDir, dir, files...)
		})
	}
}

// TestShardsInterrupted: an interrupted unsharded run, torn journal lines
// and a shard that never ran: each shard simulates only what no journal
// holds, and Run completes the fit into the outputs of an uninterrupted
// run.
func TestShardsInterrupted(t *testing.T) {
	p := tinyProblem(t)
	refDir, files := referenceFit(t, p)
	refLines := strings.SplitAfter(string(exptest.MustRead(t, filepath.Join(refDir, JournalFile))), "\n")

	dir := t.TempDir()
	o := shardOptions(dir)
	// An unsharded run stopped while writing draw 2.
	torn := strings.Join(refLines[:3], "") + refLines[3][:len(refLines[3])/2]
	if err := os.WriteFile(o.Journal, []byte(torn), 0o644); err != nil {
		t.Fatal(err)
	}
	step := func(i, round, simulated, missing int) {
		t.Helper()
		sh := runner.Shard{Index: i, Count: 3}
		rep, err := RunShard(context.Background(), p, o, sh)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Round != round || rep.Simulated != simulated || rep.Missing != missing {
			t.Errorf("shard %s: round %d, %d simulated, %d missing; want round %d, %d, %d",
				sh, rep.Round+1, rep.Simulated, rep.Missing, round+1, simulated, missing)
		}
	}
	step(0, 0, 2, 3) // draws 3, 6 of 2…6 (2 is torn)
	step(1, 0, 1, 2) // 4
	step(2, 0, 2, 0) // 2, 5
	step(0, 1, 3, 4) // round 2: 0, 3, 6
	// Shard 0 dies while writing its last line.
	own := shardJournal(o.Journal, runner.Shard{Index: 0, Count: 3})
	data := exptest.MustRead(t, own)
	if err := os.WriteFile(own, data[:len(data)-5], 0o644); err != nil {
		t.Fatal(err)
	}
	step(1, 1, 2, 3) // 1, 4; left: 2, 5 and the torn 6
	// Shard 2 never runs the second round: Run simulates what is missing.
	var progress strings.Builder
	o.Progress = &progress
	f, err := Run(context.Background(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2*7 - 3; f.Resumed != want {
		t.Errorf("Run resumed %d draws, want %d", f.Resumed, want)
	}
	if !strings.Contains(progress.String(), "round 2 of 2: 7 draws × 2 replicates (3 simulated now, 4 from the journals)") {
		t.Errorf("progress:\n%s", progress.String())
	}
	writeFit(t, f, dir)
	exptest.SameFiles(t, refDir, dir, files...)
}

// TestShardErrors: a shard with a bad index or no journal, a journal of
// other inputs, a line that is not the proposed draw and two journals
// that disagree are refused, naming the file and line.
func TestShardErrors(t *testing.T) {
	p := tinyProblem(t)
	ctx := context.Background()
	for _, sh := range []runner.Shard{{}, {Index: 3, Count: 3}, {Index: -1, Count: 2}} {
		if _, err := RunShard(ctx, p, shardOptions(t.TempDir()), sh); err == nil || !strings.Contains(err.Error(), "want i/n") {
			t.Errorf("shard %+v: error %v", sh, err)
		}
	}
	noJournal := shardOptions("")
	noJournal.Journal = ""
	if _, err := RunShard(ctx, p, noJournal, runner.Shard{Index: 0, Count: 2}); err == nil || !strings.Contains(err.Error(), "Journal") {
		t.Errorf("a shard without a journal: error %v", err)
	}

	dir := t.TempDir()
	o := shardOptions(dir)
	sh := runner.Shard{Index: 1, Count: 2}
	if _, err := RunShard(ctx, p, o, sh); err != nil {
		t.Fatal(err)
	}
	own := shardJournal(o.Journal, sh)
	good := string(exptest.MustRead(t, own))
	lines := strings.SplitAfter(good, "\n")
	for _, tc := range []struct {
		name, journal, file, content, want string
	}{
		{"other spec", own, own, strings.Replace(good, "spec-1", "spec-2", 1), own + " was written for other inputs"},
		{"another draw", own, own, strings.Join(lines[:2], "") + strings.Replace(lines[2], ",3,", ",3,0.5", 1) + strings.Join(lines[3:], ""),
			own + ":3 does not match draw 3 of round 1"},
		{"bad draw number", own, own, lines[0] + "0,x,1\n", own + `:2: "x" is not a draw number`},
		{"too few counts", own, own, lines[0] + lines[1][:strings.LastIndexByte(lines[1], ',')] + "\n", own + ":2 holds"},
		{"disagree", o.Journal, o.Journal, lines[0] + lines[1][:len(lines[1])-1] + "0\n",
			o.Journal + ":2 and " + own + ":2 disagree on draw 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(tc.file, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(ctx, p, o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			os.WriteFile(own, []byte(good), 0o644)
			os.Remove(o.Journal)
		})
	}
	// Other files beside the journals are not journals.
	for _, name := range []string{JournalFile + "-1-of-0", JournalFile + "-2-of-2", JournalFile + "-01-of-2", JournalFile + ".bak"} {
		if isJournal(o.Journal, name) {
			t.Errorf("%s is taken for a journal", name)
		}
	}
}

// TestShardLocked: a shard that another process runs (here: an open
// journal of the same shard) is refused, not appended to twice.
func TestShardLocked(t *testing.T) {
	p := tinyProblem(t)
	o := shardOptions(t.TempDir())
	sh := runner.Shard{Index: 0, Count: 2}
	f := &Fit{Options: o}
	js, err := openJournals(o.Journal, sh, f)
	if err != nil {
		t.Fatal(err)
	}
	defer js.close()
	_, err = RunShard(context.Background(), p, o, sh)
	if err == nil || !strings.Contains(err.Error(), "being written by another unconf process") {
		t.Errorf("a shard running twice: error %v", err)
	}
	if _, err := RunShard(context.Background(), p, o, runner.Shard{Index: 1, Count: 2}); err != nil {
		t.Errorf("another shard beside it: %v", err)
	}
}
