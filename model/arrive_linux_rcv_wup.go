package model

// Linux's sequence test for a segment that ends at RCV.NXT
// (Config.AcceptEndAtRcvNxt).
//
// RFC 9293 §3.10.7.4 finds a segment acceptable when some of it lies in
// [RCV.NXT, RCV.NXT+RCV.WND). Linux's tcp_sequence (net/ipv4/tcp_input.c),
// called by tcp_validate_incoming for every full socket in a
// synchronized state, drops a segment as old only when "before(end_seq,
// tp->rcv_wup)": rcv_wup is the RCV.NXT that the last window Linux
// advertised was measured from (tcp_select_window sets "tp->rcv_wup =
// tp->rcv_nxt" in every segment it sends). Below it Linux has a delayed
// ACK pending; the model has none, since every segment that moves
// RCV.NXT is acknowledged at once, by the step that moves it. So in the
// model rcv_wup is RCV.NXT whenever a segment arrives, and the segments
// that Linux takes and RFC 9293 refuses are exactly those that end at
// RCV.NXT, SEG.SEQ+SEG.LEN = RCV.NXT: a retransmission of text or of a
// FIN that RCV.NXT has passed, a duplicate. (tcp_sequence also takes a
// segment that begins at exactly the window's right edge,
// RCV.NXT+RCV.WND; that is not modelled: no conformance segment reaches
// the edge of the kernel's window, as wide as 65535.)

// endsAtRcvNxt reports whether, under c, e takes seg by Linux's test
// although RFC 9293's refuses it: seg occupies sequence numbers and ends at
// RCV.NXT, and e is a full socket that tcp_validate_incoming tests. A RST
// never gets here (it occupies no number in the model); a SYN is left to
// the RFC's path, since tcp_validate_incoming's fourth step answers it
// with the challenge ACK, the same ACK RFC 9293's first step sends. Not
// in passive SYN-RECEIVED (a request socket, whose tcp_check_req,
// net/ipv4/tcp_minisocks.c, tests tcp_in_window like RFC 9293), nor in
// TIME-WAIT, whose rules are RFC 9293's full TCB or Linux's mini-socket
// (tcp_timewait_state_process).
func (c *Config) endsAtRcvNxt(e *Endpoint, seg Segment) bool {
	if !c.AcceptEndAtRcvNxt || e.State == TimeWait || e.State == SynReceived && e.Passive {
		return false
	}
	if seg.Has(SYN) || seg.Has(RST) || seg.SegLen() == 0 {
		return false
	}
	return c.Space().Add(seg.Seq, seg.SegLen()) == e.RcvNxt
}

// inSequence is the sequence test of e's synchronized state under c:
// RFC 9293's acceptability test, or with AcceptEndAtRcvNxt Linux's
// tcp_sequence as far as the model can tell them apart.
func (c *Config) inSequence(e *Endpoint, seg Segment) bool {
	return c.acceptable(e, seg) || c.endsAtRcvNxt(e, seg)
}

// arriveEndingAtRcvNxt is what Linux does with seg, which ends at
// RCV.NXT (endsAtRcvNxt) and has passed PAWS: tcp_rcv_state_process
// (tcp_rcv_established in ESTABLISHED) from tcp_validate_incoming on.
func (c *Config) arriveEndingAtRcvNxt(e *Endpoint, app App, seg Segment, out *outbox) arrival {
	sp := c.Space()
	if !seg.Has(ACK) {
		// "if (!th->ack && !th->rst && !th->syn)": discarded before
		// tcp_validate_incoming, without an answer.
		return arrival{note: NoteDropped}
	}
	if e.State == SynReceived && !(sp.Lt(e.SndUna, seg.Ack) && sp.Le(seg.Ack, e.SndNxt)) {
		// An active SYN-RECEIVED (simultaneous open) is a full socket.
		// For an ACK of something not sent, tcp_ack's
		// -SKB_DROP_REASON_TCP_ACK_UNSENT_DATA comes before
		// tcp_replace_ts_recent, and tcp_rcv_state_process, "if
		// (sk->sk_state == TCP_SYN_RECV) return -reason; /* send one RST
		// */", answers as RFC 9293 does: processACK's
		// <SEQ=SEG.ACK><CTL=RST>, with its note. An ACK at or below
		// SND.UNA gets the same RFC 9293 answer; what Linux does with it
		// here is not compared (no conformance scenario opens
		// simultaneously).
		_, a := c.processACK(e, seg, out)
		return a
	}
	if sp.Lt(e.SndNxt, seg.Ack) {
		// tcp_ack: "If the ack includes data we haven't sent yet, discard
		// this segment" (-SKB_DROP_REASON_TCP_ACK_UNSENT_DATA), before
		// tcp_replace_ts_recent, with a challenge ACK (RFC 5961 §5.2):
		// tcp_ack sends it in ESTABLISHED (tcp_rcv_established), and
		// tcp_rcv_state_process, which passes FLAG_NO_CHALLENGE_ACK, sends
		// it itself in the other states. Linux 6.18 does so in ESTABLISHED
		// (the packetdrill script old-data-ack-unsent.pkt).
		out.add(e.ackSeg())
		return arrival{note: NoteUnacceptable}
	}
	if !sp.Lt(seg.Ack, e.SndUna) {
		// tcp_ack: "ts_recent update must be made after we are sure that
		// the packet is in window": tcp_replace_ts_recent, whose
		// "!after(seq, tp->rcv_wup)" holds (the segment begins below
		// RCV.NXT), records a TSval not older than TS.Recent. An ACK older
		// than SND.UNA goes to old_ack first and records nothing (RFC
		// 5961's bound on how old, SND.UNA less the largest window, is not
		// modelled: such an ACK counts as old).
		c.storeTS(e, seg)
	}
	// tcp_ack, then tcp_rcv_state_process's switch on the state: the ACK
	// moves SYN-RECEIVED to ESTABLISHED, FIN-WAIT-1 to FIN-WAIT-2, CLOSING to TIME-WAIT
	// ("tcp_time_wait(sk, TCP_TIME_WAIT, 0); goto consume") and LAST-ACK to
	// CLOSED ("tcp_done(sk); goto consume"), as RFC 9293's fifth step does.
	orphan := e.State == FinWait1 && e.RcvShut
	sent := out.n
	if _, a := c.processACK(e, seg, out); a.note != NoteNone {
		return a
	}
	switch {
	case e.State == TimeWait || e.State == Closed || out.n > sent:
		// Consumed: nothing more is sent (or processACK's RST went out).
		return arrival{note: NoteEndsAtRcvNxt}
	case orphan && e.State == FinWait2 && c.TWMiniSocket && !seg.Has(FIN):
		// FIN-WAIT-1 after close(): "tcp_time_wait(sk, TCP_FIN_WAIT2,
		// tmo); goto consume": the orphan becomes the mini-socket, and
		// tcp_data_queue never sees the segment.
		return arrival{note: NoteEndsAtRcvNxt}
	}
	// Step 7: tcp_data_queue finds the text old ("!after(end_seq,
	// rcv_nxt)": "A retransmit, 2nd most common case. Force an immediate
	// ack."), a duplicate ACK (tcp_dsack_set adds a D-SACK block only with
	// SACK, which the model and the lab do without). tcp_data_snd_check
	// first sends what the ACK lets out; a segment sent carries the ACK,
	// and tcp_ack_snd_check then sends no other.
	e.sendNext(c, app, out)
	if out.n == sent {
		out.add(e.ackSeg())
	}
	return arrival{note: NoteEndsAtRcvNxt}
}
