// Package rapidwalk runs any checker.Model inside a pgregory.net/rapid
// property-based test: rapid draws which enabled step to take at each point,
// the properties are checked after every step, and a failure shrinks to a
// short step sequence, printed as a trace.
//
// Random walks reach configurations that an exhaustive search cannot; what
// they find is real, and rapid shrinks it, but a walk that finds nothing
// proves nothing.
package rapidwalk

import (
	"fmt"

	"pgregory.net/rapid"

	"github.com/timewait/timewait/checker"
)

// Options configure a walk.
type Options[S, A any] struct {
	// Depth is the greatest number of steps a walk takes (default 50).
	Depth int
	// Format prints a failing trace; the default is Trace.String.
	Format func(t *checker.Trace[S, A]) string
}

// Check takes one random walk of m, drawn by t, and fails t at the first
// violation of an always, always-step or deadlock property, with the trace
// that led to it, made 1-minimal first (see minimize). Sometimes and eventually properties cannot fail a walk and
// are ignored. Use it inside rapid.Check:
//
//	rapid.Check(t, func(t *rapid.T) { rapidwalk.Check(t, m, rapidwalk.Options[S, A]{}, props...) })
func Check[S, A any](t *rapid.T, m checker.Model[S, A], opts Options[S, A], props ...checker.Property[S, A]) {
	if opts.Depth <= 0 {
		opts.Depth = 50
	}
	inits := m.Init()
	if len(inits) == 0 {
		return
	}
	w := &walker[S, A]{t: t, m: m, opts: opts, props: props}
	w.trace.Steps = []checker.Step[S, A]{{Label: "init", State: inits[rapid.IntRange(0, len(inits)-1).Draw(t, "init")]}}
	w.checkState(props)
	steps := rapid.IntRange(0, opts.Depth).Draw(t, "steps")
	var acts []A
	for i := 0; i < steps; i++ {
		st := w.last()
		acts = m.Actions(st, acts[:0])
		var succ []checker.Step[S, A]
		for _, a := range acts {
			if next, ok := m.Next(st, a); ok {
				succ = append(succ, checker.Step[S, A]{Action: a, State: next})
			}
		}
		if len(succ) == 0 {
			w.deadlock(props)
			return
		}
		pick := succ[rapid.IntRange(0, len(succ)-1).Draw(t, "step")]
		pick.Label = label(m, st, pick.Action, pick.State)
		w.checkStep(props, st, pick)
		w.trace.Steps = append(w.trace.Steps, pick)
		w.checkState(props)
	}
}

type walker[S, A any] struct {
	t     *rapid.T
	m     checker.Model[S, A]
	opts  Options[S, A]
	props []checker.Property[S, A]
	trace checker.Trace[S, A]
}

func (w *walker[S, A]) last() S { return w.trace.Steps[len(w.trace.Steps)-1].State }

func (w *walker[S, A]) fail(name, what string) {
	format := w.opts.Format
	if format == nil {
		format = func(t *checker.Trace[S, A]) string { return t.String() }
	}
	t := minimize(w.m, w.trace, w.props)
	w.t.Fatalf("%s %s after %d steps:\n%s", name, what, t.Len(), format(&t))
}

func (w *walker[S, A]) checkState(props []checker.Property[S, A]) {
	for _, p := range props {
		if p.Kind == checker.KindAlways && !p.State(w.last()) {
			w.fail(p.Name, "violated")
		}
	}
}

func (w *walker[S, A]) checkStep(props []checker.Property[S, A], from S, step checker.Step[S, A]) {
	for _, p := range props {
		if p.Kind == checker.KindAlwaysStep && !p.Step(from, step.Action, step.State) {
			w.trace.Steps = append(w.trace.Steps, step)
			w.fail(p.Name, "violated")
		}
	}
}

func (w *walker[S, A]) deadlock(props []checker.Property[S, A]) {
	for _, p := range props {
		if p.Kind != checker.KindDeadlock {
			continue
		}
		if e, ok := w.m.(checker.Ender[S]); !ok || !e.AllowedEnd(w.last()) {
			w.fail(p.Name, "violated: a state without successors")
		}
	}
}

func label[S, A any](m checker.Model[S, A], from S, a A, to S) string {
	if l, ok := m.(checker.Labeler[S, A]); ok {
		return l.Label(from, a, to)
	}
	return fmt.Sprint(a)
}
