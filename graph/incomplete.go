package graph

import "fmt"

// IncompleteError is returned by a view whose exploration stopped before it
// had seen every state (a limit, or a cancelled context): a partial view
// would look complete, so none is made.
type IncompleteError struct {
	Reason string // the checker's stop reason
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("graph: the exploration stopped early (%s); the view would be partial", e.Reason)
}
