package conform

import (
	"fmt"
	"strings"

	"github.com/timewait/timewait/checker"
	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/packetdrill"
)

// WriteScript writes endpoint A's side of a model trace as a packetdrill
// script that the lab can play against the kernel (conform --packetdrill):
// A's application calls become system calls on one socket, the segments
// delivered to A are injected (<), and the segments A sends are expected
// (>). Every other step (B's, the network's, A's timers but its
// retransmissions) is a comment. Sequence numbers are relative to each
// side's initial number, as packetdrill writes them. The script ends
// where A opens its next connection: a script tests one socket. title
// heads the script as a comment.
func WriteScript(m *model.Model, tr *checker.Trace[model.World, model.Action], title string) ([]byte, error) {
	c := m.Config()
	if c.A.Data > 1 {
		return nil, fmt.Errorf("a-data %d: a packetdrill script writes one data unit, as one byte (Linux sends a second small write only once the first is acknowledged); want a-data 0 or 1", c.A.Data)
	}
	sp := c.Space()
	w := &scriptWriter{}
	for _, line := range strings.Split(strings.TrimRight(title, "\n"), "\n") {
		w.comment(line)
	}
	w.comment("A's side, written by timewait: the kernel's socket plays A; < lines are what A receives, > lines what A sends.")
	var aISS, bISS model.Seq
	var aSet, bSet bool
	num := func(iss model.Seq, s model.Seq) uint32 { return uint32(sp.Diff(iss, s)) }
	pkt := func(dir packetdrill.Direction, seg model.Segment, answeringNoACK bool) *packetdrill.Packet {
		p := &packetdrill.Packet{Dir: dir, Flags: uint16(wireFlags(seg.Flags)), Len: int(seg.Len), Win: -1, Urg: -1}
		if seg.Len > 0 {
			p.Flags |= packetdrill.PSH
		}
		own, peer := aISS, bISS
		if dir == packetdrill.Inbound {
			own, peer = bISS, aISS
			p.Win = 65535
		}
		p.Seq = num(own, seg.Seq)
		if dir == packetdrill.Outbound && seg.Has(model.RST) && answeringNoACK && seg.Seq == 0 {
			p.Seq = 0
		}
		if seg.Has(model.ACK) {
			p.Ack, p.HasAck = num(peer, seg.Ack), true
		}
		if seg.Has(model.SYN) {
			p.Options = []packetdrill.TCPOption{{Kind: "mss", Values: []uint32{1460}}}
		}
		return p
	}
	opened := false
	for i := 1; i < len(tr.Steps); i++ {
		prev, st := tr.Steps[i-1].State, tr.Steps[i]
		a := st.Action
		label := fmt.Sprintf("step %d: %s", i, st.Label)
		if tr.Lasso && i == tr.LoopAt+1 {
			label += " (the lasso repeats from here)"
		}
		_, eff, ok := m.Step(prev, a)
		if !ok {
			return nil, fmt.Errorf("step %d (%s) is not a step of the model", i, st.Label)
		}
		after := st.State.A
		if !aSet && after.State != model.Closed {
			aISS, aSet = after.ISS, true
		}
		if !bSet && st.State.B.State != model.Closed && st.State.B.State != model.Listen {
			bISS, bSet = st.State.B.ISS, true
		}
		switch {
		case a.Kind == model.ActConnect && a.Side == model.A:
			if eff.Note == model.NoteConnectRefused {
				w.comment(label + " (connect() refused: the pair is in TIME-WAIT)")
				continue
			}
			if opened {
				w.comment(label)
				w.comment("A opens its next connection here; a script tests one socket, so it ends.")
				return w.bytes(), nil
			}
			opened = true
			w.comment(label)
			w.call("socket(..., SOCK_STREAM, IPPROTO_TCP) = 3")
			w.call("connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)")
		case a.Kind == model.ActClose && a.Side == model.A:
			w.comment(label)
			switch c.A.How {
			case model.CallShutdown:
				w.call("shutdown(3, SHUT_WR) = 0")
			case model.CallAbort:
				w.call("setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0")
				w.call("close(3) = 0")
			default:
				w.call("close(3) = 0")
			}
		case a.Kind == model.ActDeliver && a.Side == model.B:
			w.comment(label)
			w.packet("+0", pkt(packetdrill.Inbound, eff.Seg, false))
		case a.Side == model.A && (a.Kind == model.ActRetx || a.Kind == model.ActKeepalive):
			w.comment(label + " (the kernel's own timer decides when)")
			for _, s := range eff.Sent {
				w.packet("*", pkt(packetdrill.Outbound, s, false))
			}
			continue
		default:
			w.comment(label)
			continue
		}
		// What A sent in this step. Its data leaves once the application
		// writes it, as the connection is established.
		noACK := a.Kind == model.ActDeliver && !eff.Seg.Has(model.ACK)
		var data []model.Segment
		for _, s := range eff.Sent {
			if s.Len > 0 && prev.A.State == model.SynSent {
				data = append(data, s)
				continue
			}
			w.packet("+0", pkt(packetdrill.Outbound, s, noACK))
		}
		if prev.A.State == model.SynSent && after.State != model.SynSent && after.State != model.Closed && c.A.Data == 1 {
			w.call("write(3, ..., 1) = 1")
		}
		for _, s := range data {
			w.packet("+0", pkt(packetdrill.Outbound, s, noACK))
		}
	}
	return w.bytes(), nil
}

// scriptWriter builds a script's text.
type scriptWriter struct{ b strings.Builder }

func (w *scriptWriter) comment(s string) { fmt.Fprintf(&w.b, "// %s\n", s) }
func (w *scriptWriter) call(s string)    { fmt.Fprintf(&w.b, "%5s %s\n", "+0", s) }
func (w *scriptWriter) packet(t string, p *packetdrill.Packet) {
	fmt.Fprintf(&w.b, "%5s %s\n", t, p)
}

func (w *scriptWriter) bytes() []byte {
	s := w.b.String()
	// The first event's time is absolute: 0.
	return []byte(strings.Replace(s, "\n   +0 socket(", "\n    0 socket(", 1))
}
