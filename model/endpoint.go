package model

// Side names an endpoint: A, the client that opens connections, or B, the
// server that listens.
type Side uint8

// The two endpoints.
const (
	A Side = iota
	B
)

// String returns "A" or "B".
func (s Side) String() string { return [...]string{"A", "B"}[s] }

// Peer returns the other side.
func (s Side) Peer() Side { return 1 - s }

// Endpoint is one side's connection for the socket pair: its state, its
// send and receive sequence variables (RFC 9293 §3.3.1), its timers, and
// what its application has done. The zero value is CLOSED.
//
// The sender keeps at most one segment unacknowledged (stop-and-wait): a
// sender may always send less than the window allows, so this is a TCP the
// RFC permits, and it keeps the retransmission queue to one segment.
type Endpoint struct {
	State State

	ISS    Seq // initial send sequence number
	SndUna Seq // oldest unacknowledged sequence number
	SndNxt Seq // next sequence number to send
	IRS    Seq // initial receive sequence number
	RcvNxt Seq // next sequence number expected

	Sent      uint8 // data units sent in this connection
	FinSent   bool  // our FIN has been sent (it is then the last sequence number, SndNxt-1)
	AppClosed bool  // the application has called close, shutdown or abort
	RcvShut   bool  // the application reads no more (it called close, not shutdown)
	Passive   bool  // the connection came from LISTEN (RFC 9293 §3.10.7.4 RST in SYN-RECEIVED)

	Retx      Timer // retransmission timer of the unacknowledged segment
	Retries   uint8 // retransmissions of that segment so far
	TimeWait  Timer // the 2 MSL timer of TIME-WAIT
	FinWait2  Timer // Linux's orphaned FIN-WAIT-2 timer (Config.FinWait2)
	Keepalive Timer // the keep-alive timer (Config.Keepalive, keepalive.go)
	Probes    uint8 // keep-alive probes sent since a segment last arrived

	Conns uint8 // connections A's application has opened (application state)

	// Ghost fields, for properties only; no protocol decision reads them.
	Inc         uint8 // incarnation of this endpoint's newest connection
	ClosedFirst bool  // the application closed before the peer's FIN arrived
}

// outstanding reports whether a sent segment awaits acknowledgment.
func (e *Endpoint) outstanding() bool { return e.SndUna != e.SndNxt }

// ackSeg is the acknowledgment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> that
// RFC 9293 §3.10.7.4 sends for unacceptable segments, data and FINs.
func (e *Endpoint) ackSeg() Segment {
	return Segment{Seq: e.SndNxt, Ack: e.RcvNxt, Flags: ACK, Inc: e.Inc}
}

// unacked rebuilds the one unacknowledged segment, for retransmission.
func (e *Endpoint) unacked() Segment {
	switch {
	case e.State == SynSent:
		return Segment{Seq: e.ISS, Flags: SYN, Inc: e.Inc}
	case e.State == SynReceived && e.SndUna == e.ISS, e.synAckOutstanding():
		return Segment{Seq: e.ISS, Ack: e.RcvNxt, Flags: SYN | ACK, Inc: e.Inc}
	case e.FinSent:
		return Segment{Seq: e.SndUna, Ack: e.RcvNxt, Flags: FIN | ACK, Inc: e.Inc}
	}
	return Segment{Seq: e.SndUna, Ack: e.RcvNxt, Flags: ACK, Len: 1, Inc: e.Inc, Data: e.Sent - 1}
}

// synAckOutstanding reports whether a connection that its application
// closed in SYN-RECEIVED (now FIN-WAIT-1, its FIN queued) still awaits the
// acknowledgment of its SYN,ACK.
func (e *Endpoint) synAckOutstanding() bool {
	return e.State == FinWait1 && e.Passive && e.SndUna == e.ISS && e.Sent == 0 && !e.FinSent
}

// become enters state s. It is the only place that assigns an endpoint's
// state, and it starts and stops the timers that belong to states.
func (e *Endpoint) become(c *Config, s State) {
	e.State = s
	switch s {
	case Closed, Listen:
		// The TCB is deleted (RFC 9293 §3.10.7); what the application knows
		// and the ghost record of incarnations stay.
		*e = Endpoint{State: s, Conns: e.Conns, Inc: e.Inc}
	case TimeWait:
		// "start the time-wait timer, turn off the other timers" (§3.10.7.4).
		e.Retx.Stop()
		e.FinWait2.Stop()
		e.TimeWait.Arm(c.TimeWait)
		if c.TimeWait == 0 {
			// No TIME-WAIT at all: the connection is gone at once.
			e.become(c, Closed)
		}
	case FinWait2:
		// Linux: an orphaned socket (closed by close(), not shutdown) leaves
		// FIN-WAIT-2 after tcp_fin_timeout (net/ipv4/tcp.c, tcp_close).
		if c.FinWait2 > 0 && e.RcvShut {
			e.FinWait2.Arm(c.FinWait2)
		}
	}
}

// finAcked reports whether our FIN has been sent and acknowledged.
func (e *Endpoint) finAcked() bool { return e.FinSent && !e.outstanding() }

// sendNext sends the next data unit, or the FIN once every unit is
// acknowledged and the application has closed, if nothing is outstanding:
// RFC 9293 §3.10.4 queues the FIN "until all preceding SENDs have been
// segmentized".
func (e *Endpoint) sendNext(c *Config, app App, out *outbox) {
	if !e.State.CanSend() || e.outstanding() || e.FinSent {
		return
	}
	sp := c.Space()
	switch {
	case int(e.Sent) < app.Data:
		out.add(Segment{Seq: e.SndNxt, Ack: e.RcvNxt, Flags: ACK, Len: 1, Inc: e.Inc, Data: e.Sent})
		e.Sent++
	case e.AppClosed:
		out.add(Segment{Seq: e.SndNxt, Ack: e.RcvNxt, Flags: FIN | ACK, Inc: e.Inc})
		e.FinSent = true
	default:
		return
	}
	e.SndNxt = sp.Add(e.SndNxt, 1)
	e.Retx.Arm(c.RTO)
	e.Retries = 0
}

// outbox collects the segments one step sends: at most two (an ACK and a
// new data unit or FIN).
type outbox struct {
	segs [3]Segment
	n    int
	// skipped counts sequence numbers the step passed over without a
	// segment: the gap TIME-WAIT reuse leaves between the old SND.NXT and
	// the new ISS.
	skipped int
}

// consumed returns the sequence numbers the step consumed: those occupied
// by the segments it formed (SEG.LEN: SYN, data, FIN) and those it skipped.
// A retransmission reuses numbers already consumed, so it consumes none.
func (o *outbox) consumed(retransmission bool) int {
	if retransmission {
		return 0
	}
	n := o.skipped
	for _, s := range o.list() {
		n += s.SegLen()
	}
	return n
}

func (o *outbox) add(s Segment) {
	o.segs[o.n] = s
	o.n++
}

// list returns the segments sent.
func (o *outbox) list() []Segment { return o.segs[:o.n] }
