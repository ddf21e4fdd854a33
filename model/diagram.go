package model

import (
	"fmt"
	"strings"
)

// Transition is one step as RFC 9293's state diagram (§3.3.2, Figure 5)
// would label it: the endpoint that moved, its state before and after, the
// event ("rcv FIN", "CLOSE", "Timeout=2MSL") and the action ("snd ACK",
// or "" when it sent nothing).
//
// The model's B is a server whose listener takes the socket pair back as
// soon as its connection's TCB is deleted (step.go). A Transition shows
// that deletion as the RFC does, as a move to CLOSED, and sets Relisten:
// the listener's return to LISTEN is the RFC's "passive OPEN" from CLOSED.
type Transition struct {
	Side     Side   // the endpoint that moved
	From, To State  // its state before and after
	Event    string // what happened to it, such as "rcv FIN"
	Action   string // what it sent, such as "snd ACK", or ""
	Relisten bool   // B's TCB was deleted and its listener took the socket pair back
}

// String prints the transition as the diagram labels its edges, for
// example "FIN-WAIT-2 -> TIME-WAIT: rcv FIN / snd ACK".
func (t Transition) String() string {
	return fmt.Sprintf("%s -> %s: %s", t.From, t.To, t.Label())
}

// Label is the edge label alone: "event / action", or the event when
// nothing was sent.
func (t Transition) Label() string {
	if t.Action == "" {
		return t.Event
	}
	return t.Event + " / " + t.Action
}

// Transition describes the step that takes a in from, as the endpoint
// that acted saw it. ok is false for steps of the network and of time
// (loss, duplication, a tick), which no endpoint takes, for a refused
// connect, which changes no state and is no edge of the RFC's diagram, and
// for actions outside the model's bounds. From == To for steps that leave the
// endpoint's state as it was (a retransmission, a re-ACKed FIN).
func (m *Model) Transition(from World, a Action) (t Transition, ok bool) {
	to, eff, ok := m.cfg.step(from, a)
	if !ok {
		return Transition{}, false
	}
	return m.TransitionEffect(from, a, to, &eff)
}

// TransitionEffect is Transition for a step taken, from `from` to `to`,
// whose effect is known (as the checker hands it over): it does not take
// the step again.
func (m *Model) TransitionEffect(from World, a Action, to World, eff *Effect) (t Transition, ok bool) {
	switch {
	case a.Kind == ActLose, a.Kind == ActDuplicate, a.Kind == ActTick, eff.Note == NoteConnectRefused:
		return Transition{}, false
	}
	side := eff.Side
	t = Transition{Side: side, From: from.Endpoint(side).State, To: to.Endpoint(side).State}
	if side == B && t.To == Listen && t.From != Listen && eff.Note != NoteBackToListen {
		t.To, t.Relisten = Closed, true
	}
	t.Event = m.event(a, *eff, t)
	t.Action = sentText(eff.Sent)
	return t, true
}

// event names what happened to the endpoint in the diagram's words.
func (m *Model) event(a Action, eff Effect, t Transition) string {
	switch a.Kind {
	case ActConnect:
		return "active OPEN"
	case ActClose:
		return [...]string{"CLOSE", "CLOSE (shutdown)", "ABORT"}[m.cfg.App(eff.Side).How]
	case ActRetx:
		if eff.Note == NoteGaveUp {
			return "retransmission limit"
		}
		return "retransmission timeout"
	case ActTimeWait:
		if m.cfg.MSL > 0 && m.cfg.TimeWait%m.cfg.MSL == 0 {
			return fmt.Sprintf("Timeout=%dMSL", m.cfg.TimeWait/m.cfg.MSL)
		}
		return fmt.Sprintf("Timeout=%d ticks", m.cfg.TimeWait)
	case ActFinWait2:
		return "FIN-WAIT-2 timeout"
	case ActKeepalive:
		if eff.Note == NoteKeepaliveTimeout {
			return "keep-alive limit"
		}
		return "keep-alive probe"
	}
	return "rcv " + received(eff.Seg, t)
}

// received names a segment as the diagram does: "SYN", "SYN,ACK", "RST",
// or its FIN, data and ACK, where an ACK that moves the endpoint on is
// "ACK of SYN" or "ACK of FIN".
func received(seg Segment, t Transition) string {
	switch {
	case seg.Has(RST):
		return "RST"
	case seg.Has(SYN):
		return seg.Flags.String()
	}
	var parts []string
	if seg.Has(FIN) {
		parts = append(parts, "FIN")
	}
	if seg.Len > 0 {
		parts = append(parts, "data")
	}
	switch {
	case !seg.Has(ACK):
	case t.From == SynReceived && t.To != SynReceived && t.To != Listen && t.To != Closed:
		parts = append(parts, "ACK of SYN")
	case (t.From == FinWait1 && t.To != FinWait1 && t.To != Closing) ||
		(t.From == Closing && t.To == TimeWait) || (t.From == LastAck && t.To == Closed):
		parts = append(parts, "ACK of FIN")
	case len(parts) == 0:
		parts = append(parts, "ACK")
	}
	return strings.Join(parts, ", ")
}

// sentText names the segments a step sent: "snd ACK", "snd SYN,ACK",
// "snd FIN", "snd ACK, data".
func sentText(sent []Segment) string {
	if len(sent) == 0 {
		return ""
	}
	names := make([]string, len(sent))
	for i, s := range sent {
		switch {
		case s.Has(SYN) || s.Has(RST):
			names[i] = s.Flags.String()
		case s.Has(FIN):
			names[i] = "FIN"
		case s.Len > 0:
			names[i] = "data"
		default:
			names[i] = "ACK"
		}
	}
	return "snd " + strings.Join(names, ", ")
}
