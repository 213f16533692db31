package sweep

// FuzzParseSweepSpec feeds arbitrary bytes to the sweep spec parser: it
// must return an error or a valid spec, never panic. `go test` runs only
// the seed corpus (f.Add and testdata/fuzz/FuzzParseSweepSpec); explore
// with `go test -run=^$ -fuzz=FuzzParseSweepSpec -fuzztime=45s ./experiments/sweep`.

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// yamlSeeds are malformed or odd YAML documents.
var yamlSeeds = []string{
	"", "---\n", "~", "[]", "- a\n- b\n", "a: [\n", "\t", "a: &a [*a, *a]\nb: *a\n",
	"? [a, b]\n: c\n", "1: 2\n", "true: x\n", "a: !!binary aGVsbG8=\n", "a: !!float .nan\n",
	"run:\n  seeds: 1e400\n", "run: {seeds: -1}\n", "run: {policies: random}\n",
	"event: {days: 0}\n", "event:\n  rooms: [{name: x}]\n", "event:\n  slots: [{start: '25:00'}]\n",
	"Run: {Seeds: 3}\nrun: {seeds: 4}\n", "event: {topics: [{name: a, popularity: .inf}]}\n",
	"attendees: {count: 9223372036854775808}\n", "attendees: {count: 1.5}\n",
}

func readSeedFile(f *testing.F, path string) {
	if b, err := os.ReadFile(path); err == nil {
		f.Add(b)
	}
}

func FuzzParseSweepSpec(f *testing.F) {
	for _, p := range []string{"../../configs/sweeps/jetlag.yaml", "../../configs/sweeps/lhs.yaml", "../../configs/sweeps/morris.yaml",
		"../../configs/sweeps/rooms-attendees.yaml", "../../configs/sweeps/ci.yaml"} {
		readSeedFile(f, p)
	}
	for _, s := range append([]string{
		"parameters: [{key: a, values: [1]}]\n",
		"design: {kind: lhs, samples: 3}\nparameters: [{key: a, distribution: {}}]\n",
		"design: {kind: lhs, samples: 3}\nparameters: [{key: a, distribution: {uniform: [1]}}]\n",
		"design: {kind: morris}\nparameters: [{key: a, range: {}}]\n",
		"parameters: [{key: a, range: {from: 0, to: 1, steps: 3}, integer: true}]\n",
		"parameters: [{key: a, values: [x, 1, true, 1.5, 18446744073709551615]}]\n",
		"parameters: [{key: a, values: [9223372036854775807, 9223372036854775808, -9223372036854775809]}]\n",
		"parameters: [{key: a, values: [3.0, -0.0, 1e6, 010000080, 2000000]}]\n",
		"parameters: [{key: a, values: [1]}, {key: A, values: [2]}]\n",
		"parameters: [{key: run.seed, values: [1]}]\n", "parameters: [{key: a..b, values: [1]}]\n",
		"seed: -1\nparameters: [{key: a, values: [1]}]\n", "replicates: 0\n", "policies: x\n", "design: grid\n",
	}, yamlSeeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data, "spec.yaml")
		if err != nil {
			if s != nil {
				t.Fatalf("ParseSpec returned a spec with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "sweep spec spec.yaml") {
				t.Fatalf("error %q does not name the spec", err)
			}
			return
		}
		if err := s.check(); err != nil {
			t.Fatalf("accepted spec fails its own check: %v", err)
		}
		// Part files carry the spec as JSON: it must read back the same.
		s.Settings = map[string]any{}
		j, err := marshalSpec(s)
		if err != nil {
			t.Fatalf("marshalSpec: %v", err)
		}
		back, err := unmarshalSpec(j)
		if err != nil {
			t.Fatalf("unmarshalSpec(%s): %v", j, err)
		}
		j2, err := marshalSpec(back)
		if err != nil || !bytes.Equal(j, j2) {
			t.Fatalf("spec changed on a JSON round trip:\n%s\n%s (%v)", j, j2, err)
		}
		// The cells (and the spec hash) show values as formatValue does.
		for i, p := range s.Parameters {
			for k, v := range p.Values {
				if a, b := formatValue(v), formatValue(back.Parameters[i].Values[k]); a != b {
					t.Fatalf("parameters.%d.values.%d: %s (%T) reads back as %s (%T)", i, k, a, v, b, back.Parameters[i].Values[k])
				}
			}
		}
	})
}
