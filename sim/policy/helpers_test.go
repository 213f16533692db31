package policy_test

import (
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/simtest"
)

// builtInput is a hand-built organiser's view: the default scenario's
// programme cut to the given days and slots a day, the given rooms,
// proposal p proposed by proposers[p] with hands[p], and attendees local
// and on site every day unless the test changes Jetlag or OnSite.
func builtInput(t testing.TB, days, slotsPerDay int, rooms []sim.RoomGroup, proposers []int, hands [][]int32, attendees int) *sim.Input {
	t.Helper()
	in, err := buildInput(days, slotsPerDay, rooms, proposers, hands, attendees)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// buildInput is builtInput for callers without a testing.TB (examples).
func buildInput(days, slotsPerDay int, rooms []sim.RoomGroup, proposers []int, hands [][]int32, attendees int) (*sim.Input, error) {
	ec := simtest.DefaultEvent()
	ec.Days, ec.Slots, ec.Rooms = days, ec.Slots[:slotsPerDay], rooms
	alert := simtest.Alertness()
	ev, err := sim.NewEvent(&ec, alert.ResetMinutes)
	if err != nil {
		return nil, err
	}
	in := &sim.Input{
		Event:     ev,
		Hands:     simtest.NewVotes(hands, attendees),
		Home:      make([]float64, attendees),
		Jetlag:    make([]float64, attendees),
		OnSite:    make([]uint64, attendees),
		Alertness: alert,
		Choice:    simtest.Choice(),
		Quality:   simtest.Quality(),
	}
	for i := range in.Home {
		in.Home[i] = ev.VenueOffset
	}
	for p, pr := range proposers {
		in.Proposals = append(in.Proposals, simtest.Proposal(p, pr, 0, -1))
	}
	return in, nil
}

// checkedSchedule schedules in with p (seed 1), checks the schedule
// (sim.Schedule.Check) and returns it with its number of sessions in each
// slot.
func checkedSchedule(t *testing.T, p sim.Policy, in *sim.Input) (*sim.Schedule, []int) {
	t.Helper()
	s, err := p.Schedule(in, simtest.Src(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(in.Event, in.Proposals); err != nil {
		t.Fatal(err)
	}
	per := make([]int, len(in.Event.Slots))
	for _, x := range s.Sessions {
		per[x.Slot]++
	}
	return s, per
}
