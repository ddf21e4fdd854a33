package checker

import (
	"context"
	"fmt"
)

// The five entry points of the engine. Each takes the context, the model and
// one [Options]; which of its fields apply to which entry point is said on
// each field.

// Check explores every state of m reachable from its initial states and
// evaluates props on them. It returns an error only when the model breaks
// the contract: more than 65,536 actions enabled in one state, or a panic
// in the model or a property, returned as a [*PanicError] with the trace to
// the state that caused it (every entry point does so); limits,
// cancellation and violations are reported in the [Report], also when they
// stop the liveness phase (see [Report.LivenessStopReason]).
//
// The result is the same for any number of workers: the same counts, the
// same verdicts and the same traces.
func Check[S, A any](ctx context.Context, m Model[S, A], opts Options, props ...Property[S, A]) (*Report[S, A], error) {
	return check(ctx, m, opts, props)
}

// Observe explores every state of m reachable from its initial states, as
// [Check] does, and calls visit once for every step (from, a, to) the model
// can take from a reachable state: once per reachable state and enabled
// action whose Next is ok, steps to states outside the model's constraints
// included (see [StateConstraint]). It is the way to compute aggregates of a state
// space too large to keep, such as a projection of it onto fewer states.
//
// visit is called from opts.Workers goroutines at once; worker is the
// caller's index, in [0, Workers), so that visit can keep one tally per
// worker without locks and merge them when Observe returns. An aggregate
// that does not depend on order (a count, a set, a maximum) is then the
// same for any number of workers. Limits in opts apply as for Check (not
// Liveness): a run cut short is reported incomplete, and visit has then
// seen only part of the space. In fingerprint mode a state hidden by a
// collision, if any, is not visited (see Report.CollisionProbability).
func Observe[S, A any](ctx context.Context, m Model[S, A], opts Options, visit func(worker int, from S, a A, to S)) (*Report[S, A], error) {
	return observe(ctx, m, opts, visit, nil)
}

// ObserveEffects is [Observe] for a model that is an [Effector]: visit
// also gets each step's effect, valid only during the call, so that it
// need not take the step again. A model that is not an Effector is an
// error.
func ObserveEffects[S, A any](ctx context.Context, m Model[S, A], opts Options, visit func(worker int, from S, a A, to S, eff any)) (*Report[S, A], error) {
	if _, ok := m.(Effector[S, A]); !ok {
		return nil, fmt.Errorf("checker: ObserveEffects needs a model that implements Effector; %T does not", m)
	}
	return observe(ctx, m, opts, nil, visit)
}

// Explore builds the explicit state graph of m, sequentially. Of opts it
// reads MaxStates and Exact: it returns a [*TooLargeError] when m has more
// than opts.MaxStates reachable states (if positive), and ctx's error if
// ctx is done first. In exact mode states are told apart by their whole
// encodings; otherwise by 64-bit fingerprints, as [Check] does.
func Explore[S, A any](ctx context.Context, m Model[S, A], opts Options) (*Graph[S, A], error) {
	return explore(ctx, m, opts)
}

// Simulate takes opts.Runs random walks (default 100) of at most
// opts.MaxDepth steps (default 100) from the initial states of m, choosing
// uniformly among the enabled actions at each step (or, with opts.Swarm,
// with each walk's own weights of actions), and checks props along them. It stops at the first violation, or when ctx is done. It is meant
// for spaces too large to exhaust; what it finds is a real trace, but not
// necessarily a shortest one. Walk i uses the seed opts.Seed+i. A walk
// ends at a state outside the model's constraints (see [StateConstraint]),
// after checking it. Of the other options it reads only Progress: the
// walks are sequential. Its only error is a [*PanicError], with the walk
// up to the state the model panicked on.
func Simulate[S, A any](ctx context.Context, m Model[S, A], opts Options, props ...Property[S, A]) (*SimReport[S, A], error) {
	return simulate(ctx, m, opts, props)
}

// RandomWalk takes the random walk that [Simulate] takes for opts.Seed,
// checking nothing: up to opts.MaxDepth steps (default 100) from an initial
// state, each chosen uniformly among the enabled actions whose Next is ok
// (or, with opts.Swarm, with the walk's weights of actions), and returns it as a trace, or nil when m has no initial state. A walk
// ends early in a state without successors or outside the model's
// constraints. To restrict the walk to some
// actions, wrap the model so that Actions offers only those. Its only error
// is a [*PanicError].
func RandomWalk[S, A any](m Model[S, A], opts Options) (*Trace[S, A], error) {
	return randomWalk(m, opts)
}
