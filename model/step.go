package model

// actions appends every action enabled in w, in a fixed order: application
// calls (A, B), due timers (A, B), deliveries, losses and duplications
// (A->B, then B->A), and the tick.
func (c *Config) actions(w *World, buf []Action) []Action {
	var idx [MaxCapacity]int
	for _, s := range []Side{A, B} {
		e, app := w.Endpoint(s), c.App(s)
		if s == A && c.canConnect(e) && c.twReuseConnect(e) && !c.ConnectInTimeWait {
			buf = append(buf, Action{Kind: ActConnect, Side: A}) // the ISS is tcp_twsk_unique's
		} else if s == A && c.canConnect(e) {
			buf = c.withISS(buf, Action{Kind: ActConnect, Side: A})
		} else if s == A && c.connectRefused(e) {
			buf = append(buf, Action{Kind: ActConnect, Side: A})
		}
		if c.canClose(e, app) {
			buf = append(buf, Action{Kind: ActClose, Side: s})
		}
	}
	anyDue := false
	for _, s := range []Side{A, B} {
		e := w.Endpoint(s)
		for _, t := range []struct {
			due  bool
			kind ActionKind
		}{{e.Retx.Due(), ActRetx}, {e.TimeWait.Due(), ActTimeWait}, {e.FinWait2.Due(), ActFinWait2}, {e.Keepalive.Due(), ActKeepalive}} {
			if t.due {
				buf = append(buf, Action{Kind: t.kind, Side: s})
				anyDue = true
			}
		}
	}
	for _, s := range []Side{A, B} {
		ch, to := w.Channel(s), w.Endpoint(s.Peer())
		for _, i := range ch.deliverable(c, idx[:0]) {
			a := Action{Kind: ActDeliver, Side: s, Index: uint8(i)}
			if to.State == Listen && ch.Segs[i].Flags == SYN {
				buf = c.withISS(buf, a)
			} else {
				buf = append(buf, a)
			}
		}
	}
	for _, kind := range []ActionKind{ActLose, ActDuplicate} {
		used, limit := w.Lost, c.Loss
		if kind == ActDuplicate {
			used, limit = w.Duped, c.Duplicate
		}
		if int(used) >= limit {
			continue
		}
		for _, s := range []Side{A, B} {
			ch := w.Channel(s)
			if kind == ActDuplicate && int(ch.N) >= c.Capacity {
				continue
			}
			for _, i := range ch.distinct(idx[:0]) {
				buf = append(buf, Action{Kind: kind, Side: s, Index: uint8(i)})
			}
		}
	}
	// Time passes only when nothing is due: no timer, and no segment that
	// has lived MSL ticks (it must be delivered, or lost if the loss budget
	// allows, first). So every segment is delivered within MSL of being
	// sent unless the network loses it, and only Config.Loss segments are
	// ever lost.
	//
	// Without Config.IdleTime, time passes only while something is pending:
	// a timer is armed or a segment is in flight. Idle periods, in which
	// only the ISN clock would move, are left out (see IdleTime).
	if !anyDue && w.AB.oldest() < c.MSL && w.BA.oldest() < c.MSL && (c.IdleTime || pending(w)) {
		buf = append(buf, Action{Kind: ActTick})
	}
	return buf
}

// pending reports whether a timer is armed or a segment is in flight.
func pending(w *World) bool {
	if w.AB.N > 0 || w.BA.N > 0 {
		return true
	}
	for _, e := range []*Endpoint{&w.A, &w.B} {
		if e.Retx.Armed() || e.TimeWait.Armed() || e.FinWait2.Armed() || e.Keepalive.Armed() {
			return true
		}
	}
	return false
}

// withISS appends a, which opens a connection, once for each initial
// sequence number the ISN policy allows: the clock's value, 0, or every
// value under ISNAny.
func (c *Config) withISS(buf []Action, a Action) []Action {
	if c.ISN != ISNAny {
		return append(buf, a)
	}
	for v := 0; v < c.SeqSpace; v++ {
		a.ISS = Seq(v)
		buf = append(buf, a)
	}
	return buf
}

// iss returns the initial sequence number for a connection opened by a.
func (c *Config) iss(w *World, a Action) Seq {
	switch c.ISN {
	case ISNClock:
		return w.Clock
	case ISNAny:
		return a.ISS
	}
	return 0
}

// step takes action a in w. It is a pure function of (w, a): the only place
// where the model's state changes. ok is false when the step would put more
// than Config.Capacity segments in flight in one direction: such behaviours
// are outside the model, and the step is not taken (a retransmission that
// is due then waits until a segment leaves the channel).
func (c *Config) step(w World, a Action) (next World, eff Effect, ok bool) {
	next, ok = c.stepInto(w, a, &eff)
	return next, eff, ok
}

// stepInto is step writing the effect into *eff, whole, and reusing the
// array of eff.Sent: a caller that keeps one Effect for many steps (the
// checker's workers, through Model.StepEffect) allocates nothing.
func (c *Config) stepInto(w World, a Action, eff *Effect) (World, bool) {
	sent := eff.Sent[:0]
	var out outbox
	next, ok := c.stepOut(w, a, eff, &out)
	eff.Sent = sent
	if ok {
		eff.Sent = append(sent, out.list()...)
	}
	return next, ok
}

// stepOut is the step itself: it writes the effect into *eff, whole but for
// Sent (nil), and the segments sent into out.
func (c *Config) stepOut(w World, a Action, eff *Effect, out *outbox) (World, bool) {
	*eff = Effect{Side: a.Side}
	switch a.Kind {
	case ActConnect:
		if c.connectRefused(&w.A) {
			eff.Note = NoteConnectRefused
			break
		}
		eff.Note = c.connect(&w.A, c.iss(&w, a), out)
	case ActClose:
		eff.Note = c.close(w.Endpoint(a.Side), c.App(a.Side), out)
	case ActRetx:
		eff.Note = c.retransmit(w.Endpoint(a.Side), out)
	case ActTimeWait:
		c.timeWaitExpired(w.Endpoint(a.Side))
	case ActFinWait2:
		c.finWait2Expired(w.Endpoint(a.Side))
	case ActKeepalive:
		eff.Note = c.keepaliveExpired(w.Endpoint(a.Side), out)
	case ActDeliver:
		*eff = c.deliver(&w, a, out)
	case ActLose:
		eff.Seg = w.Channel(a.Side).remove(int(a.Index))
		w.Lost++
	case ActDuplicate:
		eff.Seg = w.Channel(a.Side).Segs[a.Index]
		w.Channel(a.Side).duplicate(c, int(a.Index))
		w.Duped++
	case ActTick:
		c.tick(&w)
	}
	sender := a.Side
	if a.Kind == ActDeliver {
		sender = a.Side.Peer()
	}
	for _, s := range out.list() {
		if !w.Channel(sender).add(c, s) {
			return w, false
		}
	}
	if c.ISN == ISNClock {
		if c.clockLive(&w) {
			// Steps take no time, so the clock moves with the numbers the
			// step consumed (RFC 9293 §3.4.3: "TCP endpoints consume
			// sequence number space each time a segment is formed"): it
			// never falls behind a number in use (see ISNClock).
			w.Clock = c.Space().Add(w.Clock, out.consumed(a.Kind == ActRetx))
		} else {
			// A dead clock is never read again: keep it at 0 (dead-variable
			// reduction), at once, so that equal futures encode alike.
			w.Clock = 0
		}
	}
	for _, s := range []Side{A, B} {
		c.keepaliveAfter(w.Endpoint(s), a.Kind == ActDeliver && s == a.Side.Peer())
	}
	if w.B.State == Closed {
		// B is a server whose listening socket stays open: once its
		// connection's TCB is deleted, the listener takes the socket pair
		// (RFC 9293 §3.10.7.2).
		w.B.become(c, Listen)
	}
	return w, true
}

// deliver hands segment a.Index of a.Side's channel to its destination.
func (c *Config) deliver(w *World, a Action, out *outbox) Effect {
	seg := w.Channel(a.Side).remove(int(a.Index))
	to := a.Side.Peer()
	e := w.Endpoint(to)
	r := c.arrive(e, c.App(to), seg, c.iss(w, a), out)
	if r.newTCB && to == B {
		// Ghost: a connection B creates from a SYN belongs to the
		// incarnation that sent the SYN. An old duplicate SYN thus makes a
		// TCB of the old incarnation, which the three-way handshake is there
		// to reject (RFC 9293 §3.5, Figure 8).
		e.Inc = seg.Inc
		for i := range out.n {
			out.segs[i].Inc = e.Inc
		}
	}
	eff := Effect{Side: to, Seg: seg, Note: r.note, Delivered: r.delivered, Reset: r.reset}
	if r.units > 0 {
		eff.Units = append([]Segment(nil), r.unit[:r.units]...)
	}
	return eff
}

// tick advances time: segments age (and die past MSL), armed timers count
// down, and the ISN clock moves on by Config.ISNRate. (The clock also moves
// by every sequence number the pair consumes; see World.Clock.)
func (c *Config) tick(w *World) {
	w.AB.tick()
	w.BA.tick()
	for _, e := range []*Endpoint{&w.A, &w.B} {
		e.Retx.tick()
		e.TimeWait.tick()
		e.FinWait2.tick()
		e.Keepalive.tick()
		c.tickTS(e)
	}
	if c.ISN == ISNClock && c.clockLive(w) {
		w.Clock = c.Space().Add(w.Clock, c.ISNRate)
	}
}

// clockLive reports whether the ISN clock can still be read: A may open
// another connection, or a SYN may still open one at B (A in SYN-SENT may
// retransmit it, or one is in flight). Once it cannot, the clock is dead and
// kept at 0, so that states differing only in a value nobody will read
// again are one state (dead-variable reduction; it removes no behaviour).
func (c *Config) clockLive(w *World) bool {
	if int(w.A.Conns) < c.Connections || w.A.State == SynSent {
		return true
	}
	for _, s := range w.AB.List() {
		if s.Has(SYN) {
			return true
		}
	}
	return false
}
