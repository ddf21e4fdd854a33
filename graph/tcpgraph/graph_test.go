package tcpgraph_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/graph/tcpgraph"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the golden files in testdata")

var long = flag.Bool("long", false, "also draw the endpoint views of the catalogue's largest scenarios")

// golden compares got with testdata/name, or rewrites it with -rewrite.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *rewrite {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graph/tcpgraph -rewrite to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: got\n%s\n(run go test ./graph/tcpgraph -rewrite after checking the change)", path, got)
	}
}

func scenarioModel(t *testing.T, name string) *model.Model {
	t.Helper()
	sc, ok := properties.ScenarioByName(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	m, err := model.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// endpointViews computes each scenario's endpoint view once per test run.
var endpointViews sync.Map // name -> func() (*tcpgraph.EndpointView, error)

func endpointView(t *testing.T, name string) *tcpgraph.EndpointView {
	t.Helper()
	m := scenarioModel(t, name)
	f, _ := endpointViews.LoadOrStore(name, sync.OnceValues(func() (*tcpgraph.EndpointView, error) {
		return tcpgraph.Endpoint(context.Background(), m, checker.Options{}, false)
	}))
	v, err := f.(func() (*tcpgraph.EndpointView, error))()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// noTimewaitCounterexample is the shortest counterexample of no-timewait:
// the lost final ACK that ends in a reset for the passive closer.
func noTimewaitCounterexample(t *testing.T) (*model.Model, *checker.Trace[model.World, model.Action]) {
	t.Helper()
	sc, _ := properties.ScenarioByName("no-timewait")
	r, err := properties.Check(context.Background(), sc.Name, sc.Config, checker.Options{CollectAll: true})
	if err != nil {
		t.Fatal(err)
	}
	v, ok := r.Shortest()
	if !ok || v.Property.Name != "orderly-close-no-reset" {
		t.Fatalf("no-timewait's shortest counterexample is %q, want orderly-close-no-reset", v.Property.Name)
	}
	return r.Model, v.Result.Trace
}

// checkDOT asserts that text parses back with gographviz and that
// Graphviz's dot lays it out as SVG (the test is skipped, saying so, where
// dot is not installed; CI installs it).
func checkDOT(t *testing.T, text string) {
	t.Helper()
	if err := graph.Parse(text); err != nil {
		t.Fatal(err)
	}
	needDot(t)
	svg, err := graph.SVG(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("</svg>")) || graph.GraphvizVersion(svg) == "" {
		t.Fatalf("dot -Tsvg gave no SVG of Graphviz's:\n%.300s", svg)
	}
}

// needDot skips the test where Graphviz's dot is not on PATH.
func needDot(t *testing.T) {
	t.Helper()
	if _, err := graph.LookDot(); err != nil {
		t.Skipf("%v; this test draws SVG with it", err)
	}
}
