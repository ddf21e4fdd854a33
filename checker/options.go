package checker

import (
	"runtime"
	"time"
)

// MaxWorkers is the most workers a run uses: more would only add memory
// (each keeps 256 KiB of cache and its own buffers) and contention.
const MaxWorkers = 256

// Options configure every entry point: [Check], [Observe], [Explore],
// [Simulate] and [RandomWalk]. The zero value is a sensible default: all
// cores, fingerprint mode, no limits, stop at the first violation, 100
// walks of 100 steps from seed 0. Each field says which entry points read
// it; the others ignore it.
type Options struct {
	// Workers (Check, Observe) is the number of goroutines that expand
	// states; 0 means runtime.GOMAXPROCS(0), and more than MaxWorkers means
	// MaxWorkers. Results do not depend on it.
	Workers int
	// Exact (Check, Observe, Explore) stores whole encodings instead of
	// 64-bit fingerprints, so no state can be hidden by a collision, at the
	// cost of memory.
	Exact bool
	// Liveness (Check) decides eventually and leads-to properties after a
	// complete search, on an explicit graph of the state space that the
	// search records as it goes (record.go; in exact mode, built by a
	// second, sequential exploration, see graph.go). MaxStates,
	// MemoryBudget, TimeBudget and the context bound that phase too: when
	// one stops it, the search's results are kept, the liveness properties
	// not yet decided are incomplete, and [Report.LivenessStopReason] says
	// why. When the search itself stops early, no liveness property is
	// decided.
	Liveness bool

	// Stuttering (Check, with Liveness) lets a behaviour stay in any state
	// forever, as a TLA+ behaviour may ([][Next]_vars allows stuttering
	// steps): a state from which no fairness class is enabled is then a
	// liveness counterexample on its own, as TLC reports it. Without it, a
	// behaviour stays in a state forever only where the state has no
	// successor or takes a self-loop (see docs/engine.md, "TLC's
	// semantics").
	Stuttering bool
	// TLA (Check, with Liveness) gives liveness TLA+'s meaning, for a model
	// ported from a TLA+ spec: it implies Stuttering, and a fairness class
	// is enabled and taken only by steps that change the state, as
	// WF_vars(A) and SF_vars(A) speak of <<A>>_vars. A self-loop, a step
	// whose successor encodes like its state, then neither takes the class
	// nor enables it. Without TLA a self-loop of a class takes it.
	TLA bool
	// Coverage (Check, Observe) counts, for every action name (see
	// [ActionNamer]), how often an action of that name was enabled and how
	// often it was taken, as TLC's -coverage does; see [Report.Coverage].
	// It costs a map lookup per enabled action.
	Coverage bool

	// CollectAll (Check) keeps searching after a violation until every
	// property is decided or the space is exhausted, giving one counterexample per
	// property. By default the run stops after the level in which the first
	// violation was found.
	CollectAll bool

	// MaxStates (Check, Observe, Explore) stops the run (incomplete) once
	// more distinct states than this have been found; 0 means no limit. It is checked between levels,
	// so the count reported may exceed it by at most one level. Explore
	// returns a [*TooLargeError] instead.
	MaxStates int
	// MaxDepth (Check, Observe) stops the run (incomplete) when states at
	// this depth remain to be expanded: states up to depth MaxDepth are
	// found and checked, their successors are not. 0 means no limit. For
	// Simulate and RandomWalk it is the most steps of one walk, and 0 means
	// 100.
	MaxDepth int

	// MemoryBudget (Check, Observe) stops the run (incomplete) when the
	// process's footprint reaches this many bytes: its resident memory on Linux, read at most
	// every 50 ms while states are expanded, and the Go runtime's mapped
	// memory elsewhere. It is also checked before the large allocations of
	// a level (the visited set's growth, the next level's states) and of the
	// liveness graph, so that the run stops before it would exceed it. While
	// it runs, the garbage collector's memory limit is set to it (see
	// runtime/debug.SetMemoryLimit; the previous limit is restored after).
	// A level cut short is discarded whole, so the counts reported are
	// those of complete levels. 0 means no limit; [DefaultMemoryBudget] is
	// a safe share of the machine.
	MemoryBudget uint64
	// TimeBudget (Check, Observe) stops the run (incomplete) when exceeded,
	// within a level as between levels; 0 means no limit. As with MemoryBudget, a level cut
	// short is discarded whole.
	TimeBudget time.Duration

	// Progress (Check, Observe, Simulate), if set, is called between levels
	// at most once every ProgressEvery (default one second), and once at the
	// end of the search; with Liveness, once more when the liveness phase
	// begins (Progress.Liveness set). Simulate calls it between walks, at
	// most once every ProgressEvery, with Walks and Generated set.
	Progress func(Progress)
	// ProgressEvery is the minimum interval between Progress calls.
	ProgressEvery time.Duration

	// Seed (Simulate, RandomWalk) makes the walks reproducible: the same
	// seed, model and options give the same walks. Simulate's walk i uses
	// the seed Seed+i.
	Seed uint64
	// Runs (Simulate) is the number of walks; 0 means 100.
	Runs int
	// Swarm (Simulate, RandomWalk) makes each walk draw its own weights of
	// actions from its seed, as SPIN's swarm verification diversifies its
	// searches, and take each enabled step with a probability proportional
	// to its action's weight; without it every enabled step is equally
	// likely. A few thousand walks that each favour some actions and
	// mostly leave out others reach corners that as many uniform walks,
	// which all follow the same average, seldom do.
	Swarm bool
}

// Progress is a periodic progress record.
type Progress struct {
	Depth     int           // depth of the deepest states found so far
	Distinct  int           // distinct states found
	Generated int64         // successors generated (transitions)
	Queue     int           // states waiting in the next level
	Elapsed   time.Duration // time since the run started
	PerSecond float64       // distinct states per second so far
	Walks     int           // Simulate: walks taken so far (Generated: steps taken)
	// Liveness is set on the one call made when the liveness phase begins,
	// after a complete search; the counts are then the search's final ones.
	Liveness bool
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return min(o.Workers, MaxWorkers)
	}
	return min(runtime.GOMAXPROCS(0), MaxWorkers)
}

func (o Options) progressEvery() time.Duration {
	if o.ProgressEvery > 0 {
		return o.ProgressEvery
	}
	return time.Second
}
