package experiments

import (
	"reflect"

	"github.com/unconf/unconf/sim"
)

// sweepRunner runs the tasks of a sweep. Unlike compare's unitRunner it
// keeps no config per point: a worker decodes a point's config when it
// meets the point (a few recent ones are cached), so memory does not grow
// with the number of points; and it writes sessions and slots rows only
// when the plan has those streams.
type sweepRunner struct {
	p *sweepPlan
	h hooks
}

// sweepCacheSize is how many points' configs and policies a worker keeps.
// Tasks reach workers in order, so a worker's tasks are a few points apart
// at most.
const sweepCacheSize = 4

type pointState struct {
	point int
	cfg   *Config
	err   error
	pols  []sim.Policy
	perr  []error
}

// worker returns one worker's task function, with its own engine, configs
// and policy instances.
func (u *sweepRunner) worker() taskFunc {
	eng := u.h.newEngine()
	l := u.p.l
	detail := len(u.p.streams) > 1
	var cache [sweepCacheSize]*pointState
	next := 0
	state := func(point int) *pointState {
		for _, s := range cache {
			if s != nil && s.point == point {
				return s
			}
		}
		s := &pointState{point: point}
		s.cfg, s.err = u.p.config(point)
		if s.err == nil {
			s.pols = make([]sim.Policy, len(l.policies))
			s.perr = make([]error, len(l.policies))
			for k, name := range l.policies {
				s.pols[k], s.perr[k] = u.h.newPolicy(name, s.cfg.Policy)
			}
		}
		cache[next] = s
		next = (next + 1) % sweepCacheSize
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
			if uerr != nil || !detail {
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
