package conform

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/model"
)

// Kernel is what a replay needs of the TCP stack under test: endpoint A's
// socket calls, the segments on the wire, and A's state. A [*Lab] is the
// live Linux kernel; a [*Playback] plays back a log that a [*Recorder]
// took from a live run, so that the replay's mapping and comparison can be
// tested without root.
type Kernel interface {
	// Connect opens A's connection and returns its descriptor.
	Connect(localPort, remotePort uint16) (int, error)
	// Listen opens a listening socket on A's address and localPort (with
	// SO_REUSEADDR, beside A's connection in TIME-WAIT) and returns its
	// descriptor.
	Listen(localPort uint16) (int, error)
	// Close, Shutdown and Abort are A's application's close(),
	// shutdown(SHUT_WR) and close() with SO_LINGER {1, 0}.
	Close(fd int) error
	Shutdown(fd int) error
	Abort(fd int) error
	// Send writes n bytes once the connection is writable; Drain reads
	// whatever has arrived.
	Send(fd, n int) error
	Drain(fd int) error
	// Write sends a segment to A; Read returns A's next segment, or
	// ErrTimeout.
	Write(p Packet) error
	Read(timeout time.Duration) (Packet, error)
	// Sockopt sets one of A's socket options (see SockoptNames) to value.
	Sockopt(fd int, name string, value int) error
	// State is A's state in the kernel's TCP table, false when absent.
	State(localPort, remotePort uint16) (model.State, bool, error)
}

// SockoptNames are the socket options a replay may set on A's socket,
// with their level and number.
var SockoptNames = map[string][2]int{
	"TCP_LINGER2":   {unix.IPPROTO_TCP, unix.TCP_LINGER2},
	"SO_KEEPALIVE":  {unix.SOL_SOCKET, unix.SO_KEEPALIVE},
	"TCP_KEEPIDLE":  {unix.IPPROTO_TCP, unix.TCP_KEEPIDLE},
	"TCP_KEEPINTVL": {unix.IPPROTO_TCP, unix.TCP_KEEPINTVL},
	"TCP_KEEPCNT":   {unix.IPPROTO_TCP, unix.TCP_KEEPCNT},
}

// Sockopt is setsockopt(2) with an int value.
func (l *Lab) Sockopt(fd int, name string, value int) error {
	opt, ok := SockoptNames[name]
	if !ok {
		return fmt.Errorf("conform: unknown socket option %q", name)
	}
	if err := unix.SetsockoptInt(fd, opt[0], opt[1], value); err != nil {
		return fmt.Errorf("conform: setsockopt %s %d: %w", name, value, err)
	}
	return nil
}

// Close is close(2).
func (l *Lab) Close(fd int) error { return unix.Close(fd) }

// Shutdown is shutdown(fd, SHUT_WR).
func (l *Lab) Shutdown(fd int) error { return unix.Shutdown(fd, unix.SHUT_WR) }

// Abort is close(2) with SO_LINGER {on, 0}.
func (l *Lab) Abort(fd int) error {
	if err := unix.SetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0}); err != nil {
		return err
	}
	return unix.Close(fd)
}

// Send waits until fd is writable (connected) and writes n bytes.
func (l *Lab) Send(fd, n int) error {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	if _, err := unix.Poll(pfd, 500); err != nil {
		return fmt.Errorf("conform: waiting for the connection: %w", err)
	}
	if _, err := unix.Write(fd, make([]byte, n)); err != nil {
		return fmt.Errorf("conform: A's application writes: %w", err)
	}
	return nil
}

// Drain reads whatever has arrived on fd, without waiting.
func (l *Lab) Drain(fd int) error {
	buf := make([]byte, 64)
	for {
		n, err := unix.Read(fd, buf)
		if n <= 0 || err != nil {
			return nil
		}
	}
}
