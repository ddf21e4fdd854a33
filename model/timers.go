package model

// retransmit fires the retransmission timer (RFC 9293 §3.8.1): the
// segment at SND.UNA is sent again (RFC 6298 §5.4: "Retransmit the
// earliest segment that has not been acknowledged by the TCP receiver"),
// until Config.Retries retransmissions have been made; then the connection
// is aborted, as RFC 1122 §4.2.3.5 says when R2 is reached (without a RST,
// as Linux does on a write timeout).
func (c *Config) retransmit(e *Endpoint, out *outbox) Note {
	if int(e.Retries) >= c.Retries {
		e.become(c, Closed)
		return NoteGaveUp
	}
	out.add(e.unacked(c.Space()))
	e.Retries++
	e.Retx.Arm(c.RTO)
	return NoteNone
}

// timeWaitExpired fires the 2 MSL timer: "When the time-wait timeout
// occurs, ... delete the TCB, enter the CLOSED state" (§3.10.8).
func (c *Config) timeWaitExpired(e *Endpoint) {
	e.become(c, Closed)
}

// finWait2Expired fires Linux's orphaned FIN-WAIT-2 timer (tcp_fin_timeout):
// the socket is destroyed, so a later FIN from the peer draws a RST. RFC 9293
// has no such timer; Config.FinWait2 = 0 leaves it off.
func (c *Config) finWait2Expired(e *Endpoint) {
	e.become(c, Closed)
}
