package model

// connect is the active OPEN call (RFC 9293 §3.10.1) of A's application:
// "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent. Set SND.UNA to ISS,
// SND.NXT to ISS+1, enter SYN-SENT state". It starts A's next connection.
// From TIME-WAIT (only with Config.ConnectInTimeWait) the old connection is
// dropped first.
func (c *Config) connect(e *Endpoint, iss Seq, out *outbox) {
	e.Conns++
	e.Inc = e.Conns
	c.open(e, iss)
	out.add(Segment{Seq: e.ISS, Flags: SYN, Inc: e.Inc})
	e.become(c, SynSent)
}

// canConnect reports whether A's application may open its next connection.
func (c *Config) canConnect(e *Endpoint) bool {
	if int(e.Conns) >= c.Connections {
		return false
	}
	return e.State == Closed || e.State == TimeWait && c.ConnectInTimeWait
}

// canClose reports whether the application closes now, in the state its
// connection is in.
func (c *Config) canClose(e *Endpoint, app App) bool {
	if e.AppClosed {
		return false
	}
	switch app.When {
	case CloseFirst:
		return e.State == Established || e.State == CloseWait
	case CloseAfterPeer:
		return e.State == CloseWait
	}
	return false
}

// close is the application's close(), shutdown(SHUT_WR) or abort.
//
// CLOSE (RFC 9293 §3.10.4): in ESTABLISHED "Queue this until all preceding
// SENDs have been segmentized, then form a FIN segment and send it. In any
// case, enter FIN-WAIT-1 state"; in CLOSE-WAIT the same, entering LAST-ACK.
//
// ABORT (§3.10.5, SO_LINGER {on, 0}): "Send a reset segment:
// <SEQ=SND.NXT><CTL=RST> ... delete the TCB, enter CLOSED state".
func (c *Config) close(e *Endpoint, app App, out *outbox) {
	if app.How == CallAbort {
		rst := Segment{Seq: e.SndNxt, Flags: RST, Inc: e.Inc}
		if c.AbortRSTACK {
			// Linux, tcp_send_active_reset: TCPHDR_ACK | TCPHDR_RST.
			rst.Flags, rst.Ack = RST|ACK, e.RcvNxt
		}
		out.add(rst)
		e.become(c, Closed)
		return
	}
	e.AppClosed = true
	e.RcvShut = app.How == CallClose
	e.ClosedFirst = !e.State.PeerFinReceived()
	if e.State == Established {
		e.become(c, FinWait1)
	} else {
		e.become(c, LastAck)
	}
	e.sendNext(c, app, out)
}
