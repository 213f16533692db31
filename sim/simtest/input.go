package simtest

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

// Kind names one of the synthetic inputs of the conformance suite.
type Kind int

// The synthetic inputs. Unless stated, the event is DefaultEvent (6 slots ×
// 10 rooms = 60 cells) and interests are clustered by topic.
const (
	// Tiny is one day of two slots in two rooms, 8 attendees and 3
	// proposals; Recount is nil.
	Tiny Kind = iota
	// Default is like the default scenario: 200 attendees and 70 proposals
	// (more than the 60 cells), 45% visitors, some attendees on site one day
	// only, and a noisy Recount.
	Default
	// Crowded has far more proposals (40) than cells (one day of 3 slots ×
	// 4 rooms = 12).
	Crowded
	// Sparse has fewer proposals (15) than cells (60); Recount is nil.
	Sparse
	// OneRoom is six slots in a single room with 10 proposals.
	OneRoom
	// Prolific has attendee 0 proposing 5 of the 12 proposals, the most
	// popular ones, with only 3 slots (of 3 rooms): no schedule can hold
	// them all. Recount is nil.
	Prolific
	// NoHands has 20 proposals and nobody raised a hand.
	NoHands
	// NoProposals has attendees but no proposal at all.
	NoProposals
	numKinds
)

var kindNames = [numKinds]string{"tiny", "default", "crowded", "sparse", "one-room", "prolific", "no-hands", "no-proposals"}

// String returns the kind's name, as used for subtests.
func (k Kind) String() string {
	if k >= 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Kinds returns every kind, in declaration order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// Spec describes a synthetic input for Build.
type Spec struct {
	// Event is the venue and programme; it must be valid.
	Event sim.EventConfig
	// Attendees and Proposals are the population and the number of
	// proposals.
	Attendees, Proposals int
	// Prolific, when positive, makes proposals 0..Prolific−1 all attendee
	// 0's and gives them the highest appeal.
	Prolific int
	// Clusters is the number of interest groups (at least 1). Attendees
	// join a group with the popularity of its topic (group c is about topic
	// c mod len(topics)); proposals belong to a group likewise and are
	// proposed by one of its members.
	Clusters int
	// HandsIn and HandsOut are the chances that an attendee raises a hand
	// for a proposal of their own group and of another group, before
	// scaling by the proposal's appeal (uniform in [0.5, 1.5]).
	HandsIn, HandsOut float64
	// VisitorShare is the share of attendees flying in from the default
	// scenario's origins; PartTime the share on site on one day only.
	VisitorShare, PartTime float64
	// Recount gives the input a noisy Recount: before slot s, each voter
	// is in the room with probability equal to their alertness then.
	Recount bool
	// Seed seeds the PCG that draws everything.
	Seed uint64
}

// Spec returns the specification of kind k. It panics on an unknown kind.
func (k Kind) Spec() Spec {
	s := Spec{
		Event:        DefaultEvent(),
		Attendees:    200,
		Clusters:     8,
		HandsIn:      0.35,
		HandsOut:     0.03,
		VisitorShare: 0.45,
		PartTime:     0.1,
		Seed:         uint64(k) + 1,
	}
	switch k {
	case Tiny:
		s.Event.Days = 1
		s.Event.Slots = s.Event.Slots[:2]
		s.Event.Rooms = []sim.RoomGroup{{Name: "Big", Count: 1, Capacity: 6}, {Name: "Small", Count: 1, Capacity: 3}}
		s.Attendees, s.Proposals, s.Clusters = 8, 3, 2
		s.HandsIn, s.HandsOut = 0.6, 0.2
	case Default:
		s.Proposals = 70
		s.Recount = true
	case Crowded:
		s.Event.Days = 1
		s.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: 40}, {Name: "Room", Count: 3, Capacity: 20}}
		s.Attendees, s.Proposals = 80, 40
		s.Recount = true
	case Sparse:
		s.Proposals = 15
	case OneRoom:
		s.Event.Rooms = []sim.RoomGroup{{Name: "Hall", Count: 1, Capacity: 60}}
		s.Attendees, s.Proposals, s.Clusters = 60, 10, 4
		s.Recount = true
	case Prolific:
		s.Event.Days = 1
		s.Event.Rooms = []sim.RoomGroup{{Name: "Room", Count: 3, Capacity: 20}}
		s.Attendees, s.Proposals, s.Prolific, s.Clusters = 40, 12, 5, 3
	case NoHands:
		s.Proposals = 20
		s.HandsIn, s.HandsOut = 0, 0
		s.Recount = true
	case NoProposals:
		s.Recount = true
	default:
		panic(fmt.Sprintf("simtest: unknown kind %d", int(k)))
	}
	return s
}

// LargeSpec returns the specification of a large event for benchmarks,
// not part of Kinds: 5,000 attendees, 1,750 proposals and two days of six
// slots in 40 rooms (480 cells), 16 interest groups.
func LargeSpec() Spec {
	s := Default.Spec()
	s.Event.Slots = []sim.SlotConfig{
		{Start: "09:00", Minutes: 60}, {Start: "10:30", Minutes: 60}, {Start: "13:30", Minutes: 60},
		{Start: "15:00", Minutes: 60}, {Start: "16:30", Minutes: 60}, {Start: "18:00", Minutes: 60},
	}
	s.Event.Rooms = largeRooms()
	s.Attendees, s.Proposals, s.Clusters = 5000, 1750, 16
	s.HandsIn, s.HandsOut = 0.1, 0.01
	s.Seed = 5000
	return s
}

// Input returns a fresh input of kind k; it panics on an unknown kind.
func Input(k Kind) *sim.Input { return Build(k.Spec()) }

// Build draws a synthetic organiser's view from s with a PCG seeded by
// s.Seed: the same Spec gives the same Input. Alertness, Choice and Quality
// are the default scenario's. Build panics if s.Event is invalid or counts
// are out of range: specs are test fixtures, not user input.
func Build(s Spec) *sim.Input {
	alert := Alertness()
	ev, err := sim.NewEvent(&s.Event, alert.ResetMinutes)
	if err != nil {
		panic(fmt.Sprintf("simtest: %v", err))
	}
	if s.Attendees < 1 || s.Proposals < 0 || s.Clusters < 1 || s.Prolific > s.Proposals {
		panic(fmt.Sprintf("simtest: bad spec: %d attendees, %d proposals (%d prolific), %d clusters",
			s.Attendees, s.Proposals, s.Prolific, s.Clusters))
	}
	r := rand.New(rand.NewPCG(s.Seed, 0x73696d74657374))
	pick := newClusters(ev, s.Clusters)
	in := &sim.Input{
		Event:     ev,
		Home:      make([]float64, s.Attendees),
		Jetlag:    make([]float64, s.Attendees),
		OnSite:    make([]uint64, s.Attendees),
		Alertness: alert,
		Choice:    Choice(),
		Quality:   Quality(),
	}
	cluster, members := placeAttendees(in, &s, r, &pick)
	group, appeal := addProposals(in, &s, r, &pick, cluster, members)
	in.Hands = drawHands(&s, r, cluster, group, appeal)
	if s.Recount {
		in.Recount = recount(in, rng.Key(s.Seed, "recount"))
	}
	return in
}

// clusters draws interest clusters, each weighted by the popularity of
// its topic (cluster c is about topic c mod the number of topics).
type clusters struct {
	weight []float64
	sum    float64
}

func newClusters(ev *sim.Event, n int) clusters {
	c := clusters{weight: make([]float64, n)}
	for i := range c.weight {
		c.weight[i] = ev.Topics[i%len(ev.Topics)].Popularity + 1e-3
		c.sum += c.weight[i]
	}
	return c
}

// pick draws a cluster, with one draw from r.
func (c *clusters) pick(r *rand.Rand) int {
	u := r.Float64() * c.sum
	for i, w := range c.weight {
		if u < w {
			return i
		}
		u -= w
	}
	return len(c.weight) - 1
}

// placeAttendees draws each attendee's cluster, home time zone (and so
// jet lag) and, for part-timers, the one day they are on site, filling
// in; it returns each attendee's cluster and each cluster's members.
func placeAttendees(in *sim.Input, s *Spec, r *rand.Rand, c *clusters) (cluster []int, members [][]int) {
	ev := in.Event
	cluster = make([]int, s.Attendees)
	members = make([][]int, s.Clusters)
	for a := range s.Attendees {
		cluster[a] = c.pick(r)
		members[cluster[a]] = append(members[cluster[a]], a)
		in.Home[a] = ev.VenueOffset
		if r.Float64() < s.VisitorShare {
			in.Home[a] = origin(r.Float64())
		}
		in.Jetlag[a] = sim.WrapOffset(ev.VenueOffset - in.Home[a])
		if ev.Days > 1 && r.Float64() < s.PartTime {
			in.OnSite[a] = 1 << uint(r.IntN(ev.Days))
		}
	}
	return cluster, members
}

// addProposals appends s.Proposals proposals to in: the first s.Prolific
// by attendee 0 in their cluster, the others by a member of a drawn
// cluster; it returns each proposal's cluster and appeal (the factor on
// its chance of a hand).
func addProposals(in *sim.Input, s *Spec, r *rand.Rand, c *clusters, cluster []int, members [][]int) (group []int, appeal []float64) {
	topics := len(in.Event.Topics)
	group = make([]int, s.Proposals)
	appeal = make([]float64, s.Proposals)
	for p := range s.Proposals {
		pr := Proposal(p, 0, 0, -1)
		if p < s.Prolific {
			group[p] = cluster[0]
			appeal[p] = 1.5
		} else {
			group[p] = c.pick(r)
			appeal[p] = 0.5 + r.Float64()
			if m := members[group[p]]; len(m) > 0 {
				pr.Proposer = m[r.IntN(len(m))]
			} else {
				pr.Proposer = r.IntN(s.Attendees)
			}
		}
		pr.Topic = group[p] % topics
		if topics > 1 && r.Float64() < 0.3 {
			pr.Second = (pr.Topic + 1 + r.IntN(topics-1)) % topics
		}
		pr.Title = fmt.Sprintf("%s #%d", in.Event.Topics[pr.Topic].Name, p)
		in.Proposals = append(in.Proposals, pr)
	}
	return group, appeal
}

// drawHands draws each attendee's hand for each proposal, with chance
// HandsIn within their cluster and HandsOut outside, times its appeal.
func drawHands(s *Spec, r *rand.Rand, cluster, group []int, appeal []float64) *sim.Votes {
	v := &sim.Votes{ByProposal: make([][]int32, s.Proposals), ByAttendee: make([][]int32, s.Attendees)}
	for a := range s.Attendees {
		for p := range s.Proposals {
			q := s.HandsOut
			if group[p] == cluster[a] {
				q = s.HandsIn
			}
			if r.Float64() < q*appeal[p] {
				v.ByProposal[p] = append(v.ByProposal[p], int32(a))
				v.ByAttendee[a] = append(v.ByAttendee[a], int32(p))
			}
		}
	}
	return v
}

// Proposal returns a proposal with the given ID, proposer and topics and a
// generic title, for hand-built inputs.
func Proposal(id, proposer, topic, second int) sim.Proposal {
	return sim.Proposal{ID: id, Proposer: proposer, Topic: topic, Second: second, Title: fmt.Sprintf("proposal %d", id)}
}

// NewVotes builds both views of the hands from byProposal[p], the attendees
// raising a hand for proposal p, for an event of the given number of
// attendees. The lists are copied and sorted; it panics on an attendee out
// of range.
func NewVotes(byProposal [][]int32, attendees int) *sim.Votes {
	v := &sim.Votes{ByProposal: make([][]int32, len(byProposal)), ByAttendee: make([][]int32, attendees)}
	for p, l := range byProposal {
		v.ByProposal[p] = slices.Clone(l)
		slices.Sort(v.ByProposal[p])
		for _, a := range v.ByProposal[p] {
			v.ByAttendee[a] = append(v.ByAttendee[a], int32(p))
		}
	}
	return v
}

// recount returns a Recount for in: before slot s each voter is present
// with probability equal to their rested alertness then (0 off site), drawn
// counter-based from key so that repeated calls agree.
func recount(in *sim.Input, key uint64) func(int) []int {
	ev, v, jet, on, alert := in.Event, in.Hands, in.Jetlag, in.OnSite, in.Alertness
	return func(s int) []int {
		sl := ev.Slots[s]
		out := make([]int, len(v.ByProposal))
		for a, l := range v.ByAttendee {
			if len(l) == 0 || on[a] != 0 && on[a]&(1<<uint(sl.Day)) == 0 {
				continue
			}
			if rng.Uniform(key, s, a, 0) < alert.Alertness(jet[a], sl.Day, sl.Hour(), 0) {
				for _, p := range l {
					out[p]++
				}
			}
		}
		return out
	}
}

// origin returns the home offset of a visitor from a uniform draw u.
func origin(u float64) float64 {
	sum := 0.0
	for _, o := range origins {
		sum += o.share
	}
	u *= sum
	for _, o := range origins {
		if u < o.share {
			return o.offset
		}
		u -= o.share
	}
	return origins[len(origins)-1].offset
}

// Clone returns a deep copy of in (Recount is shared: functions cannot be
// copied).
func Clone(in *sim.Input) *sim.Input {
	c := *in
	if in.Event != nil {
		ev := *in.Event
		ev.Slots = slices.Clone(ev.Slots)
		ev.Rooms = slices.Clone(ev.Rooms)
		ev.Topics = slices.Clone(ev.Topics)
		c.Event = &ev
	}
	c.Proposals = slices.Clone(in.Proposals)
	if in.Hands != nil {
		c.Hands = &sim.Votes{ByProposal: cloneLists(in.Hands.ByProposal), ByAttendee: cloneLists(in.Hands.ByAttendee)}
	}
	c.Home = slices.Clone(in.Home)
	c.Jetlag = slices.Clone(in.Jetlag)
	c.OnSite = slices.Clone(in.OnSite)
	return &c
}

func cloneLists(l [][]int32) [][]int32 {
	if l == nil {
		return nil
	}
	c := make([][]int32, len(l))
	for i := range l {
		c[i] = slices.Clone(l[i])
	}
	return c
}
