package tcpgraph

import (
	"context"
	"fmt"
	"slices"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/model"
)

// PairEdge is an edge of the pair view: the steps that took the pair of
// states From to the pair To.
type PairEdge struct {
	From, To [2]model.State // (A's state, B's state)
	Steps    int64          // steps of the state space that made this move
}

// PairsView is the projection of a state space onto pairs of states
// (A's, B's): a map of how the two endpoints move together.
type PairsView struct {
	Edges   []PairEdge     // sorted by From, then To
	Initial [2]model.State // the initial pair
}

// Pairs computes the pair view of m. Steps that change neither state are
// left out. As for [Endpoint], an incomplete exploration is an error.
func Pairs(ctx context.Context, m *model.Model, opts checker.Options) (*PairsView, error) {
	p, err := graph.ProjectStates(ctx, m, opts, pairOf, pairID)
	if err != nil {
		return nil, err
	}
	v := &PairsView{Initial: pairOf(m.Init()[0])}
	for _, e := range p.Edges {
		v.Edges = append(v.Edges, PairEdge{From: e.From, To: e.To, Steps: e.Steps})
	}
	slices.SortFunc(v.Edges, func(x, y PairEdge) int {
		if c := comparePair(x.From, y.From); c != 0 {
			return c
		}
		return comparePair(x.To, y.To)
	})
	return v, nil
}

func comparePair(p, q pair) int {
	if c := int(p[0]) - int(q[0]); c != 0 {
		return c
	}
	return int(p[1]) - int(q[1])
}

func pairID(p pair) string { return "p_" + stateID(p[0]) + "__" + stateID(p[1]) }

// DOT draws the pair view: each node is "A's state / B's state", each
// edge labelled with its number of steps; with h, the trace in red.
func (v *PairsView) DOT(title string, h *Highlight) (string, error) {
	d := graph.NewDOT("pairs", map[string]string{
		"label": title, "labelloc": "t", "fontname": fontName, "rankdir": "TB", "nodesep": "0.3", "ranksep": "0.45",
	})
	nodes := map[pair]bool{v.Initial: true}
	for _, e := range v.Edges {
		nodes[e.From], nodes[e.To] = true, true
	}
	ordered := make([]pair, 0, len(nodes))
	for p := range nodes {
		ordered = append(ordered, p)
	}
	slices.SortFunc(ordered, comparePair)
	for _, p := range ordered {
		attrs := map[string]string{
			"label": fmt.Sprintf("A: %s\nB: %s", p[0], p[1]), "shape": "box", "style": "rounded,filled",
			"fillcolor": pairFill(p), "fontname": fontName, "fontsize": "10",
		}
		if p == v.Initial {
			attrs["penwidth"] = "2.5"
			attrs["fontname"] = fontName + " Bold"
		}
		if h != nil && h.pairs[p] {
			attrs["color"] = colourTrace
			attrs["penwidth"] = traceWidth
		}
		d.Node("pairs", pairID(p), attrs)
	}
	for _, e := range v.Edges {
		attrs := map[string]string{
			"label": fmt.Sprint(e.Steps), "fontname": fontName, "fontsize": "9", "color": "#555555", "fontcolor": "#555555",
		}
		if h != nil {
			if steps := h.pairMoves[[2]pair{e.From, e.To}]; len(steps) > 0 {
				attrs["color"], attrs["fontcolor"], attrs["penwidth"] = colourTrace, colourTrace, traceWidth
				attrs["label"] = fmt.Sprint(e.Steps) + " " + graph.StepList(steps)
			}
		}
		d.Edge(pairID(e.From), pairID(e.To), attrs)
	}
	return d.String()
}

// pairFill colours a pair by its most telling state: TIME-WAIT first, then
// CLOSE-WAIT.
func pairFill(p pair) string {
	for _, s := range []model.State{model.TimeWait, model.CloseWait} {
		if p[0] == s || p[1] == s {
			return fill(s)
		}
	}
	return "white"
}
