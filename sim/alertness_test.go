package sim_test

import (
	"math"
	"testing"

	"github.com/unconf/unconf/sim"
)

// The default slots: 09:30, 13:30 and 15:30.
var slotHours = []float64{9.5, 13.5, 15.5}

// TestAlertnessDocNumbers pins the figures quoted in the AlertnessConfig
// doc comment: a −9 h visitor (Norway to California) on both days, a local
// and a +8 h visitor (East Asia) on day 1.
func TestAlertnessDocNumbers(t *testing.T) {
	c := defaultAlertness()
	for _, tc := range []struct {
		jetlag float64
		day    int
		want   [3]float64
	}{
		{-9, 0, [3]float64{0.76, 0.62, 0.40}},
		{-9, 1, [3]float64{0.74, 0.71, 0.57}},
		{0, 0, [3]float64{0.77, 0.75, 0.74}},
		{8, 0, [3]float64{0.07, 0.36, 0.65}},
	} {
		for s, h := range slotHours {
			if got := c.Alertness(tc.jetlag, tc.day, h, 0); math.Abs(got-tc.want[s]) > 0.005 {
				t.Errorf("jet lag %+v h, day %d %v h: alertness %.3f, doc says %.2f", tc.jetlag, tc.day+1, h, got, tc.want[s])
			}
		}
	}
}

func TestAlertnessJetlag(t *testing.T) {
	c := defaultAlertness()
	for _, tc := range []struct {
		name   string
		jetlag float64 // venue − home
		check  func(t *testing.T, day1, day2 [3]float64)
	}{
		{
			// Norway (+1) to California (−8): fine in the morning, fading
			// after lunch, lowest in the late afternoon of day 1.
			name: "west -9 h", jetlag: sim.WrapOffset(-8 - 1),
			check: func(t *testing.T, day1, day2 [3]float64) {
				if !(day1[0] > day1[1] && day1[1] > day1[2]) {
					t.Errorf("day 1 %.3f: want falling from morning to late afternoon", day1)
				}
				if day1[0] < 0.7 {
					t.Errorf("day 1 morning %.3f: want fine (>= 0.7)", day1[0])
				}
				if day1[2] > 0.5 {
					t.Errorf("day 1 late afternoon %.3f: want low (<= 0.5)", day1[2])
				}
				// Day 2 is clearly better after lunch. The morning is on a
				// par: on day 1 the body clock reads 17:00 (evening
				// plateau), on day 2 15:30 (tail of the post-lunch dip), so
				// day 2's morning is 0.02 lower; the day as a whole is
				// better.
				for s := 1; s < 3; s++ {
					if day2[s] < day1[s]+0.05 {
						t.Errorf("slot %v h: day 2 %.3f, want above day 1 %.3f by 0.05", slotHours[s], day2[s], day1[s])
					}
				}
				if day2[0] < day1[0]-0.03 {
					t.Errorf("morning: day 2 %.3f, want within 0.03 of day 1 %.3f", day2[0], day1[0])
				}
				if mean(day2[:]) < mean(day1[:])+0.05 {
					t.Errorf("day mean: day 2 %.3f, want above day 1 %.3f by 0.05", mean(day2[:]), mean(day1[:]))
				}
			},
		},
		{
			name: "local", jetlag: 0,
			check: func(t *testing.T, day1, day2 [3]float64) {
				for s := range slotHours {
					if day1[s] <= 0.6 || day2[s] != day1[s] {
						t.Errorf("slot %v h: %.3f, %.3f; want above 0.6 and the same on both days", slotHours[s], day1[s], day2[s])
					}
				}
			},
		},
		{
			// East Asia (+8) to California: the body clock is 7 h behind on
			// day 1, the morning falls in body-clock night.
			name: "east +8 h", jetlag: sim.WrapOffset(-8 - 8),
			check: func(t *testing.T, day1, day2 [3]float64) {
				if !(day1[0] < day1[2]) {
					t.Errorf("day 1: 09:30 %.3f, want below 15:30 %.3f", day1[0], day1[2])
				}
				if day1[0] > 0.3 {
					t.Errorf("day 1 morning %.3f: want very low (<= 0.3)", day1[0])
				}
				if mean(day2[:]) <= mean(day1[:]) {
					t.Errorf("day mean: day 2 %.3f, want above day 1 %.3f", mean(day2[:]), mean(day1[:]))
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var day1, day2 [3]float64
			for s, h := range slotHours {
				day1[s] = c.Alertness(tc.jetlag, 0, h, 0)
				day2[s] = c.Alertness(tc.jetlag, 1, h, 0)
				for _, v := range []float64{day1[s], day2[s]} {
					if v < 0 || v > 1 {
						t.Fatalf("alertness %v outside [0, 1]", v)
					}
				}
			}
			t.Logf("jet lag %v: day 1 %.3f, day 2 %.3f", tc.jetlag, day1, day2)
			tc.check(t, day1, day2)
		})
	}
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestShift(t *testing.T) {
	c := defaultAlertness() // arrival 1 day before day 1
	for _, tc := range []struct {
		jetlag float64
		day    int
		want   float64
	}{
		{-9, 0, -7.5}, // 1.5 h/day west, one day already recovered
		{-9, 1, -6},
		{-9, 5, 0}, // 9 − 1.5·6 = 0
		{-9, 10, 0},
		{8, 0, 7}, // 1 h/day east
		{8, 1, 6},
		{8, 7, 0},
		{0, 0, 0},
		{-1, 0, 0}, // small shifts are gone by day 1
		{3, 0, 2},
		{-3, 0, -1.5},
	} {
		if got := c.Shift(tc.jetlag, tc.day); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Shift(%v, day %d) = %v, want %v", tc.jetlag, tc.day, got, tc.want)
		}
	}
	c.ArrivalDays = 0
	if got := c.Shift(-9, 0); got != -9 {
		t.Errorf("arrival on day 1: Shift(-9, 0) = %v, want -9", got)
	}
}

func TestCircadian(t *testing.T) {
	c := defaultAlertness()
	// Peak in the late morning, a dip after lunch, trough at night.
	peak, trough := 0.0, 0.0
	peakV, troughV := -1.0, 2.0
	for h := 0.0; h < 24; h += 0.25 {
		v := c.Circadian(h)
		if v < 0 || v > 1 {
			t.Fatalf("Circadian(%v) = %v outside [0, 1]", h, v)
		}
		if v > peakV {
			peak, peakV = h, v
		}
		if v < troughV {
			trough, troughV = h, v
		}
	}
	if peak < 10 || peak > 12.5 {
		t.Errorf("peak at %v h, want late morning (10–12.5)", peak)
	}
	if trough < 2 || trough > 5 {
		t.Errorf("trough at %v h, want body-clock night (2–5)", trough)
	}
	if !(c.Circadian(14) < c.Circadian(12) && c.Circadian(14) < c.Circadian(16.5)) {
		t.Errorf("no post-lunch dip: 12 h %.3f, 14 h %.3f, 16:30 %.3f", c.Circadian(12), c.Circadian(14), c.Circadian(16.5))
	}
	// Periodic over 24 h.
	if a, b := c.Circadian(1), c.Circadian(25); math.Abs(a-b) > 1e-12 {
		t.Errorf("Circadian(1) = %v, Circadian(25) = %v, want equal", a, b)
	}
	// Clamped to [0, 1].
	c.Base = 2
	if got := c.Circadian(10); got != 1 {
		t.Errorf("Base 2: Circadian = %v, want clamped to 1", got)
	}
	c.Base = -2
	if got := c.Circadian(10); got != 0 {
		t.Errorf("Base -2: Circadian = %v, want clamped to 0", got)
	}
}

func TestAlertnessFatigue(t *testing.T) {
	c := defaultAlertness()
	for _, tc := range []struct{ fatigue, factor float64 }{
		{0, 1}, {0.08, 0.92}, {0.16, 0.84}, {0.5, 0.5}, {1, 0}, {1.5, 0},
	} {
		for _, j := range []float64{-9, 0, 8} {
			rested := c.Alertness(j, 0, 13.5, 0)
			if got := c.Alertness(j, 0, 13.5, tc.fatigue); math.Abs(got-rested*tc.factor) > 1e-12 {
				t.Errorf("jet lag %v, fatigue %v: %v, want %v × %v", j, tc.fatigue, got, rested, tc.factor)
			}
		}
	}
}

func BenchmarkAlertness(b *testing.B) {
	c := defaultAlertness()
	b.ReportAllocs()
	s := 0.0
	for i := 0; b.Loop(); i++ {
		s += c.Alertness(-9, i&1, slotHours[i%3], 0.08)
	}
	_ = s
}
