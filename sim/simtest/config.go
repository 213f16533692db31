package simtest

import (
	"github.com/unconf/unconf/sim"
)

// DefaultEvent returns the event of the embedded default scenario
// (configs/socml2017.yaml): two days of three one-hour slots (09:30, 13:30,
// 15:30) in California (UTC−8), ten rooms (2×60, 4×30, 4×15) and sixteen
// topics. Each call returns a fresh value.
func DefaultEvent() sim.EventConfig {
	return sim.EventConfig{
		Name:      "SOCML 2017 (simulated)",
		StartDate: "2017-12-01",
		TimeZone:  "America/Los_Angeles",
		Days:      2,
		Slots: []sim.SlotConfig{
			{Start: "09:30", Minutes: 60},
			{Start: "13:30", Minutes: 60},
			{Start: "15:30", Minutes: 60},
		},
		Rooms: []sim.RoomGroup{
			{Name: "Hall", Count: 2, Capacity: 60},
			{Name: "Room", Count: 4, Capacity: 30},
			{Name: "Nook", Count: 4, Capacity: 15},
		},
		Topics: []sim.TopicConfig{
			{Name: "interpretability", Popularity: 1.4},
			{Name: "transfer learning", Popularity: 1.0},
			{Name: "few-shot learning", Popularity: 0.9},
			{Name: "domain adaptation", Popularity: 0.7},
			{Name: "exploration in RL", Popularity: 1.0},
			{Name: "ML in production", Popularity: 1.3},
			{Name: "ML in the sciences", Popularity: 0.6},
			{Name: "hardware for ML", Popularity: 0.8},
			{Name: "GANs", Popularity: 1.3},
			{Name: "agent-based modeling", Popularity: 0.3},
			{Name: "optimization", Popularity: 0.9},
			{Name: "fairness", Popularity: 1.0},
			{Name: "probabilistic programming", Popularity: 0.6},
			{Name: "meta-learning", Popularity: 0.8},
			{Name: "NLP", Popularity: 1.2},
			{Name: "robotics", Popularity: 0.7},
		},
	}
}

// Alertness returns the default scenario's body-clock settings.
func Alertness() sim.AlertnessConfig {
	return sim.AlertnessConfig{
		ArrivalDays:    1,
		WestRate:       1.5,
		EastRate:       1.0,
		Base:           0.55,
		Amplitude:      0.38,
		PeakHour:       14.5,
		Harmonic:       0.12,
		HarmonicHour:   9.5,
		Dip:            0.12,
		DipHour:        14,
		DipWidth:       1.2,
		Fatigue:        0.08,
		ResetMinutes:   90,
		GroupHours:     3,
		AlertThreshold: 0.5,
	}
}

// Choice returns the default scenario's session-choice settings.
func Choice() sim.ChoiceConfig {
	return sim.ChoiceConfig{
		Interest:       3.0,
		Star:           1.0,
		Social:         1.0,
		Crowd:          2.0,
		CrowdFree:      0.8,
		Outside:        1.6,
		OutsideFatigue: 2.0,
		Noise:          0.5,
		TwoFeet:        sim.TwoFeetConfig{Enabled: true, Margin: 0.15},
	}
}

// Quality returns the default scenario's discussion-quality curve.
func Quality() sim.QualityConfig { return sim.QualityConfig{Peak: 10, Width: 1.2} }

// origins are the default scenario's visitor home regions: UTC offset and
// relative share.
var origins = [...]struct{ offset, share float64 }{
	{-5, 0.30}, // US East
	{1, 0.35},  // Europe
	{8, 0.20},  // East Asia
	{5.5, 0.10},
	{10, 0.05},
}

// ScaleLarge turns m, in practice the embedded default scenario's model,
// into the large event of the benchmarks: 5,000 attendees in 1,000
// affiliations, 40 rooms (4×300, 16×120, 20×40) and six slots a day.
func ScaleLarge(m *sim.Config) {
	m.Attendees.Count = 5000
	m.Attendees.Affiliations = 1000
	m.Event.Slots = []sim.SlotConfig{
		{Start: "09:00", Minutes: 60}, {Start: "10:15", Minutes: 60}, {Start: "11:30", Minutes: 60},
		{Start: "14:00", Minutes: 60}, {Start: "15:15", Minutes: 60}, {Start: "16:30", Minutes: 60},
	}
	m.Event.Rooms = largeRooms()
}

// largeRooms are the 40 rooms of the large benchmark events (ScaleLarge,
// LargeSpec).
func largeRooms() []sim.RoomGroup {
	return []sim.RoomGroup{
		{Name: "Hall", Count: 4, Capacity: 300},
		{Name: "Room", Count: 16, Capacity: 120},
		{Name: "Nook", Count: 20, Capacity: 40},
	}
}
