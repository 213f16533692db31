package plan

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim"
)

// Data is an organiser's event data, parsed and cross-checked: every vote
// names a known attendee and proposal, every proposer is an attendee,
// every declared interest is a topic.
type Data struct {
	Attendees []AttendeeRow
	Proposals []ProposalRow
	Votes     []VoteRow
	// Topics are the scenario's topics followed by any new topic the
	// proposals name, in order of first mention.
	Topics []sim.TopicConfig

	attendee map[string]int // id -> index
	proposal map[string]int
	topic    map[string]int // lower-cased name -> index

	// ballots[a] lists attendee a's votes by proposal; voted[a] says
	// whether a has any row in votes.csv.
	ballots [][]ballot
	voted   []bool
	// leveled: the votes file has a vote column, so a proposal a voter did
	// not rate is unknown rather than a hand not raised. maybes: some vote
	// is a maybe.
	leveled, maybes bool

	// What World needs of the rows, resolved once (see prepare).
	popularity     []float64 // by topic
	meanPopularity float64
	props          []sim.Proposal
	declared       [][]int // declared interests' topics, by attendee
	given          []agents.Given
}

// ballot is one vote: a proposal and its level.
type ballot struct {
	p     int32
	level Level
}

// Files names the organiser's three CSV files.
type Files struct {
	Attendees, Proposals, Votes string
}

// Load reads and cross-checks the organiser's files against the event.
func Load(ev *sim.EventConfig, f Files) (*Data, error) {
	day, err := ev.Start()
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	atts, err := readFile(f.Attendees, func(name string, r io.Reader) ([]AttendeeRow, error) {
		return ReadAttendees(name, r, day)
	})
	if err != nil {
		return nil, err
	}
	props, err := readFile(f.Proposals, ReadProposals)
	if err != nil {
		return nil, err
	}
	votes, err := readFile(f.Votes, ReadVotes)
	if err != nil {
		return nil, err
	}
	return NewData(ev, f, atts, props, votes)
}

// NewData cross-checks parsed rows; f names the files for error messages.
func NewData(ev *sim.EventConfig, f Files, atts []AttendeeRow, props []ProposalRow, votes []VoteRow) (*Data, error) {
	d := &Data{
		Attendees: atts, Proposals: props, Votes: votes,
		Topics:   slices.Clone(ev.Topics),
		attendee: make(map[string]int, len(atts)),
		proposal: make(map[string]int, len(props)),
		topic:    make(map[string]int),
	}
	for i, t := range d.Topics {
		d.topic[strings.ToLower(t.Name)] = i
	}
	if err := d.checkAttendees(ev, f); err != nil {
		return nil, err
	}
	if err := d.checkProposals(f); err != nil {
		return nil, err
	}
	if err := d.checkInterests(f); err != nil {
		return nil, err
	}
	if err := d.checkVotes(f); err != nil {
		return nil, err
	}
	d.addBallots()
	d.prepare()
	return d, nil
}

// checkAttendees indexes the attendees and checks their background,
// seniority and days against what the model and the event ev know.
func (d *Data) checkAttendees(ev *sim.EventConfig, f Files) error {
	for i, a := range d.Attendees {
		d.attendee[a.ID] = i
		// The names World parses (agents), so that none passes here and
		// fails there.
		if _, err := sim.ParseBackground(a.Background); a.Background != "" && err != nil {
			return &InputError{File: f.Attendees, Line: a.Line, Column: "background",
				Err: fmt.Errorf("%s: want industry, academia, startup or student", input.Quote(a.Background))}
		}
		if _, err := sim.ParseSeniority(a.Seniority); a.Seniority != "" && err != nil {
			return &InputError{File: f.Attendees, Line: a.Line, Column: "seniority",
				Err: fmt.Errorf("%s: want leader, senior, mid or newcomer", input.Quote(a.Seniority))}
		}
		for _, day := range a.Days {
			if day > ev.Days {
				return &InputError{File: f.Attendees, Line: a.Line, Column: "days",
					Err: fmt.Errorf("day %d: the event has %d days", day, ev.Days)}
			}
		}
	}
	return nil
}

// checkProposals indexes the proposals and checks their proposers; a
// topic the event lacks joins d.Topics at the event's mean popularity.
func (d *Data) checkProposals(f Files) error {
	mean := 0.0
	for _, t := range d.Topics {
		mean += t.Popularity / float64(len(d.Topics))
	}
	for i, p := range d.Proposals {
		d.proposal[p.ID] = i
		if _, ok := d.attendee[p.Proposer]; !ok {
			return &InputError{File: f.Proposals, Line: p.Line, Column: "proposer",
				Err: fmt.Errorf("%q is not an attendee id in %s", p.Proposer, f.Attendees)}
		}
		for _, t := range p.Topics {
			if _, ok := d.topic[strings.ToLower(t)]; !ok {
				// A topic the scenario lacks joins it at average popularity.
				if len(d.Topics) == sim.MaxTopics {
					return &InputError{File: f.Proposals, Line: p.Line, Column: "topics",
						Err: fmt.Errorf("more than %d topics in all (the config's and the proposals'): want fewer", sim.MaxTopics)}
				}
				d.topic[strings.ToLower(t)] = len(d.Topics)
				d.Topics = append(d.Topics, sim.TopicConfig{Name: t, Popularity: mean})
			}
		}
	}
	return nil
}

// checkInterests checks that every attendee's declared interest is a
// topic of the event or of a proposal.
func (d *Data) checkInterests(f Files) error {
	for _, a := range d.Attendees {
		for _, t := range a.Interests {
			if _, ok := d.topic[strings.ToLower(t)]; !ok {
				return &InputError{File: f.Attendees, Line: a.Line, Column: "interests",
					Err: fmt.Errorf("unknown topic %q: not among the scenario's topics or the proposals' topics", t)}
			}
		}
	}
	return nil
}

// checkVotes checks that every vote names a known attendee and proposal,
// and no hand is raised twice.
func (d *Data) checkVotes(f Files) error {
	hand := map[[2]int]int{}
	for _, v := range d.Votes {
		ai, ok := d.attendee[v.Attendee]
		if !ok {
			return &InputError{File: f.Votes, Line: v.Line, Column: "attendee",
				Err: fmt.Errorf("%q is not an attendee id in %s", v.Attendee, f.Attendees)}
		}
		pi, ok := d.proposal[v.Proposal]
		if !ok {
			return &InputError{File: f.Votes, Line: v.Line, Column: "proposal",
				Err: fmt.Errorf("%q is not a proposal id in %s", v.Proposal, f.Proposals)}
		}
		if prev, dup := hand[[2]int{ai, pi}]; dup {
			return &InputError{File: f.Votes, Line: v.Line,
				Err: fmt.Errorf("attendee %q voted for proposal %q twice (first on line %d)", v.Attendee, v.Proposal, prev)}
		}
		hand[[2]int{ai, pi}] = v.Line
	}
	return nil
}

// addBallots gives each attendee their ballots, by proposal, and notes
// who voted and whether votes have levels.
func (d *Data) addBallots() {
	d.ballots = make([][]ballot, len(d.Attendees))
	d.voted = make([]bool, len(d.Attendees))
	for _, v := range d.Votes {
		a := d.attendee[v.Attendee]
		d.ballots[a] = append(d.ballots[a], ballot{int32(d.proposal[v.Proposal]), v.Level})
		d.voted[a] = true
		d.leveled = d.leveled || v.HasLevel
		d.maybes = d.maybes || v.Level == Maybe
	}
	for _, b := range d.ballots {
		slices.SortFunc(b, func(x, y ballot) int { return int(x.p) - int(y.p) })
	}
}
