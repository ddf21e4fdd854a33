package graph_test

import (
	"context"
	"fmt"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/twophase"
	"github.com/timewait/timewait/graph"
)

// Door is the state of a door with a lock: the model a user of the engine
// writes for their own system, knowing nothing of TCP.
type Door struct{ Open, Locked bool }

func (d Door) String() string {
	switch {
	case d.Open && d.Locked:
		return "open, bolt out"
	case d.Open:
		return "open"
	case d.Locked:
		return "locked"
	}
	return "closed"
}

// DoorModel implements checker.Model[Door, string]. Its bug: the lock
// can be turned while the door is open.
type DoorModel struct{}

func (DoorModel) Init() []Door { return []Door{{}} }

func (DoorModel) Actions(d Door, buf []string) []string {
	switch {
	case d.Open && !d.Locked:
		return append(buf, "close", "lock")
	case d.Open:
		return append(buf, "close")
	case d.Locked:
		return append(buf, "unlock")
	}
	return append(buf, "open", "lock")
}

func (DoorModel) Next(d Door, a string) (Door, bool) {
	switch a {
	case "open":
		d.Open = true
	case "close":
		d.Open = false
	case "lock":
		d.Locked = true
	case "unlock":
		d.Locked = false
	}
	return d, true
}

func (DoorModel) Encode(buf []byte, d Door) []byte {
	var b byte
	if d.Open {
		b |= 1
	}
	if d.Locked {
		b |= 2
	}
	return append(buf, b)
}

// Draw every state and step of a model of one's own as DOT: explore it
// with a state limit, label its states and steps with a Style, and mark
// the states an invariant forbids, drawn red. graph.SVG would lay the text
// out with Graphviz's dot; the DOT itself needs nothing installed.
func ExampleFull() {
	m := DoorModel{}
	g, err := checker.Explore(context.Background(), m, checker.Options{MaxStates: 100})
	if err != nil {
		panic(err)
	}
	text, err := graph.Full("door", g, graph.Style[Door, string]{
		State:    Door.String,
		Step:     func(_ Door, a string, _ Door) string { return a },
		BadState: func(d Door) bool { return d.Open && d.Locked },
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(text)
	// Output:
	// digraph full {
	// 	fontname="Helvetica";
	// 	label="door";
	// 	labelloc="t";
	// 	rankdir="TB";
	// 	s0->s1[ fontname="Courier", fontsize="8", label="open" ];
	// 	s0->s2[ fontname="Courier", fontsize="8", label="lock" ];
	// 	s1->s0[ fontname="Courier", fontsize="8", label="close" ];
	// 	s1->s3[ fontname="Courier", fontsize="8", label="lock" ];
	// 	s2->s0[ fontname="Courier", fontsize="8", label="unlock" ];
	// 	s3->s2[ fontname="Courier", fontsize="8", label="close" ];
	// 	s0 [ fillcolor="white", fontname="Courier", fontsize="9", label="s0\nclosed", penwidth="2.5", shape="box", style="rounded,filled" ];
	// 	s1 [ fillcolor="white", fontname="Courier", fontsize="9", label="s1\nopen", shape="box", style="rounded,filled" ];
	// 	s2 [ fillcolor="white", fontname="Courier", fontsize="9", label="s2\nlocked", shape="box", style="rounded,filled" ];
	// 	s3 [ color="#d62728", fillcolor="#f7c6c7", fontname="Courier", fontsize="9", label="s3\nopen, bolt out", shape="box", style="rounded,filled" ];
	//
	// }
}

// Draw the shortest counterexample to the door's invariant as a chain of
// its states, the violating state in red.
func ExampleTraceDOT() {
	m := DoorModel{}
	p := checker.For(m)
	r, err := checker.Check(context.Background(), m, checker.Options{},
		p.Always("never open and locked", func(d Door) bool { return !(d.Open && d.Locked) }))
	if err != nil {
		panic(err)
	}
	text, err := graph.TraceDOT("door: never open and locked", r.Results[0].Trace, graph.Style[Door, string]{
		State: Door.String,
		Step:  func(_ Door, a string, _ Door) string { return a },
	}, true)
	if err != nil {
		panic(err)
	}
	fmt.Print(text)
	// Output:
	// digraph trace {
	// 	fontname="Helvetica";
	// 	label="door: never open and locked";
	// 	labelloc="t";
	// 	rankdir="TB";
	// 	ranksep="0.3";
	// 	t0->t1[ fontname="Courier", fontsize="9", label="1. open" ];
	// 	t1->t2[ color="#d62728", fontcolor="#d62728", fontname="Courier", fontsize="9", label="2. lock", penwidth="2.5" ];
	// 	t0 [ fillcolor="white", fontname="Courier", fontsize="10", label="0: closed", penwidth="2.5", shape="box", style="rounded,filled" ];
	// 	t1 [ fillcolor="white", fontname="Courier", fontsize="10", label="1: open", shape="box", style="rounded,filled" ];
	// 	t2 [ color="#d62728", fillcolor="#f7c6c7", fontname="Courier", fontsize="10", label="2: open, bolt out", shape="box", style="rounded,filled" ];
	//
	// }
}

// Project a state space too large to draw whole onto nodes of one's own:
// here TwoPhase commit with two resource managers, 56 states, drawn by the
// transaction manager's state alone, with the witness that every resource
// manager commits in red. The edge labels count the steps of the whole
// state space that make each move.
func ExampleProjectStates() {
	m, _ := twophase.New(2)
	tm := func(s twophase.State) twophase.TMState { return s.TM }
	p, err := graph.ProjectStates(context.Background(), m, checker.Options{}, tm, twophase.TMState.String)
	if err != nil {
		panic(err)
	}
	r, err := checker.Check(context.Background(), m, checker.Options{}, checker.For(m).Sometimes("all-committed", m.AllCommitted))
	if err != nil {
		panic(err)
	}
	text, err := p.DOT("TwoPhase, 2 RMs: the TM's state", graph.TraceHighlight(r.Results[0].Trace, tm))
	if err != nil {
		panic(err)
	}
	fmt.Print(text)
	// Output:
	// digraph projection {
	// 	fontname="Helvetica";
	// 	label="TwoPhase, 2 RMs: the TM's state";
	// 	labelloc="t";
	// 	nodesep="0.3";
	// 	rankdir="TB";
	// 	ranksep="0.45";
	// 	n2->n0[ color="#555555", fontcolor="#555555", fontname="Helvetica", fontsize="9", label="16" ];
	// 	n2->n1[ color="#d62728", fontcolor="#d62728", fontname="Helvetica", fontsize="9", label="1 [5]", penwidth="2.5" ];
	// 	n0 [ fillcolor="white", fontname="Helvetica", fontsize="10", label="aborted", shape="box", style="rounded,filled" ];
	// 	n1 [ color="#d62728", fillcolor="white", fontname="Helvetica", fontsize="10", label="committed", penwidth="2.5", shape="box", style="rounded,filled" ];
	// 	n2 [ color="#d62728", fillcolor="white", fontname="Helvetica Bold", fontsize="10", label="init", penwidth="2.5", shape="box", style="rounded,filled" ];
	//
	// }
}
