package runner

import (
	"reflect"
	"slices"

	"github.com/unconf/unconf/experiments/internal/csvcell"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// The three row streams of an experiment, in job order: results is the
// ledger (one row per unit, failed ones included).
const (
	Results = iota
	Sessions
	Slots
	numStreams
)

var (
	sessionCodec = newRecordCodec(reflect.TypeFor[sim.SessionRecord](), timetableCols...)
	slotCodec    = newRecordCodec(reflect.TypeFor[sim.SlotRecord](), timetableCols...)
)

// File names in an output folder: the row files, and the names the
// commands write beside them, which TakeDir guards (none may be a
// symbolic link, and a folder holding row files without a run.json is
// refused).
const (
	ResultsFile  = "results.csv"
	SessionsFile = "sessions.csv"
	SlotsFile    = "slots.csv"
	SummaryCSV   = "summary.csv"
	SummaryMD    = "summary.md"
	MetaFile     = "meta.json"
	// PartFile marks a sweep shard's part folder complete; MorrisFile
	// holds a Morris design's elementary effects; ParquetFile is the
	// Parquet copy of results.csv.
	PartFile    = "part.json"
	MorrisFile  = "morris.csv"
	ParquetFile = "results.parquet"
)

// RowStreams returns the streams of an experiment laid out by l:
//
//	results.csv   keys, every metric (sim.MetricNames), error
//	sessions.csv  keys, the fields of sim.SessionRecord
//	slots.csv     keys, the fields of sim.SlotRecord (group by name)
//
// where keys are l.KeyHeader(): unit, point columns, replicate, seed, policy.
func RowStreams(l *Layout) []Stream {
	keys := l.KeyHeader()
	return []Stream{
		Results:  {ResultsFile, slices.Concat(keys, sim.MetricNames(), []string{"error"})},
		Sessions: {SessionsFile, slices.Concat(keys, sessionCodec.names)},
		Slots:    {SlotsFile, slices.Concat(keys, slotCodec.names)},
	}
}

// Units runs the tasks of an experiment laid out by Layout: each unit
// builds its replicate's world and runs its policy with Hooks, and is
// written as rows of the Results stream (and, with Detail, of Sessions
// and Slots; compare always, a sweep with SweepOptions.Sessions). A
// worker gets a point's config from Config when it meets the point and
// keeps the configs and policies of a few recent points (tasks reach
// workers in order, so a worker's tasks are a few points apart at most):
// memory does not grow with the number of points.
type Units struct {
	Layout *Layout
	Config func(point int) (*scenario.Config, error)
	Detail bool
	Hooks  Hooks
}

// pointCacheSize is how many points' configs and policies a worker keeps.
const pointCacheSize = 4

// pointState is a point's config and policies, or why there are none.
type pointState struct {
	point int
	cfg   *scenario.Config
	err   error
	pols  []sim.Policy
	perr  []error
}

// Worker returns one worker's task function, with its own engine, world
// builder (Hooks.Worlds), configs and policy instances.
func (u *Units) Worker() TaskFunc {
	eng := u.Hooks.NewEngine()
	newWorld := u.Hooks.Worlds()
	l := u.Layout
	var cache [pointCacheSize]*pointState
	next := 0
	state := func(point int) *pointState {
		for _, s := range cache {
			if s != nil && s.point == point {
				return s
			}
		}
		s := &pointState{point: point}
		s.cfg, s.err = u.Config(point)
		if s.err == nil {
			// Policies per point: a sweep may vary policy settings.
			s.pols = make([]sim.Policy, len(l.Policies))
			s.perr = make([]error, len(l.Policies))
			for k, name := range l.Policies {
				s.pols[k], s.perr[k] = u.Hooks.NewPolicy(name, s.cfg.Policy)
			}
		}
		cache[next] = s
		next = (next + 1) % pointCacheSize
		return s
	}
	return func(t int) [][]byte {
		point, rep := l.Task(t)
		st := state(point)
		rows := make([][]byte, numStreams)
		var w *sim.World
		err := st.err
		if err == nil {
			var panicked bool
			w, panicked, err = safeWorld(newWorld, &st.cfg.Model, l.Seed(rep))
			if panicked {
				newWorld = u.Hooks.Worlds()
			}
		}
		for k := range l.Policies {
			unit := l.Unit(point, rep, k)
			var res *sim.Result
			uerr := err
			if uerr == nil {
				uerr = st.perr[k]
			}
			if uerr == nil {
				var panicked bool
				res, panicked, uerr = safeRun(eng, w, st.pols[k])
				if panicked {
					eng = u.Hooks.NewEngine()
				}
			}
			rows[Results] = appendResult(rows[Results], l, unit, res, uerr)
			if uerr != nil || !u.Detail {
				continue
			}
			for i := range res.Sessions {
				b := l.AppendKeys(rows[Sessions], unit)
				b = sessionCodec.appendRow(b, reflect.ValueOf(&res.Sessions[i]).Elem())
				rows[Sessions] = append(b, '\n')
			}
			for i := range res.Slots {
				b := l.AppendKeys(rows[Slots], unit)
				b = slotCodec.appendRow(b, reflect.ValueOf(&res.Slots[i]).Elem())
				rows[Slots] = append(b, '\n')
			}
		}
		return rows
	}
}

// appendResult appends unit's results row: its metrics, or empty metric
// cells and the error.
func appendResult(b []byte, l *Layout, unit int, res *sim.Result, err error) []byte {
	b = l.AppendKeys(b, unit)
	for m := range sim.NumMetrics {
		b = append(b, ',')
		if err == nil {
			b = csvcell.AppendFloat(b, res.Metrics[m])
		}
	}
	b = append(b, ',')
	if err != nil {
		msg := err.Error()
		if msg == "" {
			msg = "error"
		}
		b = csvcell.AppendField(b, msg)
	}
	return append(b, '\n')
}
