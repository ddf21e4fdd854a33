package conform

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/timewait/timewait/model"
)

// Socket is one line of the kernel's TCP table (/proc/net/tcp): a socket
// pair and its state. TIME-WAIT and orphaned FIN-WAIT-2 sockets, which
// Linux keeps in mini-sockets apart from any file descriptor, are listed
// here too.
type Socket struct {
	Local, Remote         [4]byte
	LocalPort, RemotePort uint16
	State                 model.State
}

// kernelStates maps the kernel's state numbers (include/net/tcp_states.h)
// to RFC 9293's states. TCP_CLOSE is CLOSED; TCP_NEW_SYN_RECV (12), a
// request socket, is SYN-RECEIVED.
var kernelStates = map[uint64]model.State{
	1: model.Established, 2: model.SynSent, 3: model.SynReceived, 4: model.FinWait1,
	5: model.FinWait2, 6: model.TimeWait, 7: model.Closed, 8: model.CloseWait,
	9: model.LastAck, 10: model.Listen, 11: model.Closing, 12: model.SynReceived,
}

// ParseTCPTable reads the kernel's TCP table in the format of
// /proc/net/tcp: a header line, then one socket a line.
func ParseTCPTable(r io.Reader) ([]Socket, error) {
	var out []Socket
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if n == 1 {
			if len(f) < 4 || f[1] != "local_address" {
				return nil, fmt.Errorf("tcp table: line 1 is not the header: %q", sc.Text())
			}
			continue
		}
		if len(f) < 4 {
			return nil, fmt.Errorf("tcp table: line %d has %d fields, want at least 4", n, len(f))
		}
		var s Socket
		var err error
		if s.Local, s.LocalPort, err = parseEndpoint(f[1]); err != nil {
			return nil, fmt.Errorf("tcp table: line %d: %v", n, err)
		}
		if s.Remote, s.RemotePort, err = parseEndpoint(f[2]); err != nil {
			return nil, fmt.Errorf("tcp table: line %d: %v", n, err)
		}
		st, err := strconv.ParseUint(f[3], 16, 8)
		state, known := kernelStates[st]
		if err != nil || !known {
			return nil, fmt.Errorf("tcp table: line %d: unknown state %q", n, f[3])
		}
		s.State = state
		out = append(out, s)
	}
	return out, sc.Err()
}

// parseEndpoint parses "0100007F:1F90": an IPv4 address as the kernel's
// 32-bit word in hexadecimal (little-endian on every machine this runs
// on), and a port.
func parseEndpoint(s string) ([4]byte, uint16, error) {
	var a [4]byte
	addr, port, ok := strings.Cut(s, ":")
	if !ok || len(addr) != 8 {
		return a, 0, fmt.Errorf("bad address %q, want 8 hex digits:4 hex digits", s)
	}
	w, err := strconv.ParseUint(addr, 16, 32)
	if err != nil {
		return a, 0, fmt.Errorf("bad address %q", s)
	}
	p, err := strconv.ParseUint(port, 16, 16)
	if err != nil {
		return a, 0, fmt.Errorf("bad port in %q", s)
	}
	a = [4]byte{byte(w), byte(w >> 8), byte(w >> 16), byte(w >> 24)}
	return a, uint16(p), nil
}
