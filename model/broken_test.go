package model_test

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/checker/rapidwalk"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// A TCP that accepts any segment is caught by random walks, which shrink
// the failure to no more than two steps beyond BFS's shortest counterexample.
func TestRandomWalksCatchATCPThatAcceptsAnySegment(t *testing.T) {
	c := model.DefaultConfig()
	c.Connections = 1
	model.BreakAcceptability(&c)
	m, err := model.New(c)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := properties.ByName("orderly-close-no-reset")
	prop := p.For(m)
	r, err := checker.Check(t.Context(), m, checker.Options{}, prop)
	if err != nil || r.Results[0].Verdict != checker.Violated {
		t.Fatalf("BFS: %v, %v; want a violation", err, r.Results[0].Verdict)
	}
	shortest := r.Results[0].Trace.Len()

	out, failed := rapidwalk.Catch(func(rt *rapid.T) {
		rapidwalk.Check(rt, m, rapidwalk.Options[model.World, model.Action]{
			Depth:  40,
			Format: func(tr *checker.Trace[model.World, model.Action]) string { return properties.Chart(m, tr) },
		}, prop)
	})
	steps := -1
	if i := strings.Index(out, "orderly-close-no-reset violated after "); i >= 0 {
		fmt.Sscanf(out[i:], "orderly-close-no-reset violated after %d steps", &steps)
	}
	t.Logf("BFS shortest %d steps, shrunk walk %d steps", shortest, steps)
	if !failed || steps < shortest || steps > shortest+2 {
		t.Fatalf("want the walk to fail and shrink to %d..%d steps; got failed=%v, %d steps:\n%s", shortest, shortest+2, failed, steps, out)
	}
	if !strings.Contains(out, "step  A") {
		t.Errorf("the failure is not printed as a sequence chart:\n%s", out)
	}
}
