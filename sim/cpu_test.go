//go:build linux || darwin

package sim_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock measures the CPU time (user + system, every thread, the garbage
// collector's included) a benchmark uses: on a machine shared with other
// work, wall-clock ns/op grow with the load, CPU time much less.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{cpuTime()} }

// report adds cpu-ns/op to b's results; call it after b.Loop.
func (c cpuClock) report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-c.start)/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
