package conform

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/timewait/timewait/model"
)

// event is one line of a recorded log: a call the replay made to the
// kernel and what came back. Packets are whole IPv4 packets in hex.
type event struct {
	Op      string `json:"op"`
	FD      int    `json:"fd,omitempty"`
	N       int    `json:"n,omitempty"`
	Local   uint16 `json:"local,omitempty"`
	Remote  uint16 `json:"remote,omitempty"`
	Name    string `json:"name,omitempty"`
	Value   int    `json:"value,omitempty"`
	Packet  string `json:"packet,omitempty"`
	Timeout bool   `json:"timeout,omitempty"`
	State   string `json:"state,omitempty"`
	Err     string `json:"err,omitempty"`
}

// LogHeader is the first line of a recorded log.
type LogHeader struct {
	Kernel   string `json:"kernel"`
	Scenario string `json:"scenario"`
	Profile  string `json:"profile"`
	// Result is what the live replay found: "agrees", or the divergence.
	Result string `json:"result"`
}

// Recorder is a Kernel that passes every call to another Kernel and keeps
// a log of it.
type Recorder struct {
	K      Kernel
	Events []event
}

func (r *Recorder) add(e event, err error) {
	if err != nil && !errors.Is(err, ErrTimeout) {
		e.Err = err.Error()
	}
	r.Events = append(r.Events, e)
}

// Connect records connect().
func (r *Recorder) Connect(local, remote uint16) (int, error) {
	fd, err := r.K.Connect(local, remote)
	r.add(event{Op: "connect", Local: local, Remote: remote, FD: fd}, err)
	return fd, err
}

// Listen records listen().
func (r *Recorder) Listen(local uint16) (int, error) {
	fd, err := r.K.Listen(local)
	r.add(event{Op: "listen", FD: fd, Local: local}, err)
	return fd, err
}

// Close records close().
func (r *Recorder) Close(fd int) error {
	err := r.K.Close(fd)
	r.add(event{Op: "close", FD: fd}, err)
	return err
}

// Shutdown records shutdown().
func (r *Recorder) Shutdown(fd int) error {
	err := r.K.Shutdown(fd)
	r.add(event{Op: "shutdown", FD: fd}, err)
	return err
}

// Abort records an abortive close.
func (r *Recorder) Abort(fd int) error {
	err := r.K.Abort(fd)
	r.add(event{Op: "abort", FD: fd}, err)
	return err
}

// Sockopt records setsockopt().
func (r *Recorder) Sockopt(fd int, name string, value int) error {
	err := r.K.Sockopt(fd, name, value)
	r.add(event{Op: "sockopt", FD: fd, Name: name, Value: value}, err)
	return err
}

// Send records the application's write.
func (r *Recorder) Send(fd, n int) error {
	err := r.K.Send(fd, n)
	r.add(event{Op: "send", FD: fd, N: n}, err)
	return err
}

// Drain records the application's read.
func (r *Recorder) Drain(fd int) error {
	err := r.K.Drain(fd)
	r.add(event{Op: "drain", FD: fd}, err)
	return err
}

// Write records a segment sent to the kernel.
func (r *Recorder) Write(p Packet) error {
	err := r.K.Write(p)
	p.Src, p.Dst = HarnessAddr, KernelAddr
	r.add(event{Op: "write", Packet: hex.EncodeToString(p.Encode())}, err)
	return err
}

// Read records a segment the kernel sent, or a timeout.
func (r *Recorder) Read(timeout time.Duration) (Packet, error) {
	p, err := r.K.Read(timeout)
	e := event{Op: "read", Timeout: errors.Is(err, ErrTimeout)}
	if err == nil {
		e.Packet = hex.EncodeToString(p.Encode())
	}
	r.add(e, err)
	return p, err
}

// State records a look at the kernel's TCP table.
func (r *Recorder) State(local, remote uint16) (model.State, bool, error) {
	st, ok, err := r.K.State(local, remote)
	e := event{Op: "state", Local: local, Remote: remote}
	if ok {
		e.State = st.String()
	}
	r.add(e, err)
	return st, ok, err
}

// WriteLog writes the header and the events, one JSON object a line.
func (r *Recorder) WriteLog(w io.Writer, h LogHeader) error {
	enc := json.NewEncoder(w)
	if err := enc.Encode(h); err != nil {
		return err
	}
	for _, e := range r.Events {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// Playback is a Kernel that answers from a recorded log. Each call must be
// the call the log holds next, with the same arguments and, for a segment
// written, the same bytes; otherwise it fails and says where.
type Playback struct {
	Header LogHeader
	events []event
	next   int
}

// ReadLog parses a recorded log.
func ReadLog(r io.Reader) (*Playback, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	pb := &Playback{}
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			if err := json.Unmarshal(sc.Bytes(), &pb.Header); err != nil || pb.Header.Scenario == "" {
				return nil, fmt.Errorf("log line 1: want a header with kernel, scenario, profile and result (%v)", err)
			}
			continue
		}
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("log line %d: %v", line, err)
		}
		switch e.Op {
		case "connect", "listen", "close", "shutdown", "abort", "sockopt", "send", "drain", "write", "read", "state",
			"socket", "connect-to", "accept", "linger", "recv": // also a packetdrill script's calls (pdkernel.go)
		default:
			return nil, fmt.Errorf("log line %d: unknown op %q", line, e.Op)
		}
		if e.Packet != "" {
			b, err := hex.DecodeString(e.Packet)
			if err != nil {
				return nil, fmt.Errorf("log line %d: packet is not hex: %v", line, err)
			}
			if _, err := Decode(b); err != nil {
				return nil, fmt.Errorf("log line %d: %v", line, err)
			}
		}
		if e.State != "" {
			if _, ok := stateByName(e.State); !ok {
				return nil, fmt.Errorf("log line %d: unknown state %q", line, e.State)
			}
		}
		pb.events = append(pb.events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if pb.Header.Scenario == "" {
		return nil, errors.New("log: empty")
	}
	return pb, nil
}

func stateByName(name string) (model.State, bool) {
	for _, s := range model.States() {
		if s.String() == name {
			return s, true
		}
	}
	return 0, false
}

// take returns the next event, which must be op.
func (pb *Playback) take(op string) (event, error) {
	if pb.next >= len(pb.events) {
		return event{}, fmt.Errorf("playback: the replay calls %s after the log's last event", op)
	}
	e := pb.events[pb.next]
	pb.next++
	if e.Op != op {
		return e, fmt.Errorf("playback: event %d: the replay calls %s, the log has %s", pb.next, op, e.Op)
	}
	if e.Err != "" {
		return e, errors.New(e.Err)
	}
	return e, nil
}

// Connect plays back connect().
func (pb *Playback) Connect(local, remote uint16) (int, error) {
	e, err := pb.take("connect")
	if err == nil && (e.Local != local || e.Remote != remote) {
		err = fmt.Errorf("playback: connect %d->%d, the log has %d->%d", local, remote, e.Local, e.Remote)
	}
	return e.FD, err
}

// Listen plays back listen().
func (pb *Playback) Listen(local uint16) (int, error) {
	e, err := pb.take("listen")
	if err == nil && e.Local != local {
		err = fmt.Errorf("playback: listen on %d, the log has %d", local, e.Local)
	}
	return e.FD, err
}

// Close plays back close().
func (pb *Playback) Close(fd int) error { _, err := pb.take("close"); return err }

// Shutdown plays back shutdown().
func (pb *Playback) Shutdown(fd int) error { _, err := pb.take("shutdown"); return err }

// Abort plays back an abortive close.
func (pb *Playback) Abort(fd int) error { _, err := pb.take("abort"); return err }

// Sockopt plays back setsockopt().
func (pb *Playback) Sockopt(fd int, name string, value int) error {
	e, err := pb.take("sockopt")
	if err == nil && (e.Name != name || e.Value != value) {
		err = fmt.Errorf("playback: setsockopt %s %d, the log has %s %d", name, value, e.Name, e.Value)
	}
	return err
}

// Send plays back the application's write.
func (pb *Playback) Send(fd, n int) error {
	e, err := pb.take("send")
	if err == nil && e.N != n {
		err = fmt.Errorf("playback: send %d bytes, the log has %d", n, e.N)
	}
	return err
}

// Drain plays back the application's read.
func (pb *Playback) Drain(fd int) error { _, err := pb.take("drain"); return err }

// Write checks that the replay writes what the live run wrote.
func (pb *Playback) Write(p Packet) error {
	e, err := pb.take("write")
	if err != nil {
		return err
	}
	p.Src, p.Dst = HarnessAddr, KernelAddr
	if got := hex.EncodeToString(p.Encode()); got != e.Packet {
		q, _ := hex.DecodeString(e.Packet)
		was, _ := Decode(q)
		return fmt.Errorf("playback: event %d: the replay writes %v, the live run wrote %v", pb.next, p, was)
	}
	return nil
}

// Read returns the segment the kernel sent in the live run.
func (pb *Playback) Read(time.Duration) (Packet, error) {
	e, err := pb.take("read")
	if err != nil {
		return Packet{}, err
	}
	if e.Timeout {
		return Packet{}, ErrTimeout
	}
	b, _ := hex.DecodeString(e.Packet)
	return Decode(b)
}

// State returns the state the live run saw.
func (pb *Playback) State(local, remote uint16) (model.State, bool, error) {
	e, err := pb.take("state")
	if err != nil || e.State == "" {
		return 0, false, err
	}
	st, _ := stateByName(e.State)
	return st, true, nil
}

// Done reports whether the replay used every recorded event.
func (pb *Playback) Done() bool { return pb.next == len(pb.events) }
