package sim_test

import (
	"math"
	"testing"

	"github.com/unconf/unconf/sim"
)

// TestMetricsByHand checks, on a world small enough to follow by hand, the
// metrics the running example of TestHandBuiltMetrics leaves untouched:
// alert_share with some person-slots below the threshold, the jet-lag and
// background splits, ties and cross-background ties, and the slot records.
//
// One day, two back-to-back slots (no break: fatigue carries over), one
// room of 10, topics t0 and t1. Attendee 0 moderates p0 in slot 0, attendee
// 1 moderates p1 in slot 1; nobody wants the hallway, so all four are in
// the one session of each slot (n = 4). Alertness is 1 in slot 0 and
// 1 − 0.6 = 0.4 in slot 1 (fatigue 0.6 after one session). Attendee 2
// likes t1 twice as much as t0 (match 0.5); the others match 1.
func TestMetricsByHand(t *testing.T) {
	cfg := flatConfig()
	cfg.Event.Slots = []sim.SlotConfig{{Start: "09:00", Minutes: 60}, {Start: "10:00", Minutes: 60}}
	cfg.Event.Topics = topics(2)
	cfg.Alertness.Fatigue = 0.6
	cfg.Ties = sim.TiesConfig{Rate: 10, Interest: 0.5, SizeExponent: 1} // every eligible pair: p = min(1, 10/3)
	w := world(t, cfg, [][]float64{{1, 0}, {1, 0}, {1, 2}, {1, 0}},
		[][2]int{{0, 0}, {1, 0}},
		[][]int32{{2, 3}, {2}})
	for i, x := range []struct {
		jetlag float64
		bg     sim.Background
	}{
		{0, sim.Industry}, // no jet lag
		{8, sim.Academia}, // east
		{-9, sim.Student}, // west
		{-4, sim.Student}, // west (|−4| ≥ group_hours 3)
	} {
		w.Attendees[i].Jetlag, w.Attendees[i].Background = x.jetlag, x.bg
	}
	s := &sim.Schedule{Sessions: []sim.Session{{Proposal: 0, Slot: 0, Room: 0}, {Proposal: 1, Slot: 1, Room: 0}}}
	r := evaluate(t, w, s)

	q4 := cfg.Quality.Q(4)
	full := (q4*1 + q4*0.4) / 2 // match 1: mean gain over the two slots
	half := full / 2            // attendee 2, match 0.5
	nan := math.NaN()
	for _, c := range []struct {
		m    sim.Metric
		want float64
	}{
		{sim.SatisfactionMean, (3*full + half) / 4},
		{sim.SatisfactionNone, full},
		{sim.SatisfactionEast, full},
		{sim.SatisfactionWest, (half + full) / 2},
		{sim.SatisfactionIndustry, full},
		{sim.SatisfactionAcademia, full},
		{sim.SatisfactionStudent, (half + full) / 2},
		{sim.SatisfactionStartup, nan},
		// Type-7 10th percentile of [half full full full]: h = 0.3.
		{sim.SatisfactionP10, half + 0.3*(full-half)},
		// Gini: Σ|x_i − x_j| over ordered pairs = 6·(full − half), over 2n²μ.
		{sim.SatisfactionGini, 6 * (full - half) / (2 * 16 * (3*full + half) / 4)},
		// 8 person-slots in sessions, the 4 of slot 1 at alertness 0.4 < 0.5.
		{sim.AlertShare, 0.5},
		// Six pairs, all strangers (affiliation = ID) sharing the interest,
		// tied in slot 0; backgrounds I, A, S, S: only pair (2, 3) is not
		// cross-background.
		{sim.NewTies, 6},
		{sim.CrossBackgroundTies, 5},
		// Hands: p0 by 2 and 3, p1 by 2. Both voters can act on every hand.
		{sim.Coverage, 1},
		{sim.Conflicts, 0},
		{sim.ConflictShare, 0},                // voter 2's pair p0, p1 runs in two slots
		{sim.HandsError, (2.0/2 + 3.0/1) / 2}, // |2−4|/2, |1−4|/1
		{sim.HandsAttendanceCorr, nan},        // attendance constant
		{sim.FillRatio, 0.4},
		{sim.Collapsed, 0},
		{sim.Sessions, 2},
	} {
		got := r.Metrics[c.m]
		if !(math.Abs(got-c.want) < 1e-12 || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("%v = %v, want %v", c.m, got, c.want)
		}
	}
	if got := []int{r.Sessions[0].NewTies, r.Sessions[1].NewTies}; got[0] != 6 || got[1] != 0 {
		t.Errorf("new ties by session = %v, want [6 0] (pairs tie once)", got)
	}

	// Slot records: per slot and jet-lag group (in sim.JetlagGroup
	// order), everyone on site and in the session.
	type slotRow struct {
		slot              int
		group             sim.JetlagGroup
		onSite, inSession int
		alertness         float64
	}
	var groupSize [sim.NumJetlagGroups]int
	groupSize[sim.NoJetlag], groupSize[sim.West], groupSize[sim.East] = 1, 2, 1
	var want []slotRow
	for sl, alert := range []float64{1, 0.4} {
		for g, n := range groupSize {
			want = append(want, slotRow{sl, sim.JetlagGroup(g), n, n, alert})
		}
	}
	if len(r.Slots) != len(want) {
		t.Fatalf("%d slot records, want %d", len(r.Slots), len(want))
	}
	for i, got := range r.Slots {
		w := want[i]
		if got.Slot != w.slot || got.Group != w.group || got.OnSite != w.onSite || got.InSession != w.inSession ||
			math.Abs(got.Alertness-w.alertness) > 1e-12 || got.Day != 0 || got.Start != 9*60+60*w.slot {
			t.Errorf("slot record %d = %+v, want %+v (day 0, start %d)", i, got, w, 9*60+60*w.slot)
		}
	}
}

// TestHugeCapacity: a room of capacity 2^40 ("no limit") behaves as any
// room larger than the crowd, without tables sized by capacity (it ran
// out of memory).
func TestHugeCapacity(t *testing.T) {
	run := func(hall, nook int) *sim.Result {
		w := randomWorld(t, 3)
		cfg := *w.Config
		cfg.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: hall}, {Name: "Nook", Count: 3, Capacity: nook}}
		ev, err := sim.NewEvent(&cfg.Event, cfg.Alertness.ResetMinutes)
		if err != nil {
			t.Fatal(err)
		}
		w.Config, w.Event = &cfg, ev
		return evaluate(t, w, randomSchedule(t, w, 3))
	}
	small, huge := run(1000, 500), run(1<<40, 1<<39) // both larger than the 40 attendees
	for m := range sim.NumMetrics {
		a, b := small.Metrics[m], huge.Metrics[m]
		if sim.Metric(m) != sim.FillRatio && a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
			t.Errorf("%v = %v with capacity 2^40, %v with 1000", sim.Metric(m), b, a)
		}
	}
}

// TestMetricBounds: every metric of random worlds and schedules lies in
// Metric.Bounds, and the counts are whole numbers. Summaries cut
// confidence intervals to these bounds and Parquet stores counts as
// integers, so a metric outside them would be misreported.
func TestMetricBounds(t *testing.T) {
	for seed := range uint64(12) {
		w := randomWorld(t, seed)
		r := evaluate(t, w, randomSchedule(t, w, seed))
		for m, v := range r.Metrics {
			metric := sim.Metric(m)
			if math.IsNaN(v) {
				continue
			}
			if lo, hi := metric.Bounds(); v < lo || v > hi {
				t.Errorf("seed %d: %s = %v outside [%v, %v]", seed, metric, v, lo, hi)
			}
			if metric.Count() && v != math.Trunc(v) {
				t.Errorf("seed %d: count %s = %v", seed, metric, v)
			}
		}
	}
	for _, c := range []struct {
		m      sim.Metric
		lo, hi float64
		count  bool
	}{
		{sim.Collapsed, 0, math.Inf(1), true}, {sim.SatisfactionMean, 0, 1, false}, {sim.HandsAttendanceCorr, -1, 1, false},
		{sim.QualityVsRandom, math.Inf(-1), 1, false}, {sim.HandsError, 0, math.Inf(1), false}, {sim.NumMetrics, math.Inf(-1), math.Inf(1), false},
	} {
		if lo, hi := c.m.Bounds(); lo != c.lo || hi != c.hi || c.m.Count() != c.count {
			t.Errorf("%s: bounds [%v, %v], count %v; want [%v, %v], %v", c.m, lo, hi, c.m.Count(), c.lo, c.hi, c.count)
		}
	}
}
