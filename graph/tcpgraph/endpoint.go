package tcpgraph

import (
	"context"
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/model"
)

// EndpointEdge is one edge of the endpoint view: a move of an endpoint's
// state machine, "event / action", and how many steps of the state space
// made it, per endpoint.
type EndpointEdge struct {
	From, To model.State // the state before and after the move
	Label    string      // "rcv FIN / snd ACK"
	Steps    [2]int64    // steps that made this move, taken by A and by B
}

// EndpointView is the projection of a state space onto one endpoint's TCP
// state machine: RFC 9293's state diagram, as the model actually moves.
type EndpointView struct {
	// Edges, sorted by (From, To, Label).
	Edges []EndpointEdge
	// Initial holds each endpoint's initial state.
	Initial [2]model.State
	// Relisten is set when B's listener took the socket pair back after a
	// deleted TCB, which the view draws as the RFC's passive OPEN.
	Relisten bool
	// Loops says whether moves that keep the state were kept.
	Loops bool
}

type endpointKey struct {
	from, to model.State
	label    string
	side     model.Side
	relisten bool
}

// Endpoint computes the endpoint view of m: every move of either
// endpoint's state in every reachable step. Moves that keep the state (a
// retransmission, a re-ACKed FIN) are kept only when loops is true. The
// search runs with opts; a run cut short by a limit is an error, because a
// partial diagram would look complete.
func Endpoint(ctx context.Context, m *model.Model, opts checker.Options, loops bool) (*EndpointView, error) {
	counts, r, err := graph.ProjectEffects(ctx, m, opts, func(from model.World, a model.Action, to model.World, eff any, emit func(endpointKey)) {
		t, ok := m.TransitionEffect(from, a, to, eff.(*model.Effect))
		if !ok || (t.From == t.To && !loops) {
			return
		}
		emit(endpointKey{from: t.From, to: t.To, label: t.Label(), side: t.Side, relisten: t.Relisten})
	})
	if err != nil {
		return nil, err
	}
	if !r.Complete {
		return nil, &graph.IncompleteError{Reason: r.StopReason}
	}
	init := m.Init()[0]
	v := &EndpointView{Initial: [2]model.State{init.A.State, init.B.State}, Loops: loops}
	merged := map[[3]string]*EndpointEdge{}
	for k, n := range counts {
		v.Relisten = v.Relisten || k.relisten
		id := [3]string{k.from.String(), k.to.String(), k.label}
		e := merged[id]
		if e == nil {
			e = &EndpointEdge{From: k.from, To: k.to, Label: k.label}
			merged[id] = e
		}
		e.Steps[k.side] += n
	}
	for _, e := range merged {
		v.Edges = append(v.Edges, *e)
	}
	slices.SortFunc(v.Edges, func(x, y EndpointEdge) int {
		if c := int(x.From) - int(y.From); c != 0 {
			return c
		}
		if c := int(x.To) - int(y.To); c != 0 {
			return c
		}
		return strings.Compare(x.Label, y.Label)
	})
	return v, nil
}

// Has reports whether the view has an edge from -> to whose label starts
// with event.
func (v *EndpointView) Has(from, to model.State, event string) bool {
	for _, e := range v.Edges {
		if e.From == from && e.To == to && strings.HasPrefix(e.Label, event) {
			return true
		}
	}
	return false
}

// closedEnd is the second CLOSED node, at the bottom, as in the RFC's
// figure: moves into CLOSED from ESTABLISHED or later end there.
const closedEnd = "CLOSED_end"

// nodeOf is the node an edge of the view starts or ends at.
func nodeOf(s model.State, into bool, from model.State) string {
	if s == model.Closed && into && rank(from) >= rank(model.Established) {
		return closedEnd
	}
	return stateID(s)
}

// DOT draws the view in the RFC figure's layout. With h, the moves of h's
// trace are drawn in red, labelled with their step numbers.
func (v *EndpointView) DOT(title string, h *Highlight) (string, error) {
	d := graph.NewDOT("endpoint", map[string]string{
		"label": title, "labelloc": "t", "fontname": fontName, "rankdir": "TB",
		"nodesep": "0.5", "ranksep": "0.55", "newrank": "true",
	})
	red := map[string]bool{} // the nodes h's trace visits
	if h != nil {
		for _, s := range h.initial {
			red[stateID(s)] = true
		}
		for k := range h.moves {
			red[nodeOf(k.from, false, 0)] = true
			red[nodeOf(k.to, true, k.from)] = true
		}
	}
	used := map[string]model.State{}
	for _, e := range v.Edges {
		used[nodeOf(e.From, false, 0)] = e.From
		used[nodeOf(e.To, true, e.From)] = e.To
	}
	for _, s := range v.Initial {
		used[stateID(s)] = s
	}
	if v.Relisten {
		used[stateID(model.Closed)] = model.Closed
		used[stateID(model.Listen)] = model.Listen
	}
	ranks := map[int][]string{}
	for id, s := range used {
		r := rank(s)
		if id == closedEnd {
			r = rank(model.TimeWait)
		}
		ranks[r] = append(ranks[r], id)
	}
	for r := range 7 {
		ids := ranks[r]
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		name := fmt.Sprintf("rank%d", r)
		d.Sub("endpoint", name, map[string]string{"rank": "same"})
		for _, id := range ids {
			s := used[id]
			attrs := map[string]string{
				"label": s.String(), "shape": "box", "style": "rounded,filled", "fillcolor": fill(s),
				"fontname": fontName, "width": "1.5",
			}
			if s == v.Initial[0] && id != closedEnd || s == v.Initial[1] {
				attrs["penwidth"] = "2.5"
				attrs["fontname"] = fontName + " Bold"
			}
			if red[id] {
				attrs["color"] = colourTrace
			}
			d.Node(name, id, attrs)
		}
	}
	if v.Relisten {
		d.Edge(stateID(model.Closed), stateID(model.Listen), map[string]string{
			"label": "passive OPEN (B's listener)", "style": "dashed", "color": colourB,
			"fontcolor": colourB, "fontname": fontName, "fontsize": defaultEdgeFont,
		})
	}
	loops := map[string][]EndpointEdge{} // per node: the moves that keep its state
	var loopNodes []string
	for _, e := range v.Edges {
		if e.From == e.To {
			id := nodeOf(e.From, false, 0)
			if loops[id] == nil {
				loopNodes = append(loopNodes, id)
			}
			loops[id] = append(loops[id], e)
			continue
		}
		colour := sideColour(e.Steps[0], e.Steps[1])
		attrs := map[string]string{
			"label": e.Label, "color": colour, "fontcolor": colour, "fontname": fontName, "fontsize": defaultEdgeFont,
			"tooltip": fmt.Sprintf("%s -> %s: %s (steps: A %d, B %d)", e.From, e.To, e.Label, e.Steps[0], e.Steps[1]),
		}
		if h != nil {
			if steps := h.moves[moveKey{e.From, e.To, e.Label}]; len(steps) > 0 {
				attrs["color"], attrs["fontcolor"], attrs["penwidth"] = colourTrace, colourTrace, traceWidth
				attrs["label"] = e.Label + " " + graph.StepList(steps)
			}
		}
		d.Edge(nodeOf(e.From, false, 0), nodeOf(e.To, true, e.From), attrs)
	}
	for _, id := range loopNodes {
		attrs := loopAttrs(loops[id], h)
		if rank(loops[id][0].From) == rank(model.TimeWait) {
			// The bottom rank's edge to the second CLOSED runs where a loop
			// on the right would: loop below the node instead.
			attrs["tailport"], attrs["headport"] = "s", "s"
		}
		d.Edge(id, id, attrs)
	}
	legend(d, "endpoint", h != nil)
	return d.String()
}

// loopAttrs draws the moves that keep one state as a single loop whose
// label lists them, one a line in its own colour: drawn as loops of their
// own, their labels overprint each other.
func loopAttrs(moves []EndpointEdge, h *Highlight) map[string]string {
	var a, b int64
	var lines, tips []string
	traced := false
	for _, e := range moves {
		a, b = a+e.Steps[0], b+e.Steps[1]
		colour, text := sideColour(e.Steps[0], e.Steps[1]), e.Label
		if h != nil {
			if steps := h.moves[moveKey{e.From, e.To, e.Label}]; len(steps) > 0 {
				colour, text, traced = colourTrace, e.Label+" "+graph.StepList(steps), true
			}
		}
		lines = append(lines, fmt.Sprintf(`<FONT COLOR="%s">%s</FONT><BR ALIGN="LEFT"/>`, colour, html.EscapeString(text)))
		tips = append(tips, fmt.Sprintf("%s (steps: A %d, B %d)", e.Label, e.Steps[0], e.Steps[1]))
	}
	colour := sideColour(a, b)
	attrs := map[string]string{
		"label": "<" + strings.Join(lines, "") + ">", "color": colour, "fontname": fontName, "fontsize": defaultEdgeFont,
		"tooltip": fmt.Sprintf("%s -> %s: %s", moves[0].From, moves[0].To, strings.Join(tips, "; ")),
	}
	if traced {
		attrs["color"], attrs["penwidth"] = colourTrace, traceWidth
	}
	return attrs
}
