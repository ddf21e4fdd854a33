package main

import (
	"time"

	"github.com/timewait/timewait/checker"
)

// engineFlags are the checker's options as flags, shared by every command
// that runs a search.
type engineFlags struct {
	workers    int
	exact      bool
	maxStates  int
	maxDepth   int
	maxMemMiB  int
	timeBudget time.Duration
}

func (e *engineFlags) register(f *flags) {
	f.IntVar(&e.workers, "workers", 0, "worker goroutines (0: all cores); results do not depend on it")
	f.BoolVar(&e.exact, "exact", false, "store whole encodings instead of 64-bit fingerprints")
	f.IntVar(&e.maxStates, "max-states", 0, "stop (incomplete) after this many distinct states (0: no limit)")
	f.IntVar(&e.maxDepth, "max-depth", 0, "do not expand states at this depth (0: no limit)")
	f.IntVar(&e.maxMemMiB, "max-memory", 0, "stop (incomplete) when the heap exceeds this many MiB (0: no limit)")
	f.DurationVar(&e.timeBudget, "time-budget", 0, "stop (incomplete) after this long, e.g. 30s or 5m (0: no limit)")
}

// options validates the flags and returns the checker options, or exits
// with a usage error through f.fail.
func (e *engineFlags) options(f *flags) (checker.Options, int, bool) {
	for _, c := range []struct {
		name string
		v    int
	}{{"workers", e.workers}, {"max-states", e.maxStates}, {"max-depth", e.maxDepth}, {"max-memory", e.maxMemMiB}} {
		if c.v < 0 {
			return checker.Options{}, f.fail("--%s %d: want 0 or a positive number", c.name, c.v), false
		}
	}
	if e.timeBudget < 0 {
		return checker.Options{}, f.fail("--time-budget %s: want 0 or a positive duration such as 30s", e.timeBudget), false
	}
	return checker.Options{
		Workers:      e.workers,
		Exact:        e.exact,
		MaxStates:    e.maxStates,
		MaxDepth:     e.maxDepth,
		MemoryBudget: uint64(e.maxMemMiB) << 20,
		TimeBudget:   e.timeBudget,
	}, 0, true
}
