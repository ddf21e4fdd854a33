package graph

import (
	"fmt"

	"github.com/timewait/timewait/checker"
)

// Full draws every state and step of g, numbered in breadth-first order
// (s0 is the initial state). Initial states are bold; states and steps that
// st marks bad are red. It is meant for graphs of up to a few hundred
// states: build g with [checker.Explore] and a state limit, which refuses
// larger spaces.
func Full[S, A any](title string, g *checker.Graph[S, A], st Style[S, A]) (string, error) {
	d := NewDOT("full", map[string]string{
		"label": title, "labelloc": "t", "fontname": FontName, "rankdir": "TB",
	})
	initial := map[int]bool{}
	for _, i := range g.Initial() {
		initial[i] = true
	}
	for i := range g.Len() {
		s := g.State(i)
		attrs := map[string]string{
			"label": fmt.Sprintf("s%d\n%s", i, st.State(s)), "shape": "box", "style": "rounded,filled",
			"fillcolor": "white", "fontname": MonoFont, "fontsize": "9",
		}
		if initial[i] {
			attrs["penwidth"] = "2.5"
		}
		if st.bad(s) {
			attrs["fillcolor"], attrs["color"] = FillViolation, ColourTrace
		}
		d.Node("full", fmt.Sprintf("s%d", i), attrs)
	}
	for i := range g.Len() {
		from := g.State(i)
		for _, e := range g.Edges(i) {
			to := g.State(e.To)
			attrs := map[string]string{"label": st.Step(from, e.Action, to), "fontname": MonoFont, "fontsize": "8"}
			if st.badStep(from, e.Action, to) {
				attrs["color"], attrs["fontcolor"], attrs["penwidth"] = ColourTrace, ColourTrace, TraceWidth
			}
			d.Edge(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", e.To), attrs)
		}
	}
	return d.String()
}
