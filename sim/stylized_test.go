package sim_test

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/unconf/unconf/experiments/scenario"

	"gonum.org/v1/gonum/stat"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/rng"
)

// The stylized facts of MODEL.md and the policy comparisons of the core
// issue, as seeded statistical comparisons on the embedded default scenario
// (configs/socml2017.yaml). Replicate r uses the seed rng.Replicate(2017, r),
// as `unconf compare` does; every policy meets the same worlds and choice
// noise, so comparisons are paired by replicate. A paired comparison passes
// when the mean difference exceeds minT standard errors: one-sided p below
// 0.002 for a true difference of zero.

const (
	// replicates is the number of replicates of the shared runs.
	replicates = 100
	// minT is the t statistic a paired comparison must reach.
	minT = 3.0
)

// stylizedPolicies are the policies the shared runs simulate.
var stylizedPolicies = []string{"random", "popularity", "spread", "optimized"}

// runs holds, per policy, one Result per replicate, and the worlds.
type runs struct {
	cfg    *scenario.Config
	worlds []*sim.World
	res    map[string][]*sim.Result
}

var (
	sharedOnce sync.Once
	shared     *runs
	sharedErr  error
)

// stylized simulates the shared runs once for all tests of this file.
func stylized(t *testing.T) *runs {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = simulateRuns() })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func simulateRuns() (*runs, error) {
	cfg, err := scenario.Default()
	if err != nil {
		return nil, err
	}
	rs := &runs{cfg: cfg, res: map[string][]*sim.Result{}}
	pols := make([]sim.Policy, len(stylizedPolicies))
	for i, name := range stylizedPolicies {
		if pols[i], err = policy.New(name, cfg.Policy); err != nil {
			return nil, err
		}
	}
	var e sim.Engine
	for r := range replicates {
		w, err := agents.NewWorld(&cfg.Model, rng.Replicate(cfg.Run.Seed, r))
		if err != nil {
			return nil, err
		}
		rs.worlds = append(rs.worlds, w)
		for i, name := range stylizedPolicies {
			res, err := e.Run(w, pols[i])
			if err != nil {
				return nil, fmt.Errorf("replicate %d, %s: %w", r, name, err)
			}
			rs.res[name] = append(rs.res[name], res)
		}
	}
	return rs, nil
}

// paired returns the mean of d and its t statistic (mean over standard
// error; ±Inf for a constant non-zero d).
func paired(d []float64) (mean, t float64) {
	mean, sd := stat.MeanStdDev(d, nil)
	return mean, mean / (sd / math.Sqrt(float64(len(d))))
}

// requirePositive fails unless the paired differences d are positive on
// average by at least minT standard errors.
func requirePositive(t *testing.T, what string, d []float64) {
	t.Helper()
	mean, tt := paired(d)
	t.Logf("%s: mean paired difference %.4g over %d pairs, t = %.1f", what, mean, len(d), tt)
	if !(mean > 0 && tt >= minT) {
		t.Errorf("%s: mean paired difference %.4g (t = %.1f over %d pairs), want > 0 with t >= %v", what, mean, tt, len(d), minT)
	}
}

// Fact 1. Interest is not attendance: under popularity, which runs the most
// wanted proposals side by side, sessions that drew hands collapse (at
// most metrics.collapsed people stay) more often than under spread, which
// keeps co-voted sessions apart.
func TestFactInterestIsNotAttendance(t *testing.T) {
	rs := stylized(t)
	limit := rs.cfg.Model.Metrics.Collapsed
	collapsed := func(r *sim.Result) (c, n float64) {
		for _, s := range r.Sessions {
			if s.Hands > 0 {
				n++
				if s.Attendance <= limit {
					c++
				}
			}
		}
		return c, n
	}
	var d []float64
	var pop, spr, sessions float64
	for r := range replicates {
		cp, n := collapsed(rs.res["popularity"][r])
		cs, _ := collapsed(rs.res["spread"][r])
		d = append(d, cp-cs)
		pop, spr, sessions = pop+cp, spr+cs, sessions+n
	}
	t.Logf("collapsed among sessions with hands: popularity %.1f%%, spread %.1f%% of %.0f", 100*pop/sessions, 100*spr/sessions, sessions)
	requirePositive(t, "collapsed sessions with hands, popularity − spread", d)
	// And some do collapse under popularity: the fact is visible, not a
	// difference of rare events (about 2 a replicate, measured).
	if pop/replicates < 1 {
		t.Errorf("popularity: %.2f collapsed sessions with hands a replicate, want at least 1", pop/replicates)
	}
}

// Fact 2. Jet lag has a clock: westward visitors' mean alertness on day 1
// falls from the morning slot to the late afternoon, is higher on day 2
// (late afternoon and day mean), and their day-1 late afternoon is worse
// than that of attendees without jet lag.
func TestFactJetLagHasAClock(t *testing.T) {
	rs := stylized(t)
	ev := rs.worlds[0].Event
	if ev.Days != 2 || ev.SlotsPerDay != 3 {
		t.Fatalf("default event has %d days of %d slots, want 2 of 3", ev.Days, ev.SlotsPerDay)
	}
	alert := func(r *sim.Result, slot int, g sim.JetlagGroup) float64 {
		for _, x := range r.Slots {
			if x.Slot == slot && x.Group == g {
				return x.Alertness
			}
		}
		t.Fatalf("no slot record for slot %d, group %v", slot, g)
		return 0
	}
	var morningVsLate, day2VsDay1Late, day2VsDay1, westVsNone []float64
	var mean [6]float64
	for _, r := range rs.res["random"] {
		var a [6]float64
		for s := range a {
			a[s] = alert(r, s, sim.West)
			mean[s] += a[s] / replicates
		}
		morningVsLate = append(morningVsLate, a[0]-a[2])
		day2VsDay1Late = append(day2VsDay1Late, a[5]-a[2])
		day2VsDay1 = append(day2VsDay1, (a[3]+a[4]+a[5]-a[0]-a[1]-a[2])/3)
		westVsNone = append(westVsNone, alert(r, 2, sim.NoJetlag)-a[2])
	}
	t.Logf("west alertness by slot (random policy): day 1 %.2f %.2f %.2f, day 2 %.2f %.2f %.2f", mean[0], mean[1], mean[2], mean[3], mean[4], mean[5])
	if !(mean[0] > mean[1] && mean[1] > mean[2]) {
		t.Errorf("west alertness on day 1 %.2f, %.2f, %.2f: want falling through the day", mean[0], mean[1], mean[2])
	}
	requirePositive(t, "west, day 1: 09:30 − 15:30", morningVsLate)
	requirePositive(t, "west, 15:30: day 2 − day 1", day2VsDay1Late)
	requirePositive(t, "west, day mean: day 2 − day 1", day2VsDay1)
	requirePositive(t, "day 1 15:30: no jet lag − west", westVsNone)
}

// Fact 3. Stars pull crowds: a star's session draws more people than
// comparable sessions without a star: in the same replicate, in a room of
// the same capacity, with a true demand (the sum over attendees of their
// match with the proposal) within 15%. Matching on true demand rather than
// hands, because hands are themselves inflated for stars' proposals
// (votes.star_bonus). Random schedules, so that placement does not depend
// on the star.
func TestFactStarsPullCrowds(t *testing.T) {
	rs := stylized(t)
	var d []float64
	for r, res := range rs.res["random"] {
		w := rs.worlds[r]
		demand := make(map[int]float64, len(res.Sessions))
		for _, s := range res.Sessions {
			p := &w.Proposals[s.Proposal]
			for i := range w.Attendees {
				demand[s.Proposal] += w.Attendees[i].Match(p.Topic, p.Second)
			}
		}
		for _, s := range res.Sessions {
			if !s.Star {
				continue
			}
			sum, k := 0.0, 0
			for _, o := range res.Sessions {
				if !o.Star && o.Capacity == s.Capacity && math.Abs(demand[o.Proposal]-demand[s.Proposal]) <= 0.15*demand[s.Proposal] {
					sum += float64(o.Attendance)
					k++
				}
			}
			if k > 0 {
				d = append(d, float64(s.Attendance)-sum/float64(k))
			}
		}
	}
	if len(d) < 50 {
		t.Fatalf("%d matched star sessions, want at least 50", len(d))
	}
	requirePositive(t, "attendance: star session − comparable non-star sessions", d)
}

// Fact 4. Small sessions make deep ties: new ties per attendee-session are
// higher in sessions of 2 to 6 people than in sessions of 20 or more,
// compared within each replicate and policy (random, popularity, spread).
func TestFactSmallSessionsMakeTies(t *testing.T) {
	rs := stylized(t)
	var d []float64
	var small, big [2]float64 // ties×2, attendees
	for _, name := range []string{"random", "popularity", "spread"} {
		for _, res := range rs.res[name] {
			var s, b [2]float64
			for _, x := range res.Sessions {
				switch n := float64(x.Attendance); {
				case n >= 2 && n <= 6:
					s[0], s[1] = s[0]+2*float64(x.NewTies), s[1]+n
				case n >= 20:
					b[0], b[1] = b[0]+2*float64(x.NewTies), b[1]+n
				}
			}
			if s[1] > 0 && b[1] > 0 {
				d = append(d, s[0]/s[1]-b[0]/b[1])
			}
			small[0], small[1], big[0], big[1] = small[0]+s[0], small[1]+s[1], big[0]+b[0], big[1]+b[1]
		}
	}
	t.Logf("new ties per attendee-session: %.3f in sessions of 2–6 (%.0f attendee-sessions), %.3f in sessions of 20+ (%.0f)",
		small[0]/small[1], small[1], big[0]/big[1], big[1])
	requirePositive(t, "ties per attendee-session: small − large", d)
}

// The optimized policy beats random and popularity on mean satisfaction,
// paired by replicate over 100 replicates.
func TestOptimizedBeatsRandomAndPopularity(t *testing.T) {
	rs := stylized(t)
	for _, other := range []string{"random", "popularity"} {
		var d []float64
		wins := 0
		for r := range replicates {
			x := rs.res["optimized"][r].Metrics[sim.SatisfactionMean] - rs.res[other][r].Metrics[sim.SatisfactionMean]
			d = append(d, x)
			if x > 0 {
				wins++
			}
		}
		requirePositive(t, "satisfaction_mean: optimized − "+other, d)
		t.Logf("optimized beats %s in %d of %d replicates", other, wins, replicates)
	}
}

// Spread has fewer co-voter conflicts than popularity, paired by replicate.
func TestSpreadFewerConflictsThanPopularity(t *testing.T) {
	rs := stylized(t)
	var d []float64
	for r := range replicates {
		d = append(d, rs.res["popularity"][r].Metrics[sim.Conflicts]-rs.res["spread"][r].Metrics[sim.Conflicts])
	}
	requirePositive(t, "conflicts: popularity − spread", d)
	if slices.Min(d) <= 0 {
		t.Errorf("spread has at least as many conflicts as popularity in some replicate (min difference %v)", slices.Min(d))
	}
}

// The conflict share tells what the raw count hides: spread schedules more
// popular sessions than random and so has more co-voter conflicts, yet it
// runs a smaller share of the co-voted session pairs in parallel, in every
// replicate.
func TestSpreadSmallerConflictShareThanRandom(t *testing.T) {
	rs := stylized(t)
	var d, dc []float64
	for r := range replicates {
		sp, rd := rs.res["spread"][r].Metrics, rs.res["random"][r].Metrics
		d = append(d, rd[sim.ConflictShare]-sp[sim.ConflictShare])
		dc = append(dc, sp[sim.Conflicts]-rd[sim.Conflicts])
	}
	requirePositive(t, "conflict_share: random − spread", d)
	requirePositive(t, "conflicts: spread − random", dc)
	if slices.Min(d) <= 0 {
		t.Errorf("spread has at least random's conflict share in some replicate (min difference %v)", slices.Min(d))
	}
}

// TestDeterministicInAnyOrder runs every policy on the same replicates in
// two orders, with one engine and with fresh worlds, and requires identical
// results: no state leaks from one policy's run into the next.
func TestDeterministicInAnyOrder(t *testing.T) {
	cfg, err := scenario.Default()
	if err != nil {
		t.Fatal(err)
	}
	names := policy.Names()
	for r := range 2 {
		seed := rng.Replicate(cfg.Run.Seed, r)
		got := map[string]string{}
		for pass, order := range [][]string{names, reversed(names)} {
			w, err := agents.NewWorld(&cfg.Model, seed)
			if err != nil {
				t.Fatal(err)
			}
			var e sim.Engine
			for _, name := range order {
				p, err := policy.New(name, cfg.Policy)
				if err != nil {
					t.Fatal(err)
				}
				res, err := e.Run(w, p)
				if err != nil {
					t.Fatalf("replicate %d, %s: %v", r, name, err)
				}
				if pass == 0 {
					got[name] = dump(res)
				} else if dump(res) != got[name] {
					t.Errorf("replicate %d, %s: result depends on the order of policies", r, name)
				}
			}
		}
	}
}

func reversed(s []string) []string {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}
