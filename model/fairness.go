package model

// FairnessClassIn names the weak-fairness class of taking a in w, for
// liveness checking (checker.StateFairness). Fair are: each endpoint's
// application calls, each endpoint's timers, the passing of time, and the
// delivery of each segment in flight, told apart by what is on the wire
// (direction, SEQ, ACK, flags, length): a segment that stays deliverable
// is eventually delivered, so no behaviour may keep one waiting forever
// while others are exchanged. Losing and duplicating segments are not
// fair: the network need never fault, and it may fault at most
// Config.Loss and Config.Duplicate times.
//
// The class of a delivery reads only protocol fields, never the ghost
// ones: copies that are the same on the wire are one class. Under the
// symmetry reduction its numbers are those of the world's canonical
// rotation, so that a segment keeps its class in every rotation of a world
// (the liveness graph stores one rotation of each).
func (m *Model) FairnessClassIn(w World, a Action) string {
	switch a.Kind {
	case ActConnect, ActClose:
		return a.Side.String() + " application"
	case ActRetx, ActTimeWait, ActFinWait2:
		return a.Side.String() + " timers"
	case ActDeliver:
		s := w.Channel(a.Side).Segs[a.Index]
		if m.cfg.symmetric() {
			sp, k := m.cfg.Space(), m.cfg.canonicalShift(&w)
			s.Seq = sp.Add(s.Seq, k)
			if s.Has(ACK) {
				s.Ack = sp.Add(s.Ack, k)
			}
		}
		// A compact name (the checker only compares them): "d", then the
		// direction and the segment's wire fields as bytes.
		return string([]byte{'d', byte(a.Side), byte(s.Flags), s.Len, byte(s.Seq), byte(s.Ack)})
	case ActTick:
		return "time"
	}
	return ""
}
