package model

// arriveSynchronized is RFC 9293 §3.10.7.4, "Other States": SYN-RECEIVED
// and the synchronized states. Its steps keep the RFC's numbering; the
// third (security) and sixth (URG) do not apply to the model.
func (c *Config) arriveSynchronized(e *Endpoint, app App, seg Segment, iss Seq, out *outbox) arrival {
	sp := c.Space()

	// RFC 1122 §4.2.2.13: TIME-WAIT "MAY accept a new SYN from the remote
	// TCP to reopen the connection directly from TIME-WAIT state, if it
	// assigns its initial sequence number for the new connection to be
	// larger than the largest sequence number it used on the previous
	// connection incarnation". As Linux does (tcp_timewait_state_process),
	// the SYN must carry no ACK and a sequence number after RCV.NXT, and the
	// new ISN is SND.NXT plus the largest window plus one. Condition (2),
	// going back to TIME-WAIT if the SYN proves an old duplicate, is not
	// done, by Linux or here. Only a connection that came from a listening
	// socket can be reopened: Linux hands the SYN to the listener
	// (TCP_TW_SYN in tcp_v4_rcv, inet_lookup_listener) and, with none,
	// answers it with an ACK like any other segment; in the model only B
	// listens.
	if e.State == TimeWait && c.TWReuse && e.Passive && seg.Flags == SYN && sp.Lt(e.RcvNxt, seg.Seq) {
		newISS := sp.Add(e.SndNxt, c.Window+1)
		out.skipped += c.Window + 1 // the numbers between the old SND.NXT and the new ISS
		e.become(c, Listen)
		a := c.arriveListen(e, seg, newISS, out)
		a.note = NoteReopened
		return a
	}

	if e.State == TimeWait && c.TWRestartOnACK && seg.Has(ACK) && !seg.Has(RST) {
		// Linux: "In this case we must reset the TIMEWAIT timer" for any
		// segment with ACK (tcp_timewait_state_process), before answering.
		e.TimeWait.Arm(c.TimeWait)
	}

	// First, check the sequence number: the acceptability test.
	if !c.acceptable(e, seg) {
		// "If an incoming segment is not acceptable, an acknowledgment should
		// be sent in reply (unless the RST bit is set, if so drop the
		// segment and return)."
		if seg.Has(RST) {
			return arrival{note: NoteDropped}
		}
		if e.State == TimeWait && seg.Has(FIN) && sp.Add(seg.Seq, seg.SegLen()) == e.RcvNxt {
			// TIME-WAIT: "The only thing that can arrive in this state is a
			// retransmission of the remote FIN. Acknowledge it, and restart
			// the 2 MSL timeout." A retransmitted FIN lies just below
			// RCV.NXT and so fails the acceptability test; this is where the
			// RFC's rule applies to it.
			e.TimeWait.Arm(c.TimeWait)
			out.add(e.ackSeg())
			return arrival{note: NoteFinReACKed}
		}
		out.add(e.ackSeg())
		return arrival{note: NoteUnacceptable}
	}

	// Second, check the RST bit.
	if seg.Has(RST) {
		if c.TWRSTExact && e.State == TimeWait && seg.Seq != e.RcvNxt {
			// Linux, tcp_timewait_state_process: only a RST at exactly
			// rcv_nxt reaches the kill; any other is dropped in silence.
			return arrival{note: NoteDropped}
		}
		if c.RSTExact && seg.Seq != e.RcvNxt {
			// RFC 5961 §3.2: "If the RST bit is set and the sequence number
			// does not exactly match the next expected sequence value, yet
			// is within the current receive window, TCP MUST send an
			// acknowledgment (challenge ACK)".
			out.add(e.ackSeg())
			return arrival{note: NoteChallengeACK}
		}
		return c.reset(e)
	}

	// Fourth, check the SYN bit.
	if seg.Has(SYN) {
		if e.State == SynReceived && e.Passive {
			// "If the connection was initiated with a passive OPEN, then
			// return this connection to the LISTEN state and return."
			e.become(c, Listen)
			return arrival{note: NoteBackToListen}
		}
		// "If the SYN bit is set, irrespective of the sequence number, TCP
		// endpoints MUST send a "challenge ACK" to the remote peer".
		out.add(e.ackSeg())
		return arrival{note: NoteChallengeACK}
	}

	// Fifth, check the ACK field: "if the ACK bit is off, drop the segment
	// and return".
	if !seg.Has(ACK) {
		return arrival{note: NoteDropped}
	}
	if done, a := c.processACK(e, seg, out); done {
		return a
	}

	// Seventh, process the segment text.
	var a arrival
	ackNow := false
	if seg.Len > 0 {
		switch e.State {
		case Established, FinWait1, FinWait2:
			if seg.Seq != e.RcvNxt {
				// Segments "with higher beginning sequence numbers SHOULD be
				// held for later processing"; the model drops them instead
				// (a SHOULD), and the sender retransmits. The FIN on such a
				// segment goes with it.
				out.add(e.ackSeg())
				return arrival{note: NoteOutOfOrder}
			}
			if e.RcvShut {
				// RFC 1122 §4.2.2.13: "if new data is received after CLOSE
				// is called, its TCP SHOULD send a RST to show that data
				// was lost." The connection is then gone.
				rst := Segment{Seq: e.SndNxt, Flags: RST, Inc: e.Inc}
				if c.DataAfterCloseSegACK && seg.Has(ACK) {
					rst.Seq = seg.Ack // Linux: tcp_v4_send_reset
				}
				out.add(rst)
				e.become(c, Closed)
				return arrival{note: NoteDataAfterClose}
			}
			e.RcvNxt = sp.Add(e.RcvNxt, 1)
			a.delivered = true
			ackNow = true
		}
		// CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur
		// since a FIN has been received from the remote side. Ignore the
		// segment text."
	}

	// Eighth, check the FIN bit.
	if seg.Has(FIN) && !e.State.PeerFinReceived() {
		if sp.Add(seg.Seq, int(seg.Len)) != e.RcvNxt {
			out.add(e.ackSeg()) // a FIN beyond a gap: dropped with the text
			return arrival{note: NoteOutOfOrder}
		}
		// "advance RCV.NXT over the FIN, and send an acknowledgment for the
		// FIN." The ACK is formed now, covering any text too, before the
		// state changes: entering TIME-WAIT may delete the TCB at once.
		e.RcvNxt = sp.Add(e.RcvNxt, 1)
		out.add(e.ackSeg())
		ackNow = false
		switch e.State {
		case SynReceived, Established:
			e.become(c, CloseWait)
		case FinWait1:
			// "If our FIN has been ACKed (perhaps in this segment), then
			// enter TIME-WAIT ...; otherwise, enter the CLOSING state."
			if e.finAcked() {
				e.become(c, TimeWait)
			} else {
				e.become(c, Closing)
			}
		case FinWait2:
			e.become(c, TimeWait)
		}
	}
	if ackNow {
		out.add(e.ackSeg())
	}
	e.sendNext(c, app, out)
	return a
}

// acceptable is the acceptability test of RFC 9293 §3.10.7.4, with RCV.WND
// = Config.Window (never zero in the model):
//
//	SEG.LEN = 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
//	SEG.LEN > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
//	          or RCV.NXT =< SEG.SEQ+SEG.LEN-1 < RCV.NXT+RCV.WND
func (c *Config) acceptable(e *Endpoint, seg Segment) bool {
	if c.acceptAny {
		return true
	}
	sp := c.Space()
	if sp.InWindow(seg.Seq, e.RcvNxt, c.Window) {
		return true
	}
	n := seg.SegLen()
	return n > 0 && sp.InWindow(sp.Add(seg.Seq, n-1), e.RcvNxt, c.Window)
}

// reset applies an acceptable RST in each state (§3.10.7.4, second step).
func (c *Config) reset(e *Endpoint) arrival {
	switch e.State {
	case SynReceived:
		if e.Passive {
			// "If this connection was initiated with a passive OPEN (i.e.,
			// came from the LISTEN state), then return this connection to
			// LISTEN state and return."
			e.become(c, Listen)
			return arrival{note: NoteBackToListen}
		}
	case TimeWait:
		if c.RFC1337 {
			// RFC 1337 §3: "Fix: ignore RST segments in TIME-WAIT state."
			return arrival{note: NoteRSTIgnored}
		}
	}
	// ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "connection reset";
	// CLOSING, LAST-ACK, TIME-WAIT: "enter the CLOSED state, delete the TCB".
	e.become(c, Closed)
	return arrival{note: NoteReset, reset: true}
}

// processACK is the fifth step for an ACK-bearing segment. done is true when
// the segment has been dealt with completely.
func (c *Config) processACK(e *Endpoint, seg Segment, out *outbox) (done bool, a arrival) {
	sp := c.Space()
	if e.State == SynReceived {
		// "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state and
		// continue processing ... If the segment acknowledgment is not
		// acceptable, form a reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
		if !(sp.Lt(e.SndUna, seg.Ack) && sp.Le(seg.Ack, e.SndNxt)) {
			out.add(Segment{Seq: seg.Ack, Flags: RST, Inc: e.Inc})
			return true, arrival{note: NoteBadACK}
		}
		e.SndUna = seg.Ack
		e.Retx.Stop()
		e.become(c, Established)
		if e.AppClosed {
			// The CLOSE queued in SYN-RECEIVED behind pending data (RFC 9293
			// §3.10.4: "queue for processing after entering ESTABLISHED
			// state"), processed now: "In any case, enter FIN-WAIT-1 state."
			e.become(c, FinWait1)
		}
		return false, a
	}
	// ESTABLISHED and the states after it: "If the ACK acknowledges something
	// not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment,
	// and return." A duplicate (SEG.ACK =< SND.UNA) "can be ignored".
	if sp.Lt(e.SndNxt, seg.Ack) {
		out.add(e.ackSeg())
		return true, arrival{note: NoteUnacceptable}
	}
	if sp.Lt(e.SndUna, seg.Ack) {
		e.SndUna = seg.Ack
		e.Retx.Stop() // stop-and-wait: nothing else is outstanding
		e.Retries = 0
	}
	switch e.State {
	case FinWait1:
		// "if the FIN segment is now acknowledged, then enter FIN-WAIT-2".
		if e.finAcked() {
			e.become(c, FinWait2)
		}
	case Closing:
		// "if the ACK acknowledges our FIN, then enter the TIME-WAIT state;
		// otherwise, ignore the segment."
		if !e.FinSent {
			// Our FIN still waits behind data (stop-and-wait, see sendNext);
			// the RFC, which sends the FIN once the data is segmentized,
			// never meets this. Go on, so that the FIN leaves once the data
			// is acknowledged.
			return false, a
		}
		if !e.finAcked() {
			return true, a
		}
		e.become(c, TimeWait)
		return true, a
	case LastAck:
		if !e.FinSent {
			// As in CLOSING: the ACK was for data before our queued FIN.
			return false, a
		}
		// "The only thing that can arrive in this state is an acknowledgment
		// of our FIN. If our FIN is now acknowledged, delete the TCB, enter
		// the CLOSED state, and return."
		if e.finAcked() {
			e.become(c, Closed)
		}
		return true, a
	}
	return false, a
}
