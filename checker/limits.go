package checker

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// sampleEvery is the least time between two readings of the process's
// memory by poll: reading /proc/self/statm costs a few microseconds, so a
// reading every 50 ms is free, and at the engine's allocation rate (some
// hundreds of MB/s at most) the budget is overshot by little between two.
const sampleEvery = 50 * time.Millisecond

// limits watches what can stop a run at any point, not only between levels:
// the context, the time budget and the memory budget. Workers poll it
// between chunks of work; the first to see a limit passed stops every other
// one through an atomic flag, and the reason is kept.
type limits struct {
	ctx    context.Context
	start  time.Time
	time   time.Duration // 0: no limit
	memory uint64        // bytes; 0: no limit

	stopped atomic.Bool
	mu      sync.Mutex
	reason  string

	nextSample atomic.Int64  // nanoseconds since start of the next memory reading
	peak       atomic.Uint64 // the largest footprint read

	// graphAt, while the search records the liveness graph under a memory
	// budget, is 3/4 of the budget: the first reading past it sets shed
	// (and keeps the reading in shedAt) instead of stopping the run, and
	// the search gives the graph up at the end of the phase (shedGraph),
	// so that safety is still decided when only the graph does not fit.
	graphAt atomic.Uint64
	shed    atomic.Bool
	shedAt  atomic.Uint64
}

func newLimits(ctx context.Context, o Options) *limits {
	return &limits{ctx: ctx, start: time.Now(), time: o.TimeBudget, memory: o.MemoryBudget}
}

// stop records reason, unless another limit stopped the run first, and
// returns true.
func (l *limits) stop(reason string) bool {
	l.mu.Lock()
	if l.reason == "" {
		l.reason = reason
	}
	l.mu.Unlock()
	l.stopped.Store(true)
	return true
}

// why returns the reason the run stopped, or "".
func (l *limits) why() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reason
}

// poll reports whether the run must stop. It is cheap enough to call every
// few thousand states from every worker: it reads the clock, and the
// process's memory at most once every sampleEvery across all callers.
func (l *limits) poll() bool {
	if l.stopped.Load() {
		return true
	}
	if l.ctx.Err() != nil {
		return l.stop("interrupted: " + context.Cause(l.ctx).Error())
	}
	el := time.Since(l.start)
	if l.time > 0 && el >= l.time {
		return l.stop(fmt.Sprintf("time budget %s used up", l.time))
	}
	if n := l.nextSample.Load(); int64(el) >= n && l.nextSample.CompareAndSwap(n, int64(el+sampleEvery)) {
		fp := l.sample()
		if g := l.graphAt.Load(); g > 0 && fp > g && l.shed.CompareAndSwap(false, true) {
			l.shedAt.Store(fp)
			return false
		}
		return l.overMemory(fp, 0, "")
	}
	return false
}

// check is poll with a fresh memory reading, for the points between levels
// and phases.
func (l *limits) check() bool {
	if l.poll() {
		return true
	}
	return l.overMemory(l.sample(), 0, "")
}

// sample reads the footprint and keeps the peak.
func (l *limits) sample() uint64 {
	fp := footprint()
	for {
		p := l.peak.Load()
		if fp <= p || l.peak.CompareAndSwap(p, fp) {
			return fp
		}
	}
}

// afford reports whether need more bytes, about to be allocated for what,
// fit in the memory budget, and stops the run when they do not. Before it
// gives up it collects garbage and returns free memory to the system once,
// so that only live memory counts against the budget. It is called between
// phases, when no worker allocates.
func (l *limits) afford(need uint64, what string) bool {
	if l.poll() {
		return false
	}
	if l.memory == 0 {
		return true
	}
	fp := l.sample()
	if fp+need <= l.memory {
		return true
	}
	debug.FreeOSMemory()
	return !l.overMemory(l.sample(), need, what)
}

// overMemory stops the run when fp, plus need bytes to come, exceeds the
// memory budget.
func (l *limits) overMemory(fp, need uint64, what string) bool {
	if l.memory == 0 || fp+need <= l.memory {
		return false
	}
	if need == 0 {
		return l.stop(fmt.Sprintf("memory budget %s used up (resident %s)", size(l.memory), size(fp)))
	}
	return l.stop(fmt.Sprintf("memory budget %s used up (resident %s, and %s needs %s more)", size(l.memory), size(fp), what, size(need)))
}

// size prints a number of bytes: in whole MiB when it is a multiple of one,
// in MiB with a decimal from 1 MiB up, in bytes below.
func size(n uint64) string {
	const mib = 1 << 20
	switch {
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	}
	return fmt.Sprintf("%d bytes", n)
}
