package sweep

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// Words for charts: what a dotted config key means in a reader's words.

// keyLabels are human names and units of the config keys a sweep is most
// likely to vary.
var keyLabels = map[string]struct{ name, unit string }{
	"attendees.count":                  {"attendees", "people"},
	"attendees.visitor_share":          {"share of visitors", "0–1"},
	"attendees.star_share":             {"share of stars", "0–1"},
	"attendees.interest_concentration": {"interest concentration", "Dirichlet scale"},
	"attendees.affiliations":           {"affiliations", "organisations"},
	"attendees.affiliation_skew":       {"skew of affiliation sizes", "Zipf exponent"},
	"event.days":                       {"days", "days"},
	"proposals.rate":                   {"proposal rate", "mean per attendee"},
	"proposals.max_per_attendee":       {"most proposals per attendee", "proposals"},
	"votes.turnout":                    {"vote turnout", "share of attendees"},
	"votes.threshold":                  {"vote threshold", "perceived interest, 0–1"},
	"votes.noise":                      {"vote noise", "sd"},
	"votes.social_bonus":               {"vote bonus for a colleague", "perceived interest"},
	"votes.star_bonus":                 {"vote bonus for a star", "perceived interest"},
	"votes.budget":                     {"hands per voter", "hands, 0 = no cap"},
	"votes.presence":                   {"presence at a show of hands", "power of alertness"},
	"choice.b_interest":                {"weight of interest", "utility per unit match"},
	"choice.b_star":                    {"pull of a star", "utility"},
	"choice.b_social":                  {"pull of colleagues", "utility"},
	"choice.b_crowd":                   {"crowding aversion", "utility"},
	"choice.crowd_free":                {"fill before crowding bites", "attendance / capacity"},
	"choice.outside":                   {"pull of the hallway", "utility"},
	"choice.outside_fatigue":           {"pull of the hallway when tired", "utility per unit fatigue"},
	"choice.noise":                     {"choice noise", "Gumbel scale"},
	"choice.two_feet.margin":           {"margin to hop sessions", "utility"},
	"alertness.arrival_days":           {"days from landing to day 1", "days"},
	"alertness.west_rate":              {"recovery after flying west", "hours per day"},
	"alertness.east_rate":              {"recovery after flying east", "hours per day"},
	"alertness.fatigue":                {"fatigue per session", "alertness"},
	"alertness.alert_threshold":        {"alertness threshold", "0–1"},
	"quality.peak":                     {"best discussion size", "people"},
	"quality.width":                    {"spread of discussion quality", "log-normal width"},
	"ties.rate":                        {"tie rate", "pair probability scale"},
	"metrics.collapsed":                {"collapse threshold", "people"},
}

// KeyLabel returns a chart label for the dotted config key: its name in
// a reader's words with its unit, e.g. "share of visitors (0–1)" for
// attendees.visitor_share, "vote noise (sd)" for votes.noise, and for a
// room group's count, named by base's room group (nil: by its index),
// "rooms of 15 seats" (event.rooms.2.count) or, for its capacity, "seats
// per Nook (seats)". Keys it does not know are returned as they are.
func KeyLabel(key string, base *scenario.Config) string {
	if l, ok := keyLabels[key]; ok {
		return fmt.Sprintf("%s (%s)", l.name, l.unit)
	}
	parts := strings.Split(key, ".")
	if len(parts) == 4 && parts[0] == "event" && parts[1] == "rooms" {
		i, err := strconv.Atoi(parts[2])
		if err != nil {
			return key
		}
		var g *sim.RoomGroup
		if base != nil && i >= 0 && i < len(base.Model.Event.Rooms) {
			g = &base.Model.Event.Rooms[i]
		}
		switch parts[3] {
		case "count":
			if g != nil {
				return fmt.Sprintf("rooms of %d seats", g.Capacity)
			}
			return fmt.Sprintf("rooms of group %d (rooms)", i+1)
		case "capacity":
			if g != nil {
				return fmt.Sprintf("seats per %s (seats)", g.Name)
			}
			return fmt.Sprintf("seats per room of group %d (seats)", i+1)
		}
	}
	return key
}

// keyName returns KeyLabel without its unit, for titles: "share of
// visitors".
func keyName(key string, base *scenario.Config) string {
	l := KeyLabel(key, base)
	if i := strings.LastIndex(l, " ("); i > 0 && strings.HasSuffix(l, ")") {
		return l[:i]
	}
	return l
}
