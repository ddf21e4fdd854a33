package model

// arrival is what one segment's arrival did to its endpoint.
type arrival struct {
	note      Note
	delivered bool // a data unit was delivered to the application
	reset     bool // an acceptable RST closed the connection
	newTCB    bool // a connection was created (LISTEN or TIME-WAIT took a SYN)
	// unit holds the segments whose data unit was delivered, in order:
	// the one that arrived and those it released from the out-of-order
	// queue.
	unit  [MaxHeld + 1]Segment
	units int
}

// arrive processes seg at endpoint e, following RFC 9293 §3.10.7 ("SEGMENT
// ARRIVES"), and puts what e sends in out. iss is the initial sequence number
// to use if the segment opens a connection. It reads no ghost field.
func (c *Config) arrive(e *Endpoint, app App, seg Segment, iss Seq, out *outbox) arrival {
	switch e.State {
	case Closed:
		return c.arriveClosed(e, seg, out)
	case Listen:
		return c.arriveListen(e, seg, iss, out)
	case SynSent:
		return c.arriveSynSent(e, app, seg, out)
	}
	if c.miniSocket(e) {
		return c.arriveMiniSocket(e, seg, iss, out) // Linux (arrive_linux_timewait.go)
	}
	if a, ok := c.linuxOrphan(e, seg, out); ok {
		return a // Linux's FIN-WAIT-1 and FIN-WAIT-2 after close()
	}
	return c.arriveSynchronized(e, app, seg, iss, out)
}

// resetFor is the reset RFC 9293 §3.10.7.1 sends for a segment that reaches
// no connection: <SEQ=SEG.ACK><CTL=RST> if the segment had an ACK, else
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
func (c *Config) resetFor(seg Segment) Segment {
	if seg.Has(ACK) {
		return Segment{Seq: seg.Ack, Flags: RST}
	}
	return Segment{Seq: 0, Ack: c.Space().Add(seg.Seq, seg.SegLen()), Flags: RST | ACK}
}
