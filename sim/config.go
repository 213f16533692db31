package sim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	// Embedded zone data: event.time_zone must resolve on machines without
	// /usr/share/zoneinfo (containers, cluster nodes).
	_ "time/tzdata"
)

// Config is the whole model: the event, its attendees and their behaviour.
// Its mapstructure keys are the config file's keys; defaults are those of the
// embedded configs/socml2017.yaml.
type Config struct {
	Event     EventConfig     `mapstructure:"event"`
	Attendees AttendeesConfig `mapstructure:"attendees"`
	Alertness AlertnessConfig `mapstructure:"alertness"`
	Proposals ProposalsConfig `mapstructure:"proposals"`
	Votes     VotesConfig     `mapstructure:"votes"`
	Choice    ChoiceConfig    `mapstructure:"choice"`
	Quality   QualityConfig   `mapstructure:"quality"`
	Ties      TiesConfig      `mapstructure:"ties"`
	Metrics   MetricsConfig   `mapstructure:"metrics"`
}

// EventConfig is the venue and programme.
type EventConfig struct {
	// Name names the event in reports (default "SOCML 2017 (simulated)").
	Name string `mapstructure:"name"`
	// StartDate is day 1 as YYYY-MM-DD (default 2017-12-01); it dates
	// exported calendars.
	StartDate string `mapstructure:"start_date"`
	// TimeZone is the venue's time zone (default America/Los_Angeles): an
	// IANA name, whose offset from UTC on each event day (daylight saving
	// included) is the venue's, or a fixed offset in hours from UTC
	// ("UTC-8", "+5.5", "GMT+1"); empty means UTC. It alone sets the
	// venue's offset (ParseZone).
	TimeZone string `mapstructure:"time_zone"`
	// Days is the number of event days (default 2).
	Days int `mapstructure:"days"`
	// Slots are the session slots of each day, in order (default three of
	// 60 minutes, at 09:30, 13:30 and 15:30).
	Slots []SlotConfig `mapstructure:"slots"`
	// Rooms are groups of identical rooms (default 2 of 60 seats, 4 of 30
	// and 4 of 15).
	Rooms []RoomGroup `mapstructure:"rooms"`
	// Topics are the discussion topics with popularity weights (default
	// sixteen machine-learning topics).
	Topics []TopicConfig `mapstructure:"topics"`
}

// SlotConfig is one slot of a day.
type SlotConfig struct {
	// Start is the local start time as "HH:MM".
	Start string `mapstructure:"start"`
	// Minutes is the slot's length (default 60).
	Minutes int `mapstructure:"minutes"`
}

// RoomGroup is Count rooms of one capacity, named Name 1, Name 2, … (or
// just Name when Count is 1).
type RoomGroup struct {
	Name     string `mapstructure:"name"`
	Count    int    `mapstructure:"count"`
	Capacity int    `mapstructure:"capacity"`
}

// TopicConfig is a topic and its relative popularity.
type TopicConfig struct {
	Name       string  `mapstructure:"name"`
	Popularity float64 `mapstructure:"popularity"`
}

// ProposalsConfig governs the call for sessions before the event.
type ProposalsConfig struct {
	// Rate is the chance that an attendee of propensity 1 proposes
	// (default 0.35).
	Rate float64 `mapstructure:"rate"`
	// MaxPerAttendee caps an attendee's proposals (default 2); each extra
	// proposal after the first comes with chance Rate again.
	MaxPerAttendee int `mapstructure:"max_per_attendee"`
	// TopInterests is how many of the proposer's strongest interests the
	// main topic is drawn from, weighted by interest (default 3).
	TopInterests int `mapstructure:"top_interests"`
	// SecondTopic is the chance a proposal names a second topic (default 0.3).
	SecondTopic float64 `mapstructure:"second_topic"`
}

// VotesConfig is the show of hands before the event.
type VotesConfig struct {
	// Turnout is the share of attendees who vote at all (default 1: a show
	// of hands in the room).
	Turnout float64 `mapstructure:"turnout"`
	// Threshold is the perceived interest above which a hand goes up
	// (default 0.55).
	Threshold float64 `mapstructure:"threshold"`
	// Noise is the standard deviation of perception noise (default 0.2).
	Noise float64 `mapstructure:"noise"`
	// SocialBonus is added for a colleague's proposal, StarBonus for a
	// star's (defaults 0.15, 0.3).
	SocialBonus float64 `mapstructure:"social_bonus"`
	StarBonus   float64 `mapstructure:"star_bonus"`
	// Budget caps the hands per attendee, keeping the most wanted; 0 means
	// no cap (default 0).
	Budget int `mapstructure:"budget"`
	// Presence is how strongly alertness governs who is in the room for a
	// show of hands taken just before a slot (show-of-hands policy): an
	// attendee is there with probability alertness^Presence (default 1).
	Presence float64 `mapstructure:"presence"`
	// Maybe is the band below Threshold in which a voter who rates
	// proposals (Interested / Maybe / Skip, as online tools ask) says
	// maybe instead of skip (default 0.15). Maybes are not hands: policies
	// see only the interested votes.
	Maybe float64 `mapstructure:"maybe"`
	// Taste is the share of the perception noise's variance that is a
	// lasting taste for the proposal itself (its title, its host) rather
	// than a passing impression: it counts again, as interest, when the
	// attendee chooses a session at the event (default 0, in [0, 1]).
	Taste float64 `mapstructure:"taste"`
}

// QualityConfig is the discussion quality q(n) of a session with n people:
//
//	q(n) = 0 for n ≤ 1,  exp(−(ln(n/Peak))² / (2·Width²)) otherwise
//
// a log-normal bump: low for two or three people, best near Peak, falling
// slowly for large rooms.
type QualityConfig struct {
	// Peak is the best discussion size in people (default 10).
	Peak float64 `mapstructure:"peak"`
	// Width is the bump's width on the log scale (default 1.2).
	Width float64 `mapstructure:"width"`
}

// Q returns the discussion quality of a session with n people.
func (c *QualityConfig) Q(n int) float64 {
	if n <= 1 {
		return 0
	}
	l := math.Log(float64(n) / c.Peak)
	return math.Exp(-l * l / (2 * c.Width * c.Width))
}

// TiesConfig governs new acquaintances: in a session of n, each pair that
// shares an interest (both have match at least Interest with the session)
// forms a tie with probability
//
//	min(1, Rate / (n−1)^SizeExponent)
//
// With SizeExponent 1 a member's expected number of new ties, Rate times
// the share of members they share the interest with, does not depend on
// n; above 1 small sessions make more ties per person than large ones
// (stylized fact 4), below 1 fewer.
type TiesConfig struct {
	// Rate scales the pair probability (default 0.5).
	Rate float64 `mapstructure:"rate"`
	// Interest is the match both must have with the session (default 0.5).
	Interest float64 `mapstructure:"interest"`
	// SizeExponent is how fast the pair probability falls with session
	// size (default 1.5; 0 makes it Rate whatever the size).
	SizeExponent float64 `mapstructure:"size_exponent"`
}

// MetricsConfig tunes how outcomes are scored.
type MetricsConfig struct {
	// Collapsed is the attendance at or below which a session counts as
	// collapsed (default 2: the moderator and a notetaker).
	Collapsed int `mapstructure:"collapsed"`
	// RandomSchedules is how many random schedules estimate the baseline of
	// quality_vs_random (default 20).
	RandomSchedules int `mapstructure:"random_schedules"`
}

// Validate reports the first invalid field, by its config key.
func (c *Config) Validate() error {
	_, err := c.validate()
	return err
}

// validate is Validate that also returns the event's start (Start), so
// that NewEvent loads the time zone once.
func (c *Config) validate() (day1 time.Time, err error) {
	if day1, err = c.Event.validate(); err != nil {
		return day1, err
	}
	return day1, c.validateRest()
}

// validateRest is Validate after the event.
func (c *Config) validateRest() error {
	if err := c.Attendees.Validate(); err != nil {
		return err
	}
	for i, o := range c.Attendees.Origins {
		if CheckText("", o.Name) != nil {
			return CheckText(itemKey{"attendees.origins", i}.String()+".name", o.Name)
		}
	}
	if err := c.Alertness.Validate(); err != nil {
		return err
	}
	if err := c.Choice.Validate(); err != nil {
		return err
	}
	for _, ch := range []struct {
		key string
		v   float64
		f   func(string, float64) error
	}{
		{"proposals.rate", c.Proposals.Rate, probability},
		{"proposals.second_topic", c.Proposals.SecondTopic, probability},
		{"votes.turnout", c.Votes.Turnout, probability},
		{"votes.threshold", c.Votes.Threshold, finite},
		{"votes.noise", c.Votes.Noise, nonNegative},
		{"votes.social_bonus", c.Votes.SocialBonus, finite},
		{"votes.star_bonus", c.Votes.StarBonus, finite},
		{"votes.presence", c.Votes.Presence, nonNegative},
		{"votes.maybe", c.Votes.Maybe, nonNegative},
		{"votes.taste", c.Votes.Taste, probability},
		{"quality.peak", c.Quality.Peak, positive},
		{"quality.width", c.Quality.Width, positive},
		{"ties.rate", c.Ties.Rate, nonNegative},
		{"ties.interest", c.Ties.Interest, probability},
		{"ties.size_exponent", c.Ties.SizeExponent, nonNegative},
	} {
		if err := ch.f(ch.key, ch.v); err != nil {
			return err
		}
	}
	if c.Proposals.MaxPerAttendee < 1 || c.Proposals.MaxPerAttendee > MaxProposalsEach {
		return fmt.Errorf("proposals.max_per_attendee: %d: want 1 to %d", c.Proposals.MaxPerAttendee, MaxProposalsEach)
	}
	if c.Proposals.TopInterests < 1 || c.Proposals.TopInterests > len(c.Event.Topics) {
		return fmt.Errorf("proposals.top_interests: %d: want 1 to %d (the number of topics)", c.Proposals.TopInterests, len(c.Event.Topics))
	}
	if c.Votes.Budget < 0 || c.Votes.Budget > MaxCount {
		return fmt.Errorf("votes.budget: %d: want 0 (no cap) to %d", c.Votes.Budget, MaxCount)
	}
	if c.Metrics.Collapsed < 0 || c.Metrics.Collapsed > MaxCount {
		return fmt.Errorf("metrics.collapsed: %d: want 0 to %d", c.Metrics.Collapsed, MaxCount)
	}
	if c.Metrics.RandomSchedules < 1 || c.Metrics.RandomSchedules > MaxRandomSchedules {
		return fmt.Errorf("metrics.random_schedules: %d: want 1 to %d", c.Metrics.RandomSchedules, MaxRandomSchedules)
	}
	return nil
}

// Bounds of counts that have no natural limit: far beyond any use, they
// turn a typo (an extra digit or six) into an error naming the key
// instead of a run that never ends or exhausts memory.
const (
	// MaxCapacity bounds a room's capacity: 2^40 seats is "no limit"
	// (every policy treats it as any room larger than the crowd), and
	// the sum over MaxRooms rooms stays far from overflowing.
	MaxCapacity = 1 << 40
	// MaxProposalsEach bounds proposals.max_per_attendee.
	MaxProposalsEach = 100
	// MaxRandomSchedules bounds metrics.random_schedules.
	MaxRandomSchedules = 10_000
	// MaxTopics bounds the topics of an event (event.topics, and those
	// a plan's proposals add).
	MaxTopics = 1000
	// MaxText is the longest name or title, in characters: an event,
	// room, topic or origin name in a config, a title or name in a
	// plan's files. Longer text makes no sense on a schedule.
	MaxText = 200
)

// CheckText reports a text longer than MaxText characters (runes), or
// one that holds a line break or another control character, as an error
// "KEY: N characters: want at most 200" naming key.
func CheckText(key, s string) error {
	if n := utf8.RuneCountInString(s); n > MaxText {
		return fmt.Errorf("%s: %d characters: want at most %d", key, n, MaxText)
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return fmt.Errorf("%s: %s: holds a line break or another control character", key, strconv.QuoteToASCII(s))
	}
	return nil
}

// MaxRooms bounds the number of rooms of an event: far beyond any
// unconference, it makes a typo such as count: 1000000000 an error naming
// the key instead of an out-of-memory crash.
const MaxRooms = 1000

// Validate reports the first invalid field, by its config key.
func (c *EventConfig) Validate() error {
	_, err := c.validate()
	return err
}

// validate is Validate that also returns the event's start (Start).
func (c *EventConfig) validate() (day1 time.Time, err error) {
	if err := CheckText("event.name", c.Name); err != nil {
		return day1, err
	}
	if c.Days < 1 || c.Days > 64 {
		return day1, fmt.Errorf("event.days: %d: want 1 to 64", c.Days)
	}
	if day1, err = c.Start(); err != nil {
		return day1, err
	}
	return day1, c.validateRest()
}

// validateRest is Validate after the start date and time zone.
func (c *EventConfig) validateRest() error {
	if len(c.Slots) == 0 {
		return errors.New("event.slots: empty: want at least one slot a day")
	}
	prevEnd := -1
	for i, s := range c.Slots {
		key := itemKey{"event.slots", i}
		start, err := ParseClock(s.Start)
		if err != nil {
			return fmt.Errorf("%s.start: %w", key, err)
		}
		if s.Minutes < 1 || s.Minutes > 24*60 {
			return fmt.Errorf("%s.minutes: %d: want 1 to %d", key, s.Minutes, 24*60)
		}
		if start < prevEnd {
			return fmt.Errorf("%s.start: %s overlaps the previous slot: want slots in time order", key, s.Start)
		}
		if start+s.Minutes > 24*60 {
			return fmt.Errorf("%s.minutes: %s plus %d minutes runs past midnight", key, s.Start, s.Minutes)
		}
		prevEnd = start + s.Minutes
	}
	if len(c.Rooms) == 0 {
		return errors.New("event.rooms: empty: want at least one room")
	}
	rooms := 0
	for i, r := range c.Rooms {
		key := itemKey{"event.rooms", i}
		if r.Name == "" {
			return fmt.Errorf("%s.name: empty: want a name", key)
		}
		if CheckText("", r.Name) != nil {
			return CheckText(key.String()+".name", r.Name)
		}
		if r.Count < 1 || r.Count > MaxRooms-rooms {
			return fmt.Errorf("%s.count: %d: want 1 to %d (at most %d rooms in all)", key, r.Count, MaxRooms-rooms, MaxRooms)
		}
		rooms += r.Count
		if r.Capacity < 1 || r.Capacity > MaxCapacity {
			return fmt.Errorf("%s.capacity: %d: want 1 to %d (2^40: no limit)", key, r.Capacity, MaxCapacity)
		}
	}
	if len(c.Topics) == 0 {
		return errors.New("event.topics: empty: want at least one topic")
	}
	if len(c.Topics) > MaxTopics {
		return fmt.Errorf("event.topics: %d topics: want at most %d", len(c.Topics), MaxTopics)
	}
	seen := make(map[string]bool, len(c.Topics))
	sum := 0.0
	for i, t := range c.Topics {
		key := itemKey{"event.topics", i}
		if t.Name == "" {
			return fmt.Errorf("%s.name: empty: want a name", key)
		}
		if CheckText("", t.Name) != nil {
			return CheckText(key.String()+".name", t.Name)
		}
		if seen[t.Name] {
			return fmt.Errorf("%s.name: %q appears twice", key, t.Name)
		}
		seen[t.Name] = true
		if !(t.Popularity >= 0 && t.Popularity <= MaxValue) {
			return fmt.Errorf("%s.popularity: %v: want a weight from 0 to 1e6", key, t.Popularity)
		}
		sum += t.Popularity
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return fmt.Errorf("event.topics: popularities sum to %v: want a finite positive sum", sum)
	}
	return nil
}

// Start returns midnight of day 1 in the venue's time zone (TimeZone).
func (c *EventConfig) Start() (time.Time, error) {
	d, err := time.Parse("2006-01-02", c.StartDate)
	if err != nil {
		return time.Time{}, fmt.Errorf("event.start_date: %q: want a date as YYYY-MM-DD", c.StartDate)
	}
	loc, err := ParseZone(c.TimeZone)
	if err != nil {
		return time.Time{}, fmt.Errorf("event.time_zone: %w", err)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), nil
}

// DayOffsets returns the venue's offset from UTC, in hours, at noon of
// each event day: the same every day for a fixed offset, and for a zone
// with daylight saving the offset in force that day.
func (c *EventConfig) DayOffsets() ([]float64, error) {
	day1, err := c.Start()
	if err != nil {
		return nil, err
	}
	return dayOffsets(day1, c.Days), nil
}

// dayOffsets is DayOffsets for an event of days days starting at day1.
func dayOffsets(day1 time.Time, days int) []float64 {
	offs := make([]float64, days)
	for d := range offs {
		_, off := time.Date(day1.Year(), day1.Month(), day1.Day()+d, 12, 0, 0, 0, day1.Location()).Zone()
		offs[d] = float64(off) / 3600
	}
	return offs
}

// itemKey is the config key of a list's item, "event.slots.2": formatted
// only when an error names it, so that validating a valid config does not
// allocate per item.
type itemKey struct {
	list string
	i    int
}

func (k itemKey) String() string { return k.list + "." + strconv.Itoa(k.i) }

// ParseZone returns the time zone s names: an IANA name such as
// "Europe/Berlin", or a fixed offset in hours from UTC, optionally
// prefixed by UTC or GMT: "UTC-8", "+5.5", "-3:30", "GMT+1". A fixed
// offset must lie in [-12, 14] hours. Empty is UTC; "Local" (the machine's
// zone) is refused, so results do not depend on where they run.
func ParseZone(s string) (*time.Location, error) {
	s = strings.TrimSpace(s)
	num := strings.TrimPrefix(strings.TrimPrefix(strings.ToUpper(s), "UTC"), "GMT")
	if num != "" && strings.IndexAny(num[:1], "+-0123456789") == 0 {
		h, err := parseHours(num)
		if err != nil || !(h >= -12 && h <= 14) {
			return nil, fmt.Errorf("%q: want hours from UTC in [-12, 14] (UTC-8, +5.5, +5:30) or an IANA name such as America/Los_Angeles", s)
		}
		return time.FixedZone(fmt.Sprintf("UTC%+g", h), int(math.Round(h*3600))), nil
	}
	if s == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil || s == "Local" {
		return nil, fmt.Errorf("%q: unknown time zone: want an IANA name such as America/Los_Angeles, or hours from UTC such as UTC-8", s)
	}
	return loc, nil
}

// parseHours reads "+5.5", "-8" or "+5:30" as hours.
func parseHours(s string) (float64, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err := strconv.ParseFloat(hh, 64)
	if err != nil || !ok {
		return h, err
	}
	m, err := strconv.Atoi(mm)
	if err != nil || m < 0 || m >= 60 || len(mm) != 2 || strings.Contains(hh, ".") {
		return 0, fmt.Errorf("sim: %q: want HH:MM", s)
	}
	if strings.HasPrefix(hh, "-") {
		return h - float64(m)/60, nil
	}
	return h + float64(m)/60, nil
}

// ParseClock parses "HH:MM" into minutes after midnight.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("%q: want a time as HH:MM", s)
	}
	return hh*60 + mm, nil
}

func finite(key string, v float64) error {
	if !(v >= -MaxValue && v <= MaxValue) {
		return fmt.Errorf("%s: %v: want a number from -1e6 to 1e6", key, v)
	}
	return nil
}

func probability(key string, v float64) error {
	if !(v >= 0 && v <= 1) {
		return fmt.Errorf("%s: %v: want a probability in [0, 1]", key, v)
	}
	return nil
}

func positive(key string, v float64) error {
	if !(v > 0 && v <= MaxValue) {
		return fmt.Errorf("%s: %v: want a value > 0 and at most 1e6", key, v)
	}
	return nil
}

func nonNegative(key string, v float64) error {
	if !(v >= 0 && v <= MaxValue) {
		return fmt.Errorf("%s: %v: want a value from 0 to 1e6", key, v)
	}
	return nil
}
