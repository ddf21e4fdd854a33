package graph

import "fmt"

// IncompleteError is returned by a view whose exploration stopped before it
// had seen every state (a limit, or a cancelled context), or whose layout
// was stopped by a signal: a partial view would look complete, so none is
// made.
type IncompleteError struct {
	Reason string // the checker's stop reason, or what stopped dot
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("graph: stopped early (%s); the view would be partial", e.Reason)
}
