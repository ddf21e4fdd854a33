// Package tcpview is the TCP layer of the explorer: it serves the TCP
// model with the catalogue's properties and adds the views that know TCP.
// Both endpoints' state and TCB (SND.UNA, SND.NXT, RCV.NXT, RCV.WND, the
// timers), the applications' progress, the segments in flight each way
// with their flags, numbers, age and incarnation, the sequence chart of the
// path so far (tcpgraph.ChartSVG) and RFC 9293's state diagram as the
// scenario's endpoint view (tcpgraph.Endpoint), with both endpoints' current
// states and the path's moves highlighted. It opens trace files of the
// configuration it serves: ITF (properties.ITFVars) and the text charts of
// timewait check.
package tcpview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/explore"
	"github.com/timewait/timewait/graph/tcpgraph"
	"github.com/timewait/timewait/itf"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/properties"
)

// Model is the TCP model as the explorer serves it. It is a
// checker.Model (the embedded model's methods), and implements
// explore.Formatter and explore.Viewer.
type Model struct {
	*model.Model
	scenario string
	search   checker.Options
	ctx      context.Context
	safety   properties.Violations

	once sync.Once
	view struct {
		sync.Mutex
		done bool
		v    *tcpgraph.EndpointView
		err  error
	}
}

// New returns the explorer's model of m, a configuration called scenario.
// ctx bounds the computation of the endpoint view, which runs with
// search's workers and limits the first time a page asks for it.
func New(ctx context.Context, scenario string, m *model.Model, search checker.Options) *Model {
	return &Model{Model: m, scenario: scenario, search: search, ctx: ctx, safety: properties.SafetyPredicates(m, m.Config())}
}

// Options are the explorer's options for the model: its title, the
// catalogue's properties that apply to its configuration, the searches'
// options and the trace files it opens.
func (m *Model) Options() explore.Options[model.World, model.Action] {
	var props []checker.Property[model.World, model.Action]
	for _, p := range properties.All() {
		if p.Applies(m.Config()) {
			props = append(props, p.For(m.Model))
		}
	}
	return explore.Options[model.World, model.Action]{
		Title:      "timewait explore: " + m.scenario,
		Properties: props,
		Search:     m.search,
		OpenTrace:  m.OpenTrace,
	}
}

// Format prints a world as the model does.
func (m *Model) Format(w model.World) string { return w.String() }

// IsITF reports whether a trace file's data is an ITF trace (a JSON
// object, as check --trace-out writes it) rather than the text that check
// prints; OpenTrace and timewait explore --trace tell them apart so.
func IsITF(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// OpenTrace reads a trace file and replays it against the model: an ITF
// trace written by timewait check --trace-out, or the text that timewait
// check prints (with --show, or its shortest counterexample), whose
// sequence chart it follows step by step. A file of another configuration
// is refused: the explorer serves one model.
func (m *Model) OpenTrace(data []byte) (*checker.Trace[model.World, model.Action], error) {
	if !IsITF(data) {
		text := strings.TrimSpace(string(data))
		rows, err := parseChart(text)
		if err != nil {
			return nil, err
		}
		name, cfg, found, err := CheckOutputConfig(text)
		if err != nil {
			return nil, err
		}
		if diff := properties.Differences(cfg, m.Config()); found && len(diff) > 0 {
			return nil, fmt.Errorf("the trace is of scenario %s, another configuration (%s where this server has %s); open it with timewait explore --trace FILE",
				name, strings.Join(diff, " "), strings.Join(properties.Differences(m.Config(), cfg), " "))
		}
		return m.textTrace(rows)
	}
	t, err := itf.Parse(data)
	if err != nil {
		return nil, err
	}
	cfg, err := properties.ConfigFromITF(t.Meta)
	if err != nil {
		return nil, err
	}
	if diff := properties.Differences(cfg, m.Config()); len(diff) > 0 {
		return nil, fmt.Errorf("the trace is of another configuration (%s where this server has %s); open it with timewait explore --trace FILE",
			strings.Join(diff, " "), strings.Join(properties.Differences(m.Config(), cfg), " "))
	}
	tr, err := itf.Replay(m.Model, t, properties.ITFVars)
	var step *itf.StepError
	if errors.As(err, &step) {
		return nil, fmt.Errorf("%v; the file is not a behaviour of the model", step)
	}
	return tr, err
}

// Panels are the TCP views of the path t.
func (m *Model) Panels(ctx context.Context, t *checker.Trace[model.World, model.Action]) []explore.Panel {
	w := t.Steps[len(t.Steps)-1].State
	return []explore.Panel{
		m.endpoints(w),
		m.network(w, model.A),
		m.network(w, model.B),
		m.chart(t),
		m.diagram(ctx, t),
	}
}

func (m *Model) endpoints(w model.World) explore.Panel {
	c := m.Config()
	rows := [][]string{}
	add := func(name string, f func(side model.Side, e *model.Endpoint) string) {
		rows = append(rows, []string{name, f(model.A, &w.A), f(model.B, &w.B)})
	}
	tcb := func(f func(e *model.Endpoint) string) func(model.Side, *model.Endpoint) string {
		return func(_ model.Side, e *model.Endpoint) string {
			if e.State == model.Closed || e.State == model.Listen {
				return "-" // no TCB
			}
			return f(e)
		}
	}
	seq := func(f func(e *model.Endpoint) model.Seq) func(model.Side, *model.Endpoint) string {
		return tcb(func(e *model.Endpoint) string { return strconv.Itoa(int(f(e))) })
	}
	add("state", func(_ model.Side, e *model.Endpoint) string { return e.State.String() })
	add("ISS", seq(func(e *model.Endpoint) model.Seq { return e.ISS }))
	add("SND.UNA", seq(func(e *model.Endpoint) model.Seq { return e.SndUna }))
	add("SND.NXT", seq(func(e *model.Endpoint) model.Seq { return e.SndNxt }))
	// In SYN-SENT no SYN has come yet: the receive side is unknown.
	recv := func(f func(e *model.Endpoint) model.Seq) func(model.Side, *model.Endpoint) string {
		return func(side model.Side, e *model.Endpoint) string {
			if e.State == model.SynSent {
				return "-"
			}
			return seq(f)(side, e)
		}
	}
	add("IRS", recv(func(e *model.Endpoint) model.Seq { return e.IRS }))
	add("RCV.NXT", recv(func(e *model.Endpoint) model.Seq { return e.RcvNxt }))
	add("RCV.WND", tcb(func(*model.Endpoint) string { return strconv.Itoa(c.Window) }))
	add("retransmission timer", tcb(func(e *model.Endpoint) string {
		return fmt.Sprintf("%s, %d retransmitted", timer(e.Retx), e.Retries)
	}))
	add("TIME-WAIT timer", tcb(func(e *model.Endpoint) string { return timer(e.TimeWait) }))
	add("FIN-WAIT-2 timer", tcb(func(e *model.Endpoint) string { return timer(e.FinWait2) }))
	add("incarnation", func(_ model.Side, e *model.Endpoint) string { return strconv.Itoa(int(e.Inc)) })
	add("application", func(side model.Side, e *model.Endpoint) string { return progress(c, side, e) })
	return explore.Panel{ID: "endpoints", Title: "Endpoints", Header: []string{"", "A (client)", "B (server)"}, Rows: rows,
		Note: fmt.Sprintf("sequence numbers modulo %d; timers in ticks; MSL %d ticks, TIME-WAIT %d", c.SeqSpace, c.MSL, c.TimeWait)}
}

// timer prints a timer: off, due, or the ticks left.
func timer(t model.Timer) string {
	switch {
	case !t.Armed():
		return "off"
	case t.Due():
		return "due"
	}
	return fmt.Sprintf("%d left", t.Left())
}

// progress is what an application has done so far.
func progress(c model.Config, side model.Side, e *model.Endpoint) string {
	app := c.App(side)
	var parts []string
	if side == model.A {
		parts = append(parts, fmt.Sprintf("connected %d of %d times", e.Conns, c.Connections))
	} else {
		parts = append(parts, "listens")
	}
	if e.State != model.Closed && e.State != model.Listen {
		parts = append(parts, fmt.Sprintf("sent %d of %d data units", e.Sent, app.Data))
		switch {
		case e.AppClosed:
			parts = append(parts, "called "+app.How.String())
		default:
			parts = append(parts, "not closed")
		}
		if e.FinSent {
			parts = append(parts, "FIN sent")
		}
	}
	return strings.Join(parts, "; ")
}

func (m *Model) network(w model.World, from model.Side) explore.Panel {
	c := m.Config()
	ch := w.Channel(from)
	rows := [][]string{}
	for i, s := range ch.List() {
		ack := "-"
		if s.Has(model.ACK) {
			ack = strconv.Itoa(int(s.Ack))
		}
		rows = append(rows, []string{"#" + strconv.Itoa(i), s.Flags.String(), strconv.Itoa(int(s.Seq)), ack, strconv.Itoa(int(s.Len)),
			fmt.Sprintf("%d of %d", s.Age, c.MSL), strconv.Itoa(int(s.Inc))})
	}
	order := "FIFO"
	if c.Reorder {
		order = "may reorder"
	}
	note := fmt.Sprintf("%d of %d in flight, %s; lost so far %d of %d, duplicated %d of %d", ch.N, c.Capacity, order, w.Lost, c.Loss, w.Duped, c.Duplicate)
	id := map[model.Side]string{model.A: "net-ab", model.B: "net-ba"}[from]
	return explore.Panel{ID: id, Title: fmt.Sprintf("Network %s → %s", from, from.Peer()),
		Header: []string{"", "flags", "seq", "ack", "len", "age", "incarnation"}, Rows: rows, Note: note}
}

// violation reports whether t's last step or state violates a safety
// property that applies.
func (m *Model) violation(t *checker.Trace[model.World, model.Action]) bool {
	n := len(t.Steps)
	if n < 2 {
		return m.safety.State(t.Steps[0].State)
	}
	last := t.Steps[n-1]
	return m.safety.State(last.State) || m.safety.Step(t.Steps[n-2].State, last.Action, last.State)
}

func (m *Model) chart(t *checker.Trace[model.World, model.Action]) explore.Panel {
	title := fmt.Sprintf("%s: the path so far, %d steps", m.scenario, t.Len())
	note := ""
	if m.violation(t) {
		note = "The last step violates a safety property (in red)."
	}
	return explore.Panel{ID: "chart", Title: "Sequence chart", SVG: string(tcpgraph.ChartSVG(title, m.Model, t, m.violation(t))), Note: note}
}
