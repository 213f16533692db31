package sim

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestPresenceAlertness checks that presence's alertness, the rested
// alertness worked out once per jet lag and slot times (1 − fatigue), is
// exactly AlertnessConfig.Alertness, for worlds of a few jet lags and of
// more than maxLags.
func TestPresenceAlertness(t *testing.T) {
	c := AlertnessConfig{ // the default scenario's
		ArrivalDays: 1, WestRate: 1.5, EastRate: 1, Base: 0.55, Amplitude: 0.38, PeakHour: 14.5,
		Harmonic: 0.12, HarmonicHour: 9.5, Dip: 0.12, DipHour: 14, DipWidth: 1.2, Fatigue: 0.08,
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, zones := range []int{1, 25, 200} {
		w := &World{Config: &Config{Alertness: c}}
		for i := range 300 {
			lag := float64(r.IntN(zones)-zones/2) / 2
			if zones > maxLags {
				lag = 24*r.Float64() - 12
			}
			w.Attendees = append(w.Attendees, Attendee{ID: i, Jetlag: lag, Days: uint64(1 + r.IntN(7))})
		}
		var e Engine
		na := len(w.Attendees)
		e.fatigue, e.alert, e.onSlots, e.loc = make([]float64, na), make([]float64, na), make([]int32, na), make([]int32, na)
		e.indexLags(w.Attendees)
		for range 50 {
			sl := Slot{Day: r.IntN(3), Start: 480 + r.IntN(600), Break: r.IntN(2) == 0}
			for i := range e.fatigue {
				e.fatigue[i] = 1.3 * r.Float64()
			}
			f := append([]float64(nil), e.fatigue...)
			e.presence(w, &sl)
			for i, a := range w.Attendees {
				if !a.OnSite(sl.Day) {
					if e.loc[i] != -2 {
						t.Fatalf("attendee %d away on day %d at %d", i, sl.Day, e.loc[i])
					}
					continue
				}
				if sl.Break {
					f[i] = 0
				}
				if got, want := e.alert[i], c.Alertness(a.Jetlag, sl.Day, sl.Hour(), f[i]); got != want || e.loc[i] != -1 {
					t.Fatalf("%d zones, jet lag %v, %+v, fatigue %v: alertness %v, want %v (loc %d)",
						zones, a.Jetlag, sl, f[i], got, want, e.loc[i])
				}
			}
		}
	}
}

// TestSetArrival checks that setArrival sets every field of the Arrival it
// reuses, as a fresh one would have them: with an affiliation and without,
// over an Arrival whose every field was set before.
func TestSetArrival(t *testing.T) {
	e := Engine{alert: []float64{0.25, 0.75}, aff: []int{1, -1}, affOnSite: []int32{4, 6}}
	affIn := []int32{0, 1, 2, 3, 4, 5}
	for _, c := range []struct {
		i    int32
		want Arrival
	}{
		{0, Arrival{ID: 0, Alertness: 0.25, Colleagues: 5, Mates: affIn[3:6]}},
		{1, Arrival{ID: 1, Alertness: 0.75}},
	} {
		e.arrival = Arrival{ID: 9, Alertness: 9, Hallway: 9, Colleagues: 9, Mates: affIn[:1]}
		for _, f := range reflect.VisibleFields(reflect.TypeFor[Arrival]()) {
			if reflect.ValueOf(e.arrival).FieldByIndex(f.Index).IsZero() {
				t.Fatalf("the test's Arrival leaves %s at zero: set it, so that a field setArrival misses shows", f.Name)
			}
		}
		a := e.setArrival(c.i, affIn, 3)
		if !reflect.DeepEqual(*a, c.want) {
			t.Errorf("attendee %d: %+v, want %+v", c.i, *a, c.want)
		}
		if c.want.Mates != nil && &a.Mates[0] != &affIn[3] {
			t.Errorf("attendee %d: Mates is not affIn's row", c.i)
		}
	}
}
