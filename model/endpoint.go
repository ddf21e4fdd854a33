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
// The sender keeps up to Config.SendWindow segments in flight, within the
// peer's receive window; the retransmission queue is not stored, since the
// segment at SND.UNA can be rebuilt from the sequence variables (unacked).
// The receiver holds segments that arrive beyond RCV.NXT inside its window
// in Held, unless Config.DropOutOfOrder.
type Endpoint struct {
	State State

	ISS    Seq // initial send sequence number
	SndUna Seq // oldest unacknowledged sequence number
	SndNxt Seq // next sequence number to send
	IRS    Seq // initial receive sequence number
	RcvNxt Seq // next sequence number expected

	Sent      uint8 // data units sent in this connection
	FinSent   bool  // our FIN has been sent (it is then the last sequence number, SndNxt-1)
	FinOnData bool  // our FIN left on the segment of our last data unit (Linux's FIN|PSH|ACK)
	AppClosed bool  // the application has called close, shutdown or abort
	RcvShut   bool  // the application reads no more (it called close, not shutdown)
	Passive   bool  // the connection came from LISTEN (RFC 9293 §3.10.7.4 RST in SYN-RECEIVED)

	Retx      Timer // retransmission timer of the unacknowledged segment
	Retries   uint8 // retransmissions of that segment so far
	TimeWait  Timer // the 2 MSL timer of TIME-WAIT
	FinWait2  Timer // Linux's orphaned FIN-WAIT-2 timer (Config.FinWait2)
	Keepalive Timer // the keep-alive timer (Config.Keepalive, keepalive.go)
	Probes    uint8 // keep-alive probes sent since a segment last arrived

	// TSRecent is RFC 7323's TS.Recent (Config.Timestamps), held as its
	// age: the ticks since it was the peer's timestamp clock, up to
	// tsAgeMax (timestamps.go). It means something once the connection
	// has received its peer's SYN or SYN,ACK (every state but SYN-SENT).
	TSRecent uint8
	// TWAge counts the ticks spent in TIME-WAIT, up to Config.TWReuseDelay
	// (Linux's tw_entry_stamp, read by tcp_twsk_unique).
	TWAge uint8

	Conns uint8 // connections A's application has opened (application state)

	// Held are the segments received beyond RCV.NXT inside the receive
	// window and held for later processing (RFC 9293 §3.10.7.4, SHLD-31),
	// HeldN of them, in order of their distance from RCV.NXT. Their ghost
	// fields are kept for properties, as in the channels.
	Held  [MaxHeld]Segment
	HeldN uint8

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

// unacked rebuilds the segment at SND.UNA, the head of the retransmission
// queue, for retransmission: the SYN or SYN,ACK while SND.UNA is ISS, else
// the data unit at SND.UNA (with the FIN if it left on it), else the FIN.
func (e *Endpoint) unacked(sp Space) Segment {
	if e.SndUna == e.ISS {
		if e.State == SynSent {
			return Segment{Seq: e.ISS, Flags: SYN, Inc: e.Inc}
		}
		return Segment{Seq: e.ISS, Ack: e.RcvNxt, Flags: SYN | ACK, Inc: e.Inc}
	}
	i := sp.Diff(sp.Add(e.ISS, 1), e.SndUna) // the index of the unit at SND.UNA
	if i < int(e.Sent) {
		s := Segment{Seq: e.SndUna, Ack: e.RcvNxt, Flags: ACK, Len: 1, Inc: e.Inc, Data: uint8(i)}
		if e.FinSent && e.FinOnData && i == int(e.Sent)-1 {
			s.Flags |= FIN
		}
		return s
	}
	return Segment{Seq: e.SndUna, Ack: e.RcvNxt, Flags: FIN | ACK, Inc: e.Inc}
}

// inFlight counts the segments sent and not yet acknowledged: the SYN
// while SND.UNA is ISS, each data unit at or after SND.UNA, and the FIN
// unless it rides on an unacknowledged data unit.
func (e *Endpoint) inFlight(sp Space) int {
	if !e.outstanding() {
		return 0
	}
	n, first := 0, 0
	if e.SndUna == e.ISS {
		n++
	} else {
		first = sp.Diff(sp.Add(e.ISS, 1), e.SndUna)
	}
	data := max(int(e.Sent)-first, 0)
	n += data
	if e.FinSent && !(e.FinOnData && data > 0) {
		n++
	}
	return n
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
		e.TWAge = 0
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

// sendNext sends what the send window allows: the next data units, then
// the FIN once every unit is segmentized and the application has closed
// (RFC 9293 §3.10.4: "Queue this until all preceding SENDs have been
// segmentized, then form a FIN segment and send it"). At most
// Config.SendWindow segments are in flight, and none goes beyond the peer's
// receive window (SND.UNA + Config.Window; the model's windows are fixed).
// The FIN rides on the last data unit when both are sent at once, as Linux
// appends it to the last unsent segment (tcp_send_fin). The retransmission
// timer is started if it is not running (RFC 6298 §5.1).
func (e *Endpoint) sendNext(c *Config, app App, out *outbox) {
	sp := c.Space()
	// The count of this call's segments only matters for the fuzzer's
	// inconsistent TCBs, whose SND.UNA may lie beyond the units sent.
	for n := 0; n < c.SendWindow && e.State.CanSend() && !e.FinSent && e.inFlight(sp) < c.SendWindow; n++ {
		used := sp.Diff(e.SndUna, e.SndNxt) // numbers in flight
		var s Segment
		switch {
		case int(e.Sent) < app.Data && used+1 <= c.Window:
			s = Segment{Seq: e.SndNxt, Ack: e.RcvNxt, Flags: ACK, Len: 1, Inc: e.Inc, Data: e.Sent}
			e.Sent++
			if int(e.Sent) == app.Data && e.AppClosed && used+2 <= c.Window {
				s.Flags |= FIN
				e.FinSent, e.FinOnData = true, true
			}
		case int(e.Sent) >= app.Data && e.AppClosed && used+1 <= c.Window:
			s = Segment{Seq: e.SndNxt, Ack: e.RcvNxt, Flags: FIN | ACK, Inc: e.Inc}
			e.FinSent = true
		default:
			return
		}
		out.add(s)
		e.SndNxt = sp.Add(e.SndNxt, s.SegLen())
		if !e.Retx.Armed() {
			e.Retx.Arm(c.RTO)
			e.Retries = 0
		}
	}
}

// outbox collects the segments one step sends: at most an ACK and a
// send window of new segments.
type outbox struct {
	segs [MaxSendWindow + 2]Segment
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
