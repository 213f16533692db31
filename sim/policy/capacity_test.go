package policy_test

import (
	"reflect"
	"testing"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/policy"
	"github.com/unconf/unconf/sim/simtest"
)

// TestHugeCapacity: rooms of capacity 2^40 ("no limit") are scheduled as
// any rooms larger than the crowd, by every policy, without tables sized
// by capacity (optimized's ran out of memory).
func TestHugeCapacity(t *testing.T) {
	schedules := func(hall, room int) map[string]*sim.Schedule {
		s := simtest.Crowded.Spec() // 80 attendees
		s.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: hall}, {Name: "Room", Count: 3, Capacity: room}}
		in := simtest.Build(s)
		out := map[string]*sim.Schedule{}
		for _, name := range policy.Names() {
			p, err := policy.New(name, defaults(t))
			if err != nil {
				t.Fatal(err)
			}
			if out[name], err = p.Schedule(in, simtest.Src(1)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		return out
	}
	small, huge := schedules(1000, 500), schedules(1<<40, 1<<39)
	for name, s := range small {
		if !reflect.DeepEqual(s, huge[name]) {
			t.Errorf("%s: schedule with capacities 2^40, 2^39 differs from the one with 1000, 500", name)
		}
	}
}
