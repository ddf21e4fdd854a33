package graph_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/graph"
)

// A projection counts the same steps, and draws the same DOT, on any
// number of workers: here TwoPhase with three RMs (288 states) drawn by
// its RMs' and TM's states, without the message sets. The counts are those
// of the explicit graph, walked here step by step.
func TestProjectionIsTheSameForAnyNumberOfWorkers(t *testing.T) {
	m, _ := twophase.New(3)
	node := func(s twophase.State) string { return strings.SplitN(m.Format(s), " prepared=", 2)[0] }
	label := func(k string) string { return k }
	g, err := checker.Explore(context.Background(), m, checker.Options{MaxStates: 1000})
	if err != nil {
		t.Fatal(err)
	}
	nodes, moves := map[string]bool{}, map[[2]string]int64{}
	for i := range g.Len() {
		from := node(g.State(i))
		nodes[from] = true
		for _, e := range g.Edges(i) {
			if to := node(g.State(e.To)); to != from {
				moves[[2]string{from, to}]++
			}
		}
	}
	if g.Len() != 288 || len(nodes) >= g.Len() || len(moves) == 0 {
		t.Fatalf("%d states on %d nodes with %d moves: the projection merges nothing", g.Len(), len(nodes), len(moves))
	}
	var want string
	for _, workers := range []int{1, 2, 3} {
		p, err := graph.ProjectStates(context.Background(), m, checker.Options{Workers: workers}, node, label)
		if err != nil {
			t.Fatal(err)
		}
		text, err := p.DOT("x", nil)
		if err != nil {
			t.Fatal(err)
		}
		if workers == 1 {
			want = text
			if len(p.Nodes) != len(nodes) || len(p.Initial) != 1 || p.Initial[0] != "rm1=working rm2=working rm3=working tm=init" {
				t.Fatalf("%d nodes, initial %q; want %d nodes and the all-working one initial", len(p.Nodes), p.Initial, len(nodes))
			}
			if len(p.Edges) != len(moves) {
				t.Errorf("%d edges, want %d", len(p.Edges), len(moves))
			}
			for _, e := range p.Edges {
				if n := moves[[2]string{e.From, e.To}]; e.Steps != n {
					t.Errorf("%s -> %s: %d steps, the graph has %d", e.From, e.To, e.Steps, n)
				}
			}
		} else if text != want {
			t.Fatalf("the projection with %d workers differs from that with 1", workers)
		}
	}
}

// With the identity as the projection, a small model is drawn whole, and
// a trace is highlighted on it: the door's counterexample marks the three
// states and two moves it takes, with their step numbers.
func TestTraceHighlightedOnTheWholeGraph(t *testing.T) {
	m := DoorModel{}
	id := func(d Door) Door { return d }
	p, err := graph.ProjectStates(context.Background(), m, checker.Options{}, id, Door.String)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Nodes) != 4 || len(p.Edges) != 6 {
		t.Fatalf("%d nodes and %d edges, want the door's 4 states and 6 steps", len(p.Nodes), len(p.Edges))
	}
	r, err := checker.Check(context.Background(), m, checker.Options{},
		checker.For(m).Always("never open and locked", func(d Door) bool { return !(d.Open && d.Locked) }))
	if err != nil {
		t.Fatal(err)
	}
	text, err := p.DOT("door", graph.TraceHighlight(r.Results[0].Trace, id))
	if err != nil {
		t.Fatal(err)
	}
	nodes, edges := strings.Count(text, `[ color="#d62728", fillcolor`), strings.Count(text, `fontcolor="#d62728"`)
	if nodes != 3 || edges != 2 {
		t.Errorf("%d red nodes and %d red edges, want the trace's 3 states and 2 moves:\n%s", nodes, edges, text)
	}
	for _, want := range []string{`label="1 [1]"`, `label="1 [2]"`} {
		if !strings.Contains(text, want) {
			t.Errorf("no edge labelled %s:\n%s", want, text)
		}
	}
	if err := graph.Parse(text); err != nil {
		t.Fatal(err)
	}
	needDot(t)
	svg, err := graph.SVG(context.Background(), text)
	if err != nil || !bytes.Contains(svg, []byte("</svg>")) || graph.GraphvizVersion(svg) == "" {
		t.Fatalf("dot -Tsvg: %v\n%.300s", err, svg)
	}
}

// A projection of an exploration cut short is refused: it would look
// complete.
func TestProjectionRefusesAPartialExploration(t *testing.T) {
	m, _ := twophase.New(3)
	_, err := graph.ProjectStates(context.Background(), m, checker.Options{MaxStates: 100},
		func(s twophase.State) twophase.TMState { return s.TM }, twophase.TMState.String)
	var inc *graph.IncompleteError
	if !errors.As(err, &inc) || !strings.Contains(err.Error(), "partial") {
		t.Fatalf("ProjectStates with a state limit: %v, want an IncompleteError", err)
	}
}
