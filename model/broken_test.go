package model_test

import (
	"flag"
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

	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	rapid.Check(rec, func(rt *rapid.T) {
		rapidwalk.Check(rt, m, rapidwalk.Options[model.World, model.Action]{
			Depth:  40,
			Format: func(tr *checker.Trace[model.World, model.Action]) string { return properties.Chart(m, tr) },
		}, prop)
	})
	steps := -1
	if i := strings.Index(rec.out, "orderly-close-no-reset violated after "); i >= 0 {
		fmt.Sscanf(rec.out[i:], "orderly-close-no-reset violated after %d steps", &steps)
	}
	t.Logf("BFS shortest %d steps, shrunk walk %d steps", shortest, steps)
	if !rec.failed || steps < shortest || steps > shortest+2 {
		t.Fatalf("want the walk to fail and shrink to %d..%d steps; got failed=%v, %d steps:\n%s", shortest, shortest+2, rec.failed, steps, rec.out)
	}
	if !strings.Contains(rec.out, "step  A") {
		t.Errorf("the failure is not printed as a sequence chart:\n%s", rec.out)
	}
}

// recorder is a rapid.TB that records a failure instead of failing the test.
type recorder struct {
	out    string
	failed bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Name() string                 { return "recorder" }
func (r *recorder) Logf(f string, args ...any)   { r.out += fmt.Sprintf(f, args...) + "\n" }
func (r *recorder) Log(args ...any)              { r.out += fmt.Sprintln(args...) }
func (r *recorder) Skipf(string, ...any)         {}
func (r *recorder) Skip(...any)                  {}
func (r *recorder) SkipNow()                     {}
func (r *recorder) Errorf(f string, args ...any) { r.Logf(f, args...); r.failed = true }
func (r *recorder) Error(args ...any)            { r.Log(args...); r.failed = true }
func (r *recorder) Fatalf(f string, args ...any) { r.Errorf(f, args...) }
func (r *recorder) Fatal(args ...any)            { r.Error(args...) }
func (r *recorder) FailNow()                     { r.failed = true }
func (r *recorder) Fail()                        { r.failed = true }
func (r *recorder) Failed() bool                 { return r.failed }
