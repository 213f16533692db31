package cli

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/sim"
)

// TestPrecedence checks flag > environment > file > embedded default, key
// by key: each layer sets run.seeds only if every higher one leaves it.
func TestPrecedence(t *testing.T) {
	tests := []struct {
		name      string
		file      bool
		env       bool
		flag      bool
		seeds     int
		fromLayer string
	}{
		{"default", false, false, false, 30, ""},
		{"file over default", true, false, false, 11, "c.yaml"},
		{"env over file", true, true, false, 22, "UNCONF_RUN_SEEDS"},
		{"flag over env", true, true, true, 33, "--seeds"},
		{"flag over default", false, false, true, 33, "--seeds"},
		{"env over default", false, true, false, 22, "UNCONF_RUN_SEEDS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			// The file also sets a key no other layer touches: it must survive.
			writeFile(t, dir, "c.yaml", "run:\n  seeds: 11\nattendees:\n  count: 150\n")
			args := []string{"--out", "o"}
			if tt.file {
				args = append(args, "--config", "c.yaml")
			}
			if tt.env {
				t.Setenv("UNCONF_RUN_SEEDS", "22")
			}
			if tt.flag {
				args = append(args, "--seeds", "33")
			}
			o, err := parseCompare(t, args...)
			if err != nil {
				t.Fatal(err)
			}
			if got := o.Config.Run.Seeds; got != tt.seeds {
				t.Errorf("run.seeds = %d, want %d", got, tt.seeds)
			}
			wantCount := 200
			if tt.file {
				wantCount = 150
			}
			if got := o.Config.Model.Attendees.Count; got != wantCount {
				t.Errorf("attendees.count = %d, want %d", got, wantCount)
			}
			if tt.fromLayer != "" && !strings.Contains(o.ConfigSource, tt.fromLayer) {
				t.Errorf("source %q does not name %s", o.ConfigSource, tt.fromLayer)
			}
		})
	}
}

func TestEnvironmentValues(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("UNCONF_ATTENDEES_COUNT", "120")
	t.Setenv("UNCONF_VOTES_NOISE", "0.35")
	t.Setenv("UNCONF_CHOICE_TWO_FEET_ENABLED", "false")
	t.Setenv("UNCONF_RUN_POLICIES", "random, jetlag")
	t.Setenv("UNCONF_RUN_SEED", "99")
	o, err := parseCompare(t)
	if err != nil {
		t.Fatal(err)
	}
	m := o.Config.Model
	if m.Attendees.Count != 120 || m.Votes.Noise != 0.35 || m.Choice.TwoFeet.Enabled ||
		!reflect.DeepEqual(o.Config.Run.Policies, []string{"random", "jetlag"}) || o.Config.Run.Seed != 99 {
		t.Errorf("env not applied: count %d noise %v two_feet %v policies %v seed %d",
			m.Attendees.Count, m.Votes.Noise, m.Choice.TwoFeet.Enabled, o.Config.Run.Policies, o.Config.Run.Seed)
	}

	t.Setenv("UNCONF_VOTES_NOISE", "loud")
	_, err = parseCompare(t)
	if err == nil || !strings.Contains(err.Error(), `votes.noise: "loud": want a number (set in UNCONF_VOTES_NOISE)`) {
		t.Errorf("bad env value: error %v", err)
	}
}

func TestUnknownEnvWarns(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("UNCONF_RUN_SEDES", "5")
	t.Setenv("UNCONF_SHARDS", "4") // sweep's, not a config key: no warning
	t.Setenv("UNCONF_BIN", "/bin/unconf")
	env, _, errb := testEnv()
	cmd := NewConfigCmd(env, func(*ConfigOptions) error { return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := "unconf: warning: UNCONF_RUN_SEDES matches no config key; ignored (did you mean UNCONF_RUN_SEEDS?)\n"
	if errb.String() != want {
		t.Errorf("stderr %q, want %q", errb.String(), want)
	}
}

// TestEnvSectionIsAnError checks that a variable naming a section (which
// viper would let zero every key of the section) is an error naming the
// variable (issue 10 item 1).
func TestEnvSectionIsAnError(t *testing.T) {
	for name, want := range map[string]string{
		"UNCONF_VOTES":           "UNCONF_VOTES names the config section votes, not a key",
		"UNCONF_CHOICE":          "UNCONF_CHOICE names the config section choice, not a key",
		"UNCONF_TIES":            "UNCONF_TIES names the config section ties, not a key",
		"UNCONF_RUN":             "UNCONF_RUN names the config section run, not a key",
		"UNCONF_CHOICE_TWO_FEET": "UNCONF_CHOICE_TWO_FEET names the config section choice.two_feet, not a key: set its keys one by one (such as UNCONF_CHOICE_TWO_FEET_ENABLED)",
	} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			t.Setenv(name, "x")
			for _, args := range [][]string{{"compare", "--seeds", "1"}, {"config"}, {"run"}} {
				stdout, stderr, code := runMain(t, args...)
				if code != exitError || stdout != "" {
					t.Errorf("unconf %v: exit %d, stdout %.40q; want exit %d and no output", args, code, stdout, exitError)
				}
				oneErrorLine(t, stderr, want)
			}
		})
	}
}

// TestConfigFileTypes loads the same partial override as YAML, YML, JSON
// and TOML, then an unknown key and a bad value in each.
func TestConfigFileTypes(t *testing.T) {
	files := []struct {
		name, good, unknown, bad string
	}{
		{"c.yaml",
			"run:\n  seeds: 5\nvotes:\n  noise: 0.3\nevent:\n  rooms:\n    - {name: Hall, count: 3, capacity: 40}\n",
			"votes:\n  noize: 0.3\n",
			"votes:\n  noise: -1\n"},
		{"c.yml",
			"run:\n  seeds: 5\nvotes:\n  noise: 0.3\nevent:\n  rooms:\n    - name: Hall\n      count: 3\n      capacity: 40\n",
			"votes:\n  noize: 0.3\n",
			"votes:\n  noise: -1\n"},
		{"c.json",
			`{"run": {"seeds": 5}, "votes": {"noise": 0.3}, "event": {"rooms": [{"name": "Hall", "count": 3, "capacity": 40}]}}`,
			`{"votes": {"noize": 0.3}}`,
			`{"votes": {"noise": -1}}`},
		{"c.toml",
			"[run]\nseeds = 5\n[votes]\nnoise = 0.3\n[[event.rooms]]\nname = \"Hall\"\ncount = 3\ncapacity = 40\n",
			"[votes]\nnoize = 0.3\n",
			"[votes]\nnoise = -1\n"},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir, f.name, f.good)
			o, err := parseCompare(t, "--config", f.name)
			if err != nil {
				t.Fatal(err)
			}
			m := o.Config.Model
			if o.Config.Run.Seeds != 5 || m.Votes.Noise != 0.3 || len(m.Event.Rooms) != 1 || m.Event.Rooms[0].Capacity != 40 {
				t.Errorf("%s not applied: seeds %d noise %v rooms %+v", f.name, o.Config.Run.Seeds, m.Votes.Noise, m.Event.Rooms)
			}
			if m.Votes.Threshold != 0.55 || m.Attendees.Count != 200 {
				t.Errorf("%s: keys it does not set lost their defaults: threshold %v count %d",
					f.name, m.Votes.Threshold, m.Attendees.Count)
			}

			writeFile(t, dir, f.name, f.unknown)
			_, err = parseCompare(t, "--config", f.name)
			want := f.name + `: unknown key "votes.noize" (did you mean "votes.noise"?)`
			if err == nil || oneLine(err.Error()) != want {
				t.Errorf("unknown key: error %v, want %q", err, want)
			}

			writeFile(t, dir, f.name, f.bad)
			_, err = parseCompare(t, "--config", f.name)
			if err == nil || !strings.Contains(err.Error(), "votes.noise: -1") || !strings.Contains(err.Error(), f.name) {
				t.Errorf("bad value: error %v, want it to name votes.noise, -1 and %s", err, f.name)
			}
		})
	}
}

func TestConfigErrorsAreOneLine(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"list for a number", "run:\n  seeds: [1, 2]\n", `run.seeds: a list: want a whole number (set in c.yaml)`},
		{"fraction for a count", "attendees:\n  count: 2.5\n", `attendees.count: 2.5: want a whole number (set in c.yaml)`},
		{"section for a value", "quality: 3\n", `quality: 3: want a section of keys (set in c.yaml)`},
		{"unknown section", "jetlag:\n  share: 0.5\n", `c.yaml: unknown key "jetlag" (at the top level the keys are`},
		{"unknown key in a list item", "event:\n  rooms:\n    - {name: A, count: 1, capasity: 9}\n",
			`c.yaml: unknown key "event.rooms.0.capasity" (did you mean "event.rooms.0.capacity"?)`},
		{"validation in a list item", "event:\n  rooms:\n    - {name: A, count: 1, capacity: 0}\n",
			`event.rooms.0.capacity: 0: want 1 to 1099511627776 (2^40: no limit) (set in c.yaml)`},
		{"bad clock", "event:\n  slots:\n    - {start: \"9h30\", minutes: 60}\n", `event.slots.0.start: "9h30": want a time as HH:MM (set in c.yaml)`},
		{"removed venue offset", "event:\n  venue_utc_offset: -8\n",
			`c.yaml: unknown key "event.venue_utc_offset" (removed: event.time_zone alone sets the venue's offset from UTC; delete this key, and for a fixed offset write time_zone: UTC-8)`},
		{"unknown zone", "event:\n  time_zone: Mars/Olympus\n", `event.time_zone: "Mars/Olympus": unknown time zone`},
		{"offset out of range", "event:\n  time_zone: UTC+15\n", `event.time_zone: "UTC+15": want hours from UTC in [-12, 14]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir, "c.yaml", tt.file)
			_, stderr, code := runMain(t, "config", "--validate", "c.yaml")
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			oneErrorLine(t, stderr, tt.want)
		})
	}
}

// TestTimeZoneAlone checks that event.time_zone alone sets the venue's
// offset: a zone other than the default's, or a fixed offset, needs no
// second key to agree with it.
func TestTimeZoneAlone(t *testing.T) {
	for _, tt := range []struct {
		zone string
		want float64
	}{
		{"Europe/Berlin", 1}, {"Asia/Kolkata", 5.5}, {"UTC+5:30", 5.5}, {"-3", -3}, {"UTC", 0},
	} {
		t.Run(tt.zone, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir, "c.yaml", "event:\n  time_zone: \""+tt.zone+"\"\n")
			if out, stderr, code := runMain(t, "config", "--validate", "c.yaml"); code != exitOK || out != "ok\n" {
				t.Fatalf("config --validate: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
			o, err := parseCompare(t, "--config", "c.yaml", "--out", "o")
			if err != nil {
				t.Fatal(err)
			}
			ev, err := sim.NewEvent(&o.Config.Model.Event, 90)
			if err != nil {
				t.Fatal(err)
			}
			if ev.VenueOffset != tt.want {
				t.Errorf("venue offset %v, want %v", ev.VenueOffset, tt.want)
			}
		})
	}
}

// TestConfigRoundTrip checks that "unconf config" output, saved and loaded
// back (layered, and on its own), gives the same configuration, for the
// default and for a layered configuration.
func TestConfigRoundTrip(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, "over.json", `{"votes": {"noise": 0.25}, "event": {"name": "1984", "rooms": [{"name": "A", "count": 1, "capacity": 10}, {"name": "B", "count": 2, "capacity": 5}, {"name": "C", "count": 1, "capacity": 3}]}}`)
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"default", nil, nil},
		{"layered", []string{"--config", "over.json"}, map[string]string{"UNCONF_RUN_SEEDS": "7", "UNCONF_ALERTNESS_DIP": "0.2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			stdout, stderr, code := runMain(t, append([]string{"config"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("config: exit %d: %s", code, stderr)
			}
			writeFile(t, dir, "f.yaml", stdout)
			for k := range tt.env {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			out, stderr, code := runMain(t, "config", "--validate", "f.yaml")
			if code != 0 || out != "ok\n" {
				t.Fatalf("config --validate f.yaml: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
			want, err := loadConfig(layers{File: "f.yaml"})
			if err != nil {
				t.Fatal(err)
			}
			alone, err := scenario.Parse([]byte(stdout))
			if err != nil {
				t.Fatalf("printed config does not load on its own: %v", err)
			}
			if !reflect.DeepEqual(want.Config, alone) {
				t.Errorf("printed config differs layered and alone:\n%+v\n%+v", want.Config, alone)
			}
			if tt.name == "default" {
				def, err := scenario.Default()
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(def, alone) {
					t.Errorf("printed default differs from the embedded default")
				}
				// Unchanged values keep the default's comments.
				if !strings.Contains(stdout, "seed: 2017 # master seed") {
					t.Errorf("printed default lost its comments:\n%s", stdout[:min(len(stdout), 600)])
				}
			} else {
				c := alone
				if c.Run.Seeds != 7 || c.Model.Alertness.Dip != 0.2 || c.Model.Votes.Noise != 0.25 ||
					c.Model.Event.Name != "1984" || len(c.Model.Event.Rooms) != 3 {
					t.Errorf("printed config lost a layer: %+v", c)
				}
			}
		})
	}
}

func TestConfigKeyOrder(t *testing.T) {
	stdout, _, code := runMain(t, "config")
	if code != 0 {
		t.Fatal(code)
	}
	var top []string
	for _, line := range strings.Split(stdout, "\n") {
		if line != "" && line[0] != ' ' && line[0] != '#' && line[0] != '-' {
			k, _, _ := strings.Cut(line, ":")
			top = append(top, k)
		}
	}
	want := []string{"run", "event", "attendees", "alertness", "proposals", "votes", "choice", "quality", "ties", "metrics", "policy", "forecast"}
	if !reflect.DeepEqual(top, want) {
		t.Errorf("top-level keys %v, want the default's order %v", top, want)
	}
}

func TestConfigList(t *testing.T) {
	stdout, stderr, code := runMain(t, "config", "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"socml2017.yaml (default)", "meetup.yaml", "large.yaml",
		"\nSWEEP SPEC ", "\nsweeps/jetlag.yaml           grid    7       700    attendees.visitor_share\n",
		"sweeps/morris.yaml ", "sweeps/lhs.yaml ", "unconf sweep embedded:sweeps/NAME.yaml"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("config --list: %q missing from\n%s", w, stdout)
		}
	}
}

func TestConfigFlagConflict(t *testing.T) {
	_, stderr, code := runMain(t, "config", "--list", "--validate", "x.yaml")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	oneErrorLine(t, stderr, "at most one of")
}

func TestConfigShow(t *testing.T) {
	want, err := configs.FS.ReadFile("meetup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"meetup.yaml", "meetup"} {
		stdout, stderr, code := runMain(t, "config", "--show", name)
		if code != 0 || stdout != string(want) {
			t.Errorf("config --show %s: exit %d, stderr %q, stdout differs from the file: %v", name, code, stderr, stdout != string(want))
		}
	}
	spec, err := configs.FS.ReadFile("sweeps/jetlag.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sweeps/jetlag.yaml", "jetlag", "embedded:sweeps/jetlag.yaml"} {
		stdout, stderr, code := runMain(t, "config", "--show", name)
		if code != 0 || stdout != string(spec) {
			t.Errorf("config --show %s: exit %d, stderr %q, stdout differs from the spec: %v", name, code, stderr, stdout != string(spec))
		}
	}
	_, stderr, code := runMain(t, "config", "--show", "nope")
	if code != exitUsage {
		t.Errorf("config --show nope: exit %d, want %d", code, exitUsage)
	}
	oneErrorLine(t, stderr, `--show "nope": no such embedded scenario or sweep spec (want one of`, "meetup.yaml", "sweeps/jetlag.yaml")
	_, stderr, _ = runMain(t, "config", "--show", "meetp")
	oneErrorLine(t, stderr, `(did you mean "meetup.yaml"?)`)
}

// TestConfigKeysDifferingInCase checks that two spellings of one key are
// refused, naming both lines, whichever the format (issue 10 item 3).
func TestConfigKeysDifferingInCase(t *testing.T) {
	for name, tt := range map[string]struct{ content, want string }{
		"c.yaml": {"run: {seeds: 4, Seeds: 3}\n", `c.yaml:1: key "run.Seeds" and key "run.seeds" on line 1 differ only in case`},
		"c.json": {"{\"run\": {\"seeds\": 4,\n  \"Seeds\": 3}}\n", `c.json:2: key "run.Seeds" and key "run.seeds" on line 1 differ only in case`},
		"c.toml": {"[run]\nseeds = 4\nSeeds = 3\n", `c.toml:3: key "run.Seeds" and key "run.seeds" on line 2 differ only in case`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			writeFile(t, dir, name, tt.content)
			for _, args := range [][]string{{"config", "--validate", name}, {"compare", "--config", name}} {
				_, stderr, code := runMain(t, args...)
				if code != exitError {
					t.Errorf("unconf %v: exit %d, want %d", args, code, exitError)
				}
				oneErrorLine(t, stderr, tt.want)
			}
		})
	}
}

// TestConfigFileLimits checks that config files are read within their
// size limit, and what is not a config file is refused in one line (issue
// 10 item 5).
func TestConfigFileLimits(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Symlink("/dev/zero", "zero.yaml"); err != nil {
		t.Fatal(err)
	}
	big := "event:\n  topics:\n" + strings.Repeat("    - {name: a-topic-name, popularity: 1}\n", 30000)
	writeFile(t, dir, "big.yaml", big)
	writeFile(t, dir, "empty.yaml", "")
	os.Mkdir("folder.yaml", 0o755)
	for _, tt := range []struct{ file, want string }{
		{"zero.yaml", "zero.yaml: larger than 1 MiB, the limit for a config file"},
		{"big.yaml", "big.yaml: larger than 1 MiB, the limit for a config file"},
		{"empty.yaml", "empty.yaml: holds no config keys"},
		{"folder.yaml", "folder.yaml: is a folder, not a config file"},
	} {
		_, stderr, code := runMain(t, "config", "--validate", tt.file)
		if code != exitError {
			t.Errorf("--validate %s: exit %d, want %d", tt.file, code, exitError)
		}
		oneErrorLine(t, stderr, tt.want)
	}
}
