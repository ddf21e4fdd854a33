package model

// Linux's TIME-WAIT and orphaned FIN-WAIT-2 mini-socket (Config.TWMiniSocket).
//
// Linux keeps no full TCB for a connection in TIME-WAIT, nor for one in
// FIN-WAIT-2 after close() (an orphan): tcp_time_wait (net/ipv4/
// tcp_minisocks.c) replaces the socket by an inet_timewait_sock that holds
// only RCV.NXT, SND.NXT, the receive window and the timestamps, and
// tcp_v4_rcv (net/ipv4/tcp_ipv4.c) hands every segment for it to
// tcp_timewait_state_process, whose verdict it then carries out:
// TCP_TW_ACK sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (tcp_v4_timewait_ack),
// TCP_TW_RST sends the reset of tcp_v4_send_reset (the form of
// Config.resetFor) and deletes the mini-socket, TCP_TW_SYN gives the SYN to
// a listener (ACKing it like TCP_TW_ACK when there is none), and
// TCP_TW_SUCCESS drops the segment. The routine below follows that
// function branch by branch for the model's segments; with
// timestamps (Config.Timestamps) paws_reject is pawsReject, and the
// mini-socket's tw_ts_recent is the endpoint's TS.Recent. It decides
// every segment for these two states, so tw-rst-exact and
// tw-restart-on-ack, which bend RFC 9293's full-TCB rules towards Linux,
// have no further effect there. Where the mini-socket drops a segment it
// reads nothing but SEQ, SEG.LEN and the flags: it never looks at SEG.ACK.

// miniSocket reports whether e is, under c, a Linux mini-socket: TIME-WAIT,
// or FIN-WAIT-2 after close() (tcp_rcv_state_process calls tcp_time_wait
// (sk, TCP_FIN_WAIT2, ...) when the FIN of an orphan is acknowledged and
// tcp_fin_timeout is no longer than TCP_TIMEWAIT_LEN, as by default).
func (c *Config) miniSocket(e *Endpoint) bool {
	return c.TWMiniSocket && (e.State == TimeWait || e.State == FinWait2 && e.RcvShut)
}

// arriveMiniSocket is tcp_timewait_state_process for e, a mini-socket.
func (c *Config) arriveMiniSocket(e *Endpoint, seg Segment, iss Seq, out *outbox) arrival {
	if e.State == FinWait2 {
		return c.arriveOrphanFinWait2(e, seg, out)
	}
	return c.arriveMiniTimeWait(e, seg, iss, out)
}

// arriveOrphanFinWait2 is the tw_substate == TCP_FIN_WAIT2 half of
// tcp_timewait_state_process ("Just repeat all the checks of
// tcp_rcv_state_process()").
func (c *Config) arriveOrphanFinWait2(e *Endpoint, seg Segment, out *outbox) arrival {
	sp := c.Space()
	end := sp.Add(seg.Seq, seg.SegLen()) // end_seq
	if paws := c.pawsReject(e, seg); paws || !c.twInWindow(seg, e.RcvNxt) {
		// "paws_reject || !tcp_in_window(...)": "Out of window, send ACK":
		// tcp_timewait_check_oow_rate_limit
		// returns TCP_TW_ACK (the lab sets tcp_invalid_ratelimit to 0). A
		// RST out of the window is ACKed too.
		out.add(e.ackSeg())
		if paws {
			return arrival{note: NotePAWS}
		}
		return arrival{note: NoteUnacceptable}
	}
	if seg.Has(RST) {
		// "if (th->rst) goto kill": any RST in the window deletes the
		// mini-socket, with no challenge ACK and no answer.
		e.become(c, Closed)
		return arrival{note: NoteReset, reset: true}
	}
	if seg.Has(SYN) && !sp.Lt(seg.Seq, e.RcvNxt) {
		// "th->syn && !before(seq, rcv_nxt)": TCP_TW_RST.
		return c.killWithReset(e, seg, out, NoteOrphanReset)
	}
	if !seg.Has(ACK) || !sp.Lt(e.RcvNxt, end) || seg.SegLen() == 0 {
		// "Dup ACK?": no ACK bit, nothing beyond RCV.NXT, or nothing at
		// all: TCP_TW_SUCCESS, dropped without an answer.
		return arrival{note: NoteDropped}
	}
	if !seg.Has(FIN) || end != sp.Add(e.RcvNxt, 1) {
		// "New data or FIN. If new data arrive after half-duplex close,
		// reset": TCP_TW_RST, the reset of tcp_v4_send_reset
		// (<SEQ=SEG.ACK><CTL=RST>).
		return c.killWithReset(e, seg, out, NoteDataAfterClose)
	}
	// "FIN arrived, enter true time-wait state": tw_rcv_nxt = end_seq,
	// inet_twsk_reschedule(tw, TCP_TIMEWAIT_LEN), TCP_TW_ACK; "if
	// (tmp_opt.saw_tstamp)" tw_ts_recent = rcv_tsval.
	e.RcvNxt = end
	c.takeTS(e, seg)
	out.add(e.ackSeg())
	e.become(c, TimeWait)
	return arrival{}
}

// arriveMiniTimeWait is the "Now real TIME-WAIT state" half of
// tcp_timewait_state_process.
func (c *Config) arriveMiniTimeWait(e *Endpoint, seg Segment, iss Seq, out *outbox) arrival {
	sp := c.Space()
	paws := c.pawsReject(e, seg)
	if !paws && seg.Seq == e.RcvNxt && (seg.SegLen() == 0 || seg.Has(RST)) {
		// "In window segment, it may be only reset or bare ack": SEQ is
		// exactly RCV.NXT, and the segment occupies no number or is a RST.
		if seg.Has(RST) {
			if !c.RFC1337 {
				// "This is TIME_WAIT assassination": without tcp_rfc1337
				// the RST kills the mini-socket (inet_twsk_deschedule_put).
				e.become(c, Closed)
				return arrival{note: NoteReset, reset: true}
			}
			// tcp_rfc1337=1: the RST falls through to TCP_TW_SUCCESS,
			// without rescheduling the timer.
			return arrival{note: NoteRSTIgnored}
		}
		// A bare segment, with ACK or without: inet_twsk_reschedule(tw,
		// TCP_TIMEWAIT_LEN), then TCP_TW_SUCCESS: no answer. "if
		// (tmp_opt.saw_tstamp)" tw_ts_recent = rcv_tsval (not older: PAWS
		// passed).
		e.TimeWait.Arm(c.TimeWait)
		c.takeTS(e, seg)
		return arrival{note: NoteDropped}
	}
	// "Out of window segment. All the segments are ACKed immediately. The
	// only exception is new SYN."
	if seg.Flags == SYN && !paws && (sp.Lt(e.RcvNxt, seg.Seq) || c.tsNewer(e, seg)) {
		// "th->syn && !th->rst && !th->ack && !paws_reject &&
		// (after(seq, rcv_nxt) || (tmp_opt.saw_tstamp && (s32)
		// (tw_ts_recent - rcv_tsval) < 0))": TCP_TW_SYN, RFC 6191's test
		// (rfc6191Accepts). tcp_v4_rcv hands the SYN to the listener, if one
		// listens (only B does in the model, with tw-reuse), and deletes
		// the mini-socket; the listener opens the new connection with the
		// ISN the mini-socket chose past its SND.NXT. With no listener
		// the SYN falls through to TCP_TW_ACK, without a reschedule.
		if c.TWReuse && e.Passive {
			return c.reopenFromTimeWait(e, seg, out)
		}
		out.add(e.ackSeg())
		return arrival{note: NoteUnacceptable}
	}
	if seg.Has(RST) {
		// A RST anywhere else: TCP_TW_SUCCESS, dropped in silence.
		return arrival{note: NoteDropped}
	}
	// "In this case we must reset the TIMEWAIT timer": "if (paws_reject ||
	// th->ack)" (a SYN without ACK may be a new SYN below RCV.NXT: no
	// reschedule). Then TCP_TW_ACK.
	if paws || seg.Has(ACK) {
		e.TimeWait.Arm(c.TimeWait)
	}
	out.add(e.ackSeg())
	if paws {
		return arrival{note: NotePAWS}
	}
	if seg.Has(FIN) && sp.Add(seg.Seq, seg.SegLen()) == e.RcvNxt {
		return arrival{note: NoteFinReACKed}
	}
	return arrival{note: NoteUnacceptable}
}

// twInWindow is tcp_in_window (tcp_minisocks.c) for the mini-socket's
// window [RCV.NXT, RCV.NXT+RCV.WND]: SEQ at RCV.NXT; or the segment ends
// beyond RCV.NXT and starts before the window's end; or it is empty and
// lies exactly at the window's end.
func (c *Config) twInWindow(seg Segment, rcvNxt Seq) bool {
	sp := c.Space()
	end := sp.Add(seg.Seq, seg.SegLen())
	win := sp.Add(rcvNxt, c.Window)
	return seg.Seq == rcvNxt || sp.Lt(rcvNxt, end) && sp.Lt(seg.Seq, win) || seg.Seq == win && end == seg.Seq
}

// killWithReset carries out TCP_TW_RST: tcp_v4_send_reset answers seg as
// if it reached no connection, and the mini-socket is deleted
// (inet_twsk_deschedule_put in tcp_v4_rcv).
func (c *Config) killWithReset(e *Endpoint, seg Segment, out *outbox, note Note) arrival {
	r := c.resetFor(seg)
	r.Inc = e.Inc
	out.add(r)
	e.become(c, Closed)
	return arrival{note: note}
}

// reopenFromTimeWait hands a SYN that TIME-WAIT accepts to the listener,
// with an ISS past the old SND.NXT: RFC 1122 §4.2.2.13 as Config.TWReuse
// describes it (the same step as arriveSynchronized's for the full TCB).
func (c *Config) reopenFromTimeWait(e *Endpoint, seg Segment, out *outbox) arrival {
	newISS := c.issAfter(e, out)
	e.become(c, Listen)
	a := c.arriveListen(e, seg, newISS, out)
	a.note = NoteReopened
	return a
}

// linuxOrphan applies the two rules by which Linux's tcp_rcv_state_process
// (tcp_input.c) deletes a full socket after close() with a RST, before
// RFC 9293's steps would answer otherwise: linger2Abort and
// dataAfterCloseRST. ok is false when neither applies.
func (c *Config) linuxOrphan(e *Endpoint, seg Segment, out *outbox) (arrival, bool) {
	if c.pawsReject(e, seg) {
		// tcp_validate_incoming drops it first (PAWS, arriveSynchronized).
		return arrival{}, false
	}
	if a, ok := c.linger2Abort(e, seg, out); ok {
		return a, true
	}
	return c.dataAfterCloseRST(e, seg, out)
}

// dataAfterCloseRST is Config.DataAfterCloseOOORST: in FIN-WAIT-1 or
// FIN-WAIT-2 after close() (sk_shutdown has RCV_SHUTDOWN), a segment that
// passes the sequence, RST, SYN and ACK checks and whose text ends beyond
// RCV.NXT ("end_seq != seq && after(end_seq - th->fin, rcv_nxt)": new
// data, in order or not, or a FIN beyond a gap) draws the reset of data
// after close and deletes the socket: "RFC 793 says to queue data in
// these states, RFC 1122 says we MUST send a reset" (step 7; the same test
// in step 5 when the segment acknowledges the orphan's FIN). RFC 9293's
// path in the model drops an out-of-order segment with an ACK first.
func (c *Config) dataAfterCloseRST(e *Endpoint, seg Segment, out *outbox) (a arrival, ok bool) {
	sp := c.Space()
	if !c.DataAfterCloseOOORST || !e.RcvShut || e.State != FinWait1 && e.State != FinWait2 {
		return a, false
	}
	if seg.Has(RST) || seg.Has(SYN) || !seg.Has(ACK) || sp.Lt(e.SndNxt, seg.Ack) || !c.inSequence(e, seg) {
		return a, false
	}
	if seg.SegLen() == 0 || !sp.Lt(e.RcvNxt, sp.Add(seg.Seq, int(seg.Len))) {
		return a, false
	}
	rst := Segment{Seq: e.SndNxt, Flags: RST, Inc: e.Inc}
	if c.DataAfterCloseSegACK {
		rst.Seq = seg.Ack // tcp_v4_send_reset
	}
	out.add(rst)
	e.become(c, Closed)
	return arrival{note: NoteDataAfterClose}, true
}

// linger2Abort is Linux's TCP_LINGER2 < 0 (Config.FinWait2 < 0): an
// orphan (closed with close()) whose FIN is acknowledged in FIN-WAIT-1
// does not stay in FIN-WAIT-2 at all. tcp_rcv_state_process (tcp_input.c)
// enters TCP_FIN_WAIT2 and, the socket being dead and tp->linger2 < 0,
// calls tcp_done at once and returns non-zero, so that tcp_v4_do_rcv
// answers the segment with tcp_v4_send_reset (<SEQ=SEG.ACK><CTL=RST>); a
// FIN in the same segment is never processed. (__tcp_close does the same
// with tcp_send_active_reset for a socket already in FIN-WAIT-2 when it
// is closed, after shutdown(); the model's applications close once.) The
// segment must first pass the checks that come before the ACK field in
// tcp_rcv_state_process: the sequence test, RST and SYN. ok is false when
// the rule does not apply and the segment takes the ordinary path.
func (c *Config) linger2Abort(e *Endpoint, seg Segment, out *outbox) (a arrival, ok bool) {
	if c.FinWait2 >= 0 || e.State != FinWait1 || !e.RcvShut || !e.FinSent {
		return a, false
	}
	if seg.Has(RST) || seg.Has(SYN) || !seg.Has(ACK) || seg.Ack != e.SndNxt || !c.inSequence(e, seg) {
		return a, false
	}
	return c.killWithReset(e, seg, out, NoteOrphanReset), true
}
