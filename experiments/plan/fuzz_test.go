package plan

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unconf/unconf/sim"
)

// The fuzz targets below check the readers of the organiser's CSV files on
// arbitrary bytes: they never panic, an error is an *InputError naming the
// file and a line inside it (0 only for the whole file), and rows that are
// accepted carry lines inside the file. `go test` runs the seed corpus
// (the example files, the bad inputs of TestBadFiles and
// testdata/fuzz/<Target>); `go test -fuzz=FuzzReadAttendees` explores.

// addCSVSeeds adds the example file and a few malformed variants to f.
func addCSVSeeds(f *testing.F, example string, extra ...string) {
	if b, err := os.ReadFile(filepath.Join("..", "..", "configs", "examples", example)); err == nil {
		f.Add(b)
	}
	for _, s := range append(extra,
		"", "\n", "\xef\xbb\xbf", "id\n", "a,b\n\"x\n", "a,\"b\nc\"\n1,2\n", "a,b\r\n1,2\r\n", "\xff\xfe",
	) {
		f.Add([]byte(s))
	}
}

// checkRead checks the contract shared by the readers: an error is an
// *InputError for file at a line of data, and every accepted row's line
// is one of the file's lines after the header.
func checkRead(t *testing.T, file string, data []byte, lines []int, err error) {
	t.Helper()
	// Lines as encoding/csv counts them: \n-separated (a lone \r is not a
	// line break); +1 for a last line without \n.
	n := bytes.Count(data, []byte("\n")) + 1
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %q (%T) is not an *InputError", err, err)
		}
		if ie.File != file || !strings.HasPrefix(err.Error(), file) {
			t.Fatalf("error %q names file %q, want %q", err, ie.File, file)
		}
		if ie.Line < 0 || ie.Line > n {
			t.Fatalf("error %q at line %d, the input has %d lines", err, ie.Line, n)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("error %q spans several lines", err)
		}
		return
	}
	if len(lines) == 0 {
		t.Fatal("no error and no rows")
	}
	for _, l := range lines {
		if l < 2 || l > n {
			t.Fatalf("row at line %d, want 2..%d", l, n)
		}
	}
}

func FuzzReadAttendees(f *testing.F) {
	addCSVSeeds(f, "attendees.csv",
		"id,home_utc_offset\na,Europe/Oslo\nb,UTC+5.5\nc,-8\nd,Local\ne,UTC\nf,NaN\ng,../../etc/passwd\n",
		"id,star,days\na,yes,1;2\nb,no,\nc,1,64\nd,0,65\n",
		"ID , Name\na,b\n", "id,id\na,a\n", "id,name\n,Bob\n", "name\nx\n", "id\na\nb\na\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadAttendees("attendees.csv", bytes.NewReader(data), day)
		lines := make([]int, len(rows))
		seen := map[string]bool{}
		for i, r := range rows {
			lines[i] = r.Line
			if r.ID == "" || seen[r.ID] {
				t.Fatalf("row %d: id %q empty or repeated", i, r.ID)
			}
			seen[r.ID] = true
			if r.HasHome && !(r.Home >= -12 && r.Home <= 14) {
				t.Fatalf("row %d: home offset %v outside [-12, 14]", i, r.Home)
			}
			for _, d := range r.Days {
				if d < 1 || d > 64 {
					t.Fatalf("row %d: day %d outside 1..64", i, d)
				}
			}
		}
		checkRead(t, "attendees.csv", data, lines, err)
	})
}

func FuzzReadProposals(f *testing.F) {
	addCSVSeeds(f, "proposals.csv",
		"id,title,proposer,topics\np,T,a,\n", "id,title,proposer,topics\np,T,a,x;y;z\n",
		"id,title,proposer,topics\np,\"a, b\",a,x; y\np,T,a,x\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadProposals("proposals.csv", bytes.NewReader(data))
		lines := make([]int, len(rows))
		for i, r := range rows {
			lines[i] = r.Line
			if r.ID == "" || r.Title == "" || r.Proposer == "" || len(r.Topics) < 1 || len(r.Topics) > 2 {
				t.Fatalf("row %d accepted with missing fields: %+v", i, r)
			}
		}
		checkRead(t, "proposals.csv", data, lines, err)
	})
}

func FuzzReadVotes(f *testing.F) {
	addCSVSeeds(f, "votes.csv",
		"attendee,proposal,weight\na,p,-1\n", "attendee,proposal,weight\na,p,0.5\nb,q,\nc,r,Inf\nd,s,NaN\n",
		"attendee,proposal\na,\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadVotes("votes.csv", bytes.NewReader(data))
		lines := make([]int, len(rows))
		for i, r := range rows {
			lines[i] = r.Line
			if r.Attendee == "" || r.Proposal == "" || !(r.Weight >= 0) || r.Weight > 1e308 {
				t.Fatalf("row %d accepted with bad fields: %+v", i, r)
			}
		}
		checkRead(t, "votes.csv", data, lines, err)
	})
}

// FuzzReadSchedule reads arbitrary bytes as an organiser's schedule of the
// example event: an error is an *InputError inside the file, and an
// accepted schedule passes the engine's hard constraints.
func FuzzReadSchedule(f *testing.F) {
	cfg := exampleConfig(f)
	d, err := Load(&cfg.Model.Event, Files{
		Attendees: filepath.Join(exampleDir, "attendees.csv"),
		Proposals: filepath.Join(exampleDir, "proposals.csv"),
		Votes:     filepath.Join(exampleDir, "votes.csv"),
	})
	if err != nil {
		f.Fatal(err)
	}
	w, err := d.World(&cfg.Model, nil, 1)
	if err != nil {
		f.Fatal(err)
	}
	start, err := cfg.Model.Event.Start()
	if err != nil {
		f.Fatal(err)
	}
	addCSVSeeds(f, "hand-schedule.csv",
		"proposal,day,start,room\np01,1,09:30,Hall\np01,1,13:30,Hall\n",
		"proposal,day,start,room\np01,2026-12-03,09:30,Hall\np02,0,09:30,Hall\np03,1,9:30,Hall\n",
		"proposal,day,start,room,title\np99,1,09:30,Hall,x\np02,1,09:30,Hall,y\np03,1,09:30,Hall,z\n",
		"day,start,room\n1,09:30,Hall\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			sf, err := ReadSchedule("schedule.csv", bytes.NewReader(data), d, w.Event, start, lenient)
			var lines []int
			if err == nil {
				lines = sf.Lines
				if len(sf.Lines) != len(sf.Schedule.Sessions) {
					t.Fatalf("%d lines for %d sessions", len(sf.Lines), len(sf.Schedule.Sessions))
				}
				if err := sf.Schedule.Check(w.Event, w.Proposals); err != nil {
					t.Fatalf("accepted schedule breaks a hard constraint: %v", err)
				}
				if len(lines) == 0 {
					lines = []int{2} // every row skipped as unknown (lenient)
				}
			}
			checkRead(t, "schedule.csv", data, lines, err)
		}
	})
}

// TestWorldHugePopularity: the interest prior of the organiser's attendees
// overflowed like agents' Dirichlet parameters (concentration × popularity
// before the division by the mean). Found with a popularity of 1.4e303,
// now refused (sim.MaxValue); the largest valid values must work.
func TestWorldHugePopularity(t *testing.T) {
	cfg := exampleConfig(t)
	cfg.Model.Event.Topics[3].Popularity = sim.MaxValue
	cfg.Model.Attendees.InterestConcentration = sim.MaxValue
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	d, err := Load(&cfg.Model.Event, Files{
		Attendees: filepath.Join(exampleDir, "attendees.csv"),
		Proposals: filepath.Join(exampleDir, "proposals.csv"),
		Votes:     filepath.Join(exampleDir, "votes.csv"),
	})
	if err != nil {
		t.Fatal(err)
	}
	w, err := d.World(&cfg.Model, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range w.Attendees {
		for _, v := range a.Interests {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("attendee %d: interests %v", a.ID, a.Interests)
			}
		}
	}
}
