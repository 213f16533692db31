package summary

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/unconf/unconf/experiments/charts"
	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

// ChartsDir is the folder of an output folder that holds its charts.
const ChartsDir = "charts"

// chartFormats are the chart file formats Compare, Sweep and Plot accept.
var chartFormats = []string{"png", "svg", "pdf"}

// ChartFormat returns the chart format f in lower case, "png" when empty,
// or an error naming cmd when f is not one of chartFormats.
func ChartFormat(cmd, f string) (string, error) {
	lf := strings.ToLower(cmp.Or(f, "png"))
	if !slices.Contains(chartFormats, lf) {
		return "", fmt.Errorf("summary: %s: chart format %q: want one of %v", cmd, f, chartFormats)
	}
	return lf, nil
}

// Charts draws a run's charts into Dir/charts: Add queues a chart, Draw
// draws them all, several at a time, and lists the files drawn,
// relative to dir, and a warning for each chart that could not be drawn
// (no data, e.g. when every unit failed), because the data of a chart
// never fails a run: the rows are what count. A chart that cannot be
// written (a full disk, an unwritable folder) does: Draw then returns
// why and draws no more. So does a charts folder that cannot be made or
// is a symbolic link.
type Charts struct {
	// Dir is the output folder; Format the charts' file format ("png",
	// "svg" or "pdf", see ChartFormat).
	Dir, Format string
	jobs        []chartJob
}

type chartJob struct {
	name string
	cost float64
	f    func(path string) error
}

// Add queues chart name (a file name without extension), drawn by f,
// which is given the chart's path.
func (cs *Charts) Add(name string, f func(path string) error) {
	cs.AddCost(name, 1, f)
}

// AddCost is Add for a chart that takes about cost times as long to draw
// as a plain one (a box plot, 1). Draw starts the costliest charts first,
// so that a long one does not start last while the other workers run out
// of charts; the files and warnings keep the order the charts were added.
func (cs *Charts) AddCost(name string, cost float64, f func(path string) error) {
	cs.jobs = append(cs.jobs, chartJob{name, cost, f})
}

// Draw draws the queued charts on up to workers goroutines (rendering is
// most of the time left once the units are done, and the charts are
// independent) and returns the files drawn and the warnings, both in the
// order the charts were queued, or the first chart that could not be
// written (no more are started then).
func (cs *Charts) Draw(workers int) (files, warnings []string, err error) {
	f, w, err := DrawAll(workers, cs)
	return f[0], w[0], err
}

// DrawAll draws the charts of every set as Draw does, all in one pool of
// up to workers goroutines (the costliest first, whatever their set), and
// returns the files drawn and the warnings of each set, or the first
// chart that could not be written.
func DrawAll(workers int, sets ...*Charts) (files, warnings [][]string, err error) {
	files, warnings = make([][]string, len(sets)), make([][]string, len(sets))
	type job struct{ set, i int }
	var jobs []job
	rel, errs := make([][]string, len(sets)), make([][]error, len(sets))
	for k, cs := range sets {
		if len(cs.jobs) == 0 {
			continue
		}
		if err := atomicfile.Mkdir(filepath.Join(cs.Dir, ChartsDir)); err != nil {
			return files, warnings, fmt.Errorf("summary: %w", err)
		}
		rel[k], errs[k] = make([]string, len(cs.jobs)), make([]error, len(cs.jobs))
		for i := range cs.jobs {
			jobs = append(jobs, job{k, i})
		}
	}
	// Costliest first; stable, so equal costs keep the sets' order and
	// the order added.
	slices.SortStableFunc(jobs, func(a, b job) int {
		return cmp.Compare(sets[b.set].jobs[b.i].cost, sets[a.set].jobs[a.i].cost)
	})
	var failed atomic.Bool // a chart could not be written
	next := make(chan job)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(jobs))) {
		wg.Go(func() {
			for j := range next {
				if failed.Load() {
					continue
				}
				cs := sets[j.set]
				r := filepath.Join(ChartsDir, cs.jobs[j.i].name+"."+cs.Format)
				err := cs.jobs[j.i].f(filepath.Join(cs.Dir, r))
				rel[j.set][j.i], errs[j.set][j.i] = r, err
				var we *charts.WriteError
				if errors.As(err, &we) {
					failed.Store(true)
				}
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	for k := range sets {
		for i, err := range errs[k] {
			var we *charts.WriteError
			switch {
			case errors.As(err, &we):
				return files, warnings, fmt.Errorf("summary: %w", err)
			case err != nil:
				warnings[k] = append(warnings[k], fmt.Sprintf("chart %s not drawn: %v", rel[k][i], err))
			case rel[k][i] != "":
				files[k] = append(files[k], rel[k][i])
			}
		}
	}
	return files, warnings, nil
}

// PrintWarnings writes each warning on a line of its own to w (nothing
// when w is nil).
func PrintWarnings(w io.Writer, warnings []string) {
	if w == nil {
		return
	}
	for _, s := range warnings {
		fmt.Fprintln(w, "warning:", s)
	}
}
