package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/unconf/unconf/experiments"
	"github.com/unconf/unconf/experiments/internal/atomicfile"
	"github.com/unconf/unconf/experiments/scenario"
	"github.com/unconf/unconf/internal/input"
	"github.com/unconf/unconf/sim/policy"
)

// File is the report's file name in the output folder.
const File = "report.html"

// ErrNotOutput is returned (wrapped) for a folder that holds no finished
// output of compare, sweep, merge or plan.
var ErrNotOutput = errors.New("not an unconf output folder")

//go:embed assets/report.html.tmpl assets/report.css assets/sort.js
var assets embed.FS

// tmpl is the page template; css and script are inlined into it.
var (
	tmpl   = template.Must(template.New("report.html.tmpl").Funcs(funcs).ParseFS(assets, "assets/report.html.tmpl"))
	css    = mustAsset("assets/report.css")
	script = mustAsset("assets/sort.js")
)

func mustAsset(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	return string(b)
}

var funcs = template.FuncMap{
	// pct formats a share as a whole percentage.
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) },
}

// Write builds dir's report (Build) and writes it to dir/report.html
// through a temporary file and a rename, so that the file is never half
// written. It returns the file's path and size in bytes.
func Write(dir string, pols policy.Registry) (path string, size int, err error) {
	return WriteWith(dir, pols, nil)
}

// Drawn are the charts of a compare or sweep folder already drawn as SVG,
// as experiments.RedrawCharts(dir, Dir, "svg", …) draws them: the files,
// relative to Dir, and the warnings of the charts that could not be drawn.
// unconf compare has experiments.Compare draw them with the run's own
// charts (Options.ReportCharts).
type Drawn struct {
	Dir             string
	Files, Warnings []string
}

// WriteWith is Write with the folder's charts drawn (nil: draw them);
// they are ignored for a plan folder.
func WriteWith(dir string, pols policy.Registry, drawn *Drawn) (path string, size int, err error) {
	b, err := BuildWith(dir, pols, drawn)
	if err != nil {
		return "", 0, err
	}
	path = filepath.Join(dir, File)
	if err := atomicfile.WriteFile(path, b); err != nil {
		return "", 0, fmt.Errorf("report: %w", err)
	}
	return path, len(b), nil
}

// Build reads the output folder dir of unconf compare, sweep, merge or
// plan and returns its report.html. The kind of folder comes from its
// meta.json. A folder that is not such an output (none, a shard of a
// sweep, an unfinished run) gives an error that names it and wraps
// ErrNotOutput. pols are the policies a config in dir may name, and
// their colours in the charts: those the run had (policy.Builtin() for
// unconf's commands).
func Build(dir string, pols policy.Registry) ([]byte, error) {
	return BuildWith(dir, pols, nil)
}

// BuildWith is Build with the folder's charts drawn (nil: draw them); they
// are ignored for a plan folder.
func BuildWith(dir string, pols policy.Registry, drawn *Drawn) ([]byte, error) {
	kind, err := Kind(dir)
	if err != nil {
		return nil, err
	}
	var p *page
	switch kind {
	case "compare":
		p, err = comparePage(dir, pols, drawn)
	case "plan":
		p, err = planPage(dir, pols)
	default:
		p, err = sweepPage(dir, pols, drawn)
	}
	if err != nil {
		return nil, err
	}
	return p.render()
}

// Kind returns what made the folder dir: "compare", "sweep", "merge" or
// "plan", from its meta.json.
func Kind(dir string) (string, error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return "", fmt.Errorf("report: %s: no such folder", dir)
	}
	data, err := input.ReadFile(filepath.Join(dir, "meta.json"), "a meta.json", input.MaxJSON)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if exists(filepath.Join(dir, "part.json")) {
			return "", fmt.Errorf("report: %s is one shard of a sweep (it holds part.json): merge the shards with 'unconf merge' and build the merged folder's report: %w", dir, ErrNotOutput)
		}
		if exists(filepath.Join(dir, "run.json")) {
			return "", fmt.Errorf("report: %s holds an unfinished run (run.json but no meta.json): run the same command with the same --out to finish it: %w", dir, ErrNotOutput)
		}
		return "", fmt.Errorf("report: %s has no meta.json: not the output folder of unconf compare, sweep, merge or plan: %w", dir, ErrNotOutput)
	case err != nil:
		return "", fmt.Errorf("report: %w", err)
	}
	var m struct {
		Command string `json:"command"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return "", fmt.Errorf("report: %s: %w", filepath.Join(dir, "meta.json"), err)
	}
	switch m.Command {
	case "compare", "sweep", "merge", "plan":
		return m.Command, nil
	}
	return "", fmt.Errorf("report: %s: meta.json of command %q, not of compare, sweep, merge or plan: %w", dir, m.Command, ErrNotOutput)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// page is what the template shows. Every part is optional.
type page struct {
	// Kind is "compare", "sweep" or "plan"; Title the page's heading and
	// Subtitle the line under it.
	Kind, Title, Subtitle string
	// Answer opens the page: a headline and the sentences that say by how
	// much and how sure. Cards are key numbers side by side.
	Answer answer
	Cards  []card
	// Warnings are shown in a box under the answer (failed units, …).
	Warnings []string
	// Plan: the recommended schedule's day boards, the sessions at risk,
	// the proposals left out, changes since a previous schedule, and the
	// organiser's own schedule's boards.
	Boards      []board
	RangeNote   string
	Risks       []risk
	LeftOut     []leftOut
	Changes     []string
	FixedBoards []board
	// Tables and Charts, in order; Sections group charts under headings.
	Tables   []table
	Sections []section
	// Config is the effective config as YAML; Provenance says where the
	// numbers came from.
	Config     string
	ConfigNote string
	Provenance []fact
	Files      []string
	Seeds      string
}

type answer struct {
	Headline template.HTML
	Lines    []template.HTML
	// Clear is true when the winner is clearly ahead (a 95% interval
	// that excludes zero), for the answer box's colour.
	Clear bool
}

// card is a key number: a label, the value, and a note under it.
type card struct {
	Label, Unit, Value, Note string
	// Key and Raw let a test find the number and check it against the
	// CSV (data-key, data-value).
	Key string
	Raw float64
}

type fact struct{ Name, Value string }

// section is a group of charts under a heading.
type section struct {
	ID, Title, Note string
	Charts          []chart
	// Wide shows one chart a row instead of two.
	Wide bool
	// Open is false for a section folded away at first.
	Open bool
}

// chart is an inline SVG chart.
type chart struct {
	Name string
	SVG  template.HTML
}

// table is a sortable table. A cell with Key gets data-key and, when it
// has one, data-value (the full-precision number), so that tests find
// the numbers the page shows.
type table struct {
	ID, Title, Note string
	Head            []head
	Rows            []row
	// Open is false for a table folded away at first.
	Open bool
}

type head struct {
	Text, Title string
	Num         bool
}

type row struct {
	Class string
	Cells []cell
}

type cell struct {
	// Text is shown, Sub under it in small type (an interval).
	Text, Sub string
	Sort      string // sort key; Text when empty
	Class     string
	Key       string
	Raw       *float64
	Bold      bool
}

// render executes the template.
func (p *page) render() ([]byte, error) {
	sum := sha256.Sum256([]byte(script))
	data := struct {
		*page
		CSS    template.CSS
		Script template.JS
		CSP    string
	}{
		page:   p,
		CSS:    template.CSS(css),
		Script: template.JS(script),
		// No request of any kind: styles inline, the one script by its
		// hash, nothing else.
		CSP: "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b.Bytes(), nil
}

// configYAML returns the config of meta.json (keys as in the config file)
// as YAML, or "" with a note when it cannot be read; its policies are
// those of pols.
func configYAML(raw []byte, pols policy.Registry) (string, string) {
	if len(bytes.TrimSpace(raw)) == 0 || string(raw) == "null" {
		return "", "not recorded"
	}
	cfg, err := scenario.FromJSONWith(raw, pols)
	if err != nil {
		// Show what there is rather than nothing.
		var b bytes.Buffer
		if json.Indent(&b, raw, "", "  ") == nil {
			return b.String(), "as JSON (" + err.Error() + ")"
		}
		return "", err.Error()
	}
	y, err := scenario.YAML(cfg)
	if err != nil {
		return "", err.Error()
	}
	return string(y), ""
}

// joinSeeds lists seeds for the provenance section.
func joinSeeds(seeds []experiments.FlexUint) string {
	var b strings.Builder
	for i, s := range seeds {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d", uint64(s))
	}
	return b.String()
}
