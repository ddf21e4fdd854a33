package checker

import (
	"fmt"
	"strings"
	"time"
)

// Verdict is the outcome of one property. A safety or liveness property
// holds, is violated, or is left incomplete; a witness (sometimes) is
// reached, unreached, or left incomplete; a liveness property of a run
// without Options.Liveness is not checked.
type Verdict uint8

const (
	// Holds: a safety property held in every reachable state (or step), or
	// a liveness property on every fair behaviour.
	Holds Verdict = iota + 1
	// Violated: a counterexample was found (a lasso for liveness).
	Violated
	// Incomplete: the run stopped before the property could be decided.
	Incomplete
	// NotChecked: the property is of a kind this run does not decide.
	NotChecked
	// Reached: a witness property was reached; its trace is the witness.
	Reached
	// Unreached: the whole space was explored without reaching a witness
	// property. This is information, not a failure.
	Unreached
)

var verdictNames = [...]string{"", "holds", "violated", "incomplete", "not checked", "reached", "unreached"}

// String returns holds, violated, incomplete, "not checked", reached or
// unreached.
func (v Verdict) String() string {
	if int(v) < len(verdictNames) && v != 0 {
		return verdictNames[v]
	}
	return "unknown"
}

// Outcome is the tri-state result of a whole run, over its safety
// properties and, when the run checks liveness, its liveness properties.
// Witnesses never change it. Every exit code and report of the CLI derives
// from it.
type Outcome uint8

const (
	// Pass: every safety property (and every checked liveness property)
	// holds, and the run explored every reachable state.
	Pass Outcome = iota + 1
	// Fail: a safety property, or a checked liveness property, is violated.
	Fail
	// Unknown: nothing was violated, but the run stopped before deciding
	// every safety (or checked liveness) property.
	Unknown
)

// String returns pass, fail or incomplete.
func (o Outcome) String() string {
	switch o {
	case Pass:
		return "pass"
	case Fail:
		return "fail"
	case Unknown:
		return "incomplete"
	}
	return "unknown"
}

// Step is one step of a [Trace]: the action taken (the zero A for the first
// step, which is an initial state), its label, and the state it reached.
type Step[S, A any] struct {
	Action A
	Label  string
	State  S
	// Effect is what the step did, as the model's [Effector] wrote it (nil
	// for the initial state and for models that are not Effectors).
	Effect any
}

// Trace is a path from an initial state. Steps[0] is the initial state, with
// the label "init".
//
// A liveness counterexample is a lasso: Lasso is true, and the behaviour
// repeats the steps after Steps[LoopAt] forever (the last state encodes
// like Steps[LoopAt].State: it is that state, or under a symmetry
// reduction an equivalent one; see [Model]'s Encode). When LoopAt is the last index, the last state stays
// as it is forever: it has no successor, or the run stutters
// ([Options.Stuttering]).
type Trace[S, A any] struct {
	Steps  []Step[S, A]
	Lasso  bool
	LoopAt int
}

// Len is the number of steps taken (the number of states minus one).
func (t Trace[S, A]) Len() int { return len(t.Steps) - 1 }

// Labels returns the label of every step after the initial state.
func (t Trace[S, A]) Labels() []string {
	out := make([]string, 0, t.Len())
	for _, s := range t.Steps[1:] {
		out = append(out, s.Label)
	}
	return out
}

// String prints one numbered line per step: its label, then the state.
func (t Trace[S, A]) String() string {
	var b strings.Builder
	for i, s := range t.Steps {
		fmt.Fprintf(&b, "%3d  %s\n     %v\n", i, s.Label, s.State)
	}
	return b.String()
}

// Result is the verdict of one property, with its trace when there is one: a
// counterexample for a violated always property, a witness for a sometimes
// property that holds.
type Result[S, A any] struct {
	Name    string
	Kind    Kind
	Verdict Verdict
	Trace   *Trace[S, A]
}

// Report is the outcome of a run.
type Report[S, A any] struct {
	Outcome   Outcome
	Results   []Result[S, A]
	Distinct  int   // distinct states found
	Generated int64 // successors generated, i.e. transitions explored
	Depth     int   // depth of the deepest states found: the longest shortest path from an initial state
	Complete  bool  // every reachable state was expanded by the search
	Elapsed   time.Duration
	Workers   int
	Exact     bool
	// Cut counts the states generated outside the model's constraints
	// ([StateConstraint], [ActionConstraint]): successors, which Generated
	// counts too, and initial states. They were checked, not explored.
	Cut int64
	// Coverage is, with Options.Coverage, how often each action was
	// enabled and taken (see [ActionCoverage]): the names the model lists
	// ([ActionNamer]) in its order, then any other name seen, sorted. An
	// entry whose Never is true is an action never taken. It is the same
	// for any number of workers.
	Coverage []ActionCoverage
	// StopReason says why the search stopped before expanding every state
	// (a limit, a budget, cancellation, the first violation) or, when every
	// property was decided early, says so.
	StopReason string
	// LivenessStopReason is set when liveness was requested
	// ([Options.Liveness]) and some liveness property was left undecided
	// (its verdict is then Incomplete): it says at which point the liveness
	// phase stopped ("liveness stopped while building the state graph
	// (...)", "liveness stopped while deciding NAME", "liveness not started")
	// and why, as StopReason does for the search. The search's results are
	// kept as they are.
	LivenessStopReason string
	// TableBytes is the size of the visited set; LinkBytes that of the
	// parent links used to rebuild traces.
	TableBytes, LinkBytes uint64
	// PeakHeap is the largest Go heap in use seen between levels.
	PeakHeap uint64
	// PeakMemory is the largest footprint of the process seen during the
	// run, the measure [Options.MemoryBudget] is compared with: its resident
	// memory on Linux. It is sampled (at most every 50 ms), so a short peak
	// may be missed.
	PeakMemory uint64
	// CollisionProbability estimates the chance that a fingerprint collision
	// hid at least one state (0 in exact mode).
	CollisionProbability float64
}

// Result returns the result of the property with this name, or false.
func (r *Report[S, A]) Result(name string) (Result[S, A], bool) {
	for _, res := range r.Results {
		if res.Name == name {
			return res, true
		}
	}
	return Result[S, A]{}, false
}

// StatesPerSecond is the number of distinct states found per second.
func (r *Report[S, A]) StatesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Distinct) / r.Elapsed.Seconds()
}

// BytesPerState is the size of the visited set and parent links divided by
// the number of distinct states.
func (r *Report[S, A]) BytesPerState() float64 {
	if r.Distinct == 0 {
		return 0
	}
	return float64(r.TableBytes+r.LinkBytes) / float64(r.Distinct)
}
