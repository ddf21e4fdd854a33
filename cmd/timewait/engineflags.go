package main

import (
	"flag"
	"fmt"
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

// The bounds of the engine flags. A search holds at least 14 bytes a state
// (docs/performance.md), so 10^12 states or levels are beyond any machine's
// memory; a time budget of more than a year is a mistake.
const (
	maxStatesFlag  = 1_000_000_000_000
	maxDepthFlag   = 1_000_000_000_000
	maxTimeBudget  = 8760 * time.Hour
	unknownMemMiB  = 1 << 24 // 16 TiB: the bound of --max-memory where the machine's memory cannot be read
	defaultMemText = "3/4 of the machine's memory, or of its cgroup's limit if lower"
)

func (e *engineFlags) register(f *flags) {
	f.IntVar(&e.workers, "workers", 0, fmt.Sprintf("worker goroutines, 0 to %d (0: all cores); results do not depend on it", checker.MaxWorkers))
	f.BoolVar(&e.exact, "exact", false, "store whole encodings instead of 64-bit fingerprints")
	f.IntVar(&e.maxStates, "max-states", 0, "stop (incomplete) after this many distinct states (0: no limit)")
	f.IntVar(&e.maxDepth, "max-depth", 0, "do not expand states at this depth (0: no limit)")
	f.IntVar(&e.maxMemMiB, "max-memory", 0, "stop (incomplete) when the process's resident memory reaches this many MiB (default: "+defaultMemText+"; 0: no limit)")
	f.DurationVar(&e.timeBudget, "time-budget", 0, "stop (incomplete) after this long, e.g. 30s or 5m (0: no limit)")
}

// machineMiB is the memory this process may use, in MiB, and whether it
// could be read; a variable so that tests can pretend another machine.
var machineMiB = func() (int, bool) {
	m, ok := checker.MachineMemory()
	return int(m >> 20), ok
}

// options validates the flags and returns the checker options, or exits
// with a usage error through f.fail. Every bound is named in the error.
func (e *engineFlags) options(f *flags) (checker.Options, int, bool) {
	memMiB, known := machineMiB()
	if !known {
		memMiB = unknownMemMiB
	}
	memBound := fmt.Sprintf("%d (MiB, the memory this process may use)", memMiB)
	if !known {
		memBound = fmt.Sprintf("%d (MiB)", memMiB)
	}
	for _, c := range []struct {
		name  string
		v     int64
		max   int64
		bound string
	}{
		{"workers", int64(e.workers), checker.MaxWorkers, fmt.Sprint(checker.MaxWorkers)},
		{"max-states", int64(e.maxStates), maxStatesFlag, fmt.Sprint(int64(maxStatesFlag))},
		{"max-depth", int64(e.maxDepth), maxDepthFlag, fmt.Sprint(int64(maxDepthFlag))},
		{"max-memory", int64(e.maxMemMiB), int64(memMiB), memBound},
	} {
		if c.v < 0 || c.v > c.max {
			return checker.Options{}, f.fail("--%s %d: want a number from 0 to %s", c.name, c.v, c.bound), false
		}
	}
	if e.timeBudget < 0 || e.timeBudget > maxTimeBudget {
		return checker.Options{}, f.fail("--time-budget %s: want a duration from 0 to 8760h (a year), such as 30s or 5m", e.timeBudget), false
	}
	budget := uint64(e.maxMemMiB) << 20
	if !e.memorySet(f) {
		budget = checker.DefaultMemoryBudget()
	}
	return checker.Options{
		Workers:      e.workers,
		Exact:        e.exact,
		MaxStates:    e.maxStates,
		MaxDepth:     e.maxDepth,
		MemoryBudget: budget,
		TimeBudget:   e.timeBudget,
	}, 0, true
}

// memorySet reports whether --max-memory was given.
func (e *engineFlags) memorySet(f *flags) bool {
	set := false
	f.Visit(func(fl *flag.Flag) { set = set || fl.Name == "max-memory" })
	return set
}
