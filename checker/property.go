package checker

// Kind says how a [Property] is evaluated.
type Kind uint8

const (
	// KindAlways is an invariant over states: it must hold in every reachable state.
	KindAlways Kind = iota + 1
	// KindAlwaysStep is an invariant over steps: it must hold for every
	// (from, action, to) triple the model can take.
	KindAlwaysStep
	// KindSometimes is a reachability goal: some reachable state satisfies
	// it. Its witness is the shortest trace to such a state.
	KindSometimes
	// KindDeadlock holds when no reachable state is without successors,
	// except those the model marks as allowed ends (see [Ender]).
	KindDeadlock
	// KindEventually is a liveness property: on every fair behaviour, some
	// state satisfies it. It is decided only with Options.Liveness, and
	// reported as [NotChecked] otherwise, never as holding.
	KindEventually
	// KindSometimesStep is a reachability goal over steps: some step
	// (from, action, to) satisfies it. Its witness ends with that step.
	KindSometimesStep
	// KindLeadsTo is a liveness property P ~> Q: on every fair behaviour,
	// every state satisfying P is followed, then or later, by one
	// satisfying Q. Decided only with Options.Liveness.
	KindLeadsTo
	// KindEventuallyAlways is a liveness property <>[]P: on every fair
	// behaviour, from some state on, every state satisfies P. Decided only
	// with Options.Liveness.
	KindEventuallyAlways
)

var kindNames = [...]string{"", "always", "always-step", "sometimes", "deadlock-free", "eventually", "sometimes-step", "leads-to", "eventually-always"}

// String returns the kind's name as used in reports: always, always-step,
// sometimes, deadlock-free, eventually, sometimes-step, leads-to or
// eventually-always.
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "unknown"
}

// Property is a named property of a model. Build one with the methods of
// [For](m), which need no type arguments, or with the functions [Always],
// [AlwaysStep], [Sometimes], [SometimesStep], [NoDeadlock], [Eventually]
// and [LeadsTo], which need them (Always[S, A](name, f)) because a
// predicate does not mention the action type.
type Property[S, A any] struct {
	// Name identifies the property in reports.
	Name string
	// Kind says how the property is evaluated.
	Kind Kind
	// State is the predicate for KindAlways and KindSometimes.
	State func(s S) bool
	// Step is the predicate for KindAlwaysStep and KindSometimesStep.
	Step func(from S, a A, to S) bool
	// StepEffect, if set, is the same predicate reading the step's effect
	// eff, which an [Effector] model returns with the successor: the search
	// then calls it instead of Step, which need not take the step again.
	// from and to point to the engine's copies of the states, so that
	// nothing is copied for each property; they and eff are valid only
	// during the call, and the predicate must not change them. Step stays
	// required, for models that are not Effectors and for callers that have
	// no effect at hand.
	StepEffect func(from *S, a A, to *S, eff any) bool
	// Goal is Q of a KindLeadsTo property P ~> Q (P is State).
	Goal func(s S) bool
}

// Always is an invariant: holds must be true in every reachable state. A
// violation is reported with the shortest trace to a state where it is false.
func Always[S, A any](name string, holds func(s S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindAlways, State: holds}
}

// AlwaysStep is an invariant over steps: holds must be true for every step
// from a reachable state. Use it for events such as "a stale message
// was accepted", which are visible in a transition but not in a single state.
func AlwaysStep[S, A any](name string, holds func(from S, a A, to S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindAlwaysStep, Step: holds}
}

// Sometimes is a reachability goal: it is [Reached] when some reachable
// state satisfies reached, and its witness is the shortest trace to one.
// When the whole space is explored without reaching it, it is [Unreached].
func Sometimes[S, A any](name string, reached func(s S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindSometimes, State: reached}
}

// SometimesStep is a reachability goal over steps: it is [Reached] when
// some step from a reachable state satisfies happened, and its witness is the shortest
// trace ending with such a step. Use it for events such as "a timer was cut
// short".
func SometimesStep[S, A any](name string, happened func(from S, a A, to S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindSometimesStep, Step: happened}
}

// NoDeadlock holds when every reachable state has a successor or is an
// allowed end of the model (see [Ender]).
func NoDeadlock[S, A any]() Property[S, A] {
	return Property[S, A]{Name: "deadlock-free", Kind: KindDeadlock}
}

// Eventually declares a liveness property: along every fair behaviour (see
// [Fairness]), some state satisfies reached. Only a run with
// Options.Liveness decides it; otherwise it is reported as [NotChecked],
// never as holding. Its counterexample is a lasso (see [Trace]).
func Eventually[S, A any](name string, reached func(s S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindEventually, State: reached}
}

// LeadsTo declares the liveness property p ~> q: on every fair behaviour,
// every state satisfying p is followed, then or later, by one satisfying q.
// Like [Eventually], only a run with Options.Liveness decides it.
func LeadsTo[S, A any](name string, p, q func(s S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindLeadsTo, State: p, Goal: q}
}

// EventuallyAlways declares the liveness property <>[]p: on every fair
// behaviour, p holds from some state on, forever. Its counterexample is a
// lasso whose cycle passes a state where p is false. Like [Eventually],
// only a run with Options.Liveness decides it.
func EventuallyAlways[S, A any](name string, p func(s S) bool) Property[S, A] {
	return Property[S, A]{Name: name, Kind: KindEventuallyAlways, State: p}
}

// Safety reports whether the kind is a safety property (always,
// always-step, deadlock-free): one bad state or step violates it, and a run
// fails when it is violated.
func (k Kind) Safety() bool { return k == KindAlways || k == KindAlwaysStep || k == KindDeadlock }

// Liveness reports whether the kind is a liveness property (eventually,
// leads-to, eventually-always): decided only by a run with Options.Liveness, on the explicit
// graph; a run fails when one it checks is violated.
func (k Kind) Liveness() bool {
	return k == KindEventually || k == KindLeadsTo || k == KindEventuallyAlways
}

// Witness reports whether the kind is a reachability goal (sometimes,
// sometimes-step): its verdict is [Reached] or [Unreached], and it only
// informs: it never makes a run fail or pass.
func (k Kind) Witness() bool { return k == KindSometimes || k == KindSometimesStep }

// Properties builds the properties of one model without type arguments at
// every call: Go infers S and A from the model, not from a predicate such
// as func(S) bool, which does not mention A. Get one with [For]:
//
//	p := checker.For(m)
//	props := []checker.Property[State, Action]{
//		p.Always("consistent", m.Consistent),
//		p.Sometimes("all-committed", m.AllCommitted),
//	}
//
// Its methods are the constructors [Always], [AlwaysStep], [Sometimes],
// [SometimesStep], [NoDeadlock], [Eventually], [LeadsTo] and
// [EventuallyAlways].
type Properties[S, A any] struct{}

// For returns the property constructors for m's state and action types.
// It only reads m's type: m may be nil when it is an interface, as in
// For[S, A](nil).
func For[S, A any](m Model[S, A]) Properties[S, A] { return Properties[S, A]{} }

// Always is [Always] for the model's types.
func (Properties[S, A]) Always(name string, holds func(s S) bool) Property[S, A] {
	return Always[S, A](name, holds)
}

// AlwaysStep is [AlwaysStep] for the model's types.
func (Properties[S, A]) AlwaysStep(name string, holds func(from S, a A, to S) bool) Property[S, A] {
	return AlwaysStep(name, holds)
}

// Sometimes is [Sometimes] for the model's types.
func (Properties[S, A]) Sometimes(name string, reached func(s S) bool) Property[S, A] {
	return Sometimes[S, A](name, reached)
}

// SometimesStep is [SometimesStep] for the model's types.
func (Properties[S, A]) SometimesStep(name string, happened func(from S, a A, to S) bool) Property[S, A] {
	return SometimesStep(name, happened)
}

// NoDeadlock is [NoDeadlock] for the model's types.
func (Properties[S, A]) NoDeadlock() Property[S, A] { return NoDeadlock[S, A]() }

// Eventually is [Eventually] for the model's types.
func (Properties[S, A]) Eventually(name string, reached func(s S) bool) Property[S, A] {
	return Eventually[S, A](name, reached)
}

// LeadsTo is [LeadsTo] for the model's types.
func (Properties[S, A]) LeadsTo(name string, p, q func(s S) bool) Property[S, A] {
	return LeadsTo[S, A](name, p, q)
}

// EventuallyAlways is [EventuallyAlways] for the model's types.
func (Properties[S, A]) EventuallyAlways(name string, p func(s S) bool) Property[S, A] {
	return EventuallyAlways[S, A](name, p)
}
