package model

// arriveSynSent is RFC 9293 §3.10.7.3, SYN-SENT. Simultaneous open (a SYN
// without ACK in SYN-SENT) is not modelled: B only listens, so no such SYN
// exists, and one is dropped.
func (c *Config) arriveSynSent(e *Endpoint, app App, seg Segment, out *outbox) arrival {
	sp := c.Space()
	ackOK := false
	if seg.Has(ACK) {
		// "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless the
		// RST bit is set, if so drop the segment and return)
		// <SEQ=SEG.ACK><CTL=RST>."
		if sp.Le(seg.Ack, e.ISS) || sp.Lt(e.SndNxt, seg.Ack) {
			if seg.Has(RST) {
				return arrival{note: NoteDropped}
			}
			out.add(Segment{Seq: seg.Ack, Flags: RST, Inc: e.Inc})
			return arrival{note: NoteBadACK}
		}
		// "If SND.UNA < SEG.ACK =< SND.NXT, then the ACK is acceptable."
		ackOK = sp.Lt(e.SndUna, seg.Ack) && sp.Le(seg.Ack, e.SndNxt)
	}
	if seg.Has(RST) {
		// "If the ACK was acceptable, then signal to the user "error:
		// connection reset", drop the segment, enter CLOSED state ...
		// Otherwise (no ACK), drop the segment and return."
		if ackOK {
			e.become(c, Closed)
			return arrival{note: NoteReset, reset: true}
		}
		return arrival{note: NoteDropped}
	}
	if seg.Has(SYN) && ackOK {
		// "RCV.NXT is set to SEG.SEQ+1, IRS is set to SEG.SEQ. SND.UNA
		// should be advanced to equal SEG.ACK ... If SND.UNA > ISS (our SYN
		// has been ACKed), change the connection state to ESTABLISHED, form
		// an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
		e.IRS = seg.Seq
		e.RcvNxt = sp.Add(seg.Seq, 1)
		c.takeTS(e, seg) // RFC 7323 §4.3: TS.Recent from the SYN,ACK
		e.SndUna = seg.Ack
		e.Retx.Stop()
		e.become(c, Established)
		out.add(e.ackSeg())
		e.sendNext(c, app, out)
		return arrival{}
	}
	// "If neither of the SYN or RST bits is set, then drop the segment and return."
	return arrival{note: NoteDropped}
}
