package graph_test

import (
	"testing"

	"github.com/timewait/timewait/graph"
)

// needDot skips the test where Graphviz's dot is not on PATH.
func needDot(t *testing.T) {
	t.Helper()
	if _, err := graph.LookDot(); err != nil {
		t.Skipf("%v; this test draws SVG with it", err)
	}
}
