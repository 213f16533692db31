package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestEveryFlagExitStatus checks the exit status rule on every flag of
// every command (issue 10 item 22): 2 when the command line itself is
// wrong (a value that does not parse, is out of range or names nothing
// known), 1 when what it names is (a missing file, an output folder that
// cannot be written). A flag without a case here fails the test, so a new
// flag needs one.
func TestEveryFlagExitStatus(t *testing.T) {
	type bad struct {
		value string
		code  int
	}
	ex := mustAbs(t, exampleDir)
	planArgs := []string{"--attendees", filepath.Join(ex, "attendees.csv"), "--proposals", filepath.Join(ex, "proposals.csv"),
		"--votes", filepath.Join(ex, "votes.csv"), "--config", filepath.Join(ex, "event.yaml"), "--seeds", "2", "--policies", "popularity"}
	// base holds each command's arguments that make everything but the
	// flag under test valid.
	base := map[string][]string{
		"sweep": {"embedded:sweeps/ci.yaml"},
		"merge": {"parts"},
		"plot":  {"r.csv", "--x", "votes.noise", "--y", "satisfaction_mean"},
		"plan":  planArgs,
		"calibrate": {"--attendees", filepath.Join(ex, "attendees.csv"), "--proposals", filepath.Join(ex, "proposals.csv"),
			"--votes", filepath.Join(ex, "votes-levels.csv"), "--schedule", filepath.Join(ex, "hand-schedule.csv"),
			"--attendance", filepath.Join(ex, "attendance.csv"), "--config", filepath.Join(ex, "event.yaml"),
			"--draws", "2", "--rounds", "1", "--replicates", "1"},
	}
	cases := map[string][]bad{
		"compare --config":       {{"missing.yaml", 1}, {"c.txt", 1}},
		"compare --seeds":        {{"x", 2}, {"0", 2}, {"-5", 2}},
		"compare --seed":         {{"-1", 2}, {"x", 2}},
		"compare --policies":     {{"sprad", 2}, {"random,random", 2}},
		"compare --baseline":     {{"sprad", 2}},
		"compare --workers":      {{"0", 2}, {"x", 2}},
		"compare --out":          {{"file/out", 1}},
		"compare --format":       {{"gif", 2}},
		"run --config":           {{"missing.yaml", 1}},
		"run --policy":           {{"sprad", 2}},
		"run --replicate":        {{"-1", 2}, {"x", 2}},
		"run --seed":             {{"-1", 2}},
		"run --out":              {{"file/out", 1}},
		"run --format":           {{"gif", 2}},
		"sweep --workers":        {{"0", 2}},
		"sweep --out":            {{"file/out", 1}},
		"sweep --format":         {{"xls", 2}},
		"sweep --chart-format":   {{"gif", 2}},
		"sweep --sessions":       {{"maybe", 2}},
		"sweep --shard":          {{"3/2", 2}, {"x", 2}},
		"sweep --shards":         {{"-1", 2}, {"x", 2}},
		"merge --out":            {{"file/out", 1}},
		"merge --format":         {{"xls", 2}},
		"merge --chart-format":   {{"gif", 2}},
		"plot --x":               {{"", 2}, {"nope", 2}},
		"plot --y":               {{"satisfation", 2}},
		"plot --by":              {{"nope", 2}},
		"plot --out":             {{"file/out", 1}},
		"plot --format":          {{"gif", 2}},
		"plan --attendees":       {{"", 2}, {"missing.csv", 1}},
		"plan --proposals":       {{"", 2}, {"missing.csv", 1}},
		"plan --votes":           {{"", 2}, {"missing.csv", 1}},
		"plan --config":          {{"", 2}, {"missing.yaml", 1}},
		"plan --seeds":           {{"0", 2}},
		"plan --seed":            {{"-1", 2}},
		"plan --policies":        {{"sprad", 2}},
		"plan --objective":       {{"satisfation", 2}},
		"plan --schedule":        {{"missing.csv", 1}},
		"plan --previous":        {{"missing.csv", 1}},
		"plan --stick":           {{"2", 2}, {"x", 2}},
		"plan --workers":         {{"0", 2}},
		"plan --out":             {{"file/out", 1}},
		"plan --format":          {{"gif", 2}},
		"config --config":        {{"missing.yaml", 1}},
		"config --validate":      {{"missing.yaml", 1}},
		"config --list":          {{"maybe", 2}},
		"config --show":          {{"nope", 2}},
		"compare --quiet":        {{"maybe", 2}},
		"compare --json":         {{"maybe", 2}},
		"sweep --quiet":          {{"maybe", 2}},
		"sweep --json":           {{"maybe", 2}},
		"sweep --dry-run":        {{"maybe", 2}},
		"merge --quiet":          {{"maybe", 2}},
		"merge --json":           {{"maybe", 2}},
		"plan --quiet":           {{"maybe", 2}},
		"plan --forecast":        {{"missing.yaml", 1}, {"c.txt", 1}},
		"calibrate --attendees":  {{"", 2}, {"missing.csv", 1}},
		"calibrate --proposals":  {{"", 2}, {"missing.csv", 1}},
		"calibrate --votes":      {{"", 2}, {"missing.csv", 1}},
		"calibrate --schedule":   {{"", 2}, {"missing.csv", 1}},
		"calibrate --attendance": {{"", 2}, {"missing.csv", 1}},
		"calibrate --config":     {{"", 2}, {"missing.yaml", 1}},
		"calibrate --draws":      {{"0", 2}, {"x", 2}},
		"calibrate --rounds":     {{"0", 2}},
		"calibrate --replicates": {{"-1", 2}},
		"calibrate --seed":       {{"-1", 2}},
		"calibrate --workers":    {{"0", 2}},
		"calibrate --out":        {{"file/out", 1}},
		"calibrate --format":     {{"gif", 2}},
		"calibrate --shard":      {{"3/2", 2}, {"x", 2}},
		"calibrate --shards":     {{"-1", 2}, {"x", 2}},
		"plan --json":            {{"maybe", 2}},
		"unconf --version":       {{"maybe", 2}},
	}
	env, _, _ := testEnv()
	root := NewRootCmd(env)
	root.InitDefaultVersionFlag() // cobra adds it when the command runs
	seen := map[string]bool{}
	for _, cmd := range append(root.Commands(), root) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			key := cmd.Name() + " --" + f.Name
			seen[key] = true
			bads, ok := cases[key]
			if !ok {
				t.Errorf("%s: no case: add a bad value and its exit status", key)
				return
			}
			for _, b := range bads {
				t.Run(key+"="+b.value, func(t *testing.T) {
					dir := t.TempDir()
					t.Chdir(dir)
					writeFile(t, dir, "file", "not a folder\n")
					writeFile(t, dir, "c.txt", "run: {seeds: 1}\n")
					writeFile(t, dir, "r.csv", "unit,point,votes.noise,replicate,seed,policy,satisfaction_mean,error\n0,0,0.1,0,1,random,0.5,\n")
					os.Mkdir("parts", 0o755)
					var args []string
					if cmd != root {
						args = append([]string{cmd.Name()}, base[cmd.Name()]...)
					}
					args = withFlag(args, "--"+f.Name, b.value)
					_, stderr, code := runMain(t, args...)
					if code != b.code {
						t.Errorf("unconf %q: exit %d, want %d (%s)", args, code, b.code, strings.TrimSpace(stderr))
					}
					if !strings.Contains(stderr, "--"+f.Name) && b.code == 2 {
						t.Errorf("unconf %q: error %q does not name --%s", args, strings.TrimSpace(stderr), f.Name)
					}
				})
			}
		})
	}
	for key := range cases {
		if !seen[key] {
			t.Errorf("case %q: no such flag", key)
		}
	}
}

// withFlag returns args with flag set to value (as flag=value, which
// booleans need), replacing a value args already give it.
func withFlag(args []string, flag, value string) []string {
	out := append([]string{}, args...)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == flag {
			out[i+1] = value
			return out
		}
	}
	return append(out, flag+"="+value)
}
