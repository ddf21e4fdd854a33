package graph

import (
	"fmt"

	"github.com/timewait/timewait/checker"
)

// TraceDOT draws a trace as a chain of its states, top to bottom, each
// edge labelled with its step number and st.Step. A lasso's cycle is closed
// by a dashed edge back to the state where it starts. When violation is
// true (a counterexample rather than a witness) the last state is drawn
// red, and so is a last step that st marks bad.
func TraceDOT[S, A any](title string, t *checker.Trace[S, A], st Style[S, A], violation bool) (string, error) {
	d := NewDOT("trace", map[string]string{
		"label": title, "labelloc": "t", "fontname": FontName, "rankdir": "TB", "ranksep": "0.3",
	})
	last := len(t.Steps) - 1
	for i, step := range t.Steps {
		attrs := map[string]string{
			"label": fmt.Sprintf("%d: %s", i, st.State(step.State)), "shape": "box", "style": "rounded,filled",
			"fillcolor": "white", "fontname": MonoFont, "fontsize": "10",
		}
		if i == 0 {
			attrs["penwidth"] = "2.5"
		}
		if violation && i == last && !t.Lasso || st.bad(step.State) {
			attrs["fillcolor"], attrs["color"] = FillViolation, ColourTrace
		}
		d.Node("trace", fmt.Sprintf("t%d", i), attrs)
	}
	for i := 1; i <= last; i++ {
		from, step := t.Steps[i-1].State, t.Steps[i]
		attrs := map[string]string{
			"label": fmt.Sprintf("%d. %s", i, st.Step(from, step.Action, step.State)), "fontname": MonoFont, "fontsize": "9",
		}
		if violation && (st.badStep(from, step.Action, step.State) || i == last && !t.Lasso && st.BadStep == nil) {
			attrs["color"], attrs["fontcolor"], attrs["penwidth"] = ColourTrace, ColourTrace, TraceWidth
		}
		d.Edge(fmt.Sprintf("t%d", i-1), fmt.Sprintf("t%d", i), attrs)
	}
	if t.Lasso {
		label := "repeats forever"
		if t.LoopAt == last {
			label = "nothing can happen: lasts forever"
		}
		attrs := map[string]string{
			"label": label, "style": "dashed", "color": ColourTrace, "fontcolor": ColourTrace,
			"fontname": FontName, "fontsize": "9", "constraint": "false",
		}
		d.Edge(fmt.Sprintf("t%d", last), fmt.Sprintf("t%d", t.LoopAt), attrs)
	}
	return d.String()
}
