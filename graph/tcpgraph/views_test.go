package tcpgraph_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/graph/tcpgraph"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// tiny is a configuration small enough to draw whole: one connection, no
// data, no faults, one segment in flight each way.
func tiny(t *testing.T) *model.Model {
	c := model.DefaultConfig()
	c.Connections, c.Loss, c.Duplicate, c.Capacity = 1, 0, 0, 1
	c.A.Data = 0
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// allDOT builds every kind of view once: the endpoint and pair views of
// default (plain and with the no-timewait counterexample drawn on the
// no-timewait views), the trace view, and the full graph of tiny.
func allDOT(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(name string, text string, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = text
	}
	ep := endpointView(t, "default")
	text, err := ep.DOT("default", nil)
	add("endpoint-default", text, err)
	m, tr := noTimewaitCounterexample(t)
	h := tcpgraph.TraceHighlight(m, tr)
	epn := endpointView(t, "no-timewait")
	text, err = epn.DOT("no-timewait", h)
	add("endpoint-no-timewait-trace", text, err)
	pv, err := tcpgraph.Pairs(context.Background(), scenarioModel(t, "no-timewait"), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text, err = pv.DOT("no-timewait", h)
	add("pairs-no-timewait-trace", text, err)
	text, err = graph.TraceDOT("no-timewait: orderly-close-no-reset", tr, tcpgraph.TCPStyle(m, nil, nil), true)
	add("trace-no-timewait", text, err)
	tm := tiny(t)
	g, err := checker.Explore(context.Background(), tm, checker.Options{MaxStates: 300})
	if err != nil {
		t.Fatal(err)
	}
	text, err = graph.Full("tiny", g, tcpgraph.TCPStyle(tm, nil, nil))
	add("full-tiny", text, err)
	return out
}

func TestEveryDOTParsesBackAndRendersWithGraphviz(t *testing.T) {
	for name, text := range allDOT(t) {
		t.Run(name, func(t *testing.T) { checkDOT(t, text) })
	}
}

func TestGoldenEndpointViewOfDefault(t *testing.T) {
	text, err := endpointView(t, "default").DOT("default", nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "endpoint-default.dot", []byte(text))
}

func TestGoldenTraceViewOfNoTimewait(t *testing.T) {
	m, tr := noTimewaitCounterexample(t)
	text, err := graph.TraceDOT("no-timewait: orderly-close-no-reset", tr, tcpgraph.TCPStyle(m, nil, nil), true)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "trace-no-timewait.dot", []byte(text))
	golden(t, "chart-no-timewait.svg", tcpgraph.ChartSVG("no-timewait: orderly-close-no-reset", m, tr, true))
}

// The endpoint view of default has every edge of RFC 9293's Figure 5 that
// the table says default shows, and the passive OPEN of B's listener.
func TestEndpointViewOfDefaultRedrawsTheRFCFigure(t *testing.T) {
	v := endpointView(t, "default")
	if !v.Relisten {
		t.Error("default: B's listener never took the socket pair back (no passive OPEN edge)")
	}
	covered := 0
	for _, f := range tcpgraph.RFCFigure {
		if f.Scenario != "default" || f.Match == "passive OPEN" {
			continue
		}
		if !v.Has(f.From, f.To, "") || !hasMatch(v, f) {
			t.Errorf("default has no %s -> %s edge showing %q (RFC: %s)", f.From, f.To, f.Match, f.RFC)
		}
		covered++
	}
	if covered != 11 {
		t.Errorf("%d figure edges checked in default, want 11", covered)
	}
}

func hasMatch(v *tcpgraph.EndpointView, f tcpgraph.FigureEdge) bool {
	for _, e := range v.Edges {
		if e.From == f.From && e.To == f.To && strings.Contains(e.Label, f.Match) {
			return true
		}
	}
	return false
}

// Every move of every scenario is either an edge of Figure 5 or a kind of
// move the table explains; every figure edge is shown by the scenario the
// table names, and none the table calls untaken appears anywhere.
// endpointViewsOnlyLong are the catalogue's scenarios of more than 4
// million states: 28 of its 44 million, about a minute of the test's 90 s
// on 2 cores. They are variations of smaller scenarios (a shorter
// TIME-WAIT, RFC 1337 off, TIME-WAIT reuse, any ISN) and no figure edge
// names them; -long draws them too.
var endpointViewsOnlyLong = map[string]bool{
	"short-timewait": true, "assassination": true, "tw-reuse": true,
	"tw-reuse-any-isn": true, "connect-in-timewait-any-isn": true,
}

func TestEveryMoveIsInTheFigureOrExplained(t *testing.T) {
	if testing.Short() {
		t.Skip("explores every scenario (about 30 s on 2 cores, 90 s with -long)")
	}
	seen := map[string]bool{} // figure edges seen, by "from->to rfc"
	for _, sc := range properties.Scenarios() {
		if endpointViewsOnlyLong[sc.Name] && !*long {
			continue
		}
		v := endpointView(t, sc.Name)
		for _, e := range v.Edges {
			f, inFigure := tcpgraph.InFigure(e)
			_, explained := tcpgraph.Beyond(e)
			if !inFigure && !explained {
				t.Errorf("%s: %s -> %s %q is neither in Figure 5 nor explained in BeyondFigure", sc.Name, e.From, e.To, e.Label)
			}
			if inFigure && f.Scenario == sc.Name {
				seen[figureKey(f)] = true
			}
			for _, f := range tcpgraph.RFCFigure {
				if f.Scenario == "" && f.From == e.From && f.To == e.To && !explained {
					t.Errorf("%s shows %s -> %s %q, which RFCFigure says the model never takes (%s)", sc.Name, e.From, e.To, e.Label, f.Why)
				}
			}
		}
		if v.Relisten {
			seen["CLOSED->LISTEN passive OPEN / create TCB"] = true
		}
	}
	for _, f := range tcpgraph.RFCFigure {
		if f.Scenario != "" && !seen[figureKey(f)] {
			t.Errorf("RFCFigure says %s shows %s -> %s (%s), but its endpoint view has no such edge", f.Scenario, f.From, f.To, f.RFC)
		}
	}
}

func figureKey(f tcpgraph.FigureEdge) string { return fmt.Sprintf("%s->%s %s", f.From, f.To, f.RFC) }

func TestViewsAreTheSameForAnyNumberOfWorkers(t *testing.T) {
	m := scenarioModel(t, "close-wait-leak")
	var want string
	for _, workers := range []int{1, 2, 3} {
		v, err := tcpgraph.Endpoint(context.Background(), m, checker.Options{Workers: workers}, true)
		if err != nil {
			t.Fatal(err)
		}
		p, err := tcpgraph.Pairs(context.Background(), m, checker.Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := v.DOT("x", nil)
		b, _ := p.DOT("x", nil)
		if workers == 1 {
			want = a + b
		} else if a+b != want {
			t.Fatalf("the views with %d workers differ from those with 1", workers)
		}
	}
}

func TestFullViewRefusesLargeSpacesAndDrawsSmallOnes(t *testing.T) {
	_, err := checker.Explore(context.Background(), scenarioModel(t, "default"), checker.Options{MaxStates: 300})
	var big *checker.TooLargeError
	if !errors.As(err, &big) {
		t.Fatalf("Explore(default, 300): %v, want a TooLargeError", err)
	}
	m := tiny(t)
	g, err := checker.Explore(context.Background(), m, checker.Options{MaxStates: 300})
	if err != nil {
		t.Fatal(err)
	}
	text, err := graph.Full("tiny", g, tcpgraph.TCPStyle(m, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	// 186 states, as `timewait check` counts for this configuration.
	if g.Len() != 186 || !strings.Contains(text, "s185 [") || strings.Contains(text, "s186 [") {
		t.Fatalf("the full graph of tiny has %d states, want 186", g.Len())
	}
}

func TestEndpointViewRefusesAPartialExploration(t *testing.T) {
	_, err := tcpgraph.Endpoint(context.Background(), scenarioModel(t, "default"), checker.Options{MaxStates: 1000}, false)
	if err == nil || !strings.Contains(err.Error(), "partial") {
		t.Fatalf("Endpoint with a state limit: %v, want an error saying the view would be partial", err)
	}
}

// docs/graphs.md holds FigureMarkdown between two markers.
func TestFigureTablesInTheDocsAreCurrent(t *testing.T) {
	path := "../../docs/graphs.md"
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- begin figure tables: generated by go test ./graph/tcpgraph -rewrite -->\n", "<!-- end figure tables -->\n"
	i, j := strings.Index(string(text), begin), strings.Index(string(text), end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q and %q", path, begin, end)
	}
	got := string(text[:i+len(begin)]) + tcpgraph.FigureMarkdown() + string(text[j:])
	if *rewrite {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != string(text) {
		t.Errorf("the figure tables in %s are stale; run go test ./graph/tcpgraph -rewrite", path)
	}
}
