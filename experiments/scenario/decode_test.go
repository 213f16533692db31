package scenario

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/sim/prior"
)

// TestParseKeyNames: a mapping key that is not a name (a number, a
// bool) is an error naming where it is; it made mapstructure panic (found
// by FuzzParseConfig: "run: {0}").
func TestParseKeyNames(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"run: {0}", "config: run: 0 is not a key name"},
		{"run: {true: 1, seeds: 3}", "config: run: true is not a key name"},
		{"event: {rooms: [{name: a, 2: x}]}", "config: event.rooms.0: 2 is not a key name"},
	} {
		c, err := Parse([]byte(tc.yaml))
		if err == nil || err.Error() != tc.want || c != nil {
			t.Errorf("Parse(%q) = %v, %v; want error %q", tc.yaml, c, err, tc.want)
		}
	}
}

// TestDecodeForecastKeepsBase: a forecast file that leaves out prior_voters
// and scatter takes them from the config, not zero; its priors and
// posterior replace the config's.
func TestDecodeForecastKeepsBase(t *testing.T) {
	base := &prior.Config{PriorVoters: 2, Scatter: 0.4, Priors: []prior.Dist{{Key: "choice.outside", Normal: []float64{2, 1}}}}
	var m map[string]any
	if err := yaml.Unmarshal([]byte("forecast:\n  priors:\n    - {key: votes.noise, lognormal: [0.2, 0.3]}\n"), &m); err != nil {
		t.Fatal(err)
	}
	c, err := DecodeForecast(m, base)
	if err != nil {
		t.Fatal(err)
	}
	if c.PriorVoters != 2 || c.Scatter != 0.4 || len(c.Priors) != 1 || c.Priors[0].Key != "votes.noise" {
		t.Errorf("got prior_voters %v, scatter %v, priors %+v; want 2, 0.4 and the file's one prior", c.PriorVoters, c.Scatter, c.Priors)
	}
	m = nil
	if err := yaml.Unmarshal([]byte("forecast:\n  scatter: 0\n"), &m); err != nil {
		t.Fatal(err)
	}
	if c, err = DecodeForecast(m, base); err != nil || c.Scatter != 0 {
		t.Errorf("scatter: 0 in the file: got %v, %v", c, err)
	}
}
