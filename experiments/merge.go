package experiments

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// MergeOptions say where Merge writes and how.
type MergeOptions struct {
	// Out is the output directory (created if missing). It may be the
	// directory that holds the parts.
	Out string
	// Format ("csv" or "parquet") and ChartFormat ("png", "svg", "pdf")
	// are as for SweepOptions.
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
// parts of another spec or version, units no part holds, units that parts
// hold with different rows, parts not finished.
type MergeError struct {
	Mismatched []string
	Missing    []string
	Conflicts  []string
	Incomplete []string
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
	return "experiments: merge: " + strings.Join(parts, "; ")
}

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
		data, err := os.ReadFile(filepath.Join(dir, partFile))
		switch {
		case err == nil:
			seen[abs] = true
			var pt part
			if err := json.Unmarshal(data, &pt); err != nil || pt.Kind != "sweep-part" {
				return false, fmt.Errorf("experiments: merge: %s: not a sweep part file", filepath.Join(dir, partFile))
			}
			parts = append(parts, partDir{dir: dir, meta: pt})
			return true, nil
		case !errors.Is(err, os.ErrNotExist):
			return false, fmt.Errorf("experiments: merge: %w", err)
		}
		if st, err := os.ReadFile(filepath.Join(dir, stateFile)); err == nil {
			var rs runState
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
			return false, fmt.Errorf("experiments: merge: %w", err)
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
			return nil, nil, fmt.Errorf("experiments: merge: %s holds no sweep part (no %s in it or its subdirectories)", d, partFile)
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

// Merge combines the part directories of a sharded sweep (see
// SweepOptions.Shard) into the outputs a single-process sweep writes, with
// a byte-identical results.csv. Each of dirs is a part directory or a
// directory holding them. It first checks that all parts come from one
// spec and unconf version, that every unit appears, and that a unit held by
// several parts (a shard run twice, or parts of two different splits) has
// byte-identical rows in each, which are then used once; otherwise it
// returns a *MergeError naming the mismatched parts, the missing units and
// shards, and the conflicting units, and writes nothing.
func Merge(ctx context.Context, dirs []string, opts MergeOptions) (*SweepReport, error) {
	if len(dirs) == 0 {
		return nil, errors.New("experiments: merge: no directories")
	}
	so := SweepOptions{Out: opts.Out, Format: opts.Format, ChartFormat: opts.ChartFormat, Version: opts.Version, Progress: opts.Progress,
		CommandLine: opts.CommandLine}
	if err := checkSweepOptions(&so); err != nil {
		return nil, err
	}
	start := defaultHooks().now()
	parts, incomplete, err := findParts(dirs)
	if err != nil {
		return nil, err
	}
	me := &MergeError{Incomplete: incomplete}
	if len(parts) == 0 {
		return nil, me
	}
	// The reference is the spec most parts share (the first on ties).
	count := map[string]int{}
	for _, pt := range parts {
		count[pt.meta.Spec+" "+pt.meta.Version]++
	}
	ref := parts[0].meta
	for _, pt := range parts {
		if count[pt.meta.Spec+" "+pt.meta.Version] > count[ref.Spec+" "+ref.Version] {
			ref = pt.meta
		}
	}
	var use []partDir
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
	spec, err := unmarshalSpec(ref.Sweep)
	if err != nil {
		return nil, fmt.Errorf("experiments: merge: %s: %s: %w", use[0].dir, partFile, err)
	}
	p, err := planSweep(spec, len(ref.Files) > 1)
	if err != nil {
		return nil, fmt.Errorf("experiments: merge: %s: %w", use[0].dir, err)
	}
	if p.hash != ref.Spec {
		return nil, fmt.Errorf("experiments: merge: %s: the spec in %s hashes to %.12s, not %.12s: edited, or written by another unconf version",
			use[0].dir, partFile, p.hash, ref.Spec)
	}
	U, P := p.l.units(), len(p.l.policies)
	for _, pt := range use {
		m := pt.meta
		if m.Units != U || m.FirstUnit < 0 || m.FirstUnit > m.EndUnit || m.EndUnit > U || m.FirstUnit%P != 0 || m.EndUnit%P != 0 {
			return nil, fmt.Errorf("experiments: merge: %s: units %d…%d of %d do not fit the sweep's %d units", pt.dir, m.FirstUnit, m.EndUnit, m.Units, U)
		}
	}

	// Cut the unit line at every part boundary; each segment is held by
	// no part (missing), one, or several (to be compared).
	cuts := []int{0, U}
	for _, pt := range use {
		cuts = append(cuts, pt.meta.FirstUnit, pt.meta.EndUnit)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	type segment struct {
		lo, hi int
		parts  []int // indices into use
	}
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
	for _, s := range segs {
		if len(s.parts) == 0 {
			me.Missing = append(me.Missing, p.unitRange(s.lo, s.hi))
		}
	}
	if len(me.Missing) > 0 {
		me.Missing = append(me.Missing, missingShards(use)...)
	}

	readers := newPartReaders(p, use)
	defer readers.close()
	for _, s := range segs {
		if len(s.parts) < 2 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var first []byte
		same := true
		for _, j := range s.parts {
			h := sha256.New()
			for st := range p.streams {
				if err := readers.copy(j, st, s.lo, s.hi, h); err != nil {
					return nil, err
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
		} else if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "note: %s appear in %d parts (%s) with identical rows: each is used once\n",
				p.unitRange(s.lo, s.hi), len(s.parts), strings.Join(names, ", "))
		}
	}
	readers.close()
	if len(me.Mismatched)+len(me.Missing)+len(me.Conflicts)+len(me.Incomplete) > 0 {
		return nil, me
	}

	out := so.Out
	st := runState{Kind: "sweep", Spec: p.hash, Version: opts.Version, Units: U}
	unlock, err := lockDir(out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := claimDir(out, st, start, p.streams); err != nil {
		return nil, err
	}
	readers = newPartReaders(p, use)
	defer readers.close()
	for st, s := range p.streams {
		err := writeAtomic(filepath.Join(out, s.name), func(f *os.File) error {
			w := bufio.NewWriterSize(f, 64<<10)
			w.Write(s.headerLine())
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
	var partNames []string
	for _, pt := range use {
		partNames = append(partNames, pt.dir)
	}
	fin, err := finishSweep(out, p, finishInfo{opts: so, start: start, now: defaultHooks().now, parts: partNames})
	if err != nil {
		return nil, err
	}
	return &SweepReport{Summary: fin.summary, Out: out, Points: p.l.points, Units: U, Failed: fin.failed, Spec: p.hash, Files: fin.files}, nil
}

// unitRange describes units [lo, hi): "units 120–179 (p4/r0/random … p5/r2/spread)".
func (p *sweepPlan) unitRange(lo, hi int) string {
	if hi-lo == 1 {
		return fmt.Sprintf("unit %d (%s)", lo, p.l.id(lo))
	}
	return fmt.Sprintf("units %d–%d (%s … %s)", lo, hi-1, p.l.id(lo), p.l.id(hi-1))
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
// part × stream, each moving forward only.
type partReaders struct {
	p     *sweepPlan
	parts []partDir
	open  map[[2]int]*partReader
}

type partReader struct {
	path    string
	f       *os.File
	r       *bufio.Reader
	line    []byte // the next line, read ahead; nil at the end
	lineNo  int
	pending bool
}

func newPartReaders(p *sweepPlan, parts []partDir) *partReaders {
	return &partReaders{p: p, parts: parts, open: map[[2]int]*partReader{}}
}

func (rs *partReaders) close() {
	for k, r := range rs.open {
		r.f.Close()
		delete(rs.open, k)
	}
}

func (rs *partReaders) get(part, st int) (*partReader, error) {
	if r, ok := rs.open[[2]int{part, st}]; ok {
		return r, nil
	}
	path := filepath.Join(rs.parts[part].dir, rs.p.streams[st].name)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("experiments: merge: %w", err)
	}
	r := &partReader{path: path, f: f, r: bufio.NewReaderSize(f, 64<<10)}
	hdr, err := r.r.ReadBytes('\n')
	if err != nil || !bytes.Equal(hdr, rs.p.streams[st].headerLine()) {
		f.Close()
		return nil, fmt.Errorf("experiments: merge: %s: its columns differ from the sweep's", path)
	}
	r.lineNo = 1
	rs.open[[2]int{part, st}] = r
	return r, nil
}

// copy writes the rows of units [lo, hi) of part's stream st to w; for the
// ledger (results) it checks that each unit is there exactly once.
func (rs *partReaders) copy(part, st, lo, hi int, w io.Writer) error {
	r, err := rs.get(part, st)
	if err != nil {
		return err
	}
	want := lo
	for {
		if !r.pending {
			line, err := r.r.ReadBytes('\n')
			if err == io.EOF {
				if len(line) > 0 {
					return fmt.Errorf("experiments: merge: %s:%d: a torn last line", r.path, r.lineNo+1)
				}
				break
			}
			if err != nil {
				return fmt.Errorf("experiments: merge: %w", err)
			}
			r.line, r.pending = line, true
			r.lineNo++
		}
		u, ok := lineUnit(r.line)
		if !ok {
			return fmt.Errorf("experiments: merge: %s:%d: a row without a unit", r.path, r.lineNo)
		}
		if u >= hi {
			break
		}
		r.pending = false
		if u < lo {
			continue
		}
		if st == streamResults {
			if u != want {
				return fmt.Errorf("experiments: merge: %s:%d: unit %d, want %d", r.path, r.lineNo, u, want)
			}
			want++
		}
		if _, err := w.Write(r.line); err != nil {
			return err
		}
	}
	if st == streamResults && want != hi {
		return fmt.Errorf("experiments: merge: %s lacks %s", r.path, rs.p.unitRange(want, hi))
	}
	return nil
}
