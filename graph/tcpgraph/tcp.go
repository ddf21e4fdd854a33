package tcpgraph

import (
	"fmt"
	"strings"

	"github.com/timewait/timewait/graph"
	"github.com/timewait/timewait/model"
)

// TCPStyle labels the states and steps of m for [graph.Full] and
// [graph.TraceDOT]:
// each endpoint's state and the segments in flight, and the model's own
// step labels. badState and badStep, which may be nil, mark violations.
func TCPStyle(m *model.Model, badState func(model.World) bool, badStep func(model.World, model.Action, model.World) bool) graph.Style[model.World, model.Action] {
	return graph.Style[model.World, model.Action]{
		State:    worldLabel,
		Step:     m.Label,
		BadState: badState,
		BadStep:  badStep,
	}
}

// worldLabel prints a world in three lines: the two states, then what is in
// flight each way (with each segment's age in ticks).
func worldLabel(w model.World) string {
	return fmt.Sprintf("A: %s   B: %s\nA->B: %s\nB->A: %s", w.A.State, w.B.State, inFlight(w.AB.List()), inFlight(w.BA.List()))
}

func inFlight(segs []model.Segment) string {
	if len(segs) == 0 {
		return "-"
	}
	parts := make([]string, len(segs))
	for i, s := range segs {
		parts[i] = fmt.Sprintf("%s (age %d)", s, s.Age)
	}
	return strings.Join(parts, ", ")
}
