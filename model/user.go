package model

// connect is the active OPEN call (RFC 9293 §3.10.1) of A's application:
// "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS,
// SND.NXT to ISS+1, enter SYN-SENT state". It starts A's next connection.
// From TIME-WAIT (only with Config.ConnectInTimeWait) the old connection is
// dropped first. Linux's tcp_tw_reuse (Config.TWReuseDelay) takes the pair
// over from TIME-WAIT instead: tcp_twsk_unique sets "tp->write_seq =
// tcptw->tw_snd_nxt + 65535 + 2", an ISS past the old SND.NXT (issAfter),
// whatever the ISN policy; it reports NoteTWReused.
func (c *Config) connect(e *Endpoint, iss Seq, out *outbox) Note {
	note := NoteNone
	if c.twReuseConnect(e) && !c.ConnectInTimeWait {
		iss, note = c.issAfter(e, out), NoteTWReused
	}
	e.Conns++
	e.Inc = e.Conns
	c.open(e, iss)
	out.add(Segment{Seq: e.ISS, Flags: SYN, Inc: e.Inc})
	e.become(c, SynSent)
	return note
}

// canConnect reports whether A's application may open its next connection.
func (c *Config) canConnect(e *Endpoint) bool {
	if int(e.Conns) >= c.Connections {
		return false
	}
	return e.State == Closed || e.State == TimeWait && (c.ConnectInTimeWait || c.twReuseConnect(e))
}

// connectRefused reports whether A's application, wanting its next
// connection while the old one holds the socket pair in TIME-WAIT, calls
// connect and is refused. RFC 9293 §3.10.1, OPEN call in the other states:
// "Return "error: connection already exists"." Linux refuses it too: with
// the port bound, __inet_hash_connect calls __inet_check_established, which
// finds the TIME-WAIT socket of the same four-tuple and, when
// tcp_twsk_unique does not let it be reused, returns -EADDRNOTAVAIL
// (net/ipv4/inet_hashtables.c, not_unique). For a bound port (twp NULL)
// tcp_twsk_unique needs only timestamps; for a port connect() chooses, also
// tcp_tw_reuse and its delay (Config.TWReuseDelay models that rule; conform
// checks it against the kernel's bound-port path, which a delay of a tick
// agrees with). The call changes nothing: the step shows the refusal.
func (c *Config) connectRefused(e *Endpoint) bool {
	return int(e.Conns) < c.Connections && e.State == TimeWait && !c.ConnectInTimeWait && !c.twReuseConnect(e)
}

// canClose reports whether the application closes now, in the state its
// connection is in. An application calls close once per connection: a
// second CLOSE is an error (see close) and is never scheduled.
func (c *Config) canClose(e *Endpoint, app App) bool {
	if e.AppClosed {
		return false
	}
	switch app.When {
	case CloseFirst:
		return e.State == Established || e.State == CloseWait
	case CloseAfterPeer:
		return e.State == CloseWait
	case CloseInHandshake:
		// As early as it can: during the handshake, or, if the handshake
		// completes first, as CloseFirst.
		return e.State == SynSent || e.State == SynReceived || e.State == Established || e.State == CloseWait
	}
	return false
}

// close is the application's close(), shutdown(SHUT_WR) or abort, in any
// state. It returns a note when the call is an error or when it ends the
// connection without a segment.
func (c *Config) close(e *Endpoint, app App, out *outbox) Note {
	if app.How == CallAbort {
		return c.abort(e, out)
	}
	switch e.State {
	case Closed:
		// CLOSED: "Otherwise, return "error: connection does not exist"."
		return NoteNoSuchConnection
	case Listen:
		// LISTEN: "Any outstanding RECEIVEs are returned with "error:
		// closing" responses. Delete TCB, enter CLOSED state, and return."
		e.become(c, Closed)
		return NoteNone
	case SynSent:
		// SYN-SENT: "Delete the TCB and return "error: closing" responses
		// to any queued SENDs, or RECEIVEs." No segment is sent.
		e.become(c, Closed)
		return NoteTCBDeleted
	}
	if e.AppClosed {
		// FIN-WAIT-1, FIN-WAIT-2: "Strictly speaking, this is an error and
		// should receive an "error: connection closing" response. An "ok"
		// response would be acceptable, too, as long as a second FIN is not
		// emitted"; CLOSING, LAST-ACK, TIME-WAIT: "Respond with "error:
		// connection closing"." Nothing changes and nothing is sent.
		return NoteClosing
	}
	switch e.State {
	case Closing, LastAck, TimeWait:
		return NoteClosing // reached only after the application closed
	}
	if app.How == CallClose && c.RSTOnUnread && e.unread(c, app) {
		// Linux, tcp_close: "As outlined in RFC 2525, section 2.17, we send
		// a RST here because data was lost"; RFC 9293 §3.6.1: "If such a
		// host issues a CLOSE call while received data is still pending in
		// TCP ..., its TCP SHOULD send a RST to show that data was lost"
		// (SHLD-2). The RST is ABORT's (tcp_send_active_reset).
		c.abort(e, out)
		return NoteUnreadReset
	}
	e.AppClosed = true
	e.RcvShut = app.How == CallClose
	e.ClosedFirst = !e.State.PeerFinReceived()
	switch e.State {
	case SynReceived:
		// SYN-RECEIVED: "If no SENDs have been issued and there is no
		// pending data to send, then form a FIN segment and send it, and
		// enter FIN-WAIT-1 state; otherwise, queue for processing after
		// entering ESTABLISHED state." The FIN leaves behind the
		// unacknowledged SYN,ACK if the send window has room for it
		// (SendWindow 1: once the SYN,ACK is acknowledged); queued data
		// waits in SYN-RECEIVED (processACK).
		if int(e.Sent) < app.Data {
			return NoteNone
		}
		e.become(c, FinWait1)
	case Established:
		// ESTABLISHED: "Queue this until all preceding SENDs have been
		// segmentized, then form a FIN segment and send it. In any case,
		// enter FIN-WAIT-1 state."
		e.become(c, FinWait1)
	case CloseWait:
		// CLOSE-WAIT: "Queue this request until all preceding SENDs have
		// been segmentized; then send a FIN segment, enter LAST-ACK state."
		e.become(c, LastAck)
	}
	e.sendNext(c, app, out)
	return NoteNone
}

// abort is the ABORT call (RFC 9293 §3.10.5; close(2) with SO_LINGER
// {on, 0}), state by state.
func (c *Config) abort(e *Endpoint, out *outbox) Note {
	switch e.State {
	case Closed:
		// CLOSED: "Otherwise, return "error: connection does not exist"."
		return NoteNoSuchConnection
	case Listen, SynSent:
		// LISTEN: "Delete TCB, enter CLOSED state, and return." SYN-SENT:
		// "All queued SENDs and RECEIVEs should be given "connection reset"
		// notification. Delete the TCB, enter CLOSED state, and return."
		// No segment is sent.
		e.become(c, Closed)
		return NoteTCBDeleted
	case Closing, LastAck, TimeWait:
		// CLOSING, LAST-ACK, TIME-WAIT: "Respond with "ok" and delete the
		// TCB, enter CLOSED state, and return." No RST.
		e.become(c, Closed)
		return NoteTCBDeleted
	}
	// SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "Send a
	// reset segment: <SEQ=SND.NXT><CTL=RST> ... Delete the TCB, enter CLOSED
	// state, and return."
	rst := Segment{Seq: e.SndNxt, Flags: RST, Inc: e.Inc}
	if c.AbortRSTACK {
		// Linux, tcp_send_active_reset: TCPHDR_ACK | TCPHDR_RST.
		rst.Flags, rst.Ack = RST|ACK, e.RcvNxt
	}
	out.add(rst)
	e.become(c, Closed)
	return NoteNone
}

// unread reports whether received data is still pending in TCP when the
// application closes: under Config.RSTOnUnread, an application that closes
// first (or in the handshake) has read nothing, so every unit received, in
// order or held, is unread. An application that closes after the peer has
// read to the end of the stream.
func (e *Endpoint) unread(c *Config, app App) bool {
	if app.When != CloseFirst && app.When != CloseInHandshake || !hasTCB(e.State) || e.State == SynSent {
		return false
	}
	sp := c.Space()
	got := sp.Diff(sp.Add(e.IRS, 1), e.RcvNxt)
	if e.State.PeerFinReceived() {
		got-- // the FIN is no data
	}
	return got > 0 || e.HeldN > 0
}
