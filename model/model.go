package model

import "fmt"

// Model is the TCP teardown model for one configuration. It implements
// checker.Model[World, Action], checker.Labeler, checker.Effector (the
// effect of a step travels with its successor) and the Step used by
// properties. It holds no state of its own: every method is a pure function
// of its arguments.
type Model struct {
	cfg Config
}

// New returns the model of c, or the first parameter out of range.
func New(c Config) (*Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &Model{cfg: c}, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Init is the one initial state: A's connection CLOSED (its application has
// yet to connect), B LISTEN, nothing in flight.
func (m *Model) Init() []World {
	var w World
	w.B.become(&m.cfg, Listen)
	return []World{w}
}

// Actions appends the actions enabled in w, in a fixed order.
func (m *Model) Actions(w World, buf []Action) []Action { return m.cfg.actions(&w, buf) }

// Next takes action a in w.
// It returns false when the step would exceed the channel capacity (see
// Config.Capacity): such behaviours are outside the model.
func (m *Model) Next(w World, a Action) (World, bool) {
	var eff Effect
	var out outbox
	return m.cfg.stepOut(w, a, &eff, &out)
}

// Step takes action a in w and also returns what the step did; ok is as
// for Next.
func (m *Model) Step(w World, a Action) (next World, eff Effect, ok bool) { return m.cfg.step(w, a) }

// NewEffect returns a place for StepEffect to write a step's effect into:
// a new *Effect (checker.Effector).
func (m *Model) NewEffect() any { return new(Effect) }

// StepEffect is Next that also writes what the step did into eff, a
// *Effect from NewEffect, whole; it reuses the array of eff.Sent, so the
// effect is valid until the next StepEffect into the same place
// (checker.Effector).
func (m *Model) StepEffect(w World, a Action, eff any) (World, bool) {
	return m.cfg.stepInto(w, a, eff.(*Effect))
}

// EffectOf returns what the step that takes a in from did: kept, when it
// is the *Effect the checker kept with the step (checker.Step.Effect), or
// else the step taken again (for a trace built by hand).
func (m *Model) EffectOf(from World, a Action, kept any) *Effect {
	if eff, ok := kept.(*Effect); ok {
		return eff
	}
	_, eff, _ := m.cfg.step(from, a)
	return &eff
}

// Label describes a step for people, for example
// "B: recv FIN,ACK seq=3 ack=5 -> send ACK seq=5 ack=4, CLOSE-WAIT".
func (m *Model) Label(from World, a Action, to World) string {
	_, eff, _ := m.cfg.step(from, a)
	return m.LabelEffect(from, a, to, &eff)
}

// LabelEffect is Label for a step whose effect eff (a *Effect) is known,
// as the checker hands it over (checker.EffectLabeler): it does not take
// the step again.
func (m *Model) LabelEffect(from World, a Action, to World, effect any) string {
	eff := effect.(*Effect)
	dir := fmt.Sprintf("%s->%s", a.Side, a.Side.Peer())
	switch a.Kind {
	case ActTick:
		return "tick"
	case ActLose:
		return fmt.Sprintf("net: lose %s %s", dir, eff.Seg)
	case ActDuplicate:
		return fmt.Sprintf("net: duplicate %s %s", dir, eff.Seg)
	}
	side := eff.Side
	var what string
	switch a.Kind {
	case ActConnect:
		what = "connect"
	case ActClose:
		what = [...]string{"close", "shutdown(SHUT_WR)", "abort (SO_LINGER 0)"}[m.cfg.App(side).How]
	case ActRetx:
		what = "retransmission timer"
	case ActTimeWait:
		what = "TIME-WAIT timer"
	case ActFinWait2:
		what = "FIN-WAIT-2 timer"
	case ActKeepalive:
		what = "keep-alive timer"
	case ActDeliver:
		what = "recv " + eff.Seg.String()
	}
	s := fmt.Sprintf("%s: %s ->", side, what)
	for i, seg := range eff.Sent {
		if i > 0 {
			s += ","
		}
		s += " send " + seg.String()
	}
	if len(eff.Sent) > 0 {
		s += ","
	}
	s += " " + to.Endpoint(side).State.String()
	if eff.Note != NoteNone {
		s += " (" + eff.Note.String() + ")"
	}
	return s
}

// Encode appends the canonical encoding of w: every protocol and ghost
// field, channels in their canonical order. Equal worlds give equal bytes.
//
// Under the symmetry reduction (symmetry.go) the world is first rotated to
// the canonical representative of its class, so that worlds that differ
// only by a rotation of sequence numbers encode alike.
func (m *Model) Encode(buf []byte, w World) []byte {
	if m.cfg.symmetric() {
		w = m.cfg.canonical(w)
	}
	for _, e := range []*Endpoint{&w.A, &w.B} {
		var flags byte
		for i, b := range []bool{e.FinSent, e.AppClosed, e.RcvShut, e.Passive, e.ClosedFirst, e.FinOnData} {
			if b {
				flags |= 1 << i
			}
		}
		buf = append(buf, byte(e.State), byte(e.ISS), byte(e.SndUna), byte(e.SndNxt), byte(e.IRS), byte(e.RcvNxt),
			e.Sent, flags, byte(e.Retx), e.Retries, byte(e.TimeWait), byte(e.FinWait2), e.Conns, e.Inc, e.HeldN)
		for _, h := range e.Held[:e.HeldN] {
			// A held segment keeps only SEQ, FIN, length and ghost fields.
			buf = append(buf, byte(h.Seq), byte(h.Flags)|h.Len<<4, h.Inc, h.Data)
		}
		if m.cfg.Keepalive > 0 {
			buf = append(buf, byte(e.Keepalive), e.Probes)
		}
		if m.cfg.Timestamps {
			buf = append(buf, e.TSRecent)
		}
		if m.cfg.TWReuseDelay > 0 {
			buf = append(buf, e.TWAge)
		}
	}
	for _, ch := range []*Channel{&w.AB, &w.BA} {
		buf = append(buf, ch.N)
		for _, s := range ch.List() {
			p := s.pack()
			buf = append(buf, byte(p), byte(p>>8), byte(p>>16), byte(p>>24))
		}
	}
	return append(buf, byte(w.Clock), w.Lost, w.Duped)
}

// Receive delivers seg to endpoint `to` as if the network brought it,
// whatever is in flight, and returns the world after that endpoint's
// reaction and what it did. It is how a test harness asks the model what
// an endpoint does with a segment the model's own peer would not send (a
// crafted RST, an old duplicate, a new SYN); conform compares the answer
// with the Linux kernel's. ok is false when the reply does not fit in the
// channel.
func (m *Model) Receive(w World, to Side, seg Segment) (next World, eff Effect, ok bool) {
	from := to.Peer()
	inFlight := *w.Channel(from)
	*w.Channel(from) = Channel{N: 1, Segs: [MaxCapacity]Segment{seg}}
	next, eff, ok = m.cfg.step(w, Action{Kind: ActDeliver, Side: from})
	*next.Channel(from) = inFlight
	return next, eff, ok
}
