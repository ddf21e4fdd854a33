package graph

// Style tells the generic views ([Full], [TraceDOT]) how to label and mark
// the states and steps of any model.
type Style[S, A any] struct {
	// State labels a state's node; lines are separated by "\n".
	State func(s S) string
	// Step labels a step's edge.
	Step func(from S, a A, to S) string
	// BadState, if set, marks states that violate an invariant: drawn red.
	BadState func(s S) bool
	// BadStep, if set, marks steps that violate a step invariant: drawn red.
	BadStep func(from S, a A, to S) bool
}

func (st Style[S, A]) bad(s S) bool { return st.BadState != nil && st.BadState(s) }

func (st Style[S, A]) badStep(from S, a A, to S) bool {
	return st.BadStep != nil && st.BadStep(from, a, to)
}
