package model

// Symmetry reduction over sequence numbers.
//
// The protocol compares sequence numbers only modulo the space (Space.Lt,
// Space.InWindow), and under the ISNClock and ISNAny policies it never uses
// an absolute value: the clock, the initial sequence numbers and everything
// derived from them move together. So a world and the same world with k
// added to every meaningful sequence number behave alike step for step, and
// every property is about differences, never about values. The visited set
// therefore needs only one world of each such rotation class: Encode
// rotates a world to a canonical representative before encoding it.
//
// States themselves are never rotated: the checker stores each state exactly
// as Next produced it from its stored parent, so traces replay unchanged and
// show consistent numbers; only the test "seen before?" looks through the
// rotation. ISNConstant picks the absolute value 0 and so turns the reduction
// off, as does Config.NoSymmetry. One absolute value remains in the rules,
// the <SEQ=0> of a RST answering a segment without ACK in CLOSED
// (§3.10.7.1); it is unreachable here, since only a bare SYN lacks an ACK
// and B never sends one. The timestamp state (Endpoint.TSRecent, TWAge)
// holds ages in ticks, not sequence numbers, and a rotation leaves it as it
// is. Linux's orphaned FIN-WAIT-2 (tw-mini-socket)
// answers A's bare SYN with that RST too, so tw-mini-socket also turns the
// reduction off.

// symmetric reports whether the rotation reduction applies.
func (c *Config) symmetric() bool { return c.ISN != ISNConstant && !c.NoSymmetry && !c.TWMiniSocket }

// hasTCB reports whether the endpoint's sequence variables mean anything.
func hasTCB(s State) bool { return s != Closed && s != Listen }

// anchor returns the value that canonical rotation moves to 0: the clock
// while it is live, else A's ISS, else B's ISS. ok is false when the world
// has none of these (no connection and a dead clock).
func (c *Config) anchor(w *World) (Seq, bool) {
	switch {
	case c.ISN == ISNClock && c.clockLive(w):
		return w.Clock, true
	case hasTCB(w.A.State):
		return w.A.ISS, true
	case hasTCB(w.B.State):
		return w.B.ISS, true
	}
	return 0, false
}

// canonical returns the representative of w's rotation class.
func (c *Config) canonical(w World) World { return c.rotate(w, c.canonicalShift(&w)) }

// canonicalShift returns the k for which rotate(w, k) is the representative
// of w's rotation class.
func (c *Config) canonicalShift(w *World) int {
	if k, ok := c.anchor(w); ok {
		return -int(k)
	}
	// Only segments in flight carry sequence numbers: take the rotation
	// whose channels pack smallest.
	best, shift := *w, 0
	for k := 1; k < c.SeqSpace; k++ {
		r := c.rotate(*w, k)
		if lessChannels(&r, &best) {
			best, shift = r, k
		}
	}
	return shift
}

// rotate adds k to every meaningful sequence number of w: the variables of
// each TCB that are set in its state, the SEQ of every held segment, the
// SEQ of every segment in flight and its ACK when the ACK bit is set, and
// the clock while it is live.
func (c *Config) rotate(w World, k int) World {
	sp := c.Space()
	if c.ISN == ISNClock && c.clockLive(&w) {
		w.Clock = sp.Add(w.Clock, k)
	}
	for _, e := range []*Endpoint{&w.A, &w.B} {
		if !hasTCB(e.State) {
			continue
		}
		e.ISS, e.SndUna, e.SndNxt = sp.Add(e.ISS, k), sp.Add(e.SndUna, k), sp.Add(e.SndNxt, k)
		if e.State != SynSent { // SYN-SENT has not learnt IRS yet
			e.IRS, e.RcvNxt = sp.Add(e.IRS, k), sp.Add(e.RcvNxt, k)
		}
		// Held segments keep their order, which is by distance from RCV.NXT.
		for i := range e.Held[:e.HeldN] {
			e.Held[i].Seq = sp.Add(e.Held[i].Seq, k)
		}
	}
	for _, ch := range []*Channel{&w.AB, &w.BA} {
		segs := ch.List()
		for i := range segs {
			segs[i].Seq = sp.Add(segs[i].Seq, k)
			if segs[i].Has(ACK) {
				segs[i].Ack = sp.Add(segs[i].Ack, k)
			}
		}
		if c.Reorder {
			sortSegments(segs)
		}
	}
	return w
}

func sortSegments(segs []Segment) {
	for i := 1; i < len(segs); i++ {
		for j := i; j > 0 && segs[j].pack() < segs[j-1].pack(); j-- {
			segs[j], segs[j-1] = segs[j-1], segs[j]
		}
	}
}

// lessChannels orders worlds by their channels' packed segments.
func lessChannels(a, b *World) bool {
	for _, pair := range [2][2]*Channel{{&a.AB, &b.AB}, {&a.BA, &b.BA}} {
		x, y := pair[0].List(), pair[1].List()
		for i := range x {
			if x[i].pack() != y[i].pack() {
				return x[i].pack() < y[i].pack()
			}
		}
	}
	return false
}
