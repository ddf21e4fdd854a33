package properties

import (
	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
)

// All returns the property catalogue, in the order reports print it.
func All() []Property {
	return []Property{
		{
			Name:      "no-stale-accept",
			Statement: "no segment sent by an older incarnation is accepted by a newer one: its data delivered, or the newer connection's state changed",
			Kind:      checker.KindAlwaysStep,
			Source:    "RFC 9293 §3.4.1 and §3.6.1 (TIME-WAIT lets old duplicates die); seed: TIME_WAIT's second purpose",
			Applies:   func(c model.Config) bool { return c.Connections > 1 },
			build:     onSteps("no-stale-accept", checker.KindAlwaysStep, noStaleAccept),
		},
		{
			Name:      "data-integrity",
			Statement: "each side delivers exactly a prefix of what the peer's same incarnation sent, in order, without duplicates",
			Kind:      checker.KindAlwaysStep,
			Source:    "RFC 9293 §3.4 (reliable, in-order delivery)",
			Applies:   func(c model.Config) bool { return c.A.Data > 0 || c.B.Data > 0 },
			build:     onSteps("data-integrity", checker.KindAlwaysStep, dataIntegrity),
		},
		{
			Name:      "orderly-close-no-reset",
			Statement: "when no application aborts, no endpoint receives an acceptable RST",
			Kind:      checker.KindAlwaysStep,
			Source:    "TIME_WAIT's first purpose as the usual explanations give it: to re-ACK a retransmitted FIN instead of answering it with a RST (\"connection reset\"); RFC 9293 §3.10.7.4",
			Applies:   func(c model.Config) bool { return c.A.How != model.CallAbort && c.B.How != model.CallAbort },
			build:     onSteps("orderly-close-no-reset", checker.KindAlwaysStep, func(s step) bool { return !s.eff.Reset }),
		},
		{
			Name:      "timewait-only-active-closer",
			Statement: "an endpoint is in TIME-WAIT only if its application closed before the peer's FIN arrived (both do in a simultaneous close)",
			Kind:      checker.KindAlways,
			Source:    "the usual rule \"only the party that initiates an active close enters TIME_WAIT, except on simultaneous close\"; RFC 9293 Figure 5",
			Applies:   everywhere,
			build: always("timewait-only-active-closer", func(w model.World) bool {
				return (w.A.State != model.TimeWait || w.A.ClosedFirst) && (w.B.State != model.TimeWait || w.B.ClosedFirst)
			}),
		},
		{
			Name:      "eventually-closed",
			Statement: "under fair scheduling and finite faults, once A's connection is established, both endpoints end with no connection (A CLOSED, B CLOSED or LISTEN)",
			Kind:      checker.KindLeadsTo,
			Source:    "RFC 9293 §3.6; the usual warning that CLOSE_WAIT lasts forever if the application never calls close",
			Applies:   everywhere,
			build: func(*model.Model) checker.Property[model.World, model.Action] {
				return checker.LeadsTo[model.World, model.Action]("eventually-closed",
					func(w model.World) bool { return w.A.State == model.Established }, bothClosed)
			},
		},
		{
			Name:      "timewait-ends",
			Statement: "under fair scheduling, an endpoint in TIME-WAIT eventually leaves it: the timer is not restarted forever",
			Kind:      checker.KindLeadsTo,
			Source:    "RFC 9293 §3.10.7.4 (TIME-WAIT restarts only on a retransmitted FIN)",
			Applies:   everywhere,
			build: func(*model.Model) checker.Property[model.World, model.Action] {
				return checker.LeadsTo[model.World, model.Action]("timewait-ends",
					func(w model.World) bool { return inState(w, model.TimeWait) },
					func(w model.World) bool { return !inState(w, model.TimeWait) })
			},
		},
		{
			Name:      "timewait-reached",
			Statement: "some endpoint reaches TIME-WAIT",
			Kind:      checker.KindSometimes,
			Source:    "RFC 9293 §3.6, Figure 5",
			Applies:   everywhere,
			build:     sometimes("timewait-reached", func(w model.World) bool { return inState(w, model.TimeWait) }),
		},
		{
			Name:      "closing-reached",
			Statement: "some endpoint reaches CLOSING (the FINs crossed)",
			Kind:      checker.KindSometimes,
			Source:    "RFC 9293 §3.6, Figure 13 (simultaneous close)",
			Applies:   everywhere,
			build:     sometimes("closing-reached", func(w model.World) bool { return inState(w, model.Closing) }),
		},
		{
			Name:      "fin-reacked-in-timewait",
			Statement: "a FIN its sender retransmitted reaches TIME-WAIT, which ACKs it again and restarts its timer (in a run in which the network has duplicated nothing, so the FIN is no network copy)",
			Kind:      checker.KindSometimesStep,
			Source:    "RFC 9293 §3.10.7.4 (TIME-WAIT STATE): TIME_WAIT's first purpose, re-ACKing a retransmitted FIN",
			Applies:   everywhere,
			build:     onSteps("fin-reacked-in-timewait", checker.KindSometimesStep, finRetransmittedReACKed),
		},
		{
			Name:      "timewait-ended-by-rst",
			Statement: "a RST ends a connection in TIME-WAIT before its timer (TIME-WAIT assassination)",
			Kind:      checker.KindSometimesStep,
			Source:    "RFC 1337 §2 (hazard H1)",
			Applies:   everywhere,
			build: onSteps("timewait-ended-by-rst", checker.KindSometimesStep, func(s step) bool {
				return s.a.Kind == model.ActDeliver && s.eff.Reset && s.from.Endpoint(s.eff.Side).State == model.TimeWait
			}),
		},
		{
			Name:      "new-incarnation-established",
			Statement: "A's second connection on the same socket pair reaches ESTABLISHED",
			Kind:      checker.KindSometimes,
			Source:    "RFC 9293 §3.4.1: a new incarnation of the connection",
			Applies:   func(c model.Config) bool { return c.Connections > 1 },
			build: sometimes("new-incarnation-established", func(w model.World) bool {
				return w.A.Conns >= 2 && w.A.State == model.Established
			}),
		},
		{
			Name:      "connect-refused",
			Statement: "A's application connects while its old connection holds the socket pair in TIME-WAIT, and the call is refused",
			Kind:      checker.KindSometimesStep,
			Source:    "RFC 9293 §3.10.1 (OPEN: \"error: connection already exists\"); Linux __inet_check_established (EADDRNOTAVAIL)",
			Applies:   func(c model.Config) bool { return c.Connections > 1 && !c.ConnectInTimeWait },
			build: onSteps("connect-refused", checker.KindSometimesStep, func(s step) bool {
				return s.eff.Note == model.NoteConnectRefused
			}),
		},
	}
}

// ByName returns the property with this name.
func ByName(name string) (Property, bool) {
	for _, p := range All() {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

func inState(w model.World, s model.State) bool { return w.A.State == s || w.B.State == s }

func bothClosed(w model.World) bool {
	return w.A.State == model.Closed && (w.B.State == model.Closed || w.B.State == model.Listen)
}
