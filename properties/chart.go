package properties

import (
	"fmt"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// Chart renders a trace as a message sequence chart: one row per step with
// A's state, what happened, and B's state. Segments A sends point right
// (-->), segments B sends point left (<--); the network's losses and
// duplicates and the passing of time are notes of their own. A liveness
// counterexample (a lasso) is marked where its cycle starts. The output
// depends on the trace only, so it is byte-stable, and it fits 100
// columns: an event too long for its column goes on, indented, on the next
// lines, so that B's column stays in line. ChartLegend explains it.
func Chart(m *model.Model, t *checker.Trace[model.World, model.Action]) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%4s  %-13s %-*s %s\n", "step", "A", eventWidth, "", "B")
	first := t.Steps[0].State
	fmt.Fprintf(&b, "%4d  %-13s %-*s %s\n", 0, first.A.State, eventWidth, "", first.B.State)
	for i := 1; i < len(t.Steps); i++ {
		if t.Lasso && i == t.LoopAt+1 {
			fmt.Fprintf(&b, "      ---- from step %d, the steps below repeat forever ----\n", t.LoopAt)
		}
		from, step := t.Steps[i-1].State, t.Steps[i]
		_, eff, _ := m.Step(from, step.Action)
		lines := wrapEvent(event(m, step.Action, eff))
		fmt.Fprintf(&b, "%4d  %-13s %-*s %s\n", i, stateCell(from.A, step.State.A), eventWidth, lines[0], stateCell(from.B, step.State.B))
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "%4s  %-13s %s\n", "", "", strings.TrimRight(l, " "))
		}
	}
	if t.Lasso && t.LoopAt == t.Len() {
		fmt.Fprintf(&b, "      ---- from step %d on, nothing can happen: this state lasts forever ----\n", t.LoopAt)
	}
	return b.String()
}

// eventWidth is the width of the middle column: with the step number and
// A's and B's columns (13, as wide as SYN-RECEIVED*), a row fits 100
// columns.
const eventWidth = 65

// ChartLegend explains the marks of a [Chart]; the CLI prints it under the
// first chart of its output.
const ChartLegend = `-->  a segment A sends (or B receives), <--  one B sends (or A receives)
*    the endpoint's state changed in this step
(unacceptable), (challenge ACK), ...  why the receiver did what it did (RFC 9293 §3.10.7)
x lost, = duplicated, . tick  the network loses or copies a segment, time passes
`

// wrapEvent splits an event too wide for its column at the " | " between
// the step's parts; each later part is indented by two spaces.
func wrapEvent(s string) []string {
	if len(s) <= eventWidth {
		return []string{s}
	}
	parts := strings.Split(s, " | ")
	lines := []string{parts[0]}
	for _, p := range parts[1:] {
		last := &lines[len(lines)-1]
		if len(*last)+3+len(p) <= eventWidth {
			*last += " | " + p
			continue
		}
		lines = append(lines, "  | "+p)
	}
	return lines
}

// stateCell prints the state after the step, marked with * when it changed.
func stateCell(before, after model.Endpoint) string {
	if before.State != after.State {
		return after.State.String() + "*"
	}
	return after.State.String()
}

// event describes one step in the middle column.
func event(m *model.Model, a model.Action, eff model.Effect) string {
	arrow := func(from model.Side) string {
		if from == model.A {
			return "-->"
		}
		return "<--"
	}
	var s string
	switch a.Kind {
	case model.ActTick:
		return "   . tick"
	case model.ActLose:
		return fmt.Sprintf("   x lost %s->%s %s", a.Side, a.Side.Peer(), eff.Seg)
	case model.ActDuplicate:
		return fmt.Sprintf("   = duplicated %s->%s %s", a.Side, a.Side.Peer(), eff.Seg)
	case model.ActDeliver:
		s = fmt.Sprintf("%s: %s %s", eff.Side, arrow(a.Side), eff.Seg)
	case model.ActConnect:
		s = "A: connect"
	case model.ActClose:
		s = fmt.Sprintf("%s: %s", eff.Side, m.Config().App(eff.Side).How)
	case model.ActRetx:
		s = fmt.Sprintf("%s: retransmission timer", eff.Side)
	case model.ActTimeWait:
		s = fmt.Sprintf("%s: TIME-WAIT timer", eff.Side)
	case model.ActFinWait2:
		s = fmt.Sprintf("%s: FIN-WAIT-2 timer", eff.Side)
	case model.ActKeepalive:
		s = fmt.Sprintf("%s: keep-alive timer", eff.Side)
	}
	for _, seg := range eff.Sent {
		s += fmt.Sprintf(" | %s %s", arrow(eff.Side), seg)
	}
	if eff.Note != model.NoteNone {
		s += " (" + eff.Note.String() + ")"
	}
	return s
}
