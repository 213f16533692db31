package experiments

import (
	"reflect"
	"slices"

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
	sessionCodec = newRecordCodec(reflect.TypeFor[sim.SessionRecord]())
	slotCodec    = newRecordCodec(reflect.TypeFor[sim.SlotRecord]())
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

// unitRunner runs the tasks of an experiment whose points each have a
// model config: points[p] is point p's config (one for compare).
type unitRunner struct {
	l      *layout
	points []*Config
	h      hooks
}

// worker returns one worker's task function, with its own engine and
// policy instances.
func (u *unitRunner) worker() taskFunc {
	eng := u.h.newEngine()
	type pol struct {
		p   sim.Policy
		err error
	}
	// Policies per point: a sweep may vary policy settings.
	pols := make([][]pol, len(u.points))
	return func(t int) [][]byte {
		point, rep := u.l.task(t)
		cfg := u.points[point]
		if pols[point] == nil {
			pols[point] = make([]pol, len(u.l.policies))
			for k, name := range u.l.policies {
				pols[point][k].p, pols[point][k].err = u.h.newPolicy(name, cfg.Policy)
			}
		}
		seed := u.l.seed(rep)
		rows := make([][]byte, numStreams)
		w, werr := u.h.safeWorld(&cfg.Model, seed)
		for k := range u.l.policies {
			unit := u.l.unit(point, rep, k)
			var res *sim.Result
			err := werr
			if err == nil {
				err = pols[point][k].err
			}
			if err == nil {
				var panicked bool
				res, panicked, err = safeRun(eng, w, pols[point][k].p)
				if panicked {
					eng = u.h.newEngine()
				}
			}
			rows[streamResults] = appendResult(rows[streamResults], u.l, unit, res, err)
			if err != nil {
				continue
			}
			for i := range res.Sessions {
				b := u.l.appendKeys(rows[streamSessions], unit)
				b = sessionCodec.appendRow(b, reflect.ValueOf(&res.Sessions[i]).Elem())
				rows[streamSessions] = append(b, '\n')
			}
			for i := range res.Slots {
				b := u.l.appendKeys(rows[streamSlots], unit)
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
			b = appendFloat(b, res.Metrics[m])
		}
	}
	b = append(b, ',')
	if err != nil {
		msg := err.Error()
		if msg == "" {
			msg = "error"
		}
		b = appendField(b, msg)
	}
	return append(b, '\n')
}
