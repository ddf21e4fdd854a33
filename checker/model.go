package checker

// Model is the system under check: a state type S and an action type A.
//
// Which actions are enabled (Actions) is kept apart from what an action does
// (Next), as in stateright. Both must be pure, deterministic functions of
// their arguments, and Actions must return the enabled actions in the same
// order every time it is called on equal states: traces are rebuilt by
// replaying action indices, and the search is deterministic only if the model
// is.
type Model[S, A any] interface {
	// Init returns the initial states.
	Init() []S
	// Actions appends the actions enabled in s to buf and returns it.
	Actions(s S, buf []A) []A
	// Next returns the state reached by taking a in s. ok is false when the
	// successor lies outside the model's bounds (a full channel, say): the
	// step is not taken, but liveness checking still counts the action as
	// enabled, so that a behaviour that stalls only at a bound is never
	// reported as a liveness counterexample.
	Next(s S, a A) (next S, ok bool)
	// Encode appends the canonical form of s to buf: equal states must give
	// equal bytes. States with equal bytes are one state to the checker, so
	// an Encode may merge states that are equivalent, as a symmetry
	// reduction does (the TCP model encodes every rotation of its sequence
	// numbers alike); states that are not equivalent must give different
	// bytes. Of each class the checker keeps the first state it finds, in
	// breadth-first order, as the representative whose successors it
	// explores. So every property, fairness class and allowed end must give
	// the same answer on every member of a class, or the verdicts depend
	// on which member came first. Traces stay real behaviours of the
	// model: they are replayed from an initial state, through the members
	// actually reached, which may differ from the stored representatives;
	// a liveness lasso's last state encodes like the state where its cycle
	// starts but may be another member of its class (see [Trace]).
	Encode(buf []byte, s S) []byte
}

// Labeler is implemented by models that describe their steps for people. If a
// model does not implement it, a step's label is fmt.Sprint(action).
type Labeler[S, A any] interface {
	// Label describes the step that takes a from `from` to `to`.
	Label(from S, a A, to S) string
}

// Ender is implemented by models in which some states without successors are
// proper ends rather than deadlocks. Without it every state without
// successors counts as a deadlock for [NoDeadlock].
type Ender[S any] interface {
	// AllowedEnd reports whether s may have no successors.
	AllowedEnd(s S) bool
}
