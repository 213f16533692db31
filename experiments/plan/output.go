package plan

import (
	"bytes"
	"fmt"
	"path/filepath"
	"time"

	"github.com/unconf/unconf/experiments/internal/atomicfile"
)

// Output file names of Report.Write.
const (
	ScheduleCSV      = "schedule.csv"
	ScheduleMD       = "schedule.md"
	ScheduleICS      = "schedule.ics"
	ComparisonCSV    = "comparison.csv"
	ComparisonMD     = "comparison.md"
	FixedScheduleCSV = "fixed-schedule.csv"
	ChartsDir        = "charts"
)

// WriteOptions say how Report.Write writes.
type WriteOptions struct {
	// Format is the charts' format: "png" (default), "svg" or "pdf".
	Format string
	// Stamp is the calendar's DTSTAMP (when the schedule was made).
	Stamp time.Time
	// Version is the program version and ConfigSource where the config
	// came from, for the reports.
	Version, ConfigSource string
	// CommandLine is the command as typed and Config the effective
	// config as JSON (keys as in the config file), for meta.json; both
	// optional.
	CommandLine string
	Config      []byte
}

// Write writes the report into dir, which must exist: schedule.csv,
// schedule.md and schedule.ics for the recommended schedule,
// comparison.csv and comparison.md for every candidate, fixed-schedule.csv
// with the organiser's own schedule's forecast when it is not the one
// recommended, the charts in dir/charts (refused if a symbolic link),
// and last meta.json (Meta). Every file is written to a temporary file
// and renamed, so none is ever half written. It returns the files
// written, relative to dir.
func (rep *Report) Write(dir string, wo WriteOptions) ([]string, error) {
	if wo.Format == "" {
		wo.Format = "png"
	}
	rec := rep.Recommended()
	var files []string
	put := func(name string, data []byte) error {
		if err := writeAtomic(filepath.Join(dir, name), data); err != nil {
			return err
		}
		files = append(files, name)
		return nil
	}
	sched, err := rep.ScheduleCSV(rec)
	if err != nil {
		return files, err
	}
	if err := put(ScheduleCSV, sched); err != nil {
		return files, err
	}
	if err := put(ScheduleMD, []byte(rep.ScheduleMarkdown())); err != nil {
		return files, err
	}
	var ics bytes.Buffer
	if err := rep.WriteICS(&ics, wo.Stamp); err != nil {
		return files, err
	}
	if err := put(ScheduleICS, ics.Bytes()); err != nil {
		return files, err
	}
	if err := put(ComparisonCSV, rep.ComparisonCSV()); err != nil {
		return files, err
	}
	if err := put(ComparisonMD, []byte(rep.ComparisonMarkdown(wo))); err != nil {
		return files, err
	}
	if k := rep.candidate(FixedName); k >= 0 && k != rep.Best {
		b, err := rep.ScheduleCSV(&rep.Candidates[k])
		if err != nil {
			return files, err
		}
		if err := put(FixedScheduleCSV, b); err != nil {
			return files, err
		}
	}
	if err := atomicfile.Mkdir(filepath.Join(dir, ChartsDir)); err != nil { // never a link out of dir
		return files, fmt.Errorf("plan: %w", err)
	}
	cf, err := rep.charts(dir, wo.Format)
	files = append(files, cf...)
	if err != nil {
		return files, err
	}
	if err := rep.writeMeta(dir, wo, files); err != nil {
		return files, err
	}
	return append(files, MetaJSON), nil
}

// candidate returns the index of the candidate called name, or −1.
func (rep *Report) candidate(name string) int {
	for k, c := range rep.Candidates {
		if c.Name == name {
			return k
		}
	}
	return -1
}

// sessionTime returns the local start and end of slot s.
func (rep *Report) sessionTime(s int) (start, end time.Time, err error) {
	day1, err := rep.Model.Event.Start()
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("plan: %w", err)
	}
	sl := rep.Event.Slots[s]
	start = time.Date(day1.Year(), day1.Month(), day1.Day()+sl.Day, sl.Start/60, sl.Start%60, 0, 0, day1.Location())
	return start, start.Add(time.Duration(sl.Minutes) * time.Minute), nil
}

// writeAtomic writes data to path through a temporary file in the same
// folder and a rename (atomicfile.WriteFile).
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	return nil
}
