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
// duplicates and the passing of time are notes of their own. Under each
// row, lines marked ~ say what the step changed: the incarnation that sent
// the segment it acted on and the segment's age, and each TCB field that
// moved (SND.NXT 1->2), was set (retx=3) or stopped (retx off). A liveness
// counterexample (a lasso) is marked where its cycle starts. The output
// depends on the trace only, so it is byte-stable, and it fits 100
// columns: an event too long for its column goes on, indented, on the next
// lines, so that B's column stays in line. ChartLegend explains it.
func Chart(m *model.Model, t *checker.Trace[model.World, model.Action]) string {
	return chart(m, t, false)
}

// ChartVerbose is Chart with everything: after each step (and the initial
// state), both TCBs whole and every segment in flight with the
// incarnation that sent it and its age.
func ChartVerbose(m *model.Model, t *checker.Trace[model.World, model.Action]) string {
	return chart(m, t, true)
}

func chart(m *model.Model, t *checker.Trace[model.World, model.Action], verbose bool) string {
	var b strings.Builder
	detail := func(lines []string) {
		for _, l := range lines {
			for _, w := range wrapDetail(l) {
				fmt.Fprintf(&b, "%4s  %-13s %s\n", "", "", w)
			}
		}
	}
	fmt.Fprintf(&b, "%4s  %-13s %-*s %s\n", "step", "A", eventWidth, "", "B")
	first := t.Steps[0].State
	fmt.Fprintf(&b, "%4d  %-13s %-*s %s\n", 0, first.A.State, eventWidth, "", first.B.State)
	if verbose {
		detail(worldLines(m, first))
	}
	for i := 1; i < len(t.Steps); i++ {
		if t.Lasso && i == t.LoopAt+1 {
			fmt.Fprintf(&b, "      ---- from step %d, the steps below repeat forever ----\n", t.LoopAt)
		}
		from, step := t.Steps[i-1].State, t.Steps[i]
		eff := m.EffectOf(from, step.Action, step.Effect)
		lines := wrapEvent(event(m, step.Action, eff))
		fmt.Fprintf(&b, "%4d  %-13s %-*s %s\n", i, stateCell(from.A, step.State.A), eventWidth, lines[0], stateCell(from.B, step.State.B))
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "%4s  %-13s %s\n", "", "", strings.TrimRight(l, " "))
		}
		detail(changeLines(m, from, step.State, step.Action, eff))
		if verbose {
			detail(worldLines(m, step.State))
		}
	}
	if t.Lasso && t.LoopAt == t.Len() {
		fmt.Fprintf(&b, "      ---- from step %d on, nothing can happen: this state lasts forever ----\n", t.LoopAt)
	}
	return b.String()
}

// StepDetail describes state i of trace t whole, as ChartVerbose prints it
// under the step's row: what the step changed (for i > 0), both TCBs and
// every segment in flight with the incarnation that sent it and its age.
// The SVG chart shows it as each row's hover text.
func StepDetail(m *model.Model, t *checker.Trace[model.World, model.Action], i int) []string {
	st := t.Steps[i]
	var out []string
	if i == 0 {
		out = append(out, "step 0: the initial state")
	} else {
		from := t.Steps[i-1].State
		out = append(out, fmt.Sprintf("step %d: %s", i, st.Label))
		out = append(out, changeLines(m, from, st.State, st.Action, m.EffectOf(from, st.Action, st.Effect))...)
	}
	for _, l := range worldLines(m, st.State) {
		out = append(out, strings.TrimLeft(l, " "))
	}
	return out
}

// detailWidth is the width of a detail line: it starts where the events do
// (column 21) and ends at column 100.
const detailWidth = 100 - 20

// wrapDetail breaks a detail line at spaces to fit detailWidth; the lines
// after the first are indented by four spaces.
func wrapDetail(s string) []string {
	if len(s) <= detailWidth {
		return []string{s}
	}
	var out []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) > detailWidth:
			out = append(out, line)
			line = "    " + word
		default:
			line += " " + word
		}
	}
	return append(out, line)
}

// changeLines say what a step changed: the incarnation and age of the
// segment it delivered, lost or duplicated, and each endpoint's TCB fields
// that moved, were set or stopped.
func changeLines(m *model.Model, from, to model.World, a model.Action, eff *model.Effect) []string {
	var out []string
	switch a.Kind {
	case model.ActDeliver, model.ActLose, model.ActDuplicate:
		out = append(out, "~ "+SegmentOrigin(a.Side, eff.Seg))
	}
	for _, side := range []model.Side{model.A, model.B} {
		if d := tcbChange(m, *from.Endpoint(side), *to.Endpoint(side)); d != "" {
			out = append(out, fmt.Sprintf("~ %s: %s", side, d))
		}
	}
	return out
}

// SegmentOrigin says who sent a segment and how long it has flown: "sent
// by A's incarnation 1, age 2".
func SegmentOrigin(sender model.Side, seg model.Segment) string {
	return fmt.Sprintf("%s sent by %s's incarnation %d, age %d", seg.Kind(), sender, seg.Inc, seg.Age)
}

// tcbChange describes how an endpoint's TCB changed, or "" if it did not.
func tcbChange(m *model.Model, before, after model.Endpoint) string {
	switch {
	case !before.HasTCB() && !after.HasTCB():
		return ""
	case !before.HasTCB():
		return "new TCB " + fieldsText(m.TCB(after))
	case !after.HasTCB():
		return "TCB deleted"
	}
	old := map[string]int{}
	for _, f := range m.TCB(before) {
		old[f.Name] = f.Value
	}
	var parts []string
	now := map[string]bool{}
	for _, f := range m.TCB(after) {
		now[f.Name] = true
		switch v, had := old[f.Name]; {
		case !had:
			parts = append(parts, fmt.Sprintf("%s=%d", f.Name, f.Value))
		case v != f.Value:
			parts = append(parts, fmt.Sprintf("%s %d->%d", f.Name, v, f.Value))
		}
	}
	for _, f := range m.TCB(before) {
		if !now[f.Name] {
			parts = append(parts, f.Name+" off")
		}
	}
	return strings.Join(parts, ", ")
}

func fieldsText(fs []model.TCBField) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s=%d", f.Name, f.Value)
	}
	return strings.Join(parts, " ")
}

// worldLines describe a state whole: each endpoint's TCB and the segments
// in flight each way, with the incarnation that sent each and its age.
func worldLines(m *model.Model, w model.World) []string {
	var out []string
	for _, side := range []model.Side{model.A, model.B} {
		e := *w.Endpoint(side)
		if !e.HasTCB() {
			out = append(out, fmt.Sprintf("  %s  %s, no TCB", side, e.State))
			continue
		}
		out = append(out, fmt.Sprintf("  %s  %s", side, fieldsText(m.TCB(e))))
	}
	for _, side := range []model.Side{model.A, model.B} {
		segs := w.Channel(side).List()
		if len(segs) == 0 {
			out = append(out, fmt.Sprintf("  %s->%s  nothing in flight", side, side.Peer()))
			continue
		}
		parts := make([]string, len(segs))
		for i, s := range segs {
			parts[i] = fmt.Sprintf("%s (inc %d, age %d)", s, s.Inc, s.Age)
		}
		out = append(out, fmt.Sprintf("  %s->%s  %s", side, side.Peer(), strings.Join(parts, ", ")))
	}
	return out
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
~    what the step changed: the incarnation that sent the segment and its age (ticks in
     flight); TCB fields that moved (SND.NXT 1->2), were set (retx=3: ticks left) or stopped
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
func event(m *model.Model, a model.Action, eff *model.Effect) string {
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
