package experiments

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
	streamResults = iota
	streamSessions
	streamSlots
	numStreams
)

var (
	sessionCodec = newRecordCodec(reflect.TypeFor[sim.SessionRecord](), timetableCols...)
	slotCodec    = newRecordCodec(reflect.TypeFor[sim.SlotRecord](), timetableCols...)
)

// File names of the outputs.
const (
	resultsFile  = "results.csv"
	sessionsFile = "sessions.csv"
	slotsFile    = "slots.csv"
	summaryCSV   = "summary.csv"
	summaryMD    = "summary.md"
	metaFile     = "meta.json"
)

// rowStreams returns the streams of an experiment laid out by l:
//
//	results.csv   keys, every metric (sim.MetricNames), error
//	sessions.csv  keys, the fields of sim.SessionRecord
//	slots.csv     keys, the fields of sim.SlotRecord (group by name)
//
// where keys are l.keyHeader(): unit, point columns, replicate, seed, policy.
func rowStreams(l *layout) []stream {
	keys := l.keyHeader()
	return []stream{
		streamResults:  {resultsFile, slices.Concat(keys, sim.MetricNames(), []string{"error"})},
		streamSessions: {sessionsFile, slices.Concat(keys, sessionCodec.names)},
		streamSlots:    {slotsFile, slices.Concat(keys, slotCodec.names)},
	}
}

// unitRunner runs the tasks of an experiment laid out by l. A worker
// gets a point's config from config when it meets the point and keeps the
// configs and policies of a few recent points (tasks reach workers in
// order, so a worker's tasks are a few points apart at most): memory does
// not grow with the number of points. detail adds the sessions and slots
// rows (compare always; a sweep with SweepOptions.Sessions).
type unitRunner struct {
	l      *layout
	config func(point int) (*scenario.Config, error)
	detail bool
	h      hooks
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

// worker returns one worker's task function, with its own engine, configs
// and policy instances.
func (u *unitRunner) worker() taskFunc {
	eng := u.h.newEngine()
	l := u.l
	var cache [pointCacheSize]*pointState
	next := 0
	state := func(point int) *pointState {
		for _, s := range cache {
			if s != nil && s.point == point {
				return s
			}
		}
		s := &pointState{point: point}
		s.cfg, s.err = u.config(point)
		if s.err == nil {
			// Policies per point: a sweep may vary policy settings.
			s.pols = make([]sim.Policy, len(l.policies))
			s.perr = make([]error, len(l.policies))
			for k, name := range l.policies {
				s.pols[k], s.perr[k] = u.h.newPolicy(name, s.cfg.Policy)
			}
		}
		cache[next] = s
		next = (next + 1) % pointCacheSize
		return s
	}
	return func(t int) [][]byte {
		point, rep := l.task(t)
		st := state(point)
		rows := make([][]byte, numStreams)
		var w *sim.World
		err := st.err
		if err == nil {
			w, err = u.h.safeWorld(&st.cfg.Model, l.seed(rep))
		}
		for k := range l.policies {
			unit := l.unit(point, rep, k)
			var res *sim.Result
			uerr := err
			if uerr == nil {
				uerr = st.perr[k]
			}
			if uerr == nil {
				var panicked bool
				res, panicked, uerr = safeRun(eng, w, st.pols[k])
				if panicked {
					eng = u.h.newEngine()
				}
			}
			rows[streamResults] = appendResult(rows[streamResults], l, unit, res, uerr)
			if uerr != nil || !u.detail {
				continue
			}
			for i := range res.Sessions {
				b := l.appendKeys(rows[streamSessions], unit)
				b = sessionCodec.appendRow(b, reflect.ValueOf(&res.Sessions[i]).Elem())
				rows[streamSessions] = append(b, '\n')
			}
			for i := range res.Slots {
				b := l.appendKeys(rows[streamSlots], unit)
				b = slotCodec.appendRow(b, reflect.ValueOf(&res.Slots[i]).Elem())
				rows[streamSlots] = append(b, '\n')
			}
		}
		return rows
	}
}

// appendResult appends unit's results row: its metrics, or empty metric
// cells and the error.
func appendResult(b []byte, l *layout, unit int, res *sim.Result, err error) []byte {
	b = l.appendKeys(b, unit)
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
