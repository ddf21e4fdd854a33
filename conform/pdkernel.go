package conform

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/packetdrill"
)

// ScriptKernel is what a packetdrill script needs of the kernel beyond a
// Kernel: a socket made call by call. A [*Lab] is the live kernel; a
// [*Recorder] records, and a [*Playback] plays back, these calls too.
type ScriptKernel interface {
	Kernel
	// Socket makes a non-blocking TCP socket bound to KernelAddr:port.
	Socket(port uint16) (int, error)
	// ConnectTo connects fd to HarnessAddr:port without waiting.
	ConnectTo(fd int, port uint16) error
	// ListenFD makes fd listen; Accept takes a connection that is
	// established (waiting a little for it), or fails. (Kernel's Listen
	// opens a listener of its own on A's port.)
	ListenFD(fd int) error
	Accept(fd int) (int, error)
	// Linger sets SO_LINGER {onoff, secs}.
	Linger(fd, onoff, secs int) error
	// Recv reads up to n bytes (waiting a little for them) and returns
	// how many it read; -1 when none had arrived (EAGAIN).
	Recv(fd, n int) (int, error)
}

// Socket makes a non-blocking TCP socket bound to KernelAddr:port.
func (l *Lab) Socket(port uint16) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: int(port), Addr: KernelAddr}); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("bind: %w", err)
	}
	return fd, nil
}

// ConnectTo connects fd to HarnessAddr:port without waiting: the SYN is
// then waiting to be Read.
func (l *Lab) ConnectTo(fd int, port uint16) error {
	err := unix.Connect(fd, &unix.SockaddrInet4{Port: int(port), Addr: HarnessAddr})
	if err != nil && err != unix.EINPROGRESS {
		return fmt.Errorf("connect: %w", err)
	}
	return nil
}

// ListenFD is listen(2) on fd with a backlog of 1.
func (l *Lab) ListenFD(fd int) error {
	if err := unix.Listen(fd, 1); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return nil
}

// Accept waits up to half a second for an established connection on fd
// and accepts it.
func (l *Lab) Accept(fd int) (int, error) {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if _, err := unix.Poll(pfd, 500); err != nil && err != unix.EINTR {
		return -1, fmt.Errorf("accept: %w", err)
	}
	nfd, _, err := unix.Accept4(fd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
	if err != nil {
		return -1, fmt.Errorf("accept: %w", err)
	}
	return nfd, nil
}

// Linger sets SO_LINGER.
func (l *Lab) Linger(fd, onoff, secs int) error {
	if err := unix.SetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: int32(onoff), Linger: int32(secs)}); err != nil {
		return fmt.Errorf("setsockopt SO_LINGER: %w", err)
	}
	return nil
}

// Recv waits up to 200 ms for data on fd and reads up to n bytes.
func (l *Lab) Recv(fd, n int) (int, error) {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if _, err := unix.Poll(pfd, 200); err != nil && err != unix.EINTR {
		return 0, fmt.Errorf("read: %w", err)
	}
	got, err := unix.Read(fd, make([]byte, n))
	if err == unix.EAGAIN {
		return -1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read: %w", err)
	}
	return got, nil
}

// script is the recorded kernel as a ScriptKernel.
func (r *Recorder) script() (ScriptKernel, error) {
	sk, ok := r.K.(ScriptKernel)
	if !ok {
		return nil, fmt.Errorf("conform: the recorded kernel (%T) makes no sockets call by call", r.K)
	}
	return sk, nil
}

// Socket records socket() and bind().
func (r *Recorder) Socket(port uint16) (int, error) {
	sk, err := r.script()
	if err != nil {
		return -1, err
	}
	fd, err := sk.Socket(port)
	r.add(event{Op: "socket", Local: port, FD: fd}, err)
	return fd, err
}

// ConnectTo records connect().
func (r *Recorder) ConnectTo(fd int, port uint16) error {
	sk, err := r.script()
	if err == nil {
		err = sk.ConnectTo(fd, port)
	}
	r.add(event{Op: "connect-to", FD: fd, Remote: port}, err)
	return err
}

// ListenFD records listen() on a script's socket.
func (r *Recorder) ListenFD(fd int) error {
	sk, err := r.script()
	if err == nil {
		err = sk.ListenFD(fd)
	}
	r.add(event{Op: "listen", FD: fd}, err)
	return err
}

// Accept records accept().
func (r *Recorder) Accept(fd int) (int, error) {
	sk, err := r.script()
	if err != nil {
		return -1, err
	}
	nfd, err := sk.Accept(fd)
	r.add(event{Op: "accept", FD: fd, N: nfd}, err)
	return nfd, err
}

// Linger records SO_LINGER.
func (r *Recorder) Linger(fd, onoff, secs int) error {
	sk, err := r.script()
	if err == nil {
		err = sk.Linger(fd, onoff, secs)
	}
	r.add(event{Op: "linger", FD: fd, Value: onoff, N: secs}, err)
	return err
}

// Recv records a read and its count.
func (r *Recorder) Recv(fd, n int) (int, error) {
	sk, err := r.script()
	if err != nil {
		return 0, err
	}
	got, err := sk.Recv(fd, n)
	r.add(event{Op: "recv", FD: fd, N: n, Value: got}, err)
	return got, err
}

// Socket plays back socket().
func (pb *Playback) Socket(port uint16) (int, error) {
	e, err := pb.take("socket")
	if err == nil && e.Local != port {
		err = fmt.Errorf("playback: socket on port %d, the log has %d", port, e.Local)
	}
	return e.FD, err
}

// ConnectTo plays back connect().
func (pb *Playback) ConnectTo(fd int, port uint16) error {
	e, err := pb.take("connect-to")
	if err == nil && (e.FD != fd || e.Remote != port) {
		err = fmt.Errorf("playback: connect %d to %d, the log has %d to %d", fd, port, e.FD, e.Remote)
	}
	return err
}

// ListenFD plays back listen() on a script's socket.
func (pb *Playback) ListenFD(fd int) error { _, err := pb.take("listen"); return err }

// Accept plays back accept().
func (pb *Playback) Accept(fd int) (int, error) {
	e, err := pb.take("accept")
	return e.N, err
}

// Linger plays back SO_LINGER.
func (pb *Playback) Linger(fd, onoff, secs int) error {
	e, err := pb.take("linger")
	if err == nil && (e.Value != onoff || e.N != secs) {
		err = fmt.Errorf("playback: SO_LINGER {%d, %d}, the log has {%d, %d}", onoff, secs, e.Value, e.N)
	}
	return err
}

// Recv plays back a read.
func (pb *Playback) Recv(fd, n int) (int, error) {
	e, err := pb.take("recv")
	if err == nil && e.N != n {
		err = fmt.Errorf("playback: read of %d bytes, the log has %d", n, e.N)
	}
	return e.Value, err
}

// kernelPlayer plays a script against the kernel's socket.
type kernelPlayer struct {
	s       *Script
	k       ScriptKernel
	against string
	fds     map[int]int // the script's descriptors to the kernel's
	start   time.Time
	paced   bool // wait for each event's time (live); not when played back
	// localISN is the socket's ISS as the script writes it, liveISN as
	// the kernel chose it.
	localISN, liveISN uint32
	lastNoACK         bool
}

// PlayKernel plays s against k (a lab, or a recorded log), named against
// in the verdict. Each injected segment is written to the kernel at its
// time; each expected one must be the next the kernel sends, within a
// second of its time (three for *, which a retransmission timer may
// send), compared by flags, numbers, and the window and options the line
// gives; after the last line the kernel must send nothing more.
func PlayKernel(k ScriptKernel, s *Script, against string) (*Verdict, error) {
	p := &kernelPlayer{s: s, k: k, against: against, fds: map[int]int{}, start: time.Now()}
	_, p.paced = k.(*Lab)
	if rec, ok := k.(*Recorder); ok {
		_, p.paced = rec.K.(*Lab)
	}
	defer func() {
		for _, fd := range p.fds {
			if fd >= 0 {
				p.k.Close(fd)
			}
		}
	}()
	for _, st := range s.steps {
		v, err := p.step(st)
		if err != nil || v != nil {
			return v, err
		}
	}
	pk, err := k.Read(50 * time.Millisecond)
	switch {
	case errors.Is(err, ErrTimeout):
		return &Verdict{Against: against}, nil
	case err != nil:
		return nil, err
	}
	return &Verdict{Against: against, Line: -1, Expected: "nothing more", Got: "the kernel also sends " + p.print(pk, nil)}, nil
}

func (p *kernelPlayer) fail(st scriptStep, got string) *Verdict {
	return &Verdict{Against: p.against, Line: st.line, Expected: st.text, Got: got}
}

// wait sleeps until the event's time.
func (p *kernelPlayer) wait(st scriptStep) {
	if d := time.Until(p.start.Add(st.at)); p.paced && d > 0 {
		time.Sleep(d)
	}
}

func (p *kernelPlayer) step(st scriptStep) (*Verdict, error) {
	if st.op != opExpect {
		p.wait(st)
	}
	fd := p.fds[st.fd]
	var err error
	switch st.op {
	case opSocket:
		if fd, err = p.k.Socket(kernelPort); err != nil {
			return p.fail(st, "the kernel: "+err.Error()), nil
		}
		p.fds[st.result] = fd
	case opConnect:
		if err := p.k.ConnectTo(fd, harnessPort); err != nil {
			return p.fail(st, "the kernel: "+err.Error()), nil
		}
	case opListen:
		err = p.k.ListenFD(fd)
	case opAccept:
		nfd, err := p.k.Accept(fd)
		if err != nil {
			return p.fail(st, "the kernel: "+err.Error()), nil
		}
		p.fds[st.result] = nfd
	case opLinger:
		err = p.k.Linger(fd, st.onoff, st.linger)
	case opLinger2:
		err = p.k.Sockopt(fd, "TCP_LINGER2", -1)
	case opClose:
		err = p.k.Close(fd)
		p.fds[st.fd] = -1
	case opShutdown:
		err = p.k.Shutdown(fd)
	case opWrite:
		err = p.k.Send(fd, st.n)
	case opRead:
		got, err := p.k.Recv(fd, st.n)
		if err != nil {
			return nil, err
		}
		if got != st.result {
			return p.fail(st, fmt.Sprintf("the kernel's read returns %d", got)), nil
		}
	case opInject:
		pk := p.packet(st.pkt)
		p.lastNoACK = st.pkt.Flags&packetdrill.ACK == 0
		err = p.k.Write(pk)
	case opExpect:
		until := st.until + time.Second
		if st.anyTim {
			until = st.at + 3*time.Second
		}
		wait := time.Until(p.start.Add(until))
		if !p.paced || wait < 10*time.Millisecond {
			wait = 10 * time.Millisecond
		}
		pk, err := p.k.Read(wait)
		if errors.Is(err, ErrTimeout) {
			return p.fail(st, "the kernel sends nothing"), nil
		}
		if err != nil {
			return nil, err
		}
		if pk.Flags&SYN != 0 {
			p.localISN, p.liveISN = st.pkt.Seq, pk.Seq
		}
		if got := p.print(pk, st.pkt); got != st.pkt.String() {
			return p.fail(st, "the kernel sends "+got), nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s:%d: %w", p.s.File, st.line, err)
	}
	return nil, nil
}

// packet is an injected segment on the wire: the script's own numbers as
// written, its ACK of the kernel's numbers moved to the kernel's ISS.
func (p *kernelPlayer) packet(sp *packetdrill.Packet) Packet {
	pk := Packet{SrcPort: harnessPort, DstPort: kernelPort, Seq: sp.Seq, Flags: uint8(sp.Flags), Window: 65535, Payload: make([]byte, sp.Len)}
	if sp.Win >= 0 {
		pk.Window = uint16(sp.Win)
	}
	if sp.Flags&packetdrill.ACK != 0 {
		pk.Ack = sp.Ack - p.localISN + p.liveISN
	}
	for _, o := range sp.Options {
		if o.Kind == "mss" {
			pk.MSS = uint16(o.Values[0])
		}
	}
	return pk
}

// print writes a segment the kernel sent as a > line in the script's
// numbers, with the window and options when want (the line it is
// compared with) gives them.
func (p *kernelPlayer) print(pk Packet, want *packetdrill.Packet) string {
	q := packetdrill.Packet{Dir: packetdrill.Outbound, Flags: uint16(pk.Flags), Seq: pk.Seq - p.liveISN + p.localISN, Len: len(pk.Payload), Win: -1, Urg: -1}
	if pk.Flags&RST != 0 && p.lastNoACK && pk.Seq == 0 {
		q.Seq = 0 // <SEQ=0>: absolute
	}
	if pk.Flags&ACK != 0 {
		q.Ack, q.HasAck = pk.Ack, true
	}
	if want != nil {
		if want.Win >= 0 {
			q.Win = int(pk.Window)
		}
		switch {
		case want.AnyOptions:
			q.AnyOptions = true
		case len(want.Options) > 0 || pk.MSS != 0:
			// The kernel's options as the script lists them: only MSS is
			// ever sent in the lab; nop and eol are padding.
			for _, o := range want.Options {
				switch o.Kind {
				case "nop", "eol":
					q.Options = append(q.Options, o)
				case "mss":
					if pk.MSS != 0 {
						q.Options = append(q.Options, packetdrill.TCPOption{Kind: "mss", Values: []uint32{uint32(pk.MSS)}})
					}
				}
			}
			if pk.MSS != 0 && !hasOption(want, "mss") {
				q.Options = append(q.Options, packetdrill.TCPOption{Kind: "mss", Values: []uint32{uint32(pk.MSS)}})
			}
		}
	}
	return q.String()
}

func hasOption(p *packetdrill.Packet, kind string) bool {
	for _, o := range p.Options {
		if o.Kind == kind {
			return true
		}
	}
	return false
}

// PlayScript plays s against the live kernel in a fresh lab, recording
// into rec when it is not nil. It returns an [*UnavailableError] when no
// lab can be made here.
func PlayScript(s *Script, kernel string, rec *Recorder) (*Verdict, error) {
	var v *Verdict
	err := Run(map[string]string{"tcp_rfc1337": "0"}, func(l *Lab) error {
		var k ScriptKernel = l
		if rec != nil {
			rec.K = l
			k = rec
		}
		var err error
		v, err = PlayKernel(k, s, kernel)
		return err
	})
	return v, err
}
