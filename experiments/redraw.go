package experiments

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"

	"github.com/unconf/unconf/experiments/runner"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/experiments/summary"
	"github.com/unconf/unconf/experiments/sweep"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim/policy"
)

// ErrNotOutput is returned (wrapped) by RedrawCharts and ReadMeta for a
// folder that holds no finished output of compare, sweep or merge.
var ErrNotOutput = errors.New("not a finished unconf output folder")

// Meta is what a compare, sweep or merge folder's meta.json says about the
// run, as far as readers of the folder need it: the fields common to
// every command, and the command-specific ones (empty where they do not
// apply).
type Meta struct {
	// Command is "compare", "sweep" or "merge".
	Command string `json:"command"`
	Version string `json:"version"`
	// CommandLine is the command as typed, when recorded.
	CommandLine string `json:"command_line"`
	// ConfigSource (compare) or Source (sweep, merge) names where the
	// config or spec came from.
	ConfigSource string `json:"config_source"`
	Source       string `json:"source"`
	// MasterSeed and Seeds may be written as JSON numbers or strings.
	MasterSeed FlexUint   `json:"master_seed"`
	Seeds      []FlexUint `json:"seeds"`
	Replicates int        `json:"replicates"`
	Policies   []string   `json:"policies"`
	Baseline   string     `json:"baseline"`
	Workers    int        `json:"workers"`
	Start      string     `json:"start"`
	End        string     `json:"end"`
	Units      int        `json:"units"`
	Failed     int        `json:"failed"`
	Resumed    int        `json:"resumed"`
	Failures   []struct {
		Unit  int    `json:"unit"`
		ID    string `json:"id"`
		Error string `json:"error"`
	} `json:"failures"`
	Files []string `json:"files"`
	Spec  string   `json:"spec"`
	// Design, Parameters, Points and Parts describe a sweep.
	Design     sweep.DesignSpec  `json:"design"`
	Parameters []sweep.ParamSpec `json:"parameters"`
	Points     int               `json:"points"`
	Parts      []string          `json:"parts"`
	// Config is compare's effective config; BaseConfig a sweep's base.
	Config     json.RawMessage `json:"config"`
	BaseConfig json.RawMessage `json:"base_config"`
}

// FlexUint is a uint64 that reads from a JSON number or a JSON string of
// digits (64-bit seeds are written as strings by some versions, since
// JSON readers in other languages lose digits above 2^53).
type FlexUint uint64

// UnmarshalJSON implements json.Unmarshaler.
func (u *FlexUint) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%s: want a whole number ≥ 0", b)
	}
	*u = FlexUint(v)
	return nil
}

// ReadMeta reads dir/meta.json of a compare, sweep or merge run. A folder
// without one, or whose meta.json is another command's, gives an error
// wrapping ErrNotOutput.
func ReadMeta(dir string) (*Meta, error) {
	data, err := input.ReadFile(filepath.Join(dir, runner.MetaFile), "a meta.json", input.MaxJSON)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("experiments: %s: no %s: %w", dir, runner.MetaFile, ErrNotOutput)
	}
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	var m Meta
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("experiments: %s: %w", filepath.Join(dir, runner.MetaFile), err)
	}
	if !slices.Contains([]string{"compare", "sweep", "merge"}, m.Command) {
		return nil, fmt.Errorf("experiments: %s: command %q: %w", filepath.Join(dir, runner.MetaFile), m.Command, ErrNotOutput)
	}
	return &m, nil
}

// RedrawCharts draws the charts of the finished compare, sweep or merge
// output folder dir again, from its own files only (meta.json, results.csv
// and, for compare, sessions.csv and slots.csv), in format ("png", "svg"
// or "pdf"), into out/charts; out may be dir itself or another folder.
// They are the charts the run drew, by the same code. It returns the
// files drawn, relative to out, and a warning for each chart that could
// not be drawn. pols are the policies a compare folder's config may name
// and their colours: those the run had (Options.Policies).
func RedrawCharts(dir, out, format string, pols policy.Registry) (files, warnings []string, err error) {
	format, err = summary.ChartFormat("charts", format)
	if err != nil {
		return nil, nil, err
	}
	m, err := ReadMeta(dir)
	if err != nil {
		return nil, nil, err
	}
	if m.Command == "compare" {
		return redrawCompare(dir, out, format, m, pols)
	}
	return redrawSweep(dir, out, format, m)
}

func redrawCompare(dir, out, format string, m *Meta, pols policy.Registry) (files, warnings []string, err error) {
	cfg, err := scenario.FromJSONWith(m.Config, pols)
	if err != nil {
		return nil, nil, fmt.Errorf("experiments: %s: %w", filepath.Join(dir, runner.MetaFile), err)
	}
	baseline := slices.Index(m.Policies, m.Baseline)
	if baseline < 0 || m.Replicates < 1 {
		return nil, nil, fmt.Errorf("experiments: %s: baseline %q not among the policies %v, or no replicates",
			filepath.Join(dir, runner.MetaFile), m.Baseline, m.Policies)
	}
	l := runner.NewLayout(1, m.Replicates, m.Policies, uint64(m.MasterSeed), nil, nil)
	workers := runtime.GOMAXPROCS(0)
	d, err := readCompare(l, filepath.Join(dir, runner.ResultsFile), filepath.Join(dir, runner.SessionsFile), filepath.Join(dir, runner.SlotsFile), workers)
	if err != nil {
		return nil, nil, err
	}
	return compareCharts(out, format, cfg, pols, d, summarize(d, baseline), baseline, workers)
}

func redrawSweep(dir, out, format string, m *Meta) (files, warnings []string, err error) {
	settings, err := scenario.SettingsFromJSON(m.BaseConfig)
	if err != nil {
		return nil, nil, fmt.Errorf("experiments: %s: base_config: %w", filepath.Join(dir, runner.MetaFile), err)
	}
	seed := uint64(m.MasterSeed)
	spec := &sweep.Spec{Seed: &seed, Replicates: m.Replicates, Policies: m.Policies, Baseline: m.Baseline,
		Design: m.Design, Parameters: m.Parameters, Settings: settings, Source: m.Source}
	for i := range spec.Parameters {
		for j, v := range spec.Parameters[i].Values {
			if spec.Parameters[i].Values[j], err = scenario.Scalar(v); err != nil {
				return nil, nil, fmt.Errorf("experiments: %s: parameters.%d.values.%d: %w", filepath.Join(dir, runner.MetaFile), i, j, err)
			}
		}
	}
	return sweep.RedrawCharts(dir, out, format, spec)
}
