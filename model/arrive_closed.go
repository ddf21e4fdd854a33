package model

// arriveClosed is RFC 9293 §3.10.7.1, CLOSED: "An incoming segment
// containing a RST is discarded. An incoming segment not containing a RST
// causes a RST to be sent in response."
func (c *Config) arriveClosed(e *Endpoint, seg Segment, out *outbox) arrival {
	if seg.Has(RST) {
		return arrival{note: NoteDropped}
	}
	r := c.resetFor(seg)
	r.Inc = e.Inc
	out.add(r)
	return arrival{note: NoteNoConnection}
}
