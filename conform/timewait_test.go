package conform

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/model"
)

// twRow is one segment sent to the kernel's TIME-WAIT socket, with the
// sysctl it runs under and the model option that predicts the kernel.
type twRow struct {
	name    string
	rfc1337 bool
	flags   uint8
	// The segment's SEQ relative to A's RCV.NXT, in the kernel (window
	// 65535) and in the model (window 2): the same place in both windows.
	kernelOffset, modelOffset int
	length                    int
	// want says whether the model, with the options of its RFC profile,
	// predicts what the kernel does; when it does not, divergence names
	// the difference (docs/conformance.md).
	divergence string
}

var timeWaitRows = []twRow{
	{name: "RST at RCV.NXT, tcp_rfc1337=0", flags: RST},
	{name: "RST at RCV.NXT, tcp_rfc1337=1", rfc1337: true, flags: RST},
	{name: "RST in the window after RCV.NXT, tcp_rfc1337=0", flags: RST, kernelOffset: 1, modelOffset: 1,
		divergence: "RFC 9293 accepts any RST in the window and closes; Linux (tcp_timewait_state_process) acts on a RST in TIME-WAIT only at exactly RCV.NXT and drops others silently"},
	{name: "RST in the window after RCV.NXT, tcp_rfc1337=1", rfc1337: true, flags: RST, kernelOffset: 1, modelOffset: 1},
	{name: "RST outside the window, tcp_rfc1337=0", flags: RST, kernelOffset: 100000, modelOffset: 10},
	{name: "RST outside the window, tcp_rfc1337=1", rfc1337: true, flags: RST, kernelOffset: 100000, modelOffset: 10},
	{name: "old duplicate data", flags: ACK, kernelOffset: -2, modelOffset: -2, length: 1},
	{name: "retransmitted FIN", flags: FIN | ACK, kernelOffset: -1, modelOffset: -1},
	{name: "new SYN above RCV.NXT", flags: SYN, kernelOffset: 100000, modelOffset: 10},
	{name: "new SYN below RCV.NXT", flags: SYN, kernelOffset: -100, modelOffset: -5},
}

// The kernel's TIME-WAIT against the model's, one crafted segment at a
// time: after the four-way close of TestKernelActiveCloseEndsInTimeWait,
// the harness sends the row's segment; the kernel's answer (or silence)
// and its state afterwards must be what the model's A does with the same
// segment, except in the rows whose divergence docs/conformance.md
// explains.
func TestTimeWaitAnswersAgreeWithTheModel(t *testing.T) {
	for _, row := range timeWaitRows {
		t.Run(row.name, func(t *testing.T) {
			want, err := modelTimeWait(row)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			runLab(t, map[string]string{"tcp_rfc1337": map[bool]string{false: "0", true: "1"}[row.rfc1337]}, func(l *Lab) error {
				got, err = kernelTimeWait(l, row)
				return err
			})
			t.Logf("kernel: %s", got)
			switch {
			case row.divergence == "" && got != want:
				t.Errorf("kernel: %s\nmodel:  %s", got, want)
			case row.divergence != "" && got == want:
				t.Errorf("the documented divergence is gone: kernel and model both %s", got)
			case row.divergence != "":
				t.Logf("known divergence (%s):\nkernel: %s\nmodel:  %s", row.divergence, got, want)
			}
		})
	}
}

// outcome prints what A did with the crafted segment: the segments it
// sent, numbered relative to each side's ISS, and its state afterwards.
func outcome(sent []string, state string) string {
	if len(sent) == 0 {
		sent = []string{"nothing"}
	}
	return "sent " + strings.Join(sent, ", ") + "; then " + state
}

// modelTimeWait takes the model's A through the same four-way close, then
// delivers the row's segment.
func modelTimeWait(row twRow) (string, error) {
	c := model.DefaultConfig()
	c.A.Data, c.Connections, c.Loss, c.Duplicate = 0, 1, 0, 0
	c.RFC1337 = row.rfc1337
	tw, err := NewTwin(c)
	if err != nil {
		return "", err
	}
	for _, s := range []struct {
		kind model.ActionKind
		side model.Side
	}{
		{model.ActConnect, model.A}, {model.ActDeliver, model.A}, {model.ActDeliver, model.B}, {model.ActDeliver, model.A},
		{model.ActClose, model.A}, {model.ActDeliver, model.A}, {model.ActDeliver, model.B}, {model.ActClose, model.B},
		{model.ActDeliver, model.B},
	} {
		if _, err := tw.Take(s.kind, s.side); err != nil {
			return "", err
		}
	}
	a := tw.W.A
	if a.State != model.TimeWait {
		return "", fmt.Errorf("model: A is in %s after the close, want TIME-WAIT", a.State)
	}
	sp := c.Space()
	seg := model.Segment{Seq: sp.Add(a.RcvNxt, row.modelOffset), Len: uint8(row.length)}
	for _, f := range []struct {
		bit  uint8
		flag model.Flags
	}{{SYN, model.SYN}, {FIN, model.FIN}, {RST, model.RST}, {ACK, model.ACK}} {
		if row.flags&f.bit != 0 {
			seg.Flags |= f.flag
		}
	}
	if seg.Has(model.ACK) {
		seg.Ack = a.SndNxt
	}
	eff, err := tw.Receive(seg)
	if err != nil {
		return "", err
	}
	var sent []string
	for _, s := range eff.Sent {
		rel := s
		rel.Seq = model.Seq(sp.Diff(a.ISS, s.Seq))
		rel.Ack = model.Seq(sp.Diff(a.IRS, s.Ack))
		sent = append(sent, rel.String())
	}
	return outcome(sent, tw.W.A.State.String()), nil
}

// kernelTimeWait takes the kernel through the four-way close, then sends
// the row's segment and reports the kernel's answer and state.
func kernelTimeWait(l *Lab, row twRow) (string, error) {
	fd, err := l.Connect(40000, 5000)
	if err != nil {
		return "", err
	}
	syn, err := l.Read(2 * time.Second)
	if err != nil {
		return "", err
	}
	iss := syn.Seq
	const irs = 1000
	b := func(flags uint8, seq, ack uint32) Packet {
		return Packet{SrcPort: 5000, DstPort: 40000, Seq: irs + seq, Ack: iss + ack, Flags: flags, Window: 65535}
	}
	synack := b(SYN|ACK, 0, 1)
	synack.MSS = 1460
	if err := l.Write(synack); err != nil {
		return "", err
	}
	if _, err := expect(l, iss, "ACK seq=1 ack=1001"); err != nil {
		return "", err
	}
	if err := unix.Close(fd); err != nil {
		return "", err
	}
	if _, err := expect(l, iss, "FIN,ACK seq=1 ack=1001"); err != nil {
		return "", err
	}
	for _, p := range []Packet{b(ACK, 1, 2), b(FIN|ACK, 1, 2)} {
		if err := l.Write(p); err != nil {
			return "", err
		}
	}
	if _, err := expect(l, iss, "ACK seq=2 ack=1002"); err != nil {
		return "", err
	}
	if err := expectState(l, model.TimeWait); err != nil {
		return "", err
	}
	// The crafted segment, relative to RCV.NXT = IRS+2.
	p := Packet{SrcPort: 5000, DstPort: 40000, Seq: uint32(irs + 2 + row.kernelOffset), Flags: row.flags, Window: 65535}
	if row.flags&ACK != 0 {
		p.Ack = iss + 2
	}
	p.Payload = make([]byte, row.length)
	if err := l.Write(p); err != nil {
		return "", err
	}
	var sent []string
	for {
		q, err := l.Read(300 * time.Millisecond)
		if errors.Is(err, ErrTimeout) {
			break
		}
		if err != nil {
			return "", err
		}
		rel := q
		rel.Seq -= iss
		rel.Ack -= irs
		sent = append(sent, kernelKind(rel))
	}
	st, ok, err := l.State(40000, 5000)
	if err != nil {
		return "", err
	}
	state := model.Closed.String()
	if ok {
		state = st.String()
	}
	return outcome(sent, state), nil
}

// kernelKind prints a kernel segment as model.Segment.String does.
func kernelKind(p Packet) string {
	s := model.Segment{Seq: model.Seq(p.Seq), Ack: model.Seq(p.Ack), Len: uint8(min(len(p.Payload), 1))}
	for _, f := range []struct {
		bit  uint8
		flag model.Flags
	}{{SYN, model.SYN}, {FIN, model.FIN}, {RST, model.RST}, {ACK, model.ACK}} {
		if p.Flags&f.bit != 0 {
			s.Flags |= f.flag
		}
	}
	return s.String()
}
