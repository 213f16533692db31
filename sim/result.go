package sim

// Metrics holds one value per Metric.
type Metrics [NumMetrics]float64

// SessionRecord is one session's outcome.
type SessionRecord struct {
	Slot, Day  int
	Start      int // minutes after local midnight
	Room       int
	RoomName   string
	Capacity   int
	Proposal   int
	Title      string
	Topic      string  // the main topic's name
	Star       bool    // the proposer is a star
	Hands      int     // hands raised for the proposal before the event
	Attendance int     // final head count, moderator included
	TurnedAway int     // arrivals turned away by the full room
	HopsIn     int     // moves in under the law of two feet
	HopsOut    int     // moves out under the law of two feet
	Quality    float64 // QualityConfig.Q(Attendance)
	// NewTies formed in this session.
	NewTies int
}

// SlotRecord summarises one slot for one jet-lag group.
type SlotRecord struct {
	Slot, Day int
	Start     int
	Group     JetlagGroup
	// OnSite counts the group's attendees at the event that day; InSession
	// those in a session at the slot's end.
	OnSite, InSession int
	// Alertness is the group's mean alertness over those on site.
	Alertness float64
}

// Result is one replicate under one policy.
type Result struct {
	Schedule *Schedule
	Metrics  Metrics
	Sessions []SessionRecord
	Slots    []SlotRecord
	// Satisfaction holds each attendee's satisfaction, by attendee ID.
	Satisfaction []float64
}
