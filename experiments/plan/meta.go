package plan

import (
	"cmp"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"time"
)

// MetaJSON is the name of the file that describes a plan folder: how the
// plan was made and what schedule.md says in words (proposals left out
// and why, changes since a previous schedule), for readers of the folder
// such as report.html.
const MetaJSON = "meta.json"

// Meta is meta.json's content. Seeds are decimal strings: JSON readers in
// other languages lose digits above 2^53.
type Meta struct {
	Program      string `json:"program"`
	Command      string `json:"command"`
	Version      string `json:"version"`
	CommandLine  string `json:"command_line,omitempty"`
	ConfigSource string `json:"config_source"`
	// Created is when the plan was made (RFC 3339).
	Created    string   `json:"created"`
	MasterSeed string   `json:"master_seed"`
	Replicates int      `json:"replicates"`
	Seeds      []string `json:"seeds"`
	Policies   []string `json:"policies"`
	Objective  struct {
		Metric string `json:"metric"`
		Higher bool   `json:"higher_is_better"`
	} `json:"objective"`
	// Risk is the share of replicates from which a session is flagged;
	// Collapsed the head count at or below which a session collapses.
	Risk      float64 `json:"risk"`
	Collapsed int     `json:"collapsed"`
	// Recommended names the recommended schedule; Ranking every ranked
	// schedule, best first; Failed the policies that made no schedule.
	Recommended string       `json:"recommended"`
	Ranking     []string     `json:"ranking"`
	Failed      []MetaFailed `json:"failed"`
	Data        struct {
		Attendees int `json:"attendees"`
		Proposals int `json:"proposals"`
		Hands     int `json:"hands"`
	} `json:"data"`
	Event   MetaEvent     `json:"event"`
	LeftOut []MetaLeftOut `json:"left_out"`
	Stick   *MetaStick    `json:"stick,omitempty"`
	Files   []string      `json:"files"`
	// Config is the effective config (keys as in the config file), when
	// the caller gave it.
	Config json.RawMessage `json:"config,omitempty"`
}

// MetaFailed is a policy that made no schedule.
type MetaFailed struct {
	Name  string `json:"name"`
	Error string `json:"error"`
}

// MetaEvent is the event's grid: its days, slots and rooms, as the
// schedule files name them.
type MetaEvent struct {
	Name     string     `json:"name"`
	TimeZone string     `json:"time_zone"`
	Days     []MetaDay  `json:"days"`
	Slots    []MetaSlot `json:"slots"`
	Rooms    []MetaRoom `json:"rooms"`
}

// MetaDay is a day of the event: its number from 1 and its date
// (YYYY-MM-DD).
type MetaDay struct {
	Day  int    `json:"day"`
	Date string `json:"date"`
}

// MetaSlot is a slot: its number from 1 over the event, its day from 1,
// and its local start and end (HH:MM).
type MetaSlot struct {
	Slot  int    `json:"slot"`
	Day   int    `json:"day"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// MetaRoom is a room, largest first as the schedule files name them.
type MetaRoom struct {
	Name     string `json:"name"`
	Capacity int    `json:"capacity"`
}

// MetaMoves compares a schedule with the previous one (Moves).
type MetaMoves struct {
	Kept    int `json:"kept"`
	Moved   int `json:"moved"`
	New     int `json:"new"`
	Dropped int `json:"dropped"`
}

// MetaStick says how the recommended schedule relates to a previous one
// (StickReport).
type MetaStick struct {
	Policy     string    `json:"policy"`
	Budget     float64   `json:"budget"`
	Cost       float64   `json:"cost"`
	Replicates int       `json:"replicates"`
	Before     MetaMoves `json:"before"`
	After      MetaMoves `json:"after"`
	Unknown    []string  `json:"unknown"`
}

// MetaLeftOut is a proposal the recommended schedule leaves out.
type MetaLeftOut struct {
	Proposal     string `json:"proposal"`
	Title        string `json:"title"`
	Proposer     string `json:"proposer"`
	ProposerName string `json:"proposer_name"`
	Hands        int    `json:"hands"`
	Reason       string `json:"reason"`
}

// Meta returns meta.json's content; files are the other files written.
func (rep *Report) Meta(wo WriteOptions, files []string) (*Meta, error) {
	m := &Meta{Program: "unconf", Command: "plan", Version: cmp.Or(wo.Version, "unknown"), CommandLine: wo.CommandLine,
		ConfigSource: cmp.Or(wo.ConfigSource, "embedded default"), Created: wo.Stamp.UTC().Format(time.RFC3339),
		MasterSeed: strconv.FormatUint(rep.Options.Seed, 10), Replicates: len(rep.Seeds), Policies: rep.Options.Policies,
		Risk: rep.Options.Risk, Collapsed: rep.Model.Metrics.Collapsed, Recommended: rep.Recommended().Name,
		Failed: []MetaFailed{}, LeftOut: []MetaLeftOut{}, Files: files, Config: wo.Config}
	if st := rep.Stick; st != nil {
		m.Stick = &MetaStick{Policy: st.Policy, Budget: st.Budget, Cost: st.Cost, Replicates: st.Replicates,
			Before: MetaMoves(st.Before), After: MetaMoves(st.After), Unknown: append([]string{}, st.Unknown...)}
	}
	for _, s := range rep.Seeds {
		m.Seeds = append(m.Seeds, strconv.FormatUint(s, 10))
	}
	m.Objective.Metric, m.Objective.Higher = rep.Objective.Metric.String(), rep.Objective.Higher
	for _, k := range rep.Ranking {
		m.Ranking = append(m.Ranking, rep.Candidates[k].Name)
	}
	for _, c := range rep.Candidates {
		if c.Err != nil {
			m.Failed = append(m.Failed, MetaFailed{Name: c.Name, Error: c.Err.Error()})
		}
	}
	m.Data.Attendees, m.Data.Proposals, m.Data.Hands = len(rep.Data.Attendees), len(rep.Data.Proposals), sum(handCounts(rep.Data))

	ev := &m.Event
	ev.Name, ev.TimeZone = eventName(rep), rep.Model.Event.TimeZone
	for d := range rep.Event.Days {
		date := ""
		for _, s := range rep.Event.Slots {
			if s.Day == d {
				start, _, err := rep.sessionTime(s.Index)
				if err != nil {
					return nil, err
				}
				date = start.Format("2006-01-02")
				break
			}
		}
		ev.Days = append(ev.Days, MetaDay{Day: d + 1, Date: date})
	}
	for _, s := range rep.Event.Slots {
		ev.Slots = append(ev.Slots, MetaSlot{Slot: s.Index + 1, Day: s.Day + 1, Start: clock(s.Start), End: clock(s.Start + s.Minutes)})
	}
	for _, r := range rep.Event.Rooms {
		ev.Rooms = append(ev.Rooms, MetaRoom{Name: r.Name, Capacity: r.Capacity})
	}
	for _, l := range rep.LeftOut {
		p := rep.Data.Proposals[l.Proposal]
		m.LeftOut = append(m.LeftOut, MetaLeftOut{Proposal: p.ID, Title: p.Title, Proposer: p.Proposer,
			ProposerName: rep.proposerName(l.Proposal), Hands: l.Hands, Reason: l.Reason})
	}
	return m, nil
}

// writeMeta writes meta.json into dir.
func (rep *Report) writeMeta(dir string, wo WriteOptions, files []string) error {
	m, err := rep.Meta(wo, files)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("plan: %s: %w", MetaJSON, err)
	}
	return writeAtomic(filepath.Join(dir, MetaJSON), append(b, '\n'))
}
