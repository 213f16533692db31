package sweep

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
	"github.com/unconf/unconf/experiments/runner"
)

// MergeOptions say where Merge writes and how.
type MergeOptions struct {
	// Out is the output directory (created if missing). It may be the
	// directory that holds the parts.
	Out string
	// Format ("csv" or "parquet") and ChartFormat ("png", "svg", "pdf")
	// are as for Options.
	Format, ChartFormat string
	// Progress receives notes (accepted duplicates, chart warnings).
	Progress io.Writer
	// Version is the program version recorded with the results.
	Version string
	// CommandLine is the command as typed, recorded in meta.json
	// (optional).
	CommandLine string
}

// MergeError is why Merge refused its parts. Each list names what is wrong:
// parts of another spec or build, units no part holds, units that parts
// hold with different rows, parts not finished, and damaged parts: a row
// file whose rows of a unit differ from what the part's check.csv records,
// a check.csv that differs from what part.json records, or a part written
// before parts carried checks.
type MergeError struct {
	Mismatched []string
	Missing    []string
	Conflicts  []string
	Incomplete []string
	Damaged    []string
}

// Error lists every problem, separated by "; ".
func (e *MergeError) Error() string {
	var parts []string
	if len(e.Mismatched) > 0 {
		parts = append(parts, "parts from another sweep: "+strings.Join(e.Mismatched, ", "))
	}
	if len(e.Incomplete) > 0 {
		parts = append(parts, "unfinished parts (run their shard again to resume): "+strings.Join(e.Incomplete, ", "))
	}
	if len(e.Missing) > 0 {
		parts = append(parts, "missing: "+strings.Join(e.Missing, ", "))
	}
	if len(e.Conflicts) > 0 {
		parts = append(parts, "duplicated with different rows: "+strings.Join(e.Conflicts, ", "))
	}
	if len(e.Damaged) > 0 {
		parts = append(parts, "damaged parts (run their shard again into an empty folder): "+strings.Join(e.Damaged, ", "))
	}
	return "sweep: merge: " + strings.Join(parts, "; ")
}

// Merge combines the part directories of a sharded sweep (see
// Options.Shard) into the outputs a single-process sweep writes, with
// byte-identical row files. Each of dirs is a part directory or a
// directory holding them. It checks that all parts come from one spec and
// one build of unconf (their version), that every unit appears, that a
// unit held by several parts (a shard run twice, or parts of two different
// splits) has byte-identical rows in each, which are then used once, and
// that every row file of every part holds, unit by unit, the rows its
// check.csv records; otherwise it returns a *MergeError naming the
// mismatched parts, the missing units and shards, the conflicting units
// and the damaged files and units.
//
// The outputs are written into a staging folder inside opts.Out and
// renamed into place only once all are complete, so a merge that fails
// (refused, cancelled, a disk full) leaves opts.Out as it found it. They
// record the parts' version, and meta.json also the merging build's
// (merged_by).
func Merge(ctx context.Context, dirs []string, opts MergeOptions) (*Report, error) {
	if len(dirs) == 0 {
		return nil, errors.New("sweep: merge: no directories")
	}
	so := Options{Out: opts.Out, Format: opts.Format, ChartFormat: opts.ChartFormat, Version: opts.Version, Progress: opts.Progress,
		CommandLine: opts.CommandLine}
	if err := checkSweepOptions(&so); err != nil {
		return nil, err
	}
	start := defaultHooks().Now()
	parts, incomplete, err := findParts(dirs)
	if err != nil {
		return nil, err
	}
	me := &MergeError{Incomplete: incomplete}
	if len(parts) == 0 {
		return nil, me
	}
	ref, use := pickParts(parts, me)
	p, err := planParts(ref, use)
	if err != nil {
		return nil, err
	}
	segs := cutSegments(p.l.Units(), use)
	for _, s := range segs {
		if len(s.parts) == 0 {
			me.Missing = append(me.Missing, p.unitRange(s.lo, s.hi))
		}
	}
	if len(me.Missing) > 0 {
		me.Missing = append(me.Missing, missingShards(use)...)
	}
	if err := compareOverlaps(ctx, p, segs, use, me, opts.Progress); err != nil {
		return nil, err
	}
	if len(me.Mismatched)+len(me.Missing)+len(me.Conflicts)+len(me.Incomplete)+len(me.Damaged) > 0 {
		return nil, me
	}
	if opts.Progress != nil && ref.Version != opts.Version {
		fmt.Fprintf(opts.Progress, "note: the parts were written by unconf %s; this is %s: the outputs record %s\n",
			ref.Version, opts.Version, ref.Version)
	}
	var partNames []string
	for _, pt := range use {
		partNames = append(partNames, pt.dir)
	}
	so.Version = ref.Version
	info := finishInfo{opts: so, start: start, now: defaultHooks().Now, parts: partNames, mergedBy: opts.Version}
	fin, err := mergeInto(ctx, p, segs, use, info)
	if err != nil {
		return nil, damaged(err, p.l)
	}
	fin.answer.Out = so.Out // written in the staging folder, read in Out
	return &Report{Summary: fin.summary, Answer: fin.answer, Out: so.Out, Points: p.l.Points, Units: p.l.Units(), Failed: fin.failed, Spec: p.hash, Files: fin.files}, nil
}

// pickParts returns the reference record, that of the spec and version
// most parts share (the first on ties), and the parts that share it; the
// others are recorded in me.Mismatched, and the parts whose check record
// disagrees with their files in me.Damaged.
func pickParts(parts []partDir, me *MergeError) (ref part, use []partDir) {
	count := map[string]int{}
	for _, pt := range parts {
		count[pt.meta.Spec+" "+pt.meta.Version]++
	}
	ref = parts[0].meta
	for _, pt := range parts {
		if count[pt.meta.Spec+" "+pt.meta.Version] > count[ref.Spec+" "+ref.Version] {
			ref = pt.meta
		}
	}
	for _, pt := range parts {
		switch {
		case pt.meta.Spec != ref.Spec:
			me.Mismatched = append(me.Mismatched, fmt.Sprintf("%s (spec %.12s, the others %.12s)", pt.dir, pt.meta.Spec, ref.Spec))
		case pt.meta.Version != ref.Version:
			me.Mismatched = append(me.Mismatched, fmt.Sprintf("%s (unconf %s, the others %s)", pt.dir, pt.meta.Version, ref.Version))
		default:
			use = append(use, pt)
		}
	}
	for _, pt := range use {
		if why := pt.checkRecord(); why != "" {
			me.Damaged = append(me.Damaged, why)
		}
	}
	return ref, use
}

// planParts expands the sweep the reference record holds, checks that it
// is the spec the record's hash names, and that every part's units fit it.
func planParts(ref part, use []partDir) (*sweepPlan, error) {
	spec, err := unmarshalSpec(ref.Sweep)
	if err != nil {
		return nil, fmt.Errorf("sweep: merge: %s: %s: %w", use[0].dir, runner.PartFile, err)
	}
	p, err := planSweep(spec, slices.Contains(ref.Files, runner.SessionsFile))
	if err != nil {
		return nil, fmt.Errorf("sweep: merge: %s: %w", use[0].dir, err)
	}
	if p.hash != ref.Spec {
		return nil, fmt.Errorf("sweep: merge: %s: the spec in %s hashes to %.12s, not %.12s: edited, or written by another unconf version",
			use[0].dir, runner.PartFile, p.hash, ref.Spec)
	}
	U, P := p.l.Units(), len(p.l.Policies)
	for _, pt := range use {
		m := pt.meta
		if m.Units != U || m.FirstUnit < 0 || m.FirstUnit > m.EndUnit || m.EndUnit > U || m.FirstUnit%P != 0 || m.EndUnit%P != 0 {
			return nil, fmt.Errorf("sweep: merge: %s: units %d…%d of %d do not fit the sweep's %d units", pt.dir, m.FirstUnit, m.EndUnit, m.Units, U)
		}
	}
	return p, nil
}

// cutSegments cuts the line of U units at every part boundary; each
// segment is held by no part (missing), one, or several (to be compared).
func cutSegments(U int, use []partDir) []segment {
	cuts := []int{0, U}
	for _, pt := range use {
		cuts = append(cuts, pt.meta.FirstUnit, pt.meta.EndUnit)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var segs []segment
	for i := 0; i+1 < len(cuts); i++ {
		s := segment{lo: cuts[i], hi: cuts[i+1]}
		for j, pt := range use {
			if pt.meta.FirstUnit <= s.lo && s.hi <= pt.meta.EndUnit {
				s.parts = append(s.parts, j)
			}
		}
		segs = append(segs, s)
	}
	return segs
}

// compareOverlaps checks that the parts holding the same segment hold
// the same rows: different rows are recorded in me.Conflicts, a part whose
// rows cannot be read in me.Damaged (and the comparison stops there), and
// identical ones are noted on progress.
func compareOverlaps(ctx context.Context, p *sweepPlan, segs []segment, use []partDir, me *MergeError, progress io.Writer) error {
	readers := newPartReaders(p, use)
	defer readers.close()
	for _, s := range segs {
		if len(s.parts) < 2 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var first []byte
		same := true
		for _, j := range s.parts {
			h := sha256.New()
			for st := range p.streams {
				if err := readers.copy(j, st, s.lo, s.hi, h); err != nil {
					re, ok := runner.AsRowError(err)
					if !ok {
						return err
					}
					// The part's readers are lost in its file: report
					// what is known so far.
					me.Damaged = append(me.Damaged, re.Describe(p.l))
					return nil
				}
			}
			sum := h.Sum(nil)
			if first == nil {
				first = sum
			} else if !bytes.Equal(first, sum) {
				same = false
			}
		}
		var names []string
		for _, j := range s.parts {
			names = append(names, use[j].dir)
		}
		if !same {
			me.Conflicts = append(me.Conflicts, fmt.Sprintf("%s in %s", p.unitRange(s.lo, s.hi), strings.Join(names, " and ")))
		} else if progress != nil {
			fmt.Fprintf(progress, "note: %s appear in %d parts (%s) with identical rows: each is used once\n",
				p.unitRange(s.lo, s.hi), len(s.parts), strings.Join(names, ", "))
		}
	}
	return nil
}

// segment is a range of units [lo, hi) held by the same parts (indices
// into the parts used), a cut of the unit line at every part boundary.
type segment struct {
	lo, hi int
	parts  []int
}

// mergeInto writes the merged outputs of the parts use into info.opts.Out,
// each segment's rows from its first part, checking every unit's rows
// against the part's check.csv. Everything is written into a staging
// folder inside Out first and renamed into place at the end, so that on
// any error Out is left as it was (the lock file and the folder itself
// removed when mergeInto made them).
func mergeInto(ctx context.Context, p *sweepPlan, segs []segment, use []partDir, info finishInfo) (fin *finished, err error) {
	out := info.opts.Out
	made := !runner.Exists(out)
	st := runner.State{Kind: "sweep", Spec: p.hash, Version: info.opts.Version, Units: p.l.Units()}
	c, err := runner.TakeDir(out, st, false)
	if err != nil {
		return nil, err
	}
	defer func() {
		c.Release(err != nil)
		if err != nil && made {
			os.Remove(out) // only if empty
		}
	}()
	stage, err := os.MkdirTemp(out, atomicfile.TempPrefix+"merge-*")
	if err != nil {
		return nil, fmt.Errorf("sweep: merge: %w", err)
	}
	defer os.RemoveAll(stage)

	readers := newPartReaders(p, use)
	defer readers.close()
	for st, s := range p.streams {
		err := runner.Write(filepath.Join(stage, s.Name()), func(f *os.File) error {
			w := bufio.NewWriterSize(f, 64<<10)
			w.Write(s.HeaderLine())
			for _, seg := range segs {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := readers.copy(seg.parts[0], st, seg.lo, seg.hi, w); err != nil {
					return err
				}
			}
			return w.Flush()
		})
		if err != nil {
			return nil, err
		}
	}
	readers.close()
	info.opts.Out = stage
	if fin, err = finishSweep(stage, p, info); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := moveInto(out, stage, fin.files); err != nil {
		return nil, err
	}
	if err := c.Write(st, info.start); err != nil {
		return nil, err
	}
	return fin, nil
}

// moveInto renames files (paths relative to from, at most one folder
// deep: charts/) from from to into. It first checks that nothing but a
// regular file is in the way of any of them, and no symbolic link, so
// that the renames, within one file system, do not fail half way.
func moveInto(into, from string, files []string) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if d := filepath.Dir(f); d != "." && !dirs[d] {
			dirs[d] = true
			fi, err := os.Lstat(filepath.Join(into, d))
			switch {
			case errors.Is(err, os.ErrNotExist):
			case err != nil:
				return fmt.Errorf("sweep: merge: %w", err)
			case fi.Mode()&os.ModeSymlink != 0:
				return fmt.Errorf("sweep: merge: %s %w", filepath.Join(into, d), atomicfile.ErrSymlink)
			case !fi.IsDir():
				return fmt.Errorf("sweep: merge: %s is in the way: not a folder", filepath.Join(into, d))
			}
		}
		dst := filepath.Join(into, f)
		fi, err := os.Lstat(dst)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return fmt.Errorf("sweep: merge: %w", err)
		case !fi.Mode().IsRegular():
			return fmt.Errorf("sweep: merge: cannot write %s: something other than a file is in the way", dst)
		}
	}
	for d := range dirs {
		if err := runner.Mkdir(filepath.Join(into, d)); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := os.Rename(filepath.Join(from, f), filepath.Join(into, f)); err != nil {
			return fmt.Errorf("sweep: merge: %w", err)
		}
	}
	for d := range dirs {
		runner.SyncDir(filepath.Join(into, d))
	}
	runner.SyncDir(into)
	return nil
}

// damaged turns a row file that does not match its check record into a
// *MergeError naming it; other errors are returned as they are.
func damaged(err error, l *runner.Layout) error {
	if re, ok := runner.AsRowError(err); ok {
		return &MergeError{Damaged: []string{re.Describe(l)}}
	}
	return err
}

// unitRange describes units [lo, hi): "units 120–179 (p4/r0/random … p5/r2/spread)".
func (p *sweepPlan) unitRange(lo, hi int) string {
	if hi-lo == 1 {
		return fmt.Sprintf("unit %d (%s)", lo, p.l.ID(lo))
	}
	return fmt.Sprintf("units %d–%d (%s … %s)", lo, hi-1, p.l.ID(lo), p.l.ID(hi-1))
}
