package main

import (
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
	memMiB, note := machineMiB()
	f.intVarIn(&e.workers, "workers", 0, 0, checker.MaxWorkers, "", fmt.Sprintf("worker goroutines (0 to %d; 0: all cores); results do not depend on it", checker.MaxWorkers))
	f.BoolVar(&e.exact, "exact", false, "store whole encodings instead of 64-bit fingerprints")
	f.intVarIn(&e.maxStates, "max-states", 0, 0, maxStatesFlag, "", fmt.Sprintf("stop (incomplete) after this many distinct states (0 to %d; 0: no limit)", int64(maxStatesFlag)))
	f.intVarIn(&e.maxDepth, "max-depth", 0, 0, maxDepthFlag, "", fmt.Sprintf("do not expand states at this depth (0 to %d; 0: no limit)", int64(maxDepthFlag)))
	f.intVarIn(&e.maxMemMiB, "max-memory", 0, 0, memMiB, note, "stop (incomplete) when the process's resident memory reaches this many MiB (0 to the memory this process may use; default: "+defaultMemText+"; 0: no limit)")
	f.durationVarIn(&e.timeBudget, "time-budget", 0, maxTimeBudget, "stop (incomplete) after this long (0 to 8760h, e.g. 30s or 5m; 0: no limit)")
}

// machineMiB is the memory this process may use, in MiB, and the note that
// says so in errors; a variable so that tests can pretend another machine.
// Where the machine's memory cannot be read, the bound is 16 TiB.
var machineMiB = func() (int, string) {
	m, ok := checker.MachineMemory()
	if !ok {
		return unknownMemMiB, "MiB"
	}
	return int(m >> 20), "MiB, the memory this process may use"
}

// options returns the checker options of the flags, which parse has
// already bounded.
func (e *engineFlags) options(f *flags) checker.Options {
	budget := uint64(e.maxMemMiB) << 20
	if !f.given("max-memory") {
		budget = checker.DefaultMemoryBudget()
	}
	return checker.Options{
		Workers:      e.workers,
		Exact:        e.exact,
		MaxStates:    e.maxStates,
		MaxDepth:     e.maxDepth,
		MemoryBudget: budget,
		TimeBudget:   e.timeBudget,
	}
}
