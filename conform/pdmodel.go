package conform

import (
	"fmt"

	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/packetdrill"
)

// The model plays a script in a sequence space of ScriptSeqSpace numbers
// with a window of ScriptWindow: a segment's place relative to RCV.NXT
// (and an ACK's relative to SND.NXT) is kept as it is within
// ScriptWindow-1 of it; a segment at least 65535 beyond RCV.NXT, outside
// every window the lab's kernel can offer without window scaling, lies
// just beyond the model's window, and one more than ScriptWindow-1 below
// RCV.NXT just below it. Places between are refused: the model cannot put
// them where the kernel's window does.
const (
	ScriptSeqSpace = 128
	ScriptWindow   = 32
	outsideWindow  = 65535 // beyond every window without window scaling
	modelBeyond    = ScriptWindow + 8
)

// ScriptConfig is the model configuration a script is played with: the
// conformance base (one connection, no faults, FIFO), a larger sequence
// space and window, the profile, tcp_rfc1337 off as in the lab, and what
// the script's application does.
func ScriptConfig(s *Script, profile string) (model.Config, error) {
	c := BaseConfig()
	c.SeqSpace, c.Window = ScriptSeqSpace, ScriptWindow
	c.Loss, c.Duplicate, c.Capacity = 0, 0, model.MaxCapacity
	if s.Linger2 {
		c.FinWait2 = -1
	}
	// An application that reads nothing closes with the data that
	// arrived unread, and close() then resets (RFC 9293 §3.6.1, SHLD-2;
	// Linux's tcp_close); one that reads reads all that arrived.
	c.RSTOnUnread = !s.Reads
	if s.Passive {
		c.B = s.App
	} else {
		c.A = s.App
	}
	if err := model.ApplyProfile(&c, profile); err != nil {
		return c, err
	}
	c.RFC1337 = false
	return c, c.Validate()
}

// modelPlayer plays a script against the model: the model's endpoint of
// the script's socket stands in for the kernel.
type modelPlayer struct {
	s    *Script
	m    *model.Model
	w    model.World
	side model.Side
	sp   model.Space
	sent []model.Segment // sent by the endpoint, not yet expected
	// The script's numbers: localISN is the endpoint's ISS as the script
	// writes it (its first > SYN), remoteISN the peer's (its first < SYN).
	localISN, remoteISN uint32
	modelISS, modelIRS  model.Seq
	localSet, remoteSet bool
	// rcvNxt and sndNxt, in the script's numbers, as last known: a
	// deleted TCB forgets them, but segments still arrive for it.
	rcvNxt, sndNxt     uint32
	rcvKnown, sndKnown bool
	// lastNoACK: the last injected segment had no ACK, so a RST in answer
	// carries <SEQ=0>, an absolute number.
	lastNoACK bool
}

// PlayModel plays s against the model under profile. A line whose
// segment the model cannot place is an [*UnsupportedError].
func PlayModel(s *Script, profile string) (*Verdict, error) {
	c, err := ScriptConfig(s, profile)
	if err != nil {
		return nil, err
	}
	return playModel(s, c)
}

// playModel plays s against the model of c (a ScriptConfig).
func playModel(s *Script, c model.Config) (*Verdict, error) {
	m, err := model.New(c)
	if err != nil {
		return nil, err
	}
	p := &modelPlayer{s: s, m: m, w: m.Init()[0], side: s.Side(), sp: c.Space(), modelIRS: 0}
	for _, st := range s.steps {
		v, err := p.step(st)
		if err != nil || v != nil {
			return v, err
		}
	}
	if len(p.sent) > 0 {
		return &Verdict{Against: "the model", Line: -1, Expected: "nothing more", Got: "the model also sends " + p.print(p.sent[0])}, nil
	}
	return &Verdict{Against: "the model"}, nil
}

func (p *modelPlayer) endpoint() *model.Endpoint { return p.w.Endpoint(p.side) }

// take takes a model action of the endpoint and keeps what it sent.
func (p *modelPlayer) take(kind model.ActionKind) error {
	next, eff, ok := p.m.Step(p.w, model.Action{Kind: kind, Side: p.side})
	if !ok {
		return fmt.Errorf("model: %v does not fit in the channel", model.Action{Kind: kind, Side: p.side})
	}
	p.w = next
	p.keep(eff)
	return nil
}

// keep moves what the endpoint sent out of the model's channel, which the
// script's side reads, into sent.
func (p *modelPlayer) keep(eff model.Effect) {
	p.sent = append(p.sent, eff.Sent...)
	*p.w.Channel(p.side) = model.Channel{}
	p.learn()
}

// learn records the endpoint's RCV.NXT and SND.NXT in the script's
// numbers while it has a TCB.
func (p *modelPlayer) learn() {
	e := p.endpoint()
	if e.State == model.Closed || e.State == model.Listen {
		return
	}
	if p.localSet {
		p.sndNxt, p.sndKnown = p.localISN+uint32(p.sp.Diff(p.modelISS, e.SndNxt)), true
	}
	if p.remoteSet && e.State != model.SynSent {
		p.rcvNxt, p.rcvKnown = p.remoteISN+uint32(p.sp.Diff(p.modelIRS, e.RcvNxt)), true
	}
}

func (p *modelPlayer) fail(st scriptStep, got string) *Verdict {
	return &Verdict{Against: "the model", Line: st.line, Expected: st.text, Got: got}
}

func (p *modelPlayer) step(st scriptStep) (*Verdict, error) {
	e := p.endpoint()
	switch st.op {
	case opConnect:
		return nil, p.take(model.ActConnect)
	case opAccept:
		if e.State == model.Listen || e.State == model.SynReceived || e.State == model.Closed {
			return p.fail(st, fmt.Sprintf("the model's connection is in %v, not accepted", e.State)), nil
		}
	case opClose, opShutdown:
		return nil, p.take(model.ActClose)
	case opInject:
		seg, err := p.segment(st)
		if err != nil {
			return nil, err
		}
		next, eff, ok := p.m.Receive(p.w, p.side, seg)
		if !ok {
			return nil, fmt.Errorf("model: the answer to %v does not fit in the channel", seg)
		}
		p.w = next
		p.lastNoACK = !seg.Has(model.ACK)
		if e := p.endpoint(); seg.Has(model.SYN) && e.State == model.SynReceived && e.IRS == seg.Seq {
			// A new connection from this SYN (a listener's, or TIME-WAIT
			// reused): the peer's numbers start again from it.
			p.remoteISN, p.modelIRS, p.remoteSet = st.pkt.Seq, seg.Seq, true
		}
		p.keep(eff)
	case opExpect:
		if len(p.sent) == 0 && st.anyTim {
			// *: the endpoint's retransmission timer may send it; let
			// the model's time pass until it is due.
			for range 256 {
				if e := p.endpoint(); !e.Retx.Armed() {
					break
				} else if e.Retx.Due() {
					if err := p.take(model.ActRetx); err != nil {
						return nil, err
					}
					break
				}
				next, _, _ := p.m.Step(p.w, model.Action{Kind: model.ActTick})
				p.w = next
			}
		}
		if len(p.sent) == 0 {
			return p.fail(st, "the model sends nothing"), nil
		}
		seg := p.sent[0]
		p.sent = p.sent[1:]
		if seg.Has(model.SYN) {
			p.localISN, p.modelISS, p.localSet = st.pkt.Seq, seg.Seq, true
			p.learn()
		}
		if got := p.print(seg); got != expectedForm(st.pkt) {
			return p.fail(st, "the model sends "+got), nil
		}
	}
	return nil, nil
}

// segment turns an injected segment into the model's numbers.
func (p *modelPlayer) segment(st scriptStep) (model.Segment, error) {
	pk := st.pkt
	bad := func(format string, args ...any) (model.Segment, error) {
		return model.Segment{}, &UnsupportedError{File: p.s.File, Line: st.line, Msg: fmt.Sprintf(format, args...)}
	}
	seg := model.Segment{Flags: modelFlags(uint8(pk.Flags)), Len: uint8(pk.Len), Inc: 1}
	switch {
	case pk.Flags&packetdrill.SYN != 0 && !p.remoteSet:
		p.remoteISN, p.remoteSet = pk.Seq, true
		seg.Seq = p.modelIRS
	case !p.rcvKnown:
		return bad("SEQ %d before the connection has a receive sequence: the model cannot place it; want a SYN from the script's side first", pk.Seq)
	default:
		o := int64(int32(pk.Seq - p.rcvNxt))
		switch {
		case o > -ScriptWindow && o < ScriptWindow:
		case o >= outsideWindow:
			o = modelBeyond
		case o < 0:
			o = -modelBeyond
		default:
			return bad("SEQ %d lies at RCV.NXT%+d, inside the kernel's window but beyond the model's (%d): the model cannot place it so; want an offset from RCV.NXT-%d to RCV.NXT+%d, or at least %d beyond RCV.NXT", pk.Seq, o, ScriptWindow, ScriptWindow-1, ScriptWindow-1, outsideWindow)
		}
		seg.Seq = p.sp.Add(p.modelIRS, int(uint32(p.rcvNxt-p.remoteISN))%ScriptSeqSpace+int(o))
	}
	if pk.Flags&packetdrill.ACK != 0 {
		if !p.sndKnown {
			return bad("ack %d before the socket has sent its SYN: the script cannot name its numbers yet; want the > S line first", pk.Ack)
		}
		o := int64(int32(pk.Ack - p.sndNxt))
		if o <= -ScriptWindow || o >= ScriptWindow {
			return bad("ack %d lies at SND.NXT%+d: the model places ACKs within %d of SND.NXT; want ack %d to %d", pk.Ack, o, ScriptWindow-1, p.sndNxt-ScriptWindow+1, p.sndNxt+ScriptWindow-1)
		}
		seg.Ack = p.sp.Add(p.modelISS, int(uint32(p.sndNxt-p.localISN))%ScriptSeqSpace+int(o))
	}
	return seg, nil
}

// print writes a segment the model sent as a > line, in the script's
// numbers.
func (p *modelPlayer) print(seg model.Segment) string {
	pk := packetdrill.Packet{Dir: packetdrill.Outbound, Flags: uint16(wireFlags(seg.Flags)), Len: int(seg.Len), Win: -1, Urg: -1}
	switch {
	case seg.Has(model.RST) && p.lastNoACK && seg.Seq == 0:
		pk.Seq = 0 // <SEQ=0>: absolute
	case p.localSet:
		pk.Seq = p.localISN + uint32(p.sp.Diff(p.modelISS, seg.Seq))
	default:
		pk.Seq = uint32(seg.Seq)
	}
	if seg.Has(model.ACK) {
		pk.HasAck = true
		pk.Ack = p.remoteISN + uint32(p.sp.Diff(p.modelIRS, seg.Ack))
	}
	return pk.String()
}

// expectedForm is an expected segment as compared: flags but PSH (the
// model has none; the kernel's side checks it), numbers, no window or
// options (the kernel's side checks those).
func expectedForm(pk *packetdrill.Packet) string {
	q := *pk
	q.Flags &^= packetdrill.PSH
	q.Win, q.Options, q.AnyOptions = -1, nil, false
	return q.String()
}
