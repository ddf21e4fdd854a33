package model

// FairnessClass names the weak-fairness class of taking a in w, for
// liveness checking (checker.Fairness). Fair are: each endpoint's
// application calls, each endpoint's timers, the passing of time, and the
// delivery of each segment in flight, told apart by what is on the wire
// (direction, SEQ, ACK, flags, length) and by its age: a segment that
// stays deliverable is eventually delivered, so no behaviour may keep one
// waiting forever while others are exchanged. The age matters: an old copy
// and a fresh copy of the same segment are different segments, and
// delivering the fresh one again and again must not count for the old one,
// which, once MSL old, keeps time from passing. Losing and duplicating segments are not
// fair: the network need never fault, and it may fault at most
// Config.Loss and Config.Duplicate times.
//
// The class of a delivery reads no ghost field: copies that are the same
// on the wire and of the same age are one class. Ages stay fixed along any
// cycle of the state graph (time passing would age them for good), so a
// class names one segment for as long as a fair cycle needs it. Under the
// symmetry reduction its numbers are those of the world's canonical
// rotation, so that a segment keeps its class in every rotation of a world
// (the liveness graph stores one rotation of each).
func (m *Model) FairnessClass(w World, a Action) string {
	switch a.Kind {
	case ActConnect, ActClose:
		return [...]string{A: "A application", B: "B application"}[a.Side]
	case ActRetx, ActTimeWait, ActFinWait2, ActKeepalive:
		return [...]string{A: "A timers", B: "B timers"}[a.Side]
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
		// direction, the segment's wire fields and its age, as bytes.
		return string([]byte{'d', byte(a.Side), byte(s.Flags), s.Len, byte(s.Seq), byte(s.Ack), s.Age})
	case ActTick:
		return "time"
	}
	return ""
}
