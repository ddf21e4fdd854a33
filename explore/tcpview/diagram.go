package tcpview

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/graph/tcpgraph"
	"github.com/timewait/timewait/model"
)

// endpointView returns the scenario's endpoint view, or done false while it
// is being computed: the first call starts the computation.
func (m *Model) endpointView() (v *tcpgraph.EndpointView, done bool, err error) {
	m.once.Do(func() {
		go func() {
			v, err := tcpgraph.Endpoint(m.ctx, m.Model, m.search, false)
			m.view.Lock()
			m.view.v, m.view.err, m.view.done = v, err, true
			m.view.Unlock()
		}()
	})
	m.view.Lock()
	defer m.view.Unlock()
	return m.view.v, m.view.done, m.view.err
}

// WaitDiagram blocks until the endpoint view is computed or ctx is done,
// starting the computation if need be. Tests and the CLI use it to have
// the diagram ready before the first page.
func (m *Model) WaitDiagram(ctx context.Context) error {
	for {
		_, done, err := m.endpointView()
		if done {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-waitTick():
		}
	}
}

func (m *Model) diagram(ctx context.Context, t *checker.Trace[model.World, model.Action]) explore.Panel {
	p := explore.Panel{ID: "diagram", Title: "RFC 9293's state diagram, as the model moves in " + m.scenario}
	v, done, err := m.endpointView()
	switch {
	case !done:
		p.Pending, p.Note = true, "Computing the scenario's endpoint view (every step of its state space)..."
		return p
	case err != nil:
		p.Note = "The endpoint view is not available: " + err.Error()
		return p
	}
	if _, err := graph.LookDot(); err != nil {
		p.Note = "The drawing needs Graphviz's dot (Debian: apt-get install graphviz)."
		return p
	}
	text, err := v.DOT("", tcpgraph.TraceHighlight(m.Model, t))
	if err != nil {
		p.Note = err.Error()
		return p
	}
	svg, err := graph.SVG(ctx, here(m.Model, t, text))
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			p.Note = err.Error()
		}
		return p
	}
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	p.SVG = s
	p.Note = "The path's moves are red, with their step numbers; the endpoints' current states have a thick frame: A blue, B orange."
	return p
}

// here marks, in the endpoint view's DOT, the node of each endpoint's
// current state: a thick frame in its colour, and its name in the label.
func here(m *model.Model, t *checker.Trace[model.World, model.Action], dot string) string {
	last := t.Steps[len(t.Steps)-1].State
	nodes := map[string][]model.Side{}
	var order []string
	for _, side := range []model.Side{model.A, model.B} {
		s := last.Endpoint(side).State
		id := nodeID(s)
		if s == model.Closed && closedFromLate(m, t, side) {
			id = "CLOSED_end" // graph draws moves into CLOSED from ESTABLISHED or later to the bottom CLOSED
		}
		if _, ok := nodes[id]; !ok {
			order = append(order, id)
		}
		nodes[id] = append(nodes[id], side)
	}
	var b strings.Builder
	for _, id := range order {
		sides := nodes[id]
		colour, who := "#1f5fa8", "A is here"
		switch {
		case len(sides) == 2:
			colour, who = "#333333", "A and B are here"
		case sides[0] == model.B:
			colour, who = "#b35900", "B is here"
		}
		name := last.Endpoint(sides[0]).State.String()
		fmt.Fprintf(&b, "\t%s [penwidth=\"5\", color=\"%s\", label=\"%s\\n(%s)\"];\n", id, colour, name, who)
	}
	i := strings.LastIndex(dot, "}")
	if i < 0 {
		return dot
	}
	return dot[:i] + b.String() + dot[i:]
}

func nodeID(s model.State) string { return strings.ReplaceAll(s.String(), "-", "_") }

// closedFromLate reports whether side's last move on t into its current
// state CLOSED came from ESTABLISHED or a later state.
func closedFromLate(m *model.Model, t *checker.Trace[model.World, model.Action], side model.Side) bool {
	for i := len(t.Steps) - 1; i >= 1; i-- {
		tr, ok := m.Transition(t.Steps[i-1].State, t.Steps[i].Action)
		if ok && tr.Side == side && tr.From != tr.To {
			return tr.To == model.Closed && tr.From >= model.Established
		}
	}
	return false
}

func waitTick() <-chan time.Time { return time.After(50 * time.Millisecond) }
