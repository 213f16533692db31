package experiments

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressEvery is how often plain progress lines are written.
const progressEvery = 5 * time.Second

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
		p.bar = progressbar.NewOptions(total-resumed,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("units"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("units"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)
	}
	return p
}

// add records n more units done.
func (p *progress) add(n int) {
	p.done += n
	if p.w == nil {
		return
	}
	if p.bar != nil {
		p.bar.Add(n)
		return
	}
	if t := p.now(); t.Sub(p.last) >= p.every {
		p.last = t
		fmt.Fprintln(p.w, p.line(t))
	}
}

// line is "units 120/1400 (8.6%), 45.2 units/s, 28s left".
func (p *progress) line(t time.Time) string {
	el := t.Sub(p.start).Seconds()
	s := fmt.Sprintf("units %d/%d (%.1f%%)", p.done, p.total, 100*float64(p.done)/float64(max(p.total, 1)))
	if el <= 0 || p.done == p.resumed {
		return s
	}
	rate := float64(p.done-p.resumed) / el
	s += fmt.Sprintf(", %.1f units/s", rate)
	if left := p.total - p.done; left > 0 {
		s += fmt.Sprintf(", %s left", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
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
	t := p.now()
	fmt.Fprintf(p.w, "%s in %s\n", p.line(t), t.Sub(p.start).Round(100*time.Millisecond))
}
