package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/timewait/timewait/checker"
)

// ProjectionEdge is an edge of a [Projection]: the steps of the state
// space that took a state drawn as From to one drawn as To.
type ProjectionEdge[K comparable] struct {
	From, To K
	Steps    int64 // steps of the state space that made this move
}

// Projection is a state space drawn on nodes of the caller's choosing:
// each state is drawn as the node a function of the caller's maps it to,
// and the steps between two different nodes are counted. It draws spaces
// far too large for [Full] (tcpgraph's pair view is one such projection),
// and, with the identity as the function, every state of a small one.
type Projection[K comparable] struct {
	Nodes   []K                 // every node, sorted by label
	Edges   []ProjectionEdge[K] // sorted by the labels of From, then of To
	Initial []K                 // the nodes of the initial states
	label   func(K) string
}

// ProjectStates explores m with opts and projects every state s onto
// node(s); label names a node in the drawing, and orders the nodes. Steps
// that stay on one node are left out. The counts do not depend on the
// number of workers. An exploration cut short (a limit, a cancelled ctx)
// is an [*IncompleteError]: a partial projection would look complete.
func ProjectStates[S, A any, K comparable](ctx context.Context, m checker.Model[S, A], opts checker.Options,
	node func(S) K, label func(K) string) (*Projection[K], error) {
	counts, r, err := Project(ctx, m, opts, func(from S, _ A, to S, emit func([2]K)) {
		if p, q := node(from), node(to); p != q {
			emit([2]K{p, q})
		}
	})
	if err != nil {
		return nil, err
	}
	if !r.Complete {
		return nil, &IncompleteError{Reason: r.StopReason}
	}
	p := &Projection[K]{label: label}
	seen := map[K]bool{}
	add := func(k K) {
		if !seen[k] {
			seen[k] = true
			p.Nodes = append(p.Nodes, k)
		}
	}
	for _, s := range m.Init() {
		if k := node(s); !slices.Contains(p.Initial, k) {
			p.Initial = append(p.Initial, k)
		}
		add(node(s))
	}
	for k, n := range counts {
		add(k[0])
		add(k[1])
		p.Edges = append(p.Edges, ProjectionEdge[K]{From: k[0], To: k[1], Steps: n})
	}
	slices.SortFunc(p.Nodes, p.compare)
	slices.SortFunc(p.Initial, p.compare)
	slices.SortFunc(p.Edges, func(x, y ProjectionEdge[K]) int {
		if c := p.compare(x.From, y.From); c != 0 {
			return c
		}
		return p.compare(x.To, y.To)
	})
	return p, nil
}

// compare orders nodes by label, and nodes with one label by their Go
// syntax, so that the order never depends on a map's.
func (p *Projection[K]) compare(x, y K) int {
	if c := strings.Compare(p.label(x), p.label(y)); c != 0 {
		return c
	}
	return strings.Compare(fmt.Sprintf("%#v", x), fmt.Sprintf("%#v", y))
}

// Highlight is a trace projected onto the nodes of a [Projection], to be
// drawn on it in red.
type Highlight[K comparable] struct {
	nodes map[K]bool
	moves map[[2]K][]int // the moves between nodes, with the steps that made them
}

// TraceHighlight projects t with node, the function its projection was
// made with.
func TraceHighlight[S, A any, K comparable](t *checker.Trace[S, A], node func(S) K) *Highlight[K] {
	h := &Highlight[K]{nodes: map[K]bool{}, moves: map[[2]K][]int{}}
	for i, step := range t.Steps {
		h.nodes[node(step.State)] = true
		if i == 0 {
			continue
		}
		if p, q := node(t.Steps[i-1].State), node(step.State); p != q {
			h.moves[[2]K{p, q}] = append(h.moves[[2]K{p, q}], i)
		}
	}
	return h
}

// DOT draws the projection: a node a box with its label, the initial ones
// bold, an edge labelled with its number of steps; with h, the trace's
// nodes and moves in red, each move with its step numbers.
func (p *Projection[K]) DOT(title string, h *Highlight[K]) (string, error) {
	d := NewDOT("projection", map[string]string{
		"label": title, "labelloc": "t", "fontname": FontName, "rankdir": "TB", "nodesep": "0.3", "ranksep": "0.45",
	})
	id := map[K]string{}
	for i, k := range p.Nodes {
		id[k] = fmt.Sprintf("n%d", i)
		attrs := map[string]string{
			"label": p.label(k), "shape": "box", "style": "rounded,filled",
			"fillcolor": "white", "fontname": FontName, "fontsize": "10",
		}
		if slices.Contains(p.Initial, k) {
			attrs["penwidth"] = "2.5"
			attrs["fontname"] = FontName + " Bold"
		}
		if h != nil && h.nodes[k] {
			attrs["color"], attrs["penwidth"] = ColourTrace, TraceWidth
		}
		d.Node("projection", id[k], attrs)
	}
	for _, e := range p.Edges {
		attrs := map[string]string{
			"label": fmt.Sprint(e.Steps), "fontname": FontName, "fontsize": "9", "color": "#555555", "fontcolor": "#555555",
		}
		if h != nil {
			if steps := h.moves[[2]K{e.From, e.To}]; len(steps) > 0 {
				attrs["color"], attrs["fontcolor"], attrs["penwidth"] = ColourTrace, ColourTrace, TraceWidth
				attrs["label"] = fmt.Sprint(e.Steps) + " " + StepList(steps)
			}
		}
		d.Edge(id[e.From], id[e.To], attrs)
	}
	return d.String()
}

// StepList prints step numbers as "[3, 9]", as the views label the moves
// of a highlighted trace.
func StepList(steps []int) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = fmt.Sprint(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
