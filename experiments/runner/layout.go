package runner

import (
	"fmt"
	"strconv"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/sim/rng"
)

// Layout is an experiment's fixed, ordered list of units: points ×
// replicates × policies, numbered point-major, then replicate, then policy
// in config order. Task t is (point, replicate) = (t / replicates,
// t % replicates) and holds the units t·P … t·P+P−1. Every row of every
// output starts with the unit's keys: unit, the point's columns (none for
// compare; "point" and the swept parameters for a sweep), replicate, seed,
// policy.
type Layout struct {
	Points, Replicates int
	Policies           []string
	// Master is the master seed.
	Master uint64
	// PointCols name the per-point key columns; PointVals[point] holds
	// their values. Both are empty for compare.
	PointCols []string
	PointVals [][]string

	prefix [][]byte // per point: the encoded PointVals, each field preceded by a comma
}

// NewLayout returns the layout of points × replicates × policies units
// with master seed master and the points' key columns.
func NewLayout(points, replicates int, policies []string, master uint64, pointCols []string, pointVals [][]string) *Layout {
	l := &Layout{Points: points, Replicates: replicates, Policies: policies, Master: master,
		PointCols: pointCols, PointVals: pointVals}
	l.prefix = make([][]byte, points)
	for p := range l.prefix {
		if p < len(pointVals) {
			for _, v := range pointVals[p] {
				l.prefix[p] = csvcell.AppendField(append(l.prefix[p], ','), v)
			}
		}
	}
	return l
}

// Tasks returns the number of tasks; Units the number of units.
func (l *Layout) Tasks() int { return l.Points * l.Replicates }
func (l *Layout) Units() int { return l.Tasks() * len(l.Policies) }

// Task returns task t's point and replicate.
func (l *Layout) Task(t int) (point, replicate int) { return t / l.Replicates, t % l.Replicates }

// Unit returns the index of (point, replicate, policy).
func (l *Layout) Unit(point, replicate, policy int) int {
	return (point*l.Replicates+replicate)*len(l.Policies) + policy
}

// Split returns unit u's point, replicate and policy index.
func (l *Layout) Split(u int) (point, replicate, policy int) {
	t := u / len(l.Policies)
	point, replicate = l.Task(t)
	return point, replicate, u % len(l.Policies)
}

// Seed returns replicate r's seed: it depends on the master seed and r
// only, so every point, policy, worker and shard meets the same draws.
func (l *Layout) Seed(r int) uint64 { return rng.Replicate(l.Master, r) }

// Seeds returns every replicate's seed, in replicate order.
func (l *Layout) Seeds() []uint64 {
	s := make([]uint64, l.Replicates)
	for r := range s {
		s[r] = l.Seed(r)
	}
	return s
}

// ID returns unit u's stable name, e.g. "r12/spread", or "p3/r12/spread"
// when there are several points.
func (l *Layout) ID(u int) string {
	p, r, k := l.Split(u)
	if l.Points == 1 {
		return fmt.Sprintf("r%d/%s", r, l.Policies[k])
	}
	return fmt.Sprintf("p%d/r%d/%s", p, r, l.Policies[k])
}

// KeyHeader returns the key columns every stream starts with.
func (l *Layout) KeyHeader() []string {
	h := []string{"unit"}
	h = append(h, l.PointCols...)
	return append(h, "replicate", "seed", "policy")
}

// AppendKeys appends unit u's key fields (no leading comma, no trailing
// one).
func (l *Layout) AppendKeys(b []byte, u int) []byte {
	p, r, k := l.Split(u)
	b = strconv.AppendInt(b, int64(u), 10)
	b = append(b, l.prefix[p]...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, l.Seed(r), 10)
	b = append(b, ',')
	return csvcell.AppendField(b, l.Policies[k])
}

// SeedStrings formats 64-bit seeds for JSON as decimal strings: jq,
// JavaScript and R hold JSON numbers as doubles, which round any integer
// above 2^53 (a seed such as 14754657656890123670 would read back as
// 14754657656890124000 and replay another replicate).
func SeedStrings(seeds []uint64) []string {
	out := make([]string, len(seeds))
	for i, s := range seeds {
		out[i] = strconv.FormatUint(s, 10)
	}
	return out
}

// PointKeys returns point pt's key fields as rows write them, comma
// separated ("3,80,0.2"; empty without point columns).
func (l *Layout) PointKeys(pt int) []byte {
	if len(l.prefix[pt]) == 0 {
		return nil
	}
	return l.prefix[pt][1:]
}
