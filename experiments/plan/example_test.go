package plan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/unconf/unconf/experiments/scenario"

	"go.yaml.in/yaml/v3"

	"github.com/unconf/unconf/configs"
	"github.com/unconf/unconf/experiments/plan"
)

// exampleEvent returns configs/examples/event.yaml over the embedded
// default (unconf's --config does the same with viper).
func exampleEvent() (*scenario.Config, error) {
	var def, over map[string]any
	b, err := configs.FS.ReadFile(configs.DefaultName)
	if err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(b, &def); err != nil {
		return nil, err
	}
	if b, err = os.ReadFile("../../configs/examples/event.yaml"); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(b, &over); err != nil {
		return nil, err
	}
	// The example sets keys of two sections, nothing nested deeper.
	for _, section := range []string{"event", "attendees"} {
		d, o := def[section].(map[string]any), over[section].(map[string]any)
		for k, v := range o {
			d[k] = v
		}
	}
	return scenario.Decode(def)
}

// Plan the example event with two policies over five replicate worlds.
func ExampleRecommend() {
	cfg, err := exampleEvent()
	if err != nil {
		fmt.Println(err)
		return
	}
	dir := "../../configs/examples"
	d, err := plan.Load(&cfg.Model.Event, plan.Files{
		Attendees: filepath.Join(dir, "attendees.csv"),
		Proposals: filepath.Join(dir, "proposals.csv"),
		Votes:     filepath.Join(dir, "votes.csv"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := plan.Recommend(context.Background(), d, &cfg.Model, cfg.Policy, plan.Options{
		Seeds: 5, Seed: 1, Policies: []string{"popularity", "spread"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	best := rep.Recommended()
	fmt.Printf("%s: %d sessions, %d proposals left out (%s)\n", best.Name, len(best.Sessions), len(rep.LeftOut), rep.LeftOut[0].Reason)
	// Output:
	// spread: 24 sessions, 4 proposals left out (no cell left: 28 proposals for 24 cells)
}
