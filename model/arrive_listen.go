package model

// arriveListen is RFC 9293 §3.10.7.2, LISTEN.
func (c *Config) arriveListen(e *Endpoint, seg Segment, iss Seq, out *outbox) arrival {
	switch {
	case seg.Has(RST):
		// "First, check for a RST: An incoming RST segment could not be
		// valid since it could not have been sent in response to anything
		// sent by this incarnation of the connection. An incoming RST
		// should be ignored."
		return arrival{note: NoteDropped}
	case seg.Has(ACK):
		// "Second, check for an ACK: Any acknowledgment is bad if it arrives
		// on a connection still in the LISTEN state. An acceptable reset
		// segment should be formed for any arriving ACK-bearing segment."
		out.add(Segment{Seq: seg.Ack, Flags: RST, Inc: e.Inc})
		return arrival{note: NoteBadACK}
	case seg.Has(SYN):
		// "Third, check for a SYN": RCV.NXT = SEG.SEQ+1, IRS = SEG.SEQ, ISS
		// selected, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> sent, SND.NXT =
		// ISS+1, SND.UNA = ISS, and the state is SYN-RECEIVED.
		c.open(e, iss)
		e.Passive = true
		e.IRS = seg.Seq
		e.RcvNxt = c.Space().Add(seg.Seq, 1)
		c.takeTS(e, seg) // RFC 7323 §4.3: TS.Recent from the SYN
		out.add(Segment{Seq: e.ISS, Ack: e.RcvNxt, Flags: SYN | ACK, Inc: e.Inc})
		e.become(c, SynReceived)
		return arrival{newTCB: true}
	}
	// "Fourth, other data or control: ... drop the segment, and return."
	return arrival{note: NoteDropped}
}

// open starts a new TCB's send side with initial sequence number iss and
// arms the retransmission timer for its SYN.
func (c *Config) open(e *Endpoint, iss Seq) {
	*e = Endpoint{Conns: e.Conns, Inc: e.Inc}
	e.ISS, e.SndUna, e.SndNxt = iss, iss, c.Space().Add(iss, 1)
	e.Retx.Arm(c.RTO)
}
