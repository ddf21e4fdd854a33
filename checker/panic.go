package checker

import (
	"fmt"
	"runtime/debug"
)

// PanicError is the error an entry point returns when the model (Init,
// Actions, Next, Encode, Label, FairnessClass, AllowedEnd) or a property's
// predicate panics, instead of the panic ending the process. It is
// returned also when the panic happened in one of the search's worker
// goroutines. Test for it with errors.As and the model's types:
//
//	var pe *checker.PanicError[State, Action]
//	if errors.As(err, &pe) { fmt.Print(pe.Trace) }
//
// Like every result of the search it is the same for any number of
// workers: when several states of a level panic, it is the first of them
// in breadth-first order.
type PanicError[S, A any] struct {
	// Value is the value the panic was called with.
	Value any
	// Stack is the stack of the goroutine that panicked, at the panic.
	Stack []byte
	// Trace leads from an initial state to the state whose step (or whose
	// evaluation) panicked: its last state is that state. It is nil when
	// the panic came before any state was known (in Init) or while a trace
	// was being rebuilt.
	Trace *Trace[S, A]
}

// Error names the panic's value and the depth of the state it came from.
func (e *PanicError[S, A]) Error() string {
	if e.Trace == nil {
		return fmt.Sprintf("checker: the model panicked: %v", e.Value)
	}
	return fmt.Sprintf("checker: the model panicked in a state at depth %d: %v", e.Trace.Len(), e.Value)
}

// caught is a panic recovered in the search: its value and stack, and
// where it happened (the state index of a level, optionally followed by
// the step with action index step, as in found).
type caught struct {
	value any
	stack []byte
	at    found
}

// recovered turns a panic that reached an entry point into a
// *PanicError without a trace, unless err already holds one. Use it as
// defer recovered(&err).
func recovered[S, A any](err *error) {
	if v := recover(); v != nil {
		*err = &PanicError[S, A]{Value: v, Stack: debug.Stack()}
	}
}

// safeReplay is replay for a trace to a state where the model panicked: if
// replaying panics too (a model that is not deterministic), it returns nil.
func safeReplay[S, A any](m Model[S, A], st S, actions []int) (t *Trace[S, A]) {
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	return replay(m, st, actions)
}

// panicError makes the error of a panic caught by the search, with the
// trace to the state it came from.
func (s *search[S, A]) panicError(c *caught) error {
	root, actions := s.path(c.at.level, c.at.index)
	if c.at.step >= 0 {
		actions = append(actions, c.at.step)
	}
	var t *Trace[S, A]
	if root < len(s.init) {
		t = safeReplay(s.m, s.init[root], actions)
	}
	return &PanicError[S, A]{Value: c.value, Stack: c.stack, Trace: t}
}
