package plan

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/unconf/unconf/agents"
	"github.com/unconf/unconf/experiments/scenario"

	"github.com/unconf/unconf/sim"
	"github.com/unconf/unconf/sim/rng"
)

var updateExamples = flag.Bool("update-examples", false, "regenerate configs/examples/{attendees,proposals,votes,votes-late,votes-levels,attendance}.csv")

// exampleDir holds the example organiser data.
const exampleDir = "../../configs/examples"

// exampleSeed is the true world's seed of the example data: 70 people,
// 28 proposals (more than the 24 cells), one star, "ML in the Sciences"
// and "Hardware for ML" among the proposals.
const exampleSeed = 3

// TestGenerateExamples writes the example data of configs/examples from a
// synthetic world: go test ./experiments/plan -run GenerateExamples
// -update-examples. The world is agents.NewWorld of event.yaml with seed
// exampleSeed, written by RowsFromWorld with exampleBlanks; then people
// get names, organisations get names, home offsets are written as IANA
// zones or numbers, proposals get human titles, and four people who
// propose nothing come on one day only. votes-late.csv adds 32 late hands
// to votes.csv, for the re-planning example.
func TestGenerateExamples(t *testing.T) {
	if !*updateExamples {
		t.Skip("run with -update-examples to regenerate configs/examples")
	}
	cfg := exampleConfig(t)
	w, err := agents.NewWorld(&cfg.Model, exampleSeed)
	if err != nil {
		t.Fatal(err)
	}
	atts, props, votes := RowsFromWorld(w, exampleBlanks, rng.New(exampleSeed, "blanks"))

	proposer := map[string]bool{}
	for _, p := range props {
		proposer[p.Proposer] = true
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"id", "name", "background", "seniority", "home_utc_offset", "affiliation", "interests", "star", "days"})
	zoneUse := map[float64]int{}
	oneDay := 0
	for i, a := range atts {
		home := ""
		if a.HasHome {
			zs := exampleZones[a.Home]
			if len(zs) == 0 {
				t.Fatalf("no zone names for offset %v", a.Home)
			}
			home = zs[zoneUse[a.Home]%len(zs)]
			zoneUse[a.Home]++
		}
		aff := a.Affiliation
		if aff != "" {
			k, _ := strconv.Atoi(strings.TrimPrefix(aff, "org-"))
			aff = orgName(k - 1)
		}
		days := ""
		if !proposer[a.ID] && i%9 == 4 && oneDay < 4 {
			days = strconv.Itoa(1 + oneDay%2)
			oneDay++
		}
		star := ""
		if a.Star {
			star = "yes"
		}
		cw.Write([]string{a.ID, personName(i), a.Background, a.Seniority, home, aff, strings.Join(a.Interests, ";"), star, days})
	}
	cw.Flush()
	write(t, "attendees.csv", b.Bytes())

	b.Reset()
	cw = csv.NewWriter(&b)
	cw.Write([]string{"id", "title", "proposer", "topics"})
	used := map[string]bool{}
	for _, p := range props {
		cw.Write([]string{p.ID, sessionTitle(p.Topics[0], used), p.Proposer, strings.Join(p.Topics, ";")})
	}
	cw.Flush()
	write(t, "proposals.csv", b.Bytes())

	b.Reset()
	if err := WriteVotes(&b, votes); err != nil {
		t.Fatal(err)
	}
	write(t, "votes.csv", b.Bytes())

	// Late votes: every fourth attendee, from the first, discovers "ML in
	// the Sciences" (p08) and "Second-order methods revisited" (p24).
	have := map[[2]string]bool{}
	for _, v := range votes {
		have[[2]string{v.Attendee, v.Proposal}] = true
	}
	for i := 0; i < len(atts); i += 4 {
		for _, p := range []string{"p08", "p24"} {
			if !have[[2]string{atts[i].ID, p}] {
				votes = append(votes, VoteRow{Attendee: atts[i].ID, Proposal: p, Weight: 1})
			}
		}
	}
	b.Reset()
	if err := WriteVotes(&b, votes); err != nil {
		t.Fatal(err)
	}
	write(t, "votes-late.csv", b.Bytes())
	generateCalibrationExamples(t, cfg, w)
}

// generateCalibrationExamples writes votes-levels.csv, the same event's
// vote as an online tool exports it (40% of attendees rated every
// proposal interested, maybe or skip; the same people, interests and
// proposals as votes.csv, another draw of the vote), and attendance.csv,
// the head counts of 12 sessions of hand-schedule.csv, run once on the
// true world with its own choice noise: 10 exact counts and 2 recalled
// ranges, as hosts report them.
func generateCalibrationExamples(t *testing.T, cfg *scenario.Config, w *sim.World) {
	online := *cfg
	online.Model.Votes.Turnout = 0.4
	wv, err := agents.NewWorld(&online.Model, exampleSeed)
	if err != nil {
		t.Fatal(err)
	}
	b := exampleBlanks
	b.Levels = true
	_, _, levels := RowsFromWorld(wv, b, rng.New(exampleSeed, "blanks"))
	var buf bytes.Buffer
	if err := WriteVotes(&buf, levels); err != nil {
		t.Fatal(err)
	}
	write(t, "votes-levels.csv", buf.Bytes())

	d, err := Load(&cfg.Model.Event, Files{
		Attendees: filepath.Join(exampleDir, "attendees.csv"),
		Proposals: filepath.Join(exampleDir, "proposals.csv"),
		Votes:     filepath.Join(exampleDir, "votes-levels.csv"),
	})
	if err != nil {
		t.Fatal(err)
	}
	day1, err := cfg.Model.Event.Start()
	if err != nil {
		t.Fatal(err)
	}
	sf, err := ReadScheduleFile(filepath.Join(exampleDir, "hand-schedule.csv"), d, w.Event, day1, false)
	if err != nil {
		t.Fatal(err)
	}
	s := sorted(sf.Schedule)
	truth := *w
	truth.Seed = rng.Replicate(exampleSeed, 1)
	var eng sim.Engine
	res, err := eng.Evaluate(&truth, s)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"proposal", "count", "min", "max"})
	for i, rec := range res.Sessions {
		if i%12 == 5 || i%12 == 11 || i%12 == 8 || i%12 == 2 || i > 16 {
			continue // not every host reported
		}
		id := d.Proposals[rec.Proposal].ID
		n := rec.Attendance
		if i%7 == 3 { // recalled, not counted
			cw.Write([]string{id, "", strconv.Itoa(max(n-2, 0)), strconv.Itoa(n + 3)})
			continue
		}
		cw.Write([]string{id, strconv.Itoa(n), "", ""})
	}
	cw.Flush()
	write(t, "attendance.csv", buf.Bytes())
}

func write(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(exampleDir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", name, len(data))
}

// exampleZones are the ways the example data write each home offset
// (December dates: no daylight saving time in any of them).
var exampleZones = map[float64][]string{
	-8:  {"America/Los_Angeles", "-8", "America/Los_Angeles", "America/Vancouver", "-8"},
	-5:  {"America/New_York", "-5", "America/Toronto"},
	1:   {"Europe/Oslo", "+1", "Europe/Berlin", "Europe/Paris", "Europe/Amsterdam"},
	8:   {"Asia/Singapore", "+8", "Asia/Shanghai"},
	5.5: {"Asia/Kolkata", "5.5"},
	10:  {"Australia/Brisbane", "+10"},
}

var (
	firstNames = []string{"Ada", "Bashir", "Chen", "Dagny", "Emeka", "Farah", "Gustav", "Hana", "Ines", "Jonas",
		"Kiri", "Lucia", "Mateo", "Nadia", "Olu", "Priya", "Quinn", "Rasmus", "Sofia", "Tariq", "Uma", "Viktor",
		"Wen", "Ximena", "Yusuf", "Zara", "Anders", "Beatriz", "Cyrus", "Dmitri", "Elif", "Femi"}
	lastNames = []string{"Okafor", "Lindqvist", "Tanaka", "Moreau", "Haddad", "Novak", "Ferreira", "Kowalski",
		"Iyer", "Mbeki", "Santos", "Berg", "Nakamura", "Rossi", "Adeyemi", "Larsen", "Chandra", "Dubois",
		"Eriksen", "Gallo", "Huang", "Jensen", "Kaur", "Mendes", "Petrov", "Quispe", "Reyes", "Sato",
		"Vogel", "Weber", "Yilmaz", "Zhou", "Park", "Osei", "Bauer", "Costa", "Dahl"}
	orgFirst = []string{"Northwind", "Bluefin", "Cedar", "Granite", "Harbor", "Juniper", "Kestrel", "Lumen",
		"Meridian", "Nimbus", "Orchid", "Pioneer", "Quarry", "Redwood", "Summit", "Tidewater"}
	orgLast = []string{"AI", "Labs", "University", "Institute", "Robotics", "Health", "Systems", "Research"}
)

// personName returns attendee i's made-up name: 32 × 37 combinations,
// walked so that neighbours differ in both parts.
func personName(i int) string {
	return firstNames[i%len(firstNames)] + " " + lastNames[(i*7)%len(lastNames)]
}

// orgName returns organisation k's made-up name.
func orgName(k int) string {
	return orgFirst[k%len(orgFirst)] + " " + orgLast[(k/len(orgFirst)+k*3)%len(orgLast)]
}

// sessionTitles are human titles per topic, used in order.
var sessionTitles = map[string][]string{
	"interpretability":          {"Interpretability: what do we actually want?", "Do saliency maps explain anything?", "Mechanistic interpretability", "Explaining models to regulators"},
	"transfer learning":         {"Transfer learning in practice", "When does pretraining help?", "Fine-tuning on a budget"},
	"few-shot learning":         {"Few-shot learning benchmarks", "Learning from ten examples", "Prompting as few-shot learning"},
	"domain adaptation":         {"Domain adaptation without labels", "Distribution shift in the wild"},
	"exploration in RL":         {"Exploration in RL", "Curiosity-driven exploration", "Sparse rewards"},
	"ML in production":          {"ML in production: war stories", "Monitoring models in production", "Feature stores, yes or no?"},
	"ML in the sciences":        {"ML in the Sciences", "ML for physics and biology"},
	"hardware for ML":           {"Hardware for ML", "Beyond GPUs: accelerators", "Inference on small devices"},
	"GANs":                      {"GANs: where are we now?", "Evaluating generative models", "GANs vs diffusion"},
	"agent-based modeling":      {"Agent-based modeling meets ML", "Simulating societies", "Agent-based models for policy"},
	"optimization":              {"Optimization for deep learning", "Second-order methods revisited", "Why does SGD generalise?"},
	"fairness":                  {"Fairness in ML", "Auditing models for bias", "Fairness metrics in practice"},
	"probabilistic programming": {"Probabilistic programming", "Bayesian deep learning"},
	"meta-learning":             {"Meta-learning", "Learning to learn"},
	"NLP":                       {"NLP beyond benchmarks", "Language models and reasoning", "Multilingual NLP"},
	"robotics":                  {"Robot learning", "Sim-to-real transfer", "Robots that learn from people"},
}

// sessionTitle returns the first unused title for topic.
func sessionTitle(topic string, used map[string]bool) string {
	for k := 0; ; k++ {
		for _, s := range sessionTitles[topic] {
			if k > 0 {
				s = fmt.Sprintf("%s (%d)", s, k+1)
			}
			if !used[s] {
				used[s] = true
				return s
			}
		}
		if len(sessionTitles[topic]) == 0 {
			s := fmt.Sprintf("%s (%d)", topic, k+1)
			if !used[s] {
				used[s] = true
				return s
			}
		}
	}
}

// TestExampleData loads the committed example data with the example
// event and checks what the README promises of it, then plans it with
// one policy and a few replicates.
func TestExampleData(t *testing.T) {
	cfg := exampleConfig(t)
	files := Files{
		Attendees: filepath.Join(exampleDir, "attendees.csv"),
		Proposals: filepath.Join(exampleDir, "proposals.csv"),
		Votes:     filepath.Join(exampleDir, "votes.csv"),
	}
	d, err := Load(&cfg.Model.Event, files)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Attendees); n < 60 || n > 80 {
		t.Errorf("%d attendees, want 60 to 80", n)
	}
	if n := len(d.Proposals); n < 22 || n > 30 {
		t.Errorf("%d proposals, want about 25", n)
	}
	var titles []string
	for _, p := range d.Proposals {
		titles = append(titles, p.Title)
	}
	for _, want := range []string{"ML in the Sciences", "Hardware for ML"} {
		if !slices.Contains(titles, want) {
			t.Errorf("no proposal titled %q in %v", want, titles)
		}
	}
	raw, err := os.ReadFile(files.Attendees)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Europe/Oslo", ",-8,", ",yes,"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("attendees.csv lacks %q", want)
		}
	}
	var stars, blankHome, declared, oneDay int
	for _, a := range d.Attendees {
		stars += b2i(a.Star)
		blankHome += b2i(!a.HasHome)
		declared += b2i(len(a.Interests) > 0)
		oneDay += b2i(len(a.Days) > 0)
	}
	if stars == 0 || blankHome == 0 || declared == 0 || declared == len(d.Attendees) || oneDay == 0 {
		t.Errorf("stars %d, blank homes %d, declared interests %d of %d, one-day attendees %d: want a mix",
			stars, blankHome, declared, len(d.Attendees), oneDay)
	}
	rep, err := Recommend(context.Background(), d, &cfg.Model, cfg.Policy, Options{Seeds: 4, Seed: 1, Policies: []string{"popularity", "spread"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.LeftOut) != len(d.Proposals)-24 {
		t.Errorf("%d proposals left out, want %d (24 cells)", len(rep.LeftOut), len(d.Proposals)-24)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
