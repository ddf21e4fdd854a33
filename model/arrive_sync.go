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
	// listens. With timestamps the test is RFC 6191's (rfc6191Accepts),
	// whose last rule drops a SYN it does not accept: "Otherwise, silently
	// drop the incoming SYN segment, thus leaving the previous incarnation
	// of the connection in the TIME-WAIT state."
	if e.State == TimeWait && c.TWReuse && e.Passive && seg.Flags == SYN {
		if c.rfc6191Accepts(e, seg) {
			return c.reopenFromTimeWait(e, seg, out)
		}
		if c.hasTS(seg) {
			return arrival{note: NoteDropped}
		}
	}

	if e.State == TimeWait && c.TWRestartOnACK && seg.Has(ACK) && !seg.Has(RST) {
		// Linux: "In this case we must reset the TIMEWAIT timer" for any
		// segment with ACK (tcp_timewait_state_process), before answering.
		e.TimeWait.Arm(c.TimeWait)
	}

	// RFC 7323 §5.3, R1 (PAWS), before the acceptability test: "Send an
	// acknowledgment in reply as specified in [RFC793], page 69, and drop
	// the segment." Linux: tcp_validate_incoming, tcp_send_dupack (for a
	// SYN, the challenge ACK: the same ACK).
	if c.pawsReject(e, seg) {
		if c.pawsOldACK(e, seg) {
			return arrival{note: NotePAWSOldACK}
		}
		out.add(e.ackSeg())
		return arrival{note: NotePAWS}
	}

	// First, check the sequence number: the acceptability test.
	if !c.acceptable(e, seg) {
		// "If an incoming segment is not acceptable, an acknowledgment should
		// be sent in reply (unless the RST bit is set, if so drop the
		// segment and return)."
		if seg.Has(RST) {
			if c.RSTAtFinSeq && e.State != TimeWait && e.State.PeerFinReceived() && seg.Seq == sp.Add(e.RcvNxt, -1) {
				// Linux, tcp_validate_incoming: "else if
				// (tcp_reset_check(sk, skb)) goto reset": in CLOSE-WAIT,
				// LAST-ACK and CLOSING, a RST at rcv_nxt - 1 (the FIN's
				// number, where some stacks send their RST after the
				// FIN) resets although it lies below the window.
				return c.reset(e)
			}
			return arrival{note: NoteDropped}
		}
		if c.endsAtRcvNxt(e, seg) {
			// Linux's tcp_sequence takes it (arrive_linux_rcv_wup.go).
			return c.arriveEndingAtRcvNxt(e, app, seg, out)
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

	// R3: the segment is acceptable; its TSval may become TS.Recent.
	c.storeTS(e, seg)

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

	if e.State == TimeWait {
		// Fifth, TIME-WAIT: "The only thing that can arrive in this state is
		// a retransmission of the remote FIN. Acknowledge it, and restart
		// the 2 MSL timeout." Eighth, TIME-WAIT: "Remain in the TIME-WAIT
		// state. Restart the 2 MSL time-wait timeout." The rule speaks of
		// a segment that occupies sequence space: the FIN, or text, which
		// the seventh step ignores. A bare ACK carries no sequence number
		// to acknowledge, and answering it would let two ends in
		// TIME-WAIT after a simultaneous close acknowledge each other's
		// ACKs forever; it is dropped, and the timer runs on. Linux alike
		// takes a bare ACK at RCV.NXT without an answer
		// (tcp_timewait_state_process: "In window segment, it may be only
		// reset or bare ack", TCP_TW_SUCCESS); its restart of the timer is
		// tw-restart-on-ack.
		if seg.SegLen() == 0 {
			return arrival{note: NoteDropped}
		}
		e.TimeWait.Arm(c.TimeWait)
		out.add(e.ackSeg())
		return arrival{note: NoteTimeWaitACKed}
	}

	// Seventh, process the segment text, and eighth, check the FIN bit.
	if e.State.PeerFinReceived() {
		// CLOSE-WAIT, CLOSING, LAST-ACK: "This should not occur since a FIN
		// has been received from the remote side. Ignore the segment text."
		// A FIN (one at or beyond RCV.NXT, which only another incarnation
		// can have sent): "Remain in the CLOSE-WAIT state" (CLOSING,
		// LAST-ACK alike), and "send an acknowledgment for the FIN";
		// RCV.NXT has already passed the peer's one FIN and stays.
		var a arrival
		if seg.Has(FIN) {
			out.add(e.ackSeg())
			a.note = NoteFinAgain
		}
		e.sendNext(c, app, out)
		return a
	}
	if seg.SegLen() == 0 {
		// A bare ACK: nothing to process beyond the fifth step.
		e.sendNext(c, app, out)
		return arrival{}
	}
	if seg.Len > 0 && e.RcvShut && sp.InWindow(seg.Seq, e.RcvNxt, c.Window) {
		// RFC 1122 §4.2.2.13 (RFC 9293 §3.6.1, SHLD-2): "if new data is
		// received after CLOSE is called, its TCP SHOULD send a RST to show
		// that data was lost." The connection is then gone. New data is
		// data at or beyond RCV.NXT, in order or not, as Linux's
		// tcp_rcv_state_process tests it (end_seq - fin after rcv_nxt).
		rst := Segment{Seq: e.SndNxt, Flags: RST, Inc: e.Inc}
		if c.DataAfterCloseSegACK && seg.Has(ACK) {
			rst.Seq = seg.Ack // Linux: tcp_v4_send_reset
		}
		out.add(rst)
		e.become(c, Closed)
		return arrival{note: NoteDataAfterClose}
	}
	if sp.Lt(e.RcvNxt, seg.Seq) {
		// First step: "Segments with higher beginning sequence numbers
		// SHOULD be held for later processing (SHLD-31)", as Linux's
		// out-of-order queue holds them (tcp_data_queue_ofo); a FIN that
		// overtook data waits there until RCV.NXT reaches it. The
		// duplicate ACK goes out at once, as Linux sends it. With
		// DropOutOfOrder (or a full queue) the segment, its FIN with it, is
		// dropped instead, and the sender retransmits.
		out.add(e.ackSeg())
		if c.DropOutOfOrder || !e.hold(c, seg) {
			return arrival{note: NoteOutOfOrder}
		}
		return arrival{note: NoteHeld}
	}
	// The segment begins at or before RCV.NXT: "only the new parts are
	// processed". Then every held segment that RCV.NXT reaches, in order.
	var a arrival
	finished := c.inOrder(e, seg, &a, out)
	for !finished {
		h, ok := e.nextHeld(sp)
		if !ok {
			break
		}
		finished = c.inOrder(e, h, &a, out)
	}
	if !finished {
		out.add(e.ackSeg())
	}
	e.sendNext(c, app, out)
	return a
}

// inOrder processes the text and FIN of seg, which begins at or before
// RCV.NXT, in ESTABLISHED, FIN-WAIT-1 or FIN-WAIT-2: a data unit at
// RCV.NXT is delivered (seventh step), and a FIN at RCV.NXT is acted on
// (eighth). It reports whether a FIN was processed; its ACK has then been
// sent, formed before the state changes, since entering TIME-WAIT may
// delete the TCB at once.
func (c *Config) inOrder(e *Endpoint, seg Segment, a *arrival, out *outbox) bool {
	sp := c.Space()
	if seg.Len > 0 && seg.Seq == e.RcvNxt {
		// "Once in the ESTABLISHED state, it is possible to deliver segment
		// data to user RECEIVE buffers."
		e.RcvNxt = sp.Add(e.RcvNxt, 1)
		a.delivered = true
		if a.units < len(a.unit) {
			a.unit[a.units] = seg
			a.units++
		}
	}
	if !seg.Has(FIN) || sp.Add(seg.Seq, int(seg.Len)) != e.RcvNxt {
		return false
	}
	// "If the FIN bit is set, signal the user "connection closing" ...,
	// advance RCV.NXT over the FIN, and send an acknowledgment for the FIN."
	e.RcvNxt = sp.Add(e.RcvNxt, 1)
	e.HeldN, e.Held = 0, [MaxHeld]Segment{} // nothing follows the FIN
	out.add(e.ackSeg())
	switch e.State {
	case Established:
		e.become(c, CloseWait)
	case FinWait1:
		// "If our FIN has been ACKed (perhaps in this segment), then enter
		// TIME-WAIT ...; otherwise, enter the CLOSING state."
		if e.finAcked() {
			e.become(c, TimeWait)
		} else {
			e.become(c, Closing)
		}
	case FinWait2:
		e.become(c, TimeWait)
	}
	return true
}

// hold puts seg, which lies beyond RCV.NXT inside the window, into the
// out-of-order queue. Only its FIN flag, its text and its ghost fields are
// kept: its ACK has been processed. A segment already held (the same SEQ,
// FIN and length) is not held twice. It reports false when the queue is
// full (MaxHeld), like Linux's queue bounded by the receive buffer.
func (e *Endpoint) hold(c *Config, seg Segment) bool {
	sp := c.Space()
	h := Segment{Seq: seg.Seq, Flags: seg.Flags & FIN, Len: seg.Len, Inc: seg.Inc, Data: seg.Data}
	key := func(s Segment) int { return sp.Diff(e.RcvNxt, s.Seq)<<4 | int(s.Flags)<<1 | int(s.Len) }
	i := 0
	for ; i < int(e.HeldN); i++ {
		if k := key(e.Held[i]); k == key(h) {
			return true
		} else if k > key(h) {
			break
		}
	}
	if int(e.HeldN) == MaxHeld {
		return false
	}
	copy(e.Held[i+1:e.HeldN+1], e.Held[i:e.HeldN])
	e.Held[i] = h
	e.HeldN++
	return true
}

// nextHeld takes out of the queue the first held segment that RCV.NXT has
// reached, dropping those wholly below RCV.NXT.
func (e *Endpoint) nextHeld(sp Space) (Segment, bool) {
	for i := 0; i < int(e.HeldN); {
		h := e.Held[i]
		end := sp.Add(h.Seq, h.SegLen())
		if sp.Le(end, e.RcvNxt) || sp.Le(h.Seq, e.RcvNxt) {
			copy(e.Held[i:e.HeldN], e.Held[i+1:e.HeldN])
			e.HeldN--
			e.Held[e.HeldN] = Segment{}
			if !sp.Le(end, e.RcvNxt) {
				return h, true
			}
			continue
		}
		i++
	}
	return Segment{}, false
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
		// "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK":
		// a cumulative ACK. RFC 6298 §5.2: "When all outstanding data has
		// been acknowledged, turn off the retransmission timer"; §5.3: "When
		// an ACK is received that acknowledges new data, restart the
		// retransmission timer".
		e.SndUna = seg.Ack
		e.Retries = 0
		if e.outstanding() {
			e.Retx.Arm(c.RTO)
		} else {
			e.Retx.Stop()
		}
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
			// Our FIN still waits behind data that the send window holds
			// back (see sendNext). Go on, so that the FIN leaves once the
			// window opens.
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
