package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestScheduleCheckReused checks that a scheduleCheck reused from check to
// check, on events and schedules of changing sizes, reports what a fresh
// Schedule.Check does, nil or the same error.
func TestScheduleCheckReused(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	var c scheduleCheck
	errs := 0
	for round := range 3000 {
		ev := &Event{}
		for s := range 1 + r.IntN(6) {
			ev.Slots = append(ev.Slots, Slot{Index: s, Day: s / 3, Start: 540 + 60*(s%3)})
		}
		for k := range 1 + r.IntN(5) {
			ev.Rooms = append(ev.Rooms, Room{Index: k, Name: fmt.Sprint("room ", k), Capacity: 10})
		}
		props := make([]Proposal, 1+r.IntN(20))
		for p := range props {
			props[p] = Proposal{ID: p, Title: fmt.Sprint("p", p), Proposer: r.IntN(8)}
		}
		s := &Schedule{}
		for range r.IntN(len(ev.Slots)*len(ev.Rooms) + 1) {
			// Mostly in range, sometimes one past either end.
			s.Sessions = append(s.Sessions, Session{
				Slot: r.IntN(len(ev.Slots)+1) - r.IntN(2)*r.IntN(2), Room: r.IntN(len(ev.Rooms)),
				Proposal: r.IntN(len(props) + 1),
			})
		}
		got, want := c.check(s, ev, props), s.Check(ev, props)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d, %+v: check = %v, want %v", round, s.Sessions, got, want)
		}
		if want != nil {
			errs++
		}
	}
	if errs < 500 || errs > 2500 {
		t.Errorf("%d of 3000 schedules broken: the test needs both kinds", errs)
	}
}
