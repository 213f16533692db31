package plan

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2017, 12, 1, 0, 0, 0, 0, time.UTC)

func TestRoundTrip(t *testing.T) {
	atts := []AttendeeRow{
		{Line: 2, ID: "a1", Name: "Kalai, R.", Background: "industry", Seniority: "senior", HasHome: true, Home: -8,
			Affiliation: "PARC", Interests: []string{"agent-based modeling", "ML in the sciences"}, Star: false},
		{Line: 3, ID: "a2", Name: "Notetaker", HasHome: true, Home: 1, Interests: []string{"exploration in RL"}, Days: []int{1, 2}},
		{Line: 4, ID: "a3", Star: true},
	}
	var buf bytes.Buffer
	if err := WriteAttendees(&buf, atts); err != nil {
		t.Fatal(err)
	}
	got, err := ReadAttendees("attendees.csv", &buf, day)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, atts) {
		t.Errorf("attendees round trip:\n got %+v\nwant %+v", got, atts)
	}

	props := []ProposalRow{
		{Line: 2, ID: "p1", Title: "ML in the Sciences", Proposer: "a1", Topics: []string{"ML in the sciences"}},
		{Line: 3, ID: "p2", Title: "Transfer; domain adaptation, few-shot", Proposer: "a2", Topics: []string{"transfer learning", "domain adaptation"}},
	}
	buf.Reset()
	if err := WriteProposals(&buf, props); err != nil {
		t.Fatal(err)
	}
	gotP, err := ReadProposals("proposals.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotP, props) {
		t.Errorf("proposals round trip:\n got %+v\nwant %+v", gotP, props)
	}

	for _, votes := range [][]VoteRow{
		{{Line: 2, Attendee: "a1", Proposal: "p2", Weight: 1}, {Line: 3, Attendee: "a2", Proposal: "p1", Weight: 1}},
		{{Line: 2, Attendee: "a1", Proposal: "p2", Weight: 0.5, HasWeight: true}},
	} {
		buf.Reset()
		if err := WriteVotes(&buf, votes); err != nil {
			t.Fatal(err)
		}
		gotV, err := ReadVotes("votes.csv", &buf)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotV, votes) {
			t.Errorf("votes round trip:\n got %+v\nwant %+v", gotV, votes)
		}
	}
}

func TestTimeZoneNames(t *testing.T) {
	in := "id,home_utc_offset\na,Europe/Oslo\nb,America/Los_Angeles\nc,UTC+5.5\nd,Asia/Kolkata\n"
	got, err := ReadAttendees("attendees.csv", strings.NewReader(in), day)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, -8, 5.5, 5.5} // December: no DST in Oslo or California
	for i, a := range got {
		if !a.HasHome || a.Home != want[i] {
			t.Errorf("%s: home %v (set %v), want %v", a.ID, a.Home, a.HasHome, want[i])
		}
	}
}

func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		read     func(string, string) error
		want     string
		line     int
	}{
		{"empty", "", readA, "attendees.csv: empty file", 0},
		{"header only", "id,name\n", readA, "no rows after the header", 0},
		{"missing column", "name\nx\n", readA, `attendees.csv:1: column "id": required column missing`, 1},
		{"unknown column", "id,colour\na,red\n", readA, `column "colour": unknown column`, 1},
		{"duplicate id", "id\na\nb\na\n", readA, `attendees.csv:4: column "id": duplicate id "a" (first on line 2)`, 4},
		{"empty id", "id,name\n,Bob\n", readA, `attendees.csv:2: column "id": empty`, 2},
		{"bad zone", "id,home_utc_offset\na,Mars/Olympus\n", readA, `attendees.csv:2: column "home_utc_offset": "Mars/Olympus": unknown time zone`, 2},
		{"offset out of range", "id,home_utc_offset\na,+15\n", readA, `want hours from UTC in [-12, 14]`, 2},
		{"bad star", "id,star\na,maybe\n", readA, `column "star": "maybe": want true or false`, 2},
		{"bad day", "id,days\na,1;zero\n", readA, `column "days": "zero"`, 2},
		{"not utf8", "id,name\na,ok\nb,J\xf6rg\n", readA, "attendees.csv:3: not UTF-8", 3},
		{"ragged", "id,name\na,b,c\n", readA, "attendees.csv:2: wrong number of fields", 2},
		{"proposal no topics", "id,title,proposer,topics\np,T,a,\n", readP, `proposals.csv:2: column "topics": empty`, 2},
		{"proposal 3 topics", "id,title,proposer,topics\np,T,a,x;y;z\n", readP, `3 topics`, 2},
		{"vote weight", "attendee,proposal,weight\na,p,-1\n", readV, `votes.csv:2: column "weight": "-1"`, 2},
		{"vote level", "attendee,proposal,vote\na,p,interested\na,q,perhaps\n", readV, `votes.csv:3: column "vote": "perhaps": want interested, maybe or skip`, 3},
		{"vote level empty", "attendee,proposal,vote\na,p,\n", readV, `votes.csv:2: column "vote": empty`, 2},
		{"vote weight 0 beside interested", "attendee,proposal,vote,weight\na,p,Interested,0\n", readV, `votes.csv:2: column "weight": 0 beside vote "Interested"`, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(tc.name, tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line != tc.line {
				t.Errorf("error %v: want an InputError at line %d", err, tc.line)
			}
		})
	}
}

func readA(_ string, in string) error {
	_, err := ReadAttendees("attendees.csv", strings.NewReader(in), day)
	return err
}

func readP(_ string, in string) error {
	_, err := ReadProposals("proposals.csv", strings.NewReader(in))
	return err
}

func readV(_ string, in string) error {
	_, err := ReadVotes("votes.csv", strings.NewReader(in))
	return err
}

// TestReadLimits checks the limits of the organiser's files (issue 10
// items 5 and 6): the file size, rows, columns, cell sizes and text
// lengths, each refused with an error naming the file, line and column.
func TestReadLimits(t *testing.T) {
	long := strings.Repeat("é", 201)
	var many strings.Builder
	many.WriteString("attendee,proposal\n")
	for i := 0; i <= MaxRows; i++ {
		many.WriteString("a,p\n")
	}
	for _, c := range []struct {
		name string
		read func(string, string) error
		data string
		want string
	}{
		{"title", readP, "id,title,proposer,topics\np1," + long + ",a1,x\n", `proposals.csv:2: column "title": 201 characters: want at most 200`},
		{"title 200", readP, "id,title,proposer,topics\np1," + long[2:] + ",a1,x\n", ""},
		{"topic", readP, "id,title,proposer,topics\np1,T,a1,x;" + long + "\n", `proposals.csv:2: column "topics": 201 characters`},
		{"name", readA, "id,name\na1," + long + "\n", `attendees.csv:2: column "name": 201 characters`},
		{"name with a tab", readA, "id,name\na1,\"a\tb\"\n", `attendees.csv:2: column "name": "a\tb": holds a line break or another control character`},
		{"affiliation", readA, "id,affiliation\na1," + long + "\n", `attendees.csv:2: column "affiliation": 201 characters`},
		{"interest", readA, "id,interests\na1," + long + "\n", `attendees.csv:2: column "interests": 201 characters`},
		{"id", readV, "attendee,proposal\n" + long + ",p\n", `votes.csv:2: column "attendee": 201 characters`},
		{"cell", readA, "id,star\na1," + strings.Repeat("y", MaxCell+1) + "\n", `attendees.csv:2: column "star": a cell of 4097 bytes: want at most 4096`},
		{"columns", readV, strings.Repeat("x,", MaxColumns) + "x\n", "votes.csv:1: 101 columns: want at most 100"},
		{"rows", readV, many.String(), "votes.csv:1000002: more than 1000000 rows, the limit for a CSV file"},
		{"size", readV, "attendee,proposal\n" + strings.Repeat("a", 64<<20), "votes.csv: larger than 64 MiB, the limit for a CSV file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.read("", c.data)
			if c.want == "" {
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
				return
			}
			if err == nil || err.Error() != c.want && !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}
