package conform

import (
	"fmt"
	"time"

	"github.com/timewait/timewait/model"
	"github.com/timewait/timewait/packetdrill"
)

// A packetdrill script, played here, tests one socket of the stack under
// test: the model's endpoint, or the live kernel's socket in a lab. Its
// injected segments (<) go to that endpoint, and each segment it expects
// (>) must be the next one the endpoint sends. docs/conformance.md lists
// the subset of packetdrill's language a script may use; LoadScript
// refuses anything else with the first line outside it.

// UnsupportedError is a script line outside the subset, or one that
// cannot be read: the file, the line, what is wrong and the accepted
// form, on one line.
type UnsupportedError struct {
	File string
	Line int // 0: the script as a whole
	Msg  string
}

// Error returns the one line: FILE:LINE: what, and the accepted form.
func (e *UnsupportedError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// opKind is what a step of a script does.
type opKind uint8

const (
	opSocket   opKind = iota // socket(): a socket bound to the kernel's address
	opConnect                // connect()
	opListen                 // listen()
	opAccept                 // accept()
	opLinger                 // setsockopt SO_LINGER
	opLinger2                // setsockopt TCP_LINGER2 -1
	opClose                  // close(): a FIN, or with SO_LINGER {1, 0} a RST
	opShutdown               // shutdown(SHUT_WR)
	opWrite                  // write() or send() of one byte
	opRead                   // read() or recv()
	opNone                   // bind(), SO_REUSEADDR, fcntl(O_NONBLOCK): nothing to do here
	opInject                 // <
	opExpect                 // >
)

// scriptStep is one event of a script, checked against the subset.
type scriptStep struct {
	line int
	op   opKind
	at   time.Duration // when, from the script's start
	// until is how late an expected segment may come: the end of its time
	// range, or for * a few seconds (a retransmission timer).
	until  time.Duration
	anyTim bool // *: the endpoint's own timer may send it
	fd     int  // the script's file descriptor
	result int  // the expected result: a new fd, or a byte count
	n      int  // bytes asked for
	onoff  int  // SO_LINGER's l_onoff, l_linger
	linger int
	pkt    *packetdrill.Packet
	text   string // the line as written, for reports
}

// Script is a packetdrill script checked against the subset, ready to be
// played against the model (PlayModel) and the kernel (PlayKernel).
type Script struct {
	File string
	// Passive is set when the script listens and accepts: the socket
	// under test is then the model's B, the server; otherwise it connects
	// and is the model's A.
	Passive bool
	App     model.App // the socket's application, as the model sees it
	Linger2 bool      // TCP_LINGER2 -1 (the model's fin-wait-2 -1)
	// Reads is set when the application reads before it closes: it then
	// reads all that arrived; otherwise close() leaves data unread (the
	// model's rst-on-unread).
	Reads  bool
	Events int
	steps  []scriptStep
}

// Side is the model's endpoint the script's socket is.
func (s *Script) Side() model.Side {
	if s.Passive {
		return model.B
	}
	return model.A
}

// LoadScript parses src, a packetdrill script named file, and checks it
// against the subset. Its error is an [*UnsupportedError].
func LoadScript(file string, src []byte) (*Script, error) {
	ps, err := packetdrill.Parse(string(src))
	if err != nil {
		if pe, ok := err.(*packetdrill.Error); ok {
			return nil, &UnsupportedError{File: file, Line: pe.Line, Msg: pe.Msg}
		}
		return nil, &UnsupportedError{File: file, Msg: err.Error()}
	}
	return planScript(file, ps)
}

// callsForm lists the system calls of the subset, for error messages.
const callsForm = "socket, bind, listen, accept, connect, setsockopt (SO_LINGER, SO_REUSEADDR, TCP_LINGER2), fcntl (O_NONBLOCK), write, send, read, recv, shutdown (SHUT_WR) and close"

func planScript(file string, ps *packetdrill.Script) (*Script, error) {
	bad := func(line int, format string, args ...any) (*Script, error) {
		return nil, &UnsupportedError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if len(ps.Options) > 0 {
		o := ps.Options[0]
		return bad(o.Line, "option --%s: command-line options are outside the subset (the lab sets addresses, MTU and sysctls itself); want none", o.Name)
	}
	if ps.Init != "" {
		return bad(ps.InitLine, "shell command `%s`: the lab runs no commands (it sets its own sysctls: no timestamps, SACK or window scaling); want none", ps.Init)
	}
	s := &Script{File: file, Events: len(ps.Events), App: model.App{How: model.CallClose, When: model.CloseFirst}}
	var (
		at                    time.Duration
		sock, conn            = -1, -1 // the script's descriptors: the socket, and the accepted connection
		listening, connecting bool
		closed                bool // the application closed (close, shutdown or abort)
		released              bool // close() released the descriptor
		lingerZero            bool
		synSeen, handshake    bool // a SYN was injected (passive) / the handshake's segments are past
		injectedAfter         bool // a segment was injected after the handshake
		writes                int
		outbound              bool
	)
	for _, e := range ps.Events {
		st := scriptStep{line: e.Line}
		switch {
		case e.Packet != nil:
			st.text = e.Packet.String()
		case e.Call != nil:
			st.text = e.Call.String()
		}
		switch e.Time.Kind {
		case packetdrill.Absolute, packetdrill.AbsoluteRange:
			if e.Time.Start < at {
				return bad(e.Line, "time %s is before the previous event's (%s); want times in order", e.Time, seconds(at))
			}
			at = e.Time.Start
		case packetdrill.Relative, packetdrill.RelativeRange:
			at += e.Time.Start
		}
		st.at, st.until = at, at
		switch e.Time.Kind {
		case packetdrill.AbsoluteRange:
			st.until = e.Time.End
		case packetdrill.RelativeRange:
			st.until = at - e.Time.Start + e.Time.End
		case packetdrill.AnyTime:
			st.anyTim = true
		}
		switch {
		case e.Command != "":
			return bad(e.Line, "shell command `%s`: the lab runs no commands; want a segment or one of the system calls %s", e.Command, callsForm)
		case e.Packet != nil:
			p := e.Packet
			if err := checkSegment(p); err != "" {
				return bad(e.Line, "%s", err)
			}
			st.pkt = p
			if p.Dir == packetdrill.Outbound {
				st.op = opExpect
				outbound = true
				break
			}
			st.op = opInject
			if sock < 0 {
				return bad(e.Line, "a segment injected before socket(); want socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 first")
			}
			switch {
			case handshake:
				injectedAfter = true
			case s.Passive && p.Flags&packetdrill.SYN != 0:
				synSeen = true
			case s.Passive && synSeen, !s.Passive && p.Flags&packetdrill.SYN != 0:
				handshake = true
			}
		case e.Call != nil:
			c := e.Call
			fd, _ := intArg(c, 0)
			st.fd = fd
			if c.Blocking && c.Name != "connect" {
				return bad(e.Line, "a blocking %s (...%s): only connect may be written so, and it does not block here; want %s(...) = RESULT", c.Name, seconds(c.End), c.Name)
			}
			want0 := func(form string) error {
				if c.Result.Kind != packetdrill.ExprInt || c.Result.Int != 0 || c.Errno != "" {
					return &UnsupportedError{File: file, Line: e.Line, Msg: fmt.Sprintf("%s = %s: want %s = 0", c.Name, c.Result, form)}
				}
				return nil
			}
			ownFD := func() error {
				if len(c.Args) == 0 || c.Args[0].Kind != packetdrill.ExprInt || (fd != sock && fd != conn) || fd < 0 {
					return &UnsupportedError{File: file, Line: e.Line, Msg: fmt.Sprintf("%s on a descriptor the script has not opened; want the descriptor socket() or accept() returned", c.Name)}
				}
				return nil
			}
			switch c.Name {
			case "socket":
				if sock >= 0 {
					return bad(e.Line, "a second socket(): a script tests one socket; want one socket() call")
				}
				if len(c.Args) != 3 || !isWordOrAny(c.Args[0], "AF_INET") || !isWordOrAny(c.Args[1], "SOCK_STREAM") || !isWordOrAny(c.Args[2], "IPPROTO_TCP") ||
					c.Result.Kind != packetdrill.ExprInt || c.Result.Int < 0 || c.Result.Int > 1000 {
					return bad(e.Line, "%s: want socket(..., SOCK_STREAM, IPPROTO_TCP) = FD", c)
				}
				sock = int(c.Result.Int)
				st.op, st.result = opSocket, sock
			case "bind":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if err := want0("bind(FD, ..., ...)"); err != nil {
					return nil, err
				}
				st.op = opNone
			case "listen":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if err := want0("listen(FD, N)"); err != nil {
					return nil, err
				}
				if connecting || listening || outbound || synSeen {
					return bad(e.Line, "listen() after the socket connected or exchanged segments; want listen() right after socket() (and bind())")
				}
				listening, s.Passive = true, true
				st.op = opListen
			case "accept":
				if !listening || fd != sock || conn >= 0 {
					return bad(e.Line, "accept() on a socket that does not listen, or a second one; want one accept(FD, ..., ...) = NEWFD after listen()")
				}
				if c.Result.Kind != packetdrill.ExprInt || c.Result.Int < 0 || int(c.Result.Int) == sock || c.Result.Int > 1000 {
					return bad(e.Line, "%s: want accept(%d, ..., ...) = NEWFD", c, sock)
				}
				conn = int(c.Result.Int)
				st.op, st.result = opAccept, conn
			case "connect":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if listening || connecting {
					return bad(e.Line, "connect() on a socket that listens or connected already; want one connect() after socket()")
				}
				ok := c.Result.Kind == packetdrill.ExprInt && (c.Result.Int == 0 && c.Errno == "" || c.Result.Int == -1 && c.Errno == "EINPROGRESS")
				if !ok {
					return bad(e.Line, "%s: want connect(FD, ..., ...) = 0 or = -1 EINPROGRESS (Operation now in progress)", c)
				}
				connecting = true
				st.op = opConnect
			case "setsockopt":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if err := want0("setsockopt(FD, LEVEL, NAME, VALUE, LEN)"); err != nil {
					return nil, err
				}
				if len(c.Args) != 5 {
					return bad(e.Line, "%s: want setsockopt(FD, LEVEL, NAME, VALUE, LEN) = 0", c)
				}
				switch name := c.Args[2].Text; {
				case name == "SO_REUSEADDR":
					st.op = opNone
				case name == "SO_LINGER":
					on, ok1 := c.Args[3].Field("onoff")
					l, ok2 := c.Args[3].Field("linger")
					if !ok1 || !ok2 || on.Kind != packetdrill.ExprInt || l.Kind != packetdrill.ExprInt || on.Int == 1 && l.Int != 0 || on.Int != 0 && on.Int != 1 {
						return bad(e.Line, "SO_LINGER %s: the model's close either sends its FIN at once or aborts; want {onoff=1, linger=0} or {onoff=0, linger=0}", c.Args[3])
					}
					if closed {
						return bad(e.Line, "SO_LINGER after close(); want it before")
					}
					lingerZero = on.Int == 1
					st.op, st.onoff, st.linger = opLinger, int(on.Int), int(l.Int)
				case name == "TCP_LINGER2":
					v := c.Args[3]
					if v.Kind == packetdrill.ExprArray && len(v.Elems) == 1 {
						v = v.Elems[0]
					}
					if v.Kind != packetdrill.ExprInt || v.Int != -1 {
						return bad(e.Line, "TCP_LINGER2 %s: the model has no timer length of its own for it; want [-1] (no FIN-WAIT-2, the model's fin-wait-2 -1)", c.Args[3])
					}
					s.Linger2 = true
					st.op = opLinger2
				default:
					return bad(e.Line, "socket option %s is outside the subset; want SO_LINGER, SO_REUSEADDR or TCP_LINGER2", name)
				}
			case "fcntl":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if len(c.Args) != 3 || c.Args[1].Text != "F_SETFL" || !mentions(c.Args[2], "O_NONBLOCK") {
					return bad(e.Line, "%s: the lab's sockets never block; want fcntl(FD, F_SETFL, O_RDWR|O_NONBLOCK) = 0", c)
				}
				if err := want0("fcntl(FD, F_SETFL, O_RDWR|O_NONBLOCK)"); err != nil {
					return nil, err
				}
				st.op = opNone
			case "write", "send":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if s.Passive && fd != conn {
					return bad(e.Line, "%s on the listening socket; want it on the descriptor accept() returned", c.Name)
				}
				n, ok := intArg(c, 2)
				if !ok || n != 1 || c.Result.Kind != packetdrill.ExprInt || c.Result.Int != 1 || c.Name == "send" && len(c.Args) != 4 || c.Name == "write" && len(c.Args) != 3 {
					return bad(e.Line, "%s: the model sends data in units of one byte; want %s(FD, ..., 1%s) = 1", c, c.Name, map[bool]string{true: ", 0"}[c.Name == "send"])
				}
				if writes++; writes > 1 {
					return bad(e.Line, "a second write: the model's application sends its data unit when the connection is established, and Linux holds a second small one back (Nagle); want one write of 1 byte")
				}
				if !handshake || injectedAfter || closed {
					return bad(e.Line, "a write that does not follow the handshake directly: the model's application sends its data as the connection is established; want the write before any segment is injected after the handshake")
				}
				st.op, st.n = opWrite, 1
			case "read", "recv":
				if err := ownFD(); err != nil {
					return nil, err
				}
				if s.Passive && fd != conn {
					return bad(e.Line, "%s on the listening socket; want it on the descriptor accept() returned", c.Name)
				}
				n, ok := intArg(c, 2)
				if !ok || n < 1 || n > 65536 || c.Result.Kind != packetdrill.ExprInt || c.Result.Int < -1 || c.Result.Int > int64(n) || c.Result.Int == -1 && c.Errno != "EAGAIN" {
					return bad(e.Line, "%s: want %s(FD, ..., N) = COUNT, or = -1 EAGAIN (Resource temporarily unavailable)", c, c.Name)
				}
				if released {
					return bad(e.Line, "%s after close(); want reads before it", c.Name)
				}
				s.Reads = true
				st.op, st.n, st.result = opRead, n, int(c.Result.Int)
			case "shutdown", "close":
				if err := ownFD(); err != nil {
					return nil, err
				}
				form := "close(FD)"
				st.op = opClose
				if c.Name == "shutdown" {
					form, st.op = "shutdown(FD, SHUT_WR)", opShutdown
					if len(c.Args) != 2 || c.Args[1].Text != "SHUT_WR" {
						return bad(e.Line, "%s: the model half-closes for writing only; want shutdown(FD, SHUT_WR) = 0", c)
					}
				}
				if err := want0(form); err != nil {
					return nil, err
				}
				if s.Passive && fd == sock && conn >= 0 && c.Name == "close" {
					// Closing the listener once the connection is accepted
					// changes nothing the model has.
					st.op = opNone
					break
				}
				if s.Passive && fd != conn {
					return bad(e.Line, "%s on the listening socket before accept(); want it on the accepted connection", c.Name)
				}
				if closed {
					return bad(e.Line, "a second close or shutdown: the model's application closes once (close, shutdown(SHUT_WR), or close with SO_LINGER {1, 0}); want one")
				}
				closed = true
				released = c.Name == "close"
				switch {
				case c.Name == "shutdown":
					s.App.How = model.CallShutdown
				case lingerZero:
					s.App.How = model.CallAbort
				}
			default:
				return bad(e.Line, "system call %s is outside the subset; want one of %s", c.Name, callsForm)
			}
		}
		s.steps = append(s.steps, st)
	}
	if sock < 0 {
		return bad(0, "no socket() call; want a script that opens one socket (socket, then connect, or bind, listen and accept)")
	}
	if !listening && !connecting {
		return bad(0, "the socket neither connects nor listens; want connect(), or listen() and accept()")
	}
	s.App.Data = writes
	return s, nil
}

// checkSegment checks a segment line against the subset: "" when it is in
// it, else what is wrong and the accepted form.
func checkSegment(p *packetdrill.Packet) string {
	const flagsOK = packetdrill.FIN | packetdrill.SYN | packetdrill.RST | packetdrill.PSH | packetdrill.ACK
	if p.Flags&^flagsOK != 0 {
		return fmt.Sprintf("flags %s: URG, ECE, CWR and AE are outside the subset; want S, F, R, P and . (ACK)", packetdrill.FlagsString(p.Flags))
	}
	if p.Len > 1 {
		return fmt.Sprintf("%d bytes of data: the model's segments carry one data unit at most; want LEN 0 or 1 (%d:%d(1))", p.Len, p.Seq, p.Seq+1)
	}
	if p.Urg >= 0 {
		return "an urgent pointer: outside the subset; want no urg"
	}
	if p.Flags&packetdrill.ACK != 0 && !p.HasAck {
		return "ACK (.) without ack N; want ack N after SEQ:END(LEN)"
	}
	if p.Dir == packetdrill.Inbound && p.Win == 0 {
		return "win 0: the model has no zero window; want win 1 to 65535, or none (65535)"
	}
	for _, o := range p.Options {
		switch o.Kind {
		case "nop", "eol", "mss":
		case "sackOK", "wscale":
			if p.Dir == packetdrill.Outbound {
				return fmt.Sprintf("option %s on an expected segment: the lab turns SACK and window scaling off, so the kernel never sends it; want <mss N> or <...>", o.Kind)
			}
		case "TS":
			return "option TS: the lab turns timestamps off (tcp_timestamps=0); want no TS option"
		default:
			return fmt.Sprintf("option %s is outside the subset; want nop, eol, mss N, and on injected segments sackOK and wscale N (which the lab's kernel ignores)", o.Kind)
		}
	}
	return ""
}

// intArg returns argument i of c as an int.
func intArg(c *packetdrill.Call, i int) (int, bool) {
	if i >= len(c.Args) || c.Args[i].Kind != packetdrill.ExprInt || c.Args[i].Int < -1<<31 || c.Args[i].Int > 1<<31-1 {
		return 0, false
	}
	return int(c.Args[i].Int), true
}

// isWordOrAny reports whether e is ... or the word w.
func isWordOrAny(e packetdrill.Expr, w string) bool {
	return e.Kind == packetdrill.ExprEllipsis || e.Kind == packetdrill.ExprWord && e.Text == w
}

// mentions reports whether e is the word w or an OR that holds it.
func mentions(e packetdrill.Expr, w string) bool {
	if e.Kind == packetdrill.ExprWord {
		return e.Text == w
	}
	for _, x := range e.Elems {
		if e.Kind == packetdrill.ExprOr && mentions(x, w) {
			return true
		}
	}
	return false
}

// seconds writes d as a script writes a time.
func seconds(d time.Duration) string {
	return packetdrill.Time{Kind: packetdrill.Absolute, Start: d}.String()
}

// Verdict is what playing a script found: it passed, or the first line
// whose expectation the endpoint did not meet.
type Verdict struct {
	Against  string // "the model" or "Linux 6.18..."
	Line     int    // 0 when it passed; -1 after the last line
	Expected string // what the script expects there
	Got      string // what the endpoint did
}

// Passed reports whether the endpoint did everything the script expects.
func (v *Verdict) Passed() bool { return v.Line == 0 }

// String is "passes", or the line and both sides.
func (v *Verdict) String() string {
	switch v.Line {
	case 0:
		return "passes"
	case -1:
		return fmt.Sprintf("after the last line: the script expects %s; %s", v.Expected, v.Got)
	}
	return fmt.Sprintf("line %d: the script expects %s; %s", v.Line, v.Expected, v.Got)
}
