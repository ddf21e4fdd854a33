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

// The colours and fonts the generic views draw with, for views of one
// model to share (the TCP views in tcpgraph do): the trace and violations
// in a red that reads in print and for the common forms of colour
// blindness (never red against green alone; the trace is also drawn
// thicker).
const (
	ColourTrace   = "#d62728" // a highlighted trace, and violations
	FillViolation = "#f7c6c7" // the fill of a state that violates
	FontName      = "Helvetica"
	MonoFont      = "Courier" // for labels with numbers: every renderer's monospace font has Graphviz's widths
	TraceWidth    = "2.5"     // the pen width of a trace's edges
)
