package properties

import "github.com/timewait/timewait/model"

// noStaleAccept is false for a step that delivers a segment of an older
// incarnation than the receiver's newest connection, when the receiver
// accepts it: its data is delivered, or the receiver's protocol state
// changes (a new TCB, a moved sequence variable, a restarted timer, a new
// state). A segment that only draws an ACK or a RST was not accepted.
func noStaleAccept(s step) bool {
	if s.a.Kind != model.ActDeliver {
		return true
	}
	recv := s.to.Endpoint(s.eff.Side)
	if s.eff.Seg.Inc >= recv.Inc {
		return true
	}
	return !s.eff.Delivered && protocolState(*s.from.Endpoint(s.eff.Side)) == protocolState(*recv)
}

// protocolState is an endpoint without its ghost fields.
func protocolState(e model.Endpoint) model.Endpoint {
	e.Inc, e.ClosedFirst = 0, false
	for i := range e.Held {
		e.Held[i].Inc, e.Held[i].Data = 0, 0
	}
	return e
}

// dataIntegrity is false for a step that delivers a data unit other than the
// next one the receiver's peer sent in the receiver's own incarnation. Data
// is delivered only before the peer's FIN, so the units delivered so far
// are the numbers between IRS+1 and RCV.NXT; a step may deliver several,
// the segment that arrived and those it released from the out-of-order
// queue, each the next in turn.
func dataIntegrity(s step) bool {
	if !s.eff.Delivered {
		return true
	}
	before := s.from.Endpoint(s.eff.Side)
	sp := s.m.Config().Space()
	delivered := sp.Diff(sp.Add(before.IRS, 1), before.RcvNxt)
	inc := s.to.Endpoint(s.eff.Side).Inc
	for i, u := range s.eff.Units {
		if u.Inc != inc || int(u.Data) != delivered+i {
			return false
		}
	}
	return true
}

// finRetransmittedReACKed is true for a step in which TIME-WAIT re-ACKs a
// FIN that its sender retransmitted. An endpoint in TIME-WAIT has already
// received its peer's FIN once (it entered TIME-WAIT on it, or on the ACK
// of its own FIN after it, in CLOSING), so a FIN that reaches it again is
// a second copy: a network duplicate or a retransmission. In a run in
// which the network has duplicated nothing it is the retransmission. The
// predicate reads only the world's count of duplicates, so it needs no
// ghost field on segments.
func finRetransmittedReACKed(s step) bool {
	return s.eff.Note == model.NoteFinReACKed && s.from.Duped == 0
}
