// Package checker is a generic explicit-state model checker.
//
// A user describes a system as a [Model]: its initial states, the actions
// enabled in a state, what an action does, and a canonical binary encoding of
// a state, which may merge equivalent states (a symmetry reduction). The checker explores every reachable state breadth-first on several
// workers and evaluates named [Property] values on them:
//
//   - [Always]: an invariant over states;
//   - [AlwaysStep]: an invariant over steps (from, action, to), for events;
//   - [Sometimes]: a reachability goal, reported with a witness trace;
//   - [NoDeadlock]: no reachable state without successors unless the model
//     marks it as an allowed end ([Ender]).
//
// The search is level-synchronous: depth d is expanded completely before
// depth d+1, new states are deduplicated keeping the smallest (parent index,
// action index) pair, and each level is put in that order. The result, the
// state counts and every reported trace are therefore identical to a
// sequential breadth-first search, whatever the number of workers. Traces are
// the shortest that exist and are rebuilt by replaying action indices, so the
// checker stores no labels and no whole states for them (6 bytes a state).
//
// Visited states are kept as 64-bit fingerprints of their encodings (the
// report estimates the probability that a collision hid a state) or, in exact
// mode, as whole encodings. A model whose encodings are 8 bytes may hand
// them over as words ([WordEncoder], [WordStepper]), which is faster and
// changes no fingerprint.
//
// A run that stops early, at a limit or on cancellation, is incomplete: no
// property it could not decide is reported as holding.
//
// The entry points are listed together in checker.go: [Check] (the
// exhaustive search), [Observe] (the same search, calling a function on
// every step), [Explore] (the explicit graph of a small space), [Simulate]
// (seeded random walks) and [RandomWalk] (one walk, as a trace). Each takes
// one [Options]. A panic in the model is returned as a [*PanicError] with the
// trace to the state that caused it.
package checker
