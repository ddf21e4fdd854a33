package model

// Keep-alives (Config.Keepalive): RFC 9293 §3.8.4 and RFC 1122 §4.2.3.6
// allow a TCP to probe an idle connection ("Implementers MAY include
// "keep-alives" in their TCP implementations", MAY-5), so that a
// connection whose peer is gone, a half-open connection (RFC 9293 §3.5.1),
// is found out. Linux does it for a socket with SO_KEEPALIVE
// (tcp_keepalive_timer, net/ipv4/tcp_timer.c): after TCP_KEEPIDLE without
// a segment received, it sends a probe every TCP_KEEPINTVL, and after
// TCP_KEEPCNT unanswered probes it aborts the connection with
// tcp_send_active_reset. A probe is <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>
// with no data (tcp_write_wakeup, tcp_xmit_probe_skb: "Use a previous
// sequence. This should cause the other end to send an ack."): a live peer
// finds it below RCV.NXT and answers with an ACK (RFC 9293 §3.10.7.4
// first); a peer that has no connection answers it with a RST at exactly
// the prober's RCV.NXT (§3.10.7.1), which resets the prober.

// keepaliveState reports whether the keep-alive timer runs in state s: in
// the states of a full socket that may sit idle with nothing to send.
// Linux's timer does nothing in SYN-SENT and CLOSED, nor while a segment
// is in flight (FIN-WAIT-1, CLOSING and LAST-ACK have their FIN in
// flight); TIME-WAIT and an orphan's FIN-WAIT-2 are mini-sockets without
// it (tcp_keepalive_timer, tcp_time_wait).
func keepaliveState(e *Endpoint) bool {
	switch e.State {
	case Established, CloseWait:
		return true
	case FinWait2:
		return !e.RcvShut
	}
	return false
}

// keepaliveAfter keeps e's keep-alive timer after a step: off outside the
// keep-alive states, and restarted, with the probes forgotten, when e
// received a segment (Linux measures the idle time from the last segment
// received, icsk_ack.lrcvtime, and resets icsk_probes_out on an ACK) or
// has just entered such a state.
func (c *Config) keepaliveAfter(e *Endpoint, received bool) {
	if c.Keepalive == 0 {
		return
	}
	if !keepaliveState(e) {
		e.Keepalive.Stop()
		e.Probes = 0
		return
	}
	if received || !e.Keepalive.Armed() {
		e.Keepalive.Arm(c.Keepalive)
		e.Probes = 0
	}
}

// keepaliveExpired fires the keep-alive timer: a probe, or, after
// Config.KeepaliveProbes unanswered ones, the abort. While a segment of
// its own awaits acknowledgment the retransmission timer watches the
// connection, and the timer only starts again (Linux: "resched" when
// tcp_packets_in_flight).
func (c *Config) keepaliveExpired(e *Endpoint, out *outbox) Note {
	if e.outstanding() {
		e.Keepalive.Arm(c.Keepalive)
		return NoteNone
	}
	if int(e.Probes) >= c.KeepaliveProbes {
		// "if (icsk->icsk_probes_out >= keepalive_probes(tp))":
		// tcp_send_active_reset, then tcp_write_err: the ABORT's reset.
		c.abort(e, out)
		return NoteKeepaliveTimeout
	}
	out.add(Segment{Seq: c.Space().Add(e.SndUna, -1), Ack: e.RcvNxt, Flags: ACK, Inc: e.Inc})
	e.Probes++
	e.Keepalive.Arm(c.Keepalive)
	return NoteKeepaliveProbe
}
