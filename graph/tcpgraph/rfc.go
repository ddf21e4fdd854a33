package tcpgraph

import (
	"strings"

	"github.com/timewait/timewait/model"
)

// FigureEdge is one edge of RFC 9293's state diagram (§3.3.2, Figure 5),
// written from the RFC, with where the model shows it.
type FigureEdge struct {
	From, To model.State // the edge's ends
	// RFC is the edge's label in the figure: "event / action".
	RFC string
	// Match is the part of an endpoint-view label that shows this edge,
	// such as "ACK of FIN": the model's labels also name data or a FIN
	// that rode on the same segment.
	Match string
	// Scenario names a scenario whose endpoint view has the edge, or is ""
	// when the model never takes it; Why then says why.
	Scenario string
	Why      string // why the model never takes the edge, when Scenario is ""
}

// RFCFigure is RFC 9293's Figure 5, edge by edge, in the figure's order
// from the top. CLOSED -> LISTEN is the model's B: its listener, opened
// before the run and again whenever its connection's TCB is deleted.
var RFCFigure = []FigureEdge{
	{From: model.Closed, To: model.Listen, RFC: "passive OPEN / create TCB", Match: "passive OPEN", Scenario: "default"},
	{From: model.Closed, To: model.SynSent, RFC: "active OPEN / create TCB, snd SYN", Match: "active OPEN / snd SYN", Scenario: "default"},
	{From: model.Listen, To: model.Closed, RFC: "CLOSE / delete TCB",
		Why: "B's application never closes its listening socket: the model is about connections, not listeners"},
	{From: model.Listen, To: model.SynReceived, RFC: "rcv SYN / snd SYN,ACK", Match: "rcv SYN / snd SYN,ACK", Scenario: "default"},
	{From: model.Listen, To: model.SynSent, RFC: "SEND / snd SYN",
		Why: "B only answers connections; it never sends from LISTEN"},
	{From: model.SynSent, To: model.SynReceived, RFC: "rcv SYN / snd SYN,ACK",
		Why: "simultaneous open needs B to open actively too; B only listens, so A never receives a bare SYN"},
	{From: model.SynSent, To: model.Established, RFC: "rcv SYN,ACK / snd ACK", Match: "rcv SYN,ACK / snd ACK", Scenario: "default"},
	{From: model.SynSent, To: model.Closed, RFC: "CLOSE / delete TCB", Match: "CLOSE", Scenario: "close-in-syn-sent"},
	{From: model.SynReceived, To: model.Established, RFC: "rcv ACK of SYN", Match: "ACK of SYN", Scenario: "default"},
	{From: model.SynReceived, To: model.Listen, RFC: "rcv RST (note 1)", Match: "rcv RST", Scenario: "simultaneous"},
	{From: model.SynReceived, To: model.FinWait1, RFC: "CLOSE / snd FIN", Match: "CLOSE", Scenario: "close-in-syn-received"},
	{From: model.Established, To: model.FinWait1, RFC: "CLOSE / snd FIN", Match: "snd FIN", Scenario: "default"},
	{From: model.Established, To: model.CloseWait, RFC: "rcv FIN / snd ACK", Match: "rcv FIN / snd ACK", Scenario: "default"},
	{From: model.FinWait1, To: model.FinWait2, RFC: "rcv ACK of FIN", Match: "ACK of FIN", Scenario: "default"},
	{From: model.FinWait1, To: model.Closing, RFC: "rcv FIN / snd ACK", Match: "rcv FIN / snd ACK", Scenario: "simultaneous"},
	{From: model.FinWait2, To: model.TimeWait, RFC: "rcv FIN / snd ACK", Match: "rcv FIN / snd ACK", Scenario: "default"},
	{From: model.Closing, To: model.TimeWait, RFC: "rcv ACK of FIN", Match: "ACK of FIN", Scenario: "simultaneous"},
	{From: model.CloseWait, To: model.LastAck, RFC: "CLOSE / snd FIN", Match: "snd FIN", Scenario: "default"},
	{From: model.LastAck, To: model.Closed, RFC: "rcv ACK of FIN", Match: "ACK of FIN", Scenario: "default"},
	{From: model.TimeWait, To: model.Closed, RFC: "Timeout=2MSL / delete TCB", Match: "Timeout=2MSL", Scenario: "default"},
}

// BeyondEdge is a kind of move the model makes that Figure 5 does not
// draw, with the rule that allows it.
type BeyondEdge struct {
	// From is the state moved from; AnyFrom makes it any state.
	From    model.State
	AnyFrom bool
	To      model.State // the state moved to
	Match   string      // how the endpoint-view label starts
	Why     string      // the rule that allows the move
}

// BeyondFigure lists, with its reason, every kind of move outside Figure 5
// that some scenario's endpoint view shows.
var BeyondFigure = []BeyondEdge{
	{From: model.FinWait1, To: model.TimeWait, Match: "rcv FIN, ACK of FIN",
		Why: "a FIN that also acknowledges ours: RFC 9293 §3.10.7.4 (eighth, FIN-WAIT-1: \"If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT\"); Figure 5's note 2 says the figure omits it"},
	{From: model.SynReceived, To: model.CloseWait, Match: "rcv FIN, ACK of SYN",
		Why: "one segment carries the ACK of our SYN and a FIN: §3.10.7.4 takes the ACK (to ESTABLISHED) and then the FIN (to CLOSE-WAIT) in one step"},
	{From: model.Established, To: model.FinWait1, Match: "CLOSE",
		Why: "CLOSE while the send window is full: §3.10.4 queues the FIN \"until all preceding SENDs have been segmentized\"; the FIN leaves once the window opens"},
	{From: model.CloseWait, To: model.LastAck, Match: "CLOSE",
		Why: "as from ESTABLISHED: the FIN waits behind data the full send window holds back (§3.10.4)"},
	{AnyFrom: true, To: model.Closed, Match: "rcv RST",
		Why: "an acceptable RST closes the connection (§3.10.7.4, second check); Figure 5's note 3 omits these for legibility. In TIME-WAIT only with RFC 1337 off"},
	{AnyFrom: true, To: model.Closed, Match: "retransmission limit",
		Why: "the retransmission limit (R2, RFC 9293 §3.8.3 and RFC 1122 §4.2.3.5) aborts the connection; the figure has no timers but 2MSL"},
	{AnyFrom: true, To: model.Closed, Match: "keep-alive limit",
		Why: "unanswered keep-alive probes abort the connection with ABORT's reset (RFC 1122 §4.2.3.6; Linux's tcp_keepalive_timer after TCP_KEEPCNT probes; the keepalive option)"},
	{From: model.Established, To: model.Closed, Match: "ABORT / snd RST",
		Why: "ABORT (SO_LINGER {on, 0}): §3.10.5 sends a RST, deletes the TCB and enters CLOSED; Figure 5's note 3 suggests the resetting side may enter TIME-WAIT instead, which the model does not do"},
	{From: model.FinWait1, To: model.Closed, Match: "rcv FIN, ACK of FIN / snd ACK",
		Why: "with no TIME-WAIT at all (the no-timewait scenario, TimeWait 0) the move into TIME-WAIT ends in CLOSED at once"},
	{From: model.FinWait2, To: model.Closed, Match: "rcv FIN / snd ACK",
		Why: "as above: a TIME-WAIT of length 0"},
	{From: model.FinWait2, To: model.Closed, Match: "FIN-WAIT-2 timeout",
		Why: "Linux's orphaned FIN-WAIT-2 timer (tcp_fin_timeout, the fin-wait-2 option); RFC 9293 has none"},
	{From: model.TimeWait, To: model.SynReceived, Match: "rcv SYN / snd SYN,ACK",
		Why: "a new SYN reopens the connection from TIME-WAIT when its sequence number is above the old connection's (RFC 1122 §4.2.2.13; the tw-reuse option)"},
	{From: model.TimeWait, To: model.SynSent, Match: "active OPEN",
		Why: "the application connects again before TIME-WAIT ends (the connect-in-timewait option, which the socket-pair rule forbids; it is not Linux's tcp_tw_reuse, which needs timestamps and picks the new ISS beyond the old SND.NXT)"},
	{From: model.TimeWait, To: model.Closed, Match: "Timeout=",
		Why: "a TIME-WAIT shorter than 2 MSL (the short-timewait scenario and the sweep)"},
	{From: model.SynReceived, To: model.Listen, Match: "rcv SYN",
		Why: "a SYN in the window of a connection from a passive OPEN returns it to LISTEN (§3.10.7.4 fourth: \"If the connection was initiated with a passive OPEN, then return this connection to the LISTEN state\"); in close-in-syn-sent the SYN of A's next connection reaches B's SYN-RECEIVED for the abandoned one"},
	{From: model.FinWait1, To: model.Closed, Match: "rcv data",
		Why: "data after close(): RFC 1122 §4.2.2.13 answers it with a RST and the connection is gone; in close-in-syn-received A's request reaches B after B closed during the handshake"},
	{From: model.FinWait2, To: model.Closed, Match: "rcv data",
		Why: "as from FIN-WAIT-1: data after close() draws a RST (RFC 1122 §4.2.2.13)"},
	{From: model.Established, To: model.CloseWait, Match: "rcv data",
		Why: "the data unit fills the gap before a FIN held out of order, and the FIN is acted on in the same step: RFC 9293 §3.10.7.4 first (\"Segments with higher beginning sequence numbers SHOULD be held for later processing\") and eighth"},
	{From: model.FinWait2, To: model.TimeWait, Match: "rcv data",
		Why: "as from ESTABLISHED: the data unit releases the held FIN (half-close: A receives B's data and FIN)"},
}

// InFigure returns the edge of Figure 5 that e shows, if any.
func InFigure(e EndpointEdge) (FigureEdge, bool) {
	for _, f := range RFCFigure {
		if f.From == e.From && f.To == e.To && f.Scenario != "" && strings.Contains(e.Label, f.Match) {
			return f, true
		}
	}
	return FigureEdge{}, false
}

// Beyond returns the reason for an edge that is not in Figure 5, if the
// table has one.
func Beyond(e EndpointEdge) (BeyondEdge, bool) {
	for _, b := range BeyondFigure {
		if (b.AnyFrom || b.From == e.From) && b.To == e.To && strings.HasPrefix(e.Label, b.Match) {
			return b, true
		}
	}
	return BeyondEdge{}, false
}
