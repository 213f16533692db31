package sim_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// Calibration against the published figures of a real unconference (issue
// 2; docs/ODD.md section 9): 259 people, about 9 parallel sessions, votes
// cast before the event by about 40% of attendees, a median of 0.79
// attendees per "interested" vote (0.27–1.67 over 13 sessions), about two
// thirds of attendees in some session at any moment, and a Spearman
// correlation of 0.35 between votes and attendance.
//
// The default event votes differently (everyone raises hands), so the test
// measures the default event and the same event with votes.turnout 0.4,
// under show-of-hands (the real event's rule) and spread, and asserts only
// the relations the issue asks for: a rank correlation well below 1, a
// per-hand turnout of the same order as 0.79 when 40% vote, sessions that
// drew hands ending nearly empty, and a share of attendees in sessions
// between one half and 0.95. The figures it logs are the ones docs/ODD.md
// records; update both together.

// calibrationReplicates is the number of replicates per turnout.
const calibrationReplicates = 50

// drewHands is the number of hands from which a session "drew hands" in
// the nearly-empty count.
const drewHands = 5

// calibration holds what one (turnout, policy) case measured.
type calibration struct {
	perHand   []float64 // per replicate: median attendance/hands over sessions with hands
	lo, hi    []float64 // per replicate: least and greatest attendance/hands
	pooled    []float64 // attendance/hands of every session with hands
	inSession []float64 // per replicate: on-site person-slots spent in a session, share
	bySlot    []float64 // per slot: share in a session, summed over replicates
	spearman  []float64 // per replicate: Spearman of hands and attendance, sessions with hands
	drew      int       // sessions with at least drewHands hands
	emptied   int       // of those, sessions ending with at most metrics.collapsed people
}

// add records one replicate's result.
func (c *calibration) add(res *sim.Result, collapsed int) {
	var ratios, hands, att []float64
	for _, s := range res.Sessions {
		if s.Hands == 0 {
			continue
		}
		ratios = append(ratios, float64(s.Attendance)/float64(s.Hands))
		hands = append(hands, float64(s.Hands))
		att = append(att, float64(s.Attendance))
		if s.Hands >= drewHands {
			c.drew++
			if s.Attendance <= collapsed {
				c.emptied++
			}
		}
	}
	c.pooled = append(c.pooled, ratios...)
	slices.Sort(ratios)
	c.perHand = append(c.perHand, sim.Quantile(ratios, 0.5))
	c.lo = append(c.lo, ratios[0])
	c.hi = append(c.hi, ratios[len(ratios)-1])
	c.spearman = append(c.spearman, sim.Spearman(hands, att))

	// Slot records come one per (slot, jet-lag group).
	nslots := 0
	for _, x := range res.Slots {
		nslots = max(nslots, x.Slot+1)
	}
	if c.bySlot == nil {
		c.bySlot = make([]float64, nslots)
	}
	slotOn, slotIn := make([]int, nslots), make([]int, nslots)
	for _, x := range res.Slots {
		slotOn[x.Slot] += x.OnSite
		slotIn[x.Slot] += x.InSession
	}
	onSite, in := 0, 0
	for s := range nslots {
		c.bySlot[s] += float64(slotIn[s]) / float64(slotOn[s])
		onSite += slotOn[s]
		in += slotIn[s]
	}
	c.inSession = append(c.inSession, float64(in)/float64(onSite))
}

// median returns the type-7 median of x (sorted in place).
func median(x []float64) float64 {
	slices.Sort(x)
	return sim.Quantile(x, 0.5)
}

// TestCalibration measures the default event against the real event's
// figures and checks the relations issue 2 requires.
func TestCalibration(t *testing.T) {
	cfg, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	policies := []string{"show-of-hands", "spread"}
	for _, turnout := range []float64{1, 0.4} {
		model := cfg.Model
		model.Votes.Turnout = turnout
		cases := make([]calibration, len(policies))
		pols := make([]sim.Policy, len(policies))
		for i, name := range policies {
			if pols[i], err = policy.New(name, cfg.Policy); err != nil {
				t.Fatal(err)
			}
		}
		var e sim.Engine
		props, hands, voters := 0, 0, 0
		for r := range calibrationReplicates {
			w, err := agents.NewWorld(&model, rng.Replicate(cfg.Run.Seed, r))
			if err != nil {
				t.Fatal(err)
			}
			props += len(w.Proposals)
			for _, h := range w.Votes.ByAttendee {
				if len(h) > 0 {
					hands += len(h)
					voters++
				}
			}
			for i, p := range pols {
				res, err := e.Run(w, p)
				if err != nil {
					t.Fatalf("turnout %v, replicate %d, %s: %v", turnout, r, policies[i], err)
				}
				cases[i].add(res, model.Metrics.Collapsed)
			}
		}
		t.Logf("votes.turnout %v: %.1f proposals and %.1f hands a replicate, %.1f hands per attendee with hands",
			turnout, float64(props)/calibrationReplicates, float64(hands)/calibrationReplicates, float64(hands)/float64(voters))
		for i, name := range policies {
			t.Run(fmt.Sprintf("turnout %v/%s", turnout, name), func(t *testing.T) {
				c := &cases[i]
				perHand, spearman, inSession := median(c.perHand), median(c.spearman), median(c.inSession)
				slices.Sort(c.pooled)
				slotMin, slotMax := 1.0, 0.0
				for _, v := range c.bySlot {
					v /= calibrationReplicates
					slotMin, slotMax = min(slotMin, v), max(slotMax, v)
				}
				// The expected extremes of 13 sessions drawn at random lie near
				// the 1/14 and 13/14 quantiles.
				t.Logf("attendees per hand: median %.2f (replicates' medians %.2f–%.2f); range over a replicate's sessions %.2f–%.2f (medians of min and max); 13-session range about %.2f–%.2f (pooled 7th–93rd percentiles)",
					perHand, slices.Min(c.perHand), slices.Max(c.perHand), median(c.lo), median(c.hi),
					sim.Quantile(c.pooled, 1.0/14), sim.Quantile(c.pooled, 13.0/14))
				t.Logf("in a session: %.2f of on-site person-slots (slots %.2f–%.2f); Spearman hands vs attendance: median %.2f (quartiles %.2f–%.2f)",
					inSession, slotMin, slotMax, spearman, sim.Quantile(c.spearman, 0.25), sim.Quantile(c.spearman, 0.75))
				t.Logf("sessions with ≥ %d hands ending with ≤ %d people: %d of %d (%.1f%%)",
					drewHands, model.Metrics.Collapsed, c.emptied, c.drew, 100*float64(c.emptied)/float64(c.drew))

				if !(spearman < 0.8) {
					t.Errorf("median Spearman of hands and attendance %.2f: want well below 1 (< 0.8; real event 0.35)", spearman)
				}
				if !(inSession >= 0.5 && inSession <= 0.95) {
					t.Errorf("share of on-site attendees in a session %.2f: want 0.5 to 0.95 (real event about 2/3)", inSession)
				}
				if c.emptied == 0 {
					t.Errorf("no session with ≥ %d hands ended with ≤ %d people over %d replicates: want some",
						drewHands, model.Metrics.Collapsed, calibrationReplicates)
				}
				if turnout == 0.4 && !(perHand >= 0.25 && perHand <= 2.5) {
					t.Errorf("median attendees per hand %.2f at turnout 0.4: want the real 0.79's order (0.25 to 2.5)", perHand)
				}
			})
		}
	}
}
