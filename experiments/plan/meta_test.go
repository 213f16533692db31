package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestWriteMeta checks that meta.json, written last, says what
// schedule.md says in words: the proposals left out and why, with the
// event's grid, the ranking and the seeds (as strings).
func TestWriteMeta(t *testing.T) {
	cfg := exampleConfig(t)
	d, err := Load(&cfg.Model.Event, Files{
		Attendees: filepath.Join(exampleDir, "attendees.csv"),
		Proposals: filepath.Join(exampleDir, "proposals.csv"),
		Votes:     filepath.Join(exampleDir, "votes.csv"),
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := recommend(t, d, cfg, Options{Seeds: 3, Seed: 1 << 60, Policies: []string{"popularity", "spread"}})
	if len(rep.LeftOut) == 0 {
		t.Fatal("the example data leave no proposal out: the test needs one")
	}
	dir := t.TempDir()
	files, err := rep.Write(dir, WriteOptions{Stamp: time.Unix(0, 0), Version: "test", CommandLine: "unconf plan …",
		Config: []byte(`{"run":{"seed":"1152921504606846976"}}`)})
	if err != nil {
		t.Fatal(err)
	}
	if files[len(files)-1] != MetaJSON {
		t.Errorf("files %v: want meta.json last", files)
	}
	b, err := os.ReadFile(filepath.Join(dir, MetaJSON))
	if err != nil {
		t.Fatal(err)
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Command != "plan" || m.Version != "test" || m.CommandLine != "unconf plan …" || m.Recommended != rep.Recommended().Name {
		t.Errorf("meta %+v", m)
	}
	if m.MasterSeed != "1152921504606846976" || len(m.Seeds) != 3 || m.Seeds[2] != strconv.FormatUint(rep.Seeds[2], 10) {
		t.Errorf("seeds %s %v, want %v", m.MasterSeed, m.Seeds, rep.Seeds)
	}
	if len(m.Ranking) != 2 || m.Objective.Metric != "satisfaction_mean" || !m.Objective.Higher {
		t.Errorf("ranking %v, objective %+v", m.Ranking, m.Objective)
	}
	if len(m.LeftOut) != len(rep.LeftOut) {
		t.Fatalf("%d left out, want %d", len(m.LeftOut), len(rep.LeftOut))
	}
	for i, l := range rep.LeftOut {
		p := rep.Data.Proposals[l.Proposal]
		if got := m.LeftOut[i]; got.Proposal != p.ID || got.Title != p.Title || got.Hands != l.Hands || got.Reason != l.Reason {
			t.Errorf("left out %d: %+v, want %s %q %d hands: %s", i, got, p.ID, p.Title, l.Hands, l.Reason)
		}
	}
	ev := m.Event
	if len(ev.Days) != rep.Event.Days || len(ev.Slots) != len(rep.Event.Slots) || len(ev.Rooms) != len(rep.Event.Rooms) {
		t.Fatalf("event %+v", ev)
	}
	if ev.Days[0].Date != rep.Model.Event.StartDate || ev.Slots[0].Start != "09:30" || ev.Rooms[0].Name != rep.Event.Rooms[0].Name {
		t.Errorf("event %+v", ev)
	}
	var cfgJSON bytes.Buffer
	json.Compact(&cfgJSON, m.Config)
	if !slices.Contains(m.Files, ScheduleCSV) || cfgJSON.String() != `{"run":{"seed":"1152921504606846976"}}` {
		t.Errorf("files %v, config %s", m.Files, m.Config)
	}
}
