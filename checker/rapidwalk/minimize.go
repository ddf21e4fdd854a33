package rapidwalk

import (
	"reflect"

	"github.com/timewait/timewait/checker"
)

// minimize shortens a failing trace by delta debugging: it deletes one step
// at a time and replays the remaining actions, matched by value, from the
// same initial state; when the shorter walk still violates a property, it is
// kept. It stops when no single deletion still fails, so the result is
// 1-minimal. rapid shrinks the drawn numbers first, but deleting a draw
// re-interprets every later draw against a different state, so its results
// can be longer than needed; this pass is deterministic and closes the gap.
func minimize[S, A any](m checker.Model[S, A], t checker.Trace[S, A], props []checker.Property[S, A]) checker.Trace[S, A] {
	actions := make([]A, 0, t.Len())
	for _, s := range t.Steps[1:] {
		actions = append(actions, s.Action)
	}
	init := t.Steps[0].State
	for shrunk := true; shrunk; {
		shrunk = false
		for i := range actions {
			cand := append(append([]A(nil), actions[:i]...), actions[i+1:]...)
			if tr, ok := failing(m, init, cand, props); ok {
				actions, t, shrunk = cand[:tr.Len()], tr, true
				break
			}
		}
	}
	return t
}

// failing replays actions from init and reports the trace up to the first
// violation, if there is one and every action was enabled where it was taken.
func failing[S, A any](m checker.Model[S, A], init S, actions []A, props []checker.Property[S, A]) (checker.Trace[S, A], bool) {
	t := checker.Trace[S, A]{Steps: []checker.Step[S, A]{{Label: "init", State: init}}}
	if violates(props, init) {
		return t, true
	}
	st := init
	var buf []A
	for _, a := range actions {
		buf = m.Actions(st, buf[:0])
		enabled := false
		for _, b := range buf {
			if reflect.DeepEqual(a, b) {
				enabled = true
				break
			}
		}
		if !enabled {
			return t, false
		}
		next, ok := m.Next(st, a)
		if !ok {
			return t, false
		}
		t.Steps = append(t.Steps, checker.Step[S, A]{Action: a, Label: label(m, st, a, next), State: next})
		if violatesStep(props, st, a, next) || violates(props, next) {
			return t, true
		}
		st = next
	}
	return t, false
}

func violates[S, A any](props []checker.Property[S, A], s S) bool {
	for _, p := range props {
		if p.Kind == checker.KindAlways && !p.State(s) {
			return true
		}
	}
	return false
}

func violatesStep[S, A any](props []checker.Property[S, A], from S, a A, to S) bool {
	for _, p := range props {
		if p.Kind == checker.KindAlwaysStep && !p.Step(from, a, to) {
			return true
		}
	}
	return false
}
