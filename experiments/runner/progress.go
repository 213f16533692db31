package runner

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressEvery is how often plain progress lines are written.
const progressEvery = 5 * time.Second

// A rate (and the time left) is shown only once rateMinUnits units have
// finished over at least rateMinTime: the first units finish together
// (every worker starts at once), and a rate over a few milliseconds reads
// hundreds of thousands of units a second.
const (
	rateMinUnits = 5
	rateMinTime  = time.Second
)

// progress reports units done on a writer: a redrawn bar on a terminal,
// plain lines every progressEvery otherwise (logs, CI, Slurm). Its methods
// are called from one goroutine (the writer) and do nothing when w is nil.
type progress struct {
	w       io.Writer
	total   int // units of the whole run
	done    int // units done, resumed ones included
	resumed int
	start   time.Time
	last    time.Time
	every   time.Duration
	now     func() time.Time
	bar     *progressbar.ProgressBar
}

func newProgress(w io.Writer, tty bool, total, resumed int, now func() time.Time) *progress {
	p := &progress{w: w, total: total, done: resumed, resumed: resumed, every: progressEvery, now: now}
	p.start = now()
	p.last = p.start
	if w == nil {
		return p
	}
	if resumed > 0 {
		fmt.Fprintf(w, "resuming: %d of %d units already done\n", resumed, total)
	}
	if tty && total > resumed {
		// The bar's own rate and time left start at its first unit, so
		// they are off: the description at the line's end carries ours
		// (rateText).
		p.bar = progressbar.NewOptions(total-resumed,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetDescription("units"),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
	return p
}

// rateText is "45.2 units/s, 28s left" at time t, or "" until rateMinUnits
// units have finished over at least rateMinTime (resumed units excluded).
func (p *progress) rateText(t time.Time) string {
	el := t.Sub(p.start)
	n := p.done - p.resumed
	if n < rateMinUnits || el < rateMinTime {
		return ""
	}
	rate := float64(n) / el.Seconds()
	s := fmt.Sprintf("%.1f units/s", rate)
	if left := p.total - p.done; left > 0 {
		s += fmt.Sprintf(", %s left", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
	}
	return s
}

// add records n more units done.
func (p *progress) add(n int) {
	p.done += n
	if p.w == nil {
		return
	}
	if p.bar != nil {
		// Describe before Add: Add draws the frame.
		if t := p.now(); t.Sub(p.last) >= time.Second || p.done == p.total {
			if r := p.rateText(t); r != "" {
				p.last = t
				p.bar.Describe("units, " + r)
			}
		}
		p.bar.Add(n)
		return
	}
	if t := p.now(); t.Sub(p.last) >= p.every {
		p.last = t
		fmt.Fprintln(p.w, p.line(t))
	}
}

// line is "units 120/1400 (8.6%), 45.2 units/s, 28s left", without the
// rate until rateText has one.
func (p *progress) line(t time.Time) string {
	s := fmt.Sprintf("units %d/%d (%.1f%%)", p.done, p.total, 100*float64(p.done)/float64(max(p.total, 1)))
	if r := p.rateText(t); r != "" {
		s += ", " + r
	}
	return s
}

// finish ends the report: a last line with the total time.
func (p *progress) finish() {
	if p.w == nil {
		return
	}
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
	// The last line's rate is the whole run's, however short.
	t := p.now()
	el := t.Sub(p.start)
	s := fmt.Sprintf("units %d/%d (%.1f%%)", p.done, p.total, 100*float64(p.done)/float64(max(p.total, 1)))
	if n := p.done - p.resumed; n > 0 && el > 0 {
		s += fmt.Sprintf(", %.1f units/s", float64(n)/el.Seconds())
	}
	fmt.Fprintf(p.w, "%s in %s\n", s, el.Round(100*time.Millisecond))
}
