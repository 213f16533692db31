package sweep

import (
	"context"
	"path/filepath"
	"slices"
	"time"

	"github.com/unconf/unconf/experiments/runner"
)

// DryRun is what a sweep would do, found without running it or
// writing anything: the design, the units (of a shard, when one is
// chosen), and the run time estimated from timing a few units.
type DryRun struct {
	Source string `json:"source"`
	// Design names the design; Parameters the swept keys and the values
	// each takes.
	Design     string       `json:"design"`
	Parameters []ParamRange `json:"parameters"`
	Points     int          `json:"points"`
	Replicates int          `json:"replicates"`
	Policies   []string     `json:"policies"`
	// Units counts the sweep's units; ShardUnits those of the shard
	// (equal to Units without one), FirstUnit and LastUnit its range.
	Units      int    `json:"units"`
	Shard      string `json:"shard,omitempty"`
	ShardUnits int    `json:"shard_units"`
	FirstUnit  int    `json:"first_unit"`
	LastUnit   int    `json:"last_unit"`
	// Out is the folder the run would write: Options.Out, or the
	// shard's part folder inside it.
	Out string `json:"out"`
	// TimedUnits were run (on one worker, results discarded) at
	// TimedPoints, taking Timed in all; PerUnit is the median time of a
	// task (a replicate of a point, every policy) over the policies.
	TimedUnits  int           `json:"timed_units"`
	TimedPoints []int         `json:"timed_points"`
	Timed       time.Duration `json:"timed_ns"`
	PerUnit     time.Duration `json:"per_unit_ns"`
	// Workers is Options.Workers; Estimate is ShardUnits × PerUnit /
	// Workers: the run time if the workers scale perfectly and the timed
	// units are typical.
	Workers  int           `json:"workers"`
	Estimate time.Duration `json:"estimate_ns"`
}

// ParamRange is one swept key and the values it takes, in words ("0, 0.15,
// 0.3", "uniform on [0, 1]").
type ParamRange struct {
	Key    string `json:"key"`
	Values string `json:"values"`
}

// dryTimeBudget bounds the timing: after the first task, no further task
// starts once this much time has passed.
const dryTimeBudget = 3 * time.Second

// dryMaxTasks is the most tasks (one replicate of one point, every
// policy) Dry times. They are taken in turn from the starts of the
// run's three thirds, since the cost of a unit can change along the design
// (a swept attendees.count), and their median time makes the estimate, so
// that one task slowed by a busy machine does not.
const dryMaxTasks = 12

// Dry plans spec as Run would with opts (every point's config is
// checked) and times a few of its units on one worker, writing nothing.
// The results of the timed units are discarded.
func Dry(ctx context.Context, spec *Spec, opts Options) (*DryRun, error) {
	return dry(ctx, spec, opts, defaultHooks())
}

func dry(ctx context.Context, spec *Spec, opts Options, h hooks) (*DryRun, error) {
	if err := checkSweepOptions(&opts); err != nil {
		return nil, err
	}
	p, err := planSweep(spec, opts.Sessions)
	if err != nil {
		return nil, err
	}
	l := p.l
	P := len(l.Policies)
	first, end := p.taskRange(opts.Shard)
	e := &DryRun{Source: spec.Source, Design: designName(spec.Design), Points: l.Points, Replicates: l.Replicates,
		Policies: l.Policies, Units: l.Units(), ShardUnits: (end - first) * P, FirstUnit: first * P, LastUnit: end*P - 1,
		Out: opts.Out, Workers: opts.Workers, TimedPoints: []int{}}
	for _, ps := range spec.Parameters {
		e.Parameters = append(e.Parameters, ParamRange{Key: ps.Key, Values: describeParam(ps)})
	}
	if opts.Shard.Count > 0 {
		e.Shard = opts.Shard.String()
		e.Out = filepath.Join(opts.Out, partDirName(opts.Shard, p.hash))
	}
	if end == first {
		return e, nil // an empty shard
	}
	ur := &runner.Units{Layout: l, Config: p.config, Detail: len(p.streams) > 1, Hooks: h.Hooks}
	run := ur.Worker()
	var times []time.Duration
	seen := map[int]bool{}
	start := h.Now()
	for i, t := range dryOrder(first, end) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t0 := h.Now()
		if i == dryMaxTasks || i > 0 && t0.Sub(start) >= dryTimeBudget {
			break
		}
		run(t)
		d := h.Now().Sub(t0)
		times = append(times, d)
		e.Timed += d
		if pt, _ := l.Task(t); !seen[pt] {
			seen[pt] = true
			e.TimedPoints = append(e.TimedPoints, pt)
		}
	}
	slices.Sort(e.TimedPoints)
	e.TimedUnits = len(times) * P
	slices.Sort(times)
	med := times[len(times)/2]
	if len(times)%2 == 0 {
		med = (times[len(times)/2-1] + med) / 2
	}
	e.PerUnit = med / time.Duration(P)
	e.Estimate = time.Duration(float64(e.PerUnit) * float64(e.ShardUnits) / float64(e.Workers))
	return e, nil
}

// dryOrder returns the tasks first…end−1 in the order Dry times them:
// in turn from the starts of the range's three thirds (fewer for a short
// range), each third's tasks in order.
func dryOrder(first, end int) []int {
	n := end - first
	var anchors []int
	for k := range 3 {
		if a := first + k*n/3; len(anchors) == 0 || a > anchors[len(anchors)-1] {
			anchors = append(anchors, a)
		}
	}
	var order []int
	for i := 0; len(order) < n; i++ {
		for k, a := range anchors {
			next := end
			if k+1 < len(anchors) {
				next = anchors[k+1]
			}
			if a+i < next {
				order = append(order, a+i)
			}
		}
	}
	return order
}
