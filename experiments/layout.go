package experiments

import (
	"fmt"
	"strconv"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/sim/rng"
)

// layout is an experiment's fixed, ordered list of units: points ×
// replicates × policies, numbered point-major, then replicate, then policy
// in config order. Task t is (point, replicate) = (t / replicates,
// t % replicates) and holds the units t·P … t·P+P−1. Every row of every
// output starts with the unit's keys: unit, the point's columns (none for
// compare; "point" and the swept parameters for a sweep), replicate, seed,
// policy.
type layout struct {
	points, replicates int
	policies           []string
	master             uint64
	// pointCols name the per-point key columns; pointVals[point] holds
	// their values. Both are empty for compare.
	pointCols []string
	pointVals [][]string

	prefix [][]byte // per point: the encoded pointVals, each field preceded by a comma
}

func newLayout(points, replicates int, policies []string, master uint64, pointCols []string, pointVals [][]string) *layout {
	l := &layout{points: points, replicates: replicates, policies: policies, master: master,
		pointCols: pointCols, pointVals: pointVals}
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

// tasks returns the number of tasks; units the number of units.
func (l *layout) tasks() int { return l.points * l.replicates }
func (l *layout) units() int { return l.tasks() * len(l.policies) }

// task returns task t's point and replicate.
func (l *layout) task(t int) (point, replicate int) { return t / l.replicates, t % l.replicates }

// unit returns the index of (point, replicate, policy).
func (l *layout) unit(point, replicate, policy int) int {
	return (point*l.replicates+replicate)*len(l.policies) + policy
}

// split returns unit u's point, replicate and policy index.
func (l *layout) split(u int) (point, replicate, policy int) {
	t := u / len(l.policies)
	point, replicate = l.task(t)
	return point, replicate, u % len(l.policies)
}

// seed returns replicate r's seed: it depends on the master seed and r
// only, so every point, policy, worker and shard meets the same draws.
func (l *layout) seed(r int) uint64 { return rng.Replicate(l.master, r) }

// seeds returns every replicate's seed, in replicate order.
func (l *layout) seeds() []uint64 {
	s := make([]uint64, l.replicates)
	for r := range s {
		s[r] = l.seed(r)
	}
	return s
}

// id returns unit u's stable name, e.g. "r12/spread", or "p3/r12/spread"
// when there are several points.
func (l *layout) id(u int) string {
	p, r, k := l.split(u)
	if l.points == 1 {
		return fmt.Sprintf("r%d/%s", r, l.policies[k])
	}
	return fmt.Sprintf("p%d/r%d/%s", p, r, l.policies[k])
}

// keyHeader returns the key columns every stream starts with.
func (l *layout) keyHeader() []string {
	h := []string{"unit"}
	h = append(h, l.pointCols...)
	return append(h, "replicate", "seed", "policy")
}

// appendKeys appends unit u's key fields (no leading comma, no trailing
// one).
func (l *layout) appendKeys(b []byte, u int) []byte {
	p, r, k := l.split(u)
	b = strconv.AppendInt(b, int64(u), 10)
	b = append(b, l.prefix[p]...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, l.seed(r), 10)
	b = append(b, ',')
	return csvcell.AppendField(b, l.policies[k])
}

// seedStrings formats 64-bit seeds for JSON as decimal strings: jq,
// JavaScript and R hold JSON numbers as doubles, which round any integer
// above 2^53 (a seed such as 14754657656890123670 would read back as
// 14754657656890124000 and replay another replicate).
func seedStrings(seeds []uint64) []string {
	out := make([]string, len(seeds))
	for i, s := range seeds {
		out[i] = strconv.FormatUint(s, 10)
	}
	return out
}
