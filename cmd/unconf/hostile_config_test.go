//go:build !race

package main

import (
	"strings"
	"testing"
)

// tinyConfig is a small event that compares two policies in well under a
// second.
const tinyConfig = `event:
  name: tiny
  days: 1
  slots:
    - {start: "10:00", minutes: 60}
    - {start: "11:30", minutes: 60}
  rooms:
    - {name: Room, count: 3, capacity: 12}
attendees:
  count: 30
  affiliations: 8
policy:
  spread: {iterations: 200}
  jetlag: {iterations: 200}
  optimized: {iterations: 300}
metrics:
  random_schedules: 3
`

// secret stands for the contents of a file that is not a config (a
// password file): no error may show it.
const secret = "hunter2-do-not-echo"

// quick runs compare on the tiny event with one seed and two policies.
var quick = []string{"compare", "--config", "tiny.yaml", "--seeds", "1", "--policies", "random,spread", "--out", "out"}

// validate returns the arguments of "config --validate FILE".
func validate(file string) []string { return []string{"config", "--validate", file} }

// configCases are hostile config files and UNCONF_* variables (issue 10
// items 1-6).
var configCases = []hostileCase{
	// Item 1: a variable naming a section would zero it.
	{name: "env section votes", args: quick, files: tiny(), env: env("UNCONF_VOTES", "x"), code: 1,
		want: []string{"UNCONF_VOTES names the config section votes, not a key"}},
	{name: "env section choice", args: quick, files: tiny(), env: env("UNCONF_CHOICE", "x"), code: 1,
		want: []string{"UNCONF_CHOICE names the config section choice"}},
	{name: "env section ties", args: quick, files: tiny(), env: env("UNCONF_TIES", "x"), code: 1,
		want: []string{"UNCONF_TIES names the config section ties"}},
	{name: "env section run", args: quick, files: tiny(), env: env("UNCONF_RUN", "x"), code: 1,
		want: []string{"UNCONF_RUN names the config section run"}},
	{name: "env section two_feet", args: []string{"run", "--out", "out"}, env: env("UNCONF_CHOICE_TWO_FEET", "0"), code: 1,
		want: []string{"UNCONF_CHOICE_TWO_FEET names the config section choice.two_feet"}},
	{name: "env misspelt", args: quick, files: tiny(), env: env("UNCONF_RUN_SEDS", "3"), code: 0, out: "out",
		want: []string{"UNCONF_RUN_SEDS matches no config key; ignored (did you mean UNCONF_RUN_SEEDS?)"}},
	{name: "env not a number", args: quick, files: tiny(), env: env("UNCONF_VOTES_NOISE", "loud"), code: 1,
		want: []string{`votes.noise: "loud": want a number (set in UNCONF_VOTES_NOISE)`}},
	{name: "env NaN", args: quick, files: tiny(), env: env("UNCONF_VOTES_NOISE", "NaN"), code: 1,
		want: []string{"votes.noise: NaN", "UNCONF_VOTES_NOISE"}},
	{name: "env Inf weight", args: quick, files: tiny(), env: env("UNCONF_POLICY_JETLAG_ALERT_WEIGHT", "+Inf"), code: 1,
		want: []string{"policy.jetlag.alert_weight: +Inf", "UNCONF_POLICY_JETLAG_ALERT_WEIGHT"}},
	{name: "env negative seeds", args: []string{"config"}, env: env("UNCONF_RUN_SEEDS", "-5"), code: 1,
		want: []string{"run.seeds: -5: want 1 to 1000000 (set in UNCONF_RUN_SEEDS)"}},
	{name: "env huge count", args: []string{"config"}, env: env("UNCONF_ATTENDEES_COUNT", "99999999999999999999999"), code: 1,
		want: []string{"attendees.count", "want a whole number", "UNCONF_ATTENDEES_COUNT"}},
	{name: "env list for a section list", args: []string{"config"}, env: env("UNCONF_EVENT_ROOMS", "Hall"), code: 1,
		want: []string{`event.rooms: "Hall": want a list`}},
	{name: "env huge value", args: []string{"config"}, env: env("UNCONF_EVENT_NAME", strings.Repeat("x", 100000)), code: 1,
		want: []string{"event.name: 100000 characters: want at most 200"}},

	// Item 2: infinities and NaN, huge and negative numbers.
	{name: "inf alert weight", args: validate("c.yaml"), files: cfg("policy: {jetlag: {alert_weight: .inf}}\n"), code: 1,
		want: []string{"policy.jetlag.alert_weight: +Inf", "c.yaml"}},
	{name: "inf start temp", args: validate("c.yaml"), files: cfg("policy: {optimized: {start_temp: .inf}}\n"), code: 1,
		want: []string{"policy.optimized.start_temp: +Inf"}},
	{name: "nan end temp", args: validate("c.yaml"), files: cfg("policy: {optimized: {end_temp: .nan}}\n"), code: 1,
		want: []string{"policy.optimized.end_temp: NaN"}},
	{name: "inf weight compare", args: []string{"compare", "--config", "c.yaml", "--seeds", "1", "--out", "out"},
		files: cfg("policy: {jetlag: {alert_weight: .inf}}\n"), out: "out", code: 1,
		want: []string{"policy.jetlag.alert_weight: +Inf: want a value from 0 to 1e6 (set in c.yaml)"}},
	{name: "inf weight run", args: []string{"run", "--config", "c.yaml", "--out", "out"},
		files: cfg("policy: {jetlag: {alert_weight: .inf}}\n"), out: "out", code: 1,
		want: []string{"policy.jetlag.alert_weight: +Inf"}},
	{name: "huge float", args: validate("c.yaml"), files: cfg("choice: {b_interest: 1e300}\n"), code: 1,
		want: []string{"choice.b_interest: 1e+300: want a number from -1e6 to 1e6"}},
	{name: "huge count", args: validate("c.yaml"), files: cfg("attendees: {count: 1e300}\n"), code: 1,
		want: []string{"attendees.count: 1e+300: want a whole number"}},
	{name: "huge iterations", args: validate("c.yaml"), files: cfg("policy: {optimized: {iterations: 9223372036854775807}}\n"), code: 1,
		want: []string{"policy.optimized.iterations: 9223372036854775807: want 0 to 1000000000"}},
	{name: "negative rooms", args: validate("c.yaml"), files: cfg("event: {rooms: [{name: A, count: -3, capacity: 5}]}\n"), code: 1,
		want: []string{"event.rooms.0.count: -3"}},
	{name: "negative seeds", args: validate("c.yaml"), files: cfg("run: {seeds: -1}\n"), code: 1,
		want: []string{"run.seeds: -1: want 1 to 1000000"}},
	{name: "slot past a day", args: validate("c.yaml"), files: cfg("event: {slots: [{start: \"10:00\", minutes: 9223372036854775807}]}\n"), code: 1,
		want: []string{"event.slots.0.minutes: 9223372036854775807: want 1 to 1440"}},
	{name: "string for a number", args: validate("c.yaml"), files: cfg("votes: {noise: [1, 2]}\n"), code: 1,
		want: []string{"votes.noise: a list: want a number (set in c.yaml)"}},
	{name: "number for a section", args: validate("c.yaml"), files: cfg("votes: 3\n"), code: 1,
		want: []string{"votes: 3: want a section of keys"}},

	// Item 3: keys that differ only in case.
	{name: "case twice yaml", args: validate("c.yaml"), files: cfg("run: {seeds: 4, Seeds: 3}\n"), code: 1,
		want: []string{`c.yaml:1: key "run.Seeds" and key "run.seeds" on line 1 differ only in case`}},
	{name: "case twice json", args: validate("c.json"), files: map[string]string{"c.json": "{\"Run\": {\"seeds\": 4},\n\"run\": {\"seeds\": 3}}"}, code: 1,
		want: []string{`c.json:2: key "run" and key "Run" on line 1 differ only in case`}},
	{name: "case twice toml", args: validate("c.toml"), files: map[string]string{"c.toml": "[run]\nseeds = 4\nSEEDS = 3\n"}, code: 1,
		want: []string{`c.toml:3: key "run.SEEDS" and key "run.seeds" on line 2`}},
	{name: "key twice json", args: validate("c.json"), files: map[string]string{"c.json": "{\"run\": {\"seeds\": 4, \"seeds\": 3}}"}, code: 1,
		want: []string{`c.json:1: key "run.seeds" is given twice`}},

	// Item 4: no error shows a file's contents.
	{name: "passwd as config", args: validate("c.yaml"), files: cfg("root:x:0:0:" + secret + ":/root:/bin/bash\n"), code: 1,
		want: []string{"c.yaml:1: want a mapping of config keys"}, never: []string{secret, "root:x"}},
	{name: "secrets as config", args: validate("c.yaml"), files: cfg("api_key: " + secret + "\ndb_password: " + secret + "\n"), code: 1,
		want: []string{`c.yaml: unknown key "api_key"`}, never: []string{secret, "db_password"}},
	{name: "secret json", args: validate("c.json"), files: map[string]string{"c.json": `"` + secret + `"`}, code: 1,
		want: []string{"c.json:1: want an object of config keys"}, never: []string{secret}},
	{name: "secret toml", args: validate("c.toml"), files: map[string]string{"c.toml": secret + "\n"}, code: 1,
		want: []string{"c.toml:1: malformed TOML"}, never: []string{secret}},
	{name: "secret as sweep base", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out",
		files: map[string]string{"s.yaml": "base: {dir}/secret\nparameters:\n  - {key: votes.noise, values: [0.1]}\n",
			"secret": "SECRET_KEY=" + secret + "\nOTHER=" + secret + "\n"}, code: 1,
		want: []string{"sweep spec s.yaml: base: ", "secret:1: want a mapping of config keys"}, never: []string{secret}},
	{name: "secret keys as sweep base", args: []string{"sweep", "s.yaml", "--out", "out"}, out: "out",
		files: map[string]string{"s.yaml": "base: secret.yaml\nparameters:\n  - {key: votes.noise, values: [0.1]}\n",
			"secret.yaml": "aws_key: " + secret + "\naws_secret: " + secret + "\n"}, code: 1,
		want: []string{"secret.yaml: unknown key \"aws_key\""}, never: []string{secret, "aws_secret"}},

	// Item 5: unbounded and odd files.
	{name: "config dev zero", args: validate("zero.yaml"), links: map[string]string{"zero.yaml": "/dev/zero"}, code: 1,
		want: []string{"zero.yaml: larger than 1 MiB, the limit for a config file"}},
	{name: "compare config dev zero", args: []string{"compare", "--config", "zero.yaml", "--out", "out"}, out: "out",
		links: map[string]string{"zero.yaml": "/dev/zero"}, code: 1, want: []string{"zero.yaml: larger than 1 MiB"}},
	{name: "config too large", args: validate("big.yaml"),
		files: map[string]string{"big.yaml": "event:\n  topics:\n" + strings.Repeat("    - {name: a topic, popularity: 1}\n", 40000)}, code: 1,
		want: []string{"big.yaml: larger than 1 MiB"}},
	{name: "too many topics", args: validate("c.yaml"), files: cfg("event:\n  topics:\n" + topics(5000)), code: 1,
		want: []string{"event.topics: 5000 topics: want at most 1000"}},
	{name: "config empty", args: validate("c.yaml"), files: cfg(""), code: 1, want: []string{"c.yaml: holds no config keys"}},
	{name: "config comments only", args: validate("c.yaml"), files: cfg("# nothing\n"), code: 1, want: []string{"c.yaml: holds no config keys"}},
	{name: "config binary", args: validate("c.yaml"), files: cfg("\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe" + secret), code: 1,
		want: []string{"c.yaml", "malformed YAML"}, never: []string{secret}},
	{name: "config folder", args: validate("d.yaml"), files: map[string]string{"d.yaml/x": "a"}, code: 1,
		want: []string{"d.yaml: is a folder, not a config file"}},
	{name: "config missing", args: validate("nope.yaml"), code: 1, want: []string{"nope.yaml: no such config file"}},
	{name: "config dangling link", args: validate("l.yaml"), links: map[string]string{"l.yaml": "{dir}/gone.yaml"}, code: 1,
		want: []string{"l.yaml: no such config file"}},
	{name: "config wrong type", args: validate("c.txt"), files: map[string]string{"c.txt": "run: {seeds: 3}\n"}, code: 1,
		want: []string{`c.txt: unsupported config file type ".txt"`}},
	{name: "yaml alias bomb", args: validate("c.yaml"), files: cfg(aliasBomb), code: 1, want: []string{"c.yaml"}},
	{name: "yaml deep nesting", args: validate("c.yaml"), files: cfg(strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"), code: 1,
		want: []string{"c.yaml"}},
	{name: "json deep nesting", args: validate("c.json"), files: map[string]string{"c.json": `{"a":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"}, code: 1,
		want: []string{"c.json"}},
	{name: "top-level list", args: validate("c.yaml"), files: cfg("- run\n- seeds\n"), code: 1, want: []string{"c.yaml:1: want a mapping of config keys"}},
	{name: "long unknown key", args: validate("c.yaml"), files: cfg("votes: {" + strings.Repeat("k", 1000) + ": 1}\n"), code: 1,
		want: []string{"c.yaml: unknown key", "…"}},
	{name: "longer key", args: validate("c.yaml"), files: cfg(strings.Repeat("k", 100000) + ": 1\n"), code: 1,
		want: []string{"c.yaml", "malformed YAML"}},
	{name: "long string value", args: validate("c.yaml"), files: cfg("run: {seeds: \"" + strings.Repeat("9", 100000) + "\"}\n"), code: 1,
		want: []string{"run.seeds", "…"}},

	// Item 6: strings longer than make sense.
	{name: "long topic name", args: validate("c.yaml"), files: cfg("event: {topics: [{name: " + strings.Repeat("é", 20000) + ", popularity: 1}]}\n"), code: 1,
		want: []string{"event.topics.0.name: 20000 characters: want at most 200"}},
	{name: "long room name", args: validate("c.yaml"), files: cfg("event: {rooms: [{name: " + strings.Repeat("r", 300) + ", count: 1, capacity: 5}]}\n"), code: 1,
		want: []string{"event.rooms.0.name: 300 characters"}},
	{name: "event name with newline", args: validate("c.yaml"), files: cfg("event: {name: \"a\\nb\"}\n"), code: 1,
		want: []string{`event.name: "a\nb": holds a line break`}},

	// Names that a spreadsheet runs as formulas are written as text.
	{name: "formula room names", args: quick, out: "out", code: 0,
		files: map[string]string{"tiny.yaml": strings.Replace(tinyConfig, "name: Room,", "name: '=HYPERLINK(\"x\")',", 1)},
		check: noFormulas("out/sessions.csv")},
}

// TestHostileConfigs replays configCases.
func TestHostileConfigs(t *testing.T) { runHostile(t, configCases) }

func env(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func tiny() map[string]string { return map[string]string{"tiny.yaml": tinyConfig} }

func cfg(content string) map[string]string { return map[string]string{"c.yaml": content} }

func topics(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("    - {name: t")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(itoa(i))
		b.WriteString(", popularity: 1}\n")
	}
	return b.String()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

// aliasBomb is a "billion laughs" YAML file: nine levels of nine aliases.
const aliasBomb = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`
