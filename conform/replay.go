package conform

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/timewait/timewait/model"
)

// Step is one model action, taken in the twin and mirrored on the kernel:
// A's application calls become system calls, deliveries to A become
// segments the harness writes, and the segments the model's A sends must
// be the segments the kernel sends. Steps of B and of the network change
// only the twin (B is the harness; the kernel's segments were already
// read).
type Step struct {
	Kind model.ActionKind
	Side model.Side
	// Exact, when set, is the very action to take (a random trace's step,
	// with its channel index); otherwise the first enabled action of Kind
	// and Side is taken.
	Exact *model.Action
	// Craft, when set, makes the step a segment the harness crafts and
	// sends to A instead of a model action (Kind and Side are then unused):
	// the model's A receives the same segment (model.Model.Receive).
	Craft *Crafted
	// Sockopt, when set, makes the step a socket option set on A's socket
	// in the kernel, the counterpart of an option the scenario's
	// configuration sets in the model (Kind and Side are then unused).
	Sockopt *Sockopt
	// Listen, when set, makes the step a listening socket the kernel opens
	// on A's port (Kind and Side are then unused). The model's A never
	// listens; it hands a SYN that its TIME-WAIT accepts to a listener
	// when its connection came from one (Endpoint.Passive), so the twin's
	// A is marked so: with the kernel's listener on the port, tcp_v4_rcv
	// has one to hand TCP_TW_SYN to.
	Listen bool
}

// Sockopt is an int socket option, by name (see SockoptNames).
type Sockopt struct {
	Name  string
	Value int
}

// Crafted is a segment the model's B would not send: a RST at a chosen
// place, an old duplicate, a new SYN. Its SEQ is given relative to A's
// RCV.NXT, once for the kernel (window 65535) and once for the model
// (window Config.Window), so that it lies at the same place in both
// windows; an ACK acknowledges A's SND.NXT.
type Crafted struct {
	Flags                     uint8 // FIN, SYN, RST, ACK
	KernelOffset, ModelOffset int
	Len                       int
	// AckOffset, with ACK, moves SEG.ACK from A's SND.NXT by this many
	// numbers, the same in the model and in the kernel (-1 acknowledges
	// one number less than A has sent).
	AckOffset int
	// TSAge, with timestamps, is how many ticks before now the segment's
	// TSval is: its Age in the model, and the harness's clock less
	// TSAge*tsTick in the kernel (see tsValue).
	TSAge int
}

// Divergence is the first step at which the kernel did not do what the
// model predicted.
type Divergence struct {
	Step     int    // 1-based
	Action   string // the model's action
	Expected string // segments and state the model predicts
	Got      string // what the kernel did
}

func (d *Divergence) String() string {
	return fmt.Sprintf("step %d (%s):\n  model expected: %s\n  kernel did:     %s", d.Step, d.Action, d.Expected, d.Got)
}

// Harness ports and B's initial sequence number on the wire.
const (
	kernelPort  = 40000
	harnessPort = 5000
	harnessISS  = 1000
)

// replayer mirrors a twin's steps on the kernel.
type replayer struct {
	lab  Kernel
	twin *Twin
	fd   int
	kISS uint32 // the kernel's ISS, learnt from its SYN
	// The model's initial sequence numbers of A and B, kept once known:
	// a deleted TCB forgets them, but its segments may still be in flight.
	aISS, bISS model.Seq
	aSet, bSet bool
	// seen holds every segment the kernel sent, relative; sndMax is the
	// end of the highest sequence number it has sent, relative to its ISS.
	seen   map[string]bool
	sndMax uint32
	// ticks counts the twin's ticks: the harness's timestamp clock
	// (tsValue); kTSval is the kernel's last TSval, which the harness
	// echoes in TSecr; listen is the kernel's listener, when a step opened
	// one.
	ticks  int
	kTSval uint32
	listen int
	// want, when set by a step, is what the model predicts instead of
	// the segments it sent (a refused or reused connect).
	want string
	// absZero is set while a crafted segment without ACK is answered: the
	// RST of tcp_v4_send_reset then carries the absolute SEQ 0 (RFC 9293
	// §3.10.7.1's <SEQ=0>), which is printed as 0 on both sides rather
	// than relative to an ISS.
	absZero bool
}

// Replay takes steps in the twin and on the kernel in lockstep and returns
// the first divergence, or nil when the kernel did everything the model
// predicted.
func Replay(l Kernel, tw *Twin, steps []Step) (*Divergence, error) {
	r := &replayer{lab: l, twin: tw, fd: -1, listen: -1}
	defer func() {
		if r.fd >= 0 {
			r.lab.Close(r.fd)
		}
		if r.listen >= 0 {
			r.lab.Close(r.listen)
		}
	}()
	for i, s := range steps {
		var got, want, action string
		if s.Sockopt != nil {
			if err := l.Sockopt(r.fd, s.Sockopt.Name, s.Sockopt.Value); err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			continue
		}
		if s.Listen {
			fd, err := l.Listen(kernelPort)
			if err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			r.listen = fd
			tw.W.A.Passive = true // see Step.Listen
			continue
		}
		if s.Craft != nil {
			seg, p := r.craft(*s.Craft)
			action = fmt.Sprintf("crafted %s at RCV.NXT%+d in the model, %+d in the kernel", seg.Kind(), s.Craft.ModelOffset, s.Craft.KernelOffset)
			eff, err := tw.Receive(seg)
			if err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			if err := l.Write(p); err != nil {
				return nil, err
			}
			r.absZero = !seg.Has(model.ACK)
			if got, err = r.collect(r.expectedList(eff.Sent), false, true); err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			want = r.expected(eff.Sent)
			r.absZero = false
		} else {
			if s.Exact != nil {
				s.Kind, s.Side = s.Exact.Kind, s.Exact.Side
			}
			action = model.Action{Kind: s.Kind, Side: s.Side}.String()
			before := tw.W
			eff, err := tw.take(s)
			if err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			r.learnISS()
			if s.Kind == model.ActTick {
				r.ticks++
			}
			if got, err = r.mirror(s, eff, before); err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			if eff.Side == model.A && s.Kind != model.ActLose && s.Kind != model.ActDuplicate && s.Kind != model.ActTick &&
				!(s.Kind == model.ActDeliver && s.Side == model.A) {
				want = r.expected(eff.Sent)
			}
			if r.want != "" {
				want, r.want = r.want, ""
			}
		}
		state, err := r.kernelState()
		if err != nil {
			return nil, err
		}
		wantState := tw.W.A.State.String()
		if got != want || state != wantState {
			return &Divergence{
				Step: i + 1, Action: action,
				Expected: describe(want, wantState), Got: describe(got, state),
			}, nil
		}
	}
	return nil, nil
}

// craft builds a crafted segment for the model and for the kernel.
func (r *replayer) craft(c Crafted) (model.Segment, Packet) {
	cfg := r.twin.M.Config()
	sp := cfg.Space()
	a := r.twin.W.A
	seg := model.Segment{Seq: sp.Add(a.RcvNxt, c.ModelOffset), Flags: modelFlags(c.Flags), Len: uint8(c.Len)}
	rcvNxt := harnessISS + uint32(sp.Diff(r.bISS, a.RcvNxt))
	p := Packet{SrcPort: harnessPort, DstPort: kernelPort, Window: 65535, Flags: c.Flags,
		Seq: rcvNxt + uint32(int32(c.KernelOffset)), Payload: make([]byte, c.Len)}
	if c.Flags&ACK != 0 {
		seg.Ack = sp.Add(a.SndNxt, c.AckOffset)
		p.Ack = r.kISS + uint32(sp.Diff(r.aISS, a.SndNxt)) + uint32(int32(c.AckOffset))
	}
	if r.twin.WireTimestamps && c.Flags&RST == 0 {
		seg.Age = uint8(c.TSAge)
		p.TS, p.TSval, p.TSecr = true, r.tsValue(c.TSAge), r.kTSval
	}
	return seg, p
}

// Timestamps on the harness's side (Config.Timestamps): B's clock starts
// at tsBase and advances tsTick a model tick; a segment's TSval is the
// clock when the model formed it, its Age ticks ago.
const (
	tsBase = 1 << 20
	tsTick = 1000
)

// tsValue is the harness's TSval for a segment formed age ticks ago.
func (r *replayer) tsValue(age int) uint32 { return uint32(tsBase + tsTick*(r.ticks-age)) }

// tsecr prints what the kernel's TSecr echoes: " tsecr-age=N" when it
// echoes the harness's TSval of N ticks ago (less than MSL+1, the age at
// which the model stops counting), nothing for an older one or none, and
// " no-timestamp" for a segment other than a RST that lacks the option
// while the scenario has timestamps.
func (r *replayer) tsecr(p Packet) string {
	cfg := r.twin.M.Config()
	if !r.twin.WireTimestamps || !cfg.Timestamps {
		// Without the model's option (a Fix test) there is no TSecr to
		// compare: the segments and states show the difference.
		return ""
	}
	if !p.TS {
		if p.Flags&RST == 0 {
			return " no-timestamp"
		}
		return ""
	}
	if p.TSecr == 0 {
		return ""
	}
	age := int(int32(r.tsValue(0)-p.TSecr)) / tsTick
	if age < 0 || age > cfg.MSL {
		return ""
	}
	return fmt.Sprintf(" tsecr-age=%d", age)
}

// learnISS records each side's initial sequence number once it has one.
func (r *replayer) learnISS() {
	a, b := r.twin.W.A, r.twin.W.B
	if !r.aSet && a.State != model.Closed {
		r.aISS, r.aSet = a.ISS, true
	}
	if !r.bSet && b.State != model.Closed && b.State != model.Listen {
		r.bISS, r.bSet = b.ISS, true
	}
}

func describe(sent, state string) string {
	if sent == "" {
		sent = "nothing"
	}
	return "sent " + sent + "; A in " + state
}

// mirror does on the kernel what the twin just did, and returns the
// segments the kernel sent in answer, numbered relative to each side's
// initial sequence number.
func (r *replayer) mirror(s Step, eff model.Effect, before model.World) (string, error) {
	switch {
	case s.Kind == model.ActConnect && s.Side == model.A:
		return r.connect(eff, before)
	case s.Kind == model.ActClose && s.Side == model.A:
		if err := r.closeCall(); err != nil {
			return "", err
		}
		return r.collect(r.expectedList(eff.Sent), false, false)
	case s.Kind == model.ActDeliver && s.Side == model.B:
		if err := r.lab.Write(r.toKernel(eff.Seg)); err != nil {
			return "", err
		}
		if err := r.application(before); err != nil {
			return "", err
		}
		return r.collect(r.expectedList(eff.Sent), false, false)
	case s.Side == model.A && (s.Kind == model.ActRetx || s.Kind == model.ActTimeWait || s.Kind == model.ActFinWait2 || s.Kind == model.ActKeepalive):
		return "", errors.New("A's timers run in the kernel on its own clock: a trace that fires them cannot be replayed step by step")
	}
	// B's steps, deliveries to B, losses, duplications and ticks change
	// only the twin.
	return "", nil
}

// refused is what a connect that the kernel refuses prints: EADDRNOTAVAIL,
// from __inet_check_established when tcp_twsk_unique does not let the
// TIME-WAIT pair be reused (the model's connect-refused).
const refused = "connect refused (EADDRNOTAVAIL)"

// connect mirrors A's connect. A connect the model refuses in TIME-WAIT
// must fail in the kernel. One that takes the pair over from TIME-WAIT
// (tw-reuse-delay, tcp_twsk_unique) must send a SYN at exactly
// tw_snd_nxt + 65535 + 2 (the model's SND.NXT + RCV.WND + 1), echoing in
// TSecr the TS.Recent it inherits; both print it as
// "SYN seq=ISS-after-TIME-WAIT", and the numbering then starts again from
// the new ISS on both sides.
func (r *replayer) connect(eff model.Effect, before model.World) (string, error) {
	if eff.Note == model.NoteConnectRefused {
		r.want = refused
		if no, err := r.connectKernel(); no || err != nil {
			return refusedOr(err)
		}
		return r.collect(nil, false, false)
	}
	reused := eff.Note == model.NoteTWReused
	oldNxt := r.kISS + r.sndMax
	if reused {
		r.sndMax, r.seen = 0, nil
		r.aISS = r.twin.W.A.ISS
		want := "SYN seq=ISS-after-TIME-WAIT"
		if a := before.A; r.twin.M.Config().Timestamps && int(a.TSRecent) <= r.twin.M.Config().MSL {
			want += fmt.Sprintf(" tsecr-age=%d", a.TSRecent)
		}
		r.want = want
	}
	if no, err := r.connectKernel(); no || err != nil {
		return refusedOr(err)
	}
	got, err := r.collect(r.expectedList(eff.Sent), true, false)
	if reused && r.kISS == oldNxt+65535+2 {
		got = strings.Replace(got, "SYN seq=0", "SYN seq=ISS-after-TIME-WAIT", 1)
	}
	return got, err
}

// connectKernel has the kernel's A connect, keeping its socket. refused
// says the kernel refused the connect (EADDRNOTAVAIL: the pair is still in
// TIME-WAIT), so there is no socket.
func (r *replayer) connectKernel() (refused bool, err error) {
	fd, err := r.lab.Connect(kernelPort, harnessPort)
	if err != nil {
		if strings.Contains(err.Error(), "cannot assign requested address") {
			return true, nil
		}
		return false, err
	}
	r.fd = fd
	return false, nil
}

// refusedOr is what connect returns when the kernel did not connect: the
// refusal, or the error.
func refusedOr(err error) (string, error) {
	if err != nil {
		return "", err
	}
	return refused, nil
}

// application does what the model's A application does implicitly after
// a segment arrives: once the connection is established it writes its
// data units (one byte each), as the model's A sends them, and it reads
// whatever has arrived, as the model's application reads to the end (a
// close() with unread data would make Linux send a RST, RFC 2525 §2.17).
func (r *replayer) application(before model.World) error {
	if r.fd < 0 {
		return nil
	}
	a := r.twin.W.A
	if before.A.State == model.SynSent && a.State != model.SynSent && a.State != model.Closed {
		if data := r.twin.M.Config().A.Data; data > 0 {
			if err := r.lab.Send(r.fd, data); err != nil {
				return err
			}
		}
	}
	if !a.RcvShut {
		return r.lab.Drain(r.fd)
	}
	return nil
}

// closeCall makes A's application call of the twin's configuration.
func (r *replayer) closeCall() error {
	fd := r.fd
	switch r.twin.M.Config().A.How {
	case model.CallShutdown:
		return r.lab.Shutdown(fd)
	case model.CallAbort:
		r.fd = -1
		return r.lab.Abort(fd)
	}
	r.fd = -1
	return r.lab.Close(fd)
}

// collect reads the segments the model predicts (want, printed as
// relative prints them), then makes sure no more follow at once, and
// prints all it read. A segment the kernel already sent before is its own
// retransmission, timed by the kernel's clock rather than the model's, and
// so is one that covers only numbers already sent (the kernel may merge
// segments when it retransmits); it is set aside unless it is the segment
// the model expects next, and the harness never delivers it. Not so when
// fresh: the answer to a crafted segment, read at once, is an answer even
// when it repeats an earlier segment (TIME-WAIT's ACK is always the same
// ACK).
func (r *replayer) collect(want []string, first, fresh bool) (string, error) {
	var out []string
	for {
		wait := 500 * time.Millisecond
		if len(out) >= len(want) {
			wait = 30 * time.Millisecond
		}
		p, err := r.lab.Read(wait)
		if errors.Is(err, ErrTimeout) {
			break
		}
		if err != nil {
			return "", err
		}
		if first && len(out) == 0 {
			r.kISS = p.Seq
		}
		if p.TS {
			r.kTSval = p.TSval
		}
		seg := r.relative(p)
		end := p.Seq - r.kISS + uint32(len(p.Payload))
		if p.Flags&(SYN|FIN) != 0 {
			end++
		}
		// A retransmission: a segment sent before, or one that only
		// repacks numbers already sent (tcp_retrans_try_collapse merges
		// the data at SND.UNA with the FIN behind it).
		old := r.seen[seg] || len(r.seen) > 0 && p.Flags&(SYN|RST) == 0 && int32(end-r.sndMax) <= 0 && p.Seq != r.kISS+r.sndMax
		if !fresh && old && (len(out) >= len(want) || want[len(out)] != seg) {
			continue
		}
		if int32(end-r.sndMax) > 0 {
			r.sndMax = end
		}
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		r.seen[seg] = true
		out = append(out, seg)
	}
	return strings.Join(out, ", "), nil
}

// relative prints a kernel segment with A's numbers relative to the
// kernel's ISS and B's relative to the harness's, as expected does.
func (r *replayer) relative(p Packet) string {
	s := model.Segment{Seq: model.Seq(p.Seq - r.kISS), Len: uint8(min(len(p.Payload), 1))}
	if p.Flags&ACK != 0 {
		s.Ack = model.Seq(p.Ack - harnessISS)
	}
	s.Flags = modelFlags(p.Flags)
	if r.absZero && s.Has(model.RST) && p.Seq == 0 {
		s.Seq = 0
	}
	if s.Has(model.SYN|model.ACK) && r.sndMax > 0 && p.Seq == r.kISS+r.sndMax+65535+2 {
		// A connection opened from TIME-WAIT (TCP_TW_SYN): its ISN is
		// tw_snd_nxt + 65535 + 2, the model's SND.NXT + RCV.WND + 1.
		return fmt.Sprintf("SYN,ACK seq=ISS-after-TIME-WAIT ack=%d", s.Ack) + r.tsecr(p)
	}
	return s.String() + r.tsecr(p)
}

// expected prints the segments the model's A sends, numbered like relative.
func (r *replayer) expected(sent []model.Segment) string {
	return strings.Join(r.expectedList(sent), ", ")
}

// expectedList is expected, one string a segment.
func (r *replayer) expectedList(sent []model.Segment) []string {
	sp := r.twin.M.Config().Space()
	out := make([]string, len(sent))
	for i, s := range sent {
		rel := s
		rel.Seq = model.Seq(sp.Diff(r.aISS, s.Seq))
		if r.absZero && s.Has(model.RST) && s.Seq == 0 {
			rel.Seq = 0
		}
		if s.Has(model.ACK) {
			rel.Ack = model.Seq(sp.Diff(r.bISS, s.Ack))
		}
		out[i] = rel.String()
		a := r.twin.W.A
		if s.Has(model.SYN|model.ACK) && a.State == model.SynReceived && r.aISS != a.ISS {
			out[i] = fmt.Sprintf("SYN,ACK seq=ISS-after-TIME-WAIT ack=%d", rel.Ack)
		}
		out[i] += r.expectedTSecr(s)
	}
	return out
}

// expectedTSecr prints the TSecr the model's A echoes, as tsecr prints the
// kernel's: A's TS.Recent, by its age, on every segment but a RST and the
// SYN (which echoes nothing), while it is younger than MSL+1.
func (r *replayer) expectedTSecr(s model.Segment) string {
	cfg := r.twin.M.Config()
	a := r.twin.W.A
	if !cfg.Timestamps || s.Has(model.RST) || !s.Has(model.ACK) || a.State == model.SynSent || a.State == model.Closed || a.State == model.Listen {
		return ""
	}
	if int(a.TSRecent) > cfg.MSL {
		return ""
	}
	return fmt.Sprintf(" tsecr-age=%d", a.TSRecent)
}

// toKernel turns a segment of the model's B into the harness's packet.
func (r *replayer) toKernel(s model.Segment) Packet {
	sp := r.twin.M.Config().Space()
	p := Packet{SrcPort: harnessPort, DstPort: kernelPort, Window: 65535, Flags: wireFlags(s.Flags),
		Seq: harnessISS + uint32(sp.Diff(r.bISS, s.Seq))}
	if s.Has(model.ACK) {
		p.Ack = r.kISS + uint32(sp.Diff(r.aISS, s.Ack))
	}
	if s.Has(model.SYN) {
		p.MSS = 1460
	}
	if s.Len > 0 {
		p.Payload = []byte{'b'}
	}
	if r.twin.WireTimestamps && !s.Has(model.RST) {
		p.TS, p.TSval, p.TSecr = true, r.tsValue(int(s.Age)), r.kTSval
	}
	return p
}

// kernelState is the state the kernel's table shows for the socket pair,
// CLOSED when it shows none.
func (r *replayer) kernelState() (string, error) {
	st, ok, err := r.lab.State(kernelPort, harnessPort)
	if err != nil {
		return "", err
	}
	if !ok {
		return model.Closed.String(), nil
	}
	return st.String(), nil
}

func modelFlags(f uint8) model.Flags {
	var out model.Flags
	for _, x := range flagPairs {
		if f&x.wire != 0 {
			out |= x.model
		}
	}
	return out
}

func wireFlags(f model.Flags) uint8 {
	var out uint8
	for _, x := range flagPairs {
		if f&x.model != 0 {
			out |= x.wire
		}
	}
	return out
}

var flagPairs = []struct {
	wire  uint8
	model model.Flags
}{{SYN, model.SYN}, {FIN, model.FIN}, {RST, model.RST}, {ACK, model.ACK}}
