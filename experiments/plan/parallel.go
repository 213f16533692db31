package plan

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// parallel runs task(i) for i in 0..n−1 on up to workers goroutines, each
// with its own task function from newTask (for per-worker state), and
// returns the first error by index, or ctx's error when cancelled.
func parallel(ctx context.Context, n, workers int, newTask func() func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task := newTask()
			for i := range next {
				errs[i] = task(i)
			}
		}()
	}
	var cerr error
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			cerr = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if cerr != nil {
		return fmt.Errorf("plan: %w", cerr)
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func progressf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
