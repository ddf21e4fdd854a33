package conform

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/model"
)

// The lab's addresses, inside 127.0.0.0/8 and inside the lab's own
// namespace: the kernel's socket is bound to KernelAddr on the TUN device,
// and HarnessAddr is the far end of the TUN device, where the harness
// reads and writes.
var (
	KernelAddr  = [4]byte{127, 77, 0, 1}
	HarnessAddr = [4]byte{127, 77, 0, 2}
)

const tunName = "tw0"

// UnavailableError says why a lab cannot be made here: not root, no
// CAP_NET_ADMIN, no /dev/net/tun.
type UnavailableError struct{ Reason string }

// Error returns the reason.
func (e *UnavailableError) Error() string { return "conform: cannot run here: " + e.Reason }

// Lab is a private network namespace with a TUN device. Its methods must
// be called from the function passed to [Run], which runs on the lab's
// thread.
type Lab struct {
	tun int
}

// Run makes a lab on a new OS thread and calls fn there. The thread never
// returns to the Go scheduler, so the namespace, its TUN device and every
// socket in it vanish when fn returns. sysctls sets per-namespace
// sysctls under /proc/sys/net/ipv4 (for example "tcp_rfc1337": "1") after
// the lab's defaults: no TCP timestamps, SACK or window scaling.
func Run(sysctls map[string]string, fn func(*Lab) error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the namespace
		lab, err := open(sysctls)
		if err != nil {
			errc <- err
			return
		}
		defer unix.Close(lab.tun)
		errc <- fn(lab)
	}()
	return <-errc
}

func open(sysctls map[string]string) (*Lab, error) {
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		return nil, &UnavailableError{Reason: fmt.Sprintf("cannot make a network namespace (%v): run as root, or with CAP_SYS_ADMIN and CAP_NET_ADMIN", err)}
	}
	tun, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &UnavailableError{Reason: fmt.Sprintf("cannot open /dev/net/tun (%v)", err)}
	}
	fail := func(what string, err error) (*Lab, error) {
		unix.Close(tun)
		return nil, fmt.Errorf("conform: %s: %w", what, err)
	}
	ifr, err := unix.NewIfreq(tunName)
	if err != nil {
		return fail("TUN name", err)
	}
	ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
	if err := unix.IoctlIfreq(tun, unix.TUNSETIFF, ifr); err != nil {
		return fail("creating the TUN device", err)
	}
	// A point-to-point address pair gives the host route to the harness.
	// The loopback device stays down, so 127.0.0.0/8 is not local here and
	// the route through the TUN device is the only one.
	if err := ifaceIoctl(unix.SIOCSIFADDR, func(r *unix.Ifreq) error { return r.SetInet4Addr(KernelAddr[:]) }); err != nil {
		return fail("setting the kernel's address", err)
	}
	if err := ifaceIoctl(unix.SIOCSIFDSTADDR, func(r *unix.Ifreq) error { return r.SetInet4Addr(HarnessAddr[:]) }); err != nil {
		return fail("setting the harness's address", err)
	}
	if err := ifaceIoctl(unix.SIOCSIFFLAGS, func(r *unix.Ifreq) error {
		r.SetUint16(unix.IFF_UP | unix.IFF_POINTOPOINT | unix.IFF_RUNNING)
		return nil
	}); err != nil {
		return fail("bringing the TUN device up", err)
	}
	settings := map[string]string{
		"conf/all/route_localnet": "1", "conf/" + tunName + "/route_localnet": "1",
		"tcp_timestamps": "0", "tcp_sack": "0", "tcp_window_scaling": "0",
		// No rate limit on the ACKs that answer out-of-window segments
		// (tcp_oow_rate_limited, 500 ms by default): the limit depends on
		// the wall clock, which the model has no notion of.
		"tcp_invalid_ratelimit": "0",
	}
	for k, v := range sysctls {
		settings[k] = v
	}
	for k, v := range settings {
		if err := os.WriteFile("/proc/sys/net/ipv4/"+k, []byte(v), 0); err != nil {
			return fail("sysctl "+k, err)
		}
	}
	return &Lab{tun: tun}, nil
}

// ifaceIoctl applies an interface ioctl to the TUN device.
func ifaceIoctl(req uint, set func(*unix.Ifreq) error) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(tunName)
	if err != nil {
		return err
	}
	if err := set(ifr); err != nil {
		return err
	}
	return unix.IoctlIfreq(fd, req, ifr)
}

// ErrTimeout is returned by Read when the kernel sends nothing in time.
var ErrTimeout = errors.New("conform: the kernel sent nothing")

// Read returns the next TCP segment the kernel sends, waiting at most
// timeout. Packets that are not TCP (none are expected) are skipped.
func (l *Lab) Read(timeout time.Duration) (Packet, error) {
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 65536)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return Packet{}, ErrTimeout
		}
		pfd := []unix.PollFd{{Fd: int32(l.tun), Events: unix.POLLIN}}
		n, err := unix.Poll(pfd, int(left.Milliseconds())+1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return Packet{}, fmt.Errorf("conform: poll: %w", err)
		}
		if n == 0 {
			return Packet{}, ErrTimeout
		}
		m, err := unix.Read(l.tun, buf)
		if err != nil {
			return Packet{}, fmt.Errorf("conform: reading the TUN device: %w", err)
		}
		if p, err := Decode(buf[:m]); err == nil {
			return p, nil
		}
	}
}

// Write sends p to the kernel, as if from the harness's address.
func (l *Lab) Write(p Packet) error {
	p.Src, p.Dst = HarnessAddr, KernelAddr
	if _, err := unix.Write(l.tun, p.Encode()); err != nil {
		return fmt.Errorf("conform: writing the TUN device: %w", err)
	}
	return nil
}

// reusableSocket opens a non-blocking TCP socket with SO_REUSEADDR, bound
// to KernelAddr:localPort; bind names the bind step in its error.
func reusableSocket(localPort uint16, bind string) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("conform: socket: %w", err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("conform: SO_REUSEADDR: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: int(localPort), Addr: KernelAddr}); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("conform: %s: %w", bind, err)
	}
	return fd, nil
}

// Connect opens the kernel's socket from KernelAddr:localPort to
// HarnessAddr:remotePort without waiting: the kernel's SYN is then waiting
// to be Read. It returns the socket's file descriptor.
func (l *Lab) Connect(localPort, remotePort uint16) (int, error) {
	// SO_REUSEADDR lets a listener bind the port beside this connection
	// once it is in TIME-WAIT (Listen); it changes nothing else.
	fd, err := reusableSocket(localPort, "bind")
	if err != nil {
		return -1, err
	}
	err = unix.Connect(fd, &unix.SockaddrInet4{Port: int(remotePort), Addr: HarnessAddr})
	if err != nil && err != unix.EINPROGRESS {
		unix.Close(fd)
		return -1, fmt.Errorf("conform: connect: %w", err)
	}
	return fd, nil
}

// Listen opens a listening socket on KernelAddr:localPort with
// SO_REUSEADDR, so that it may share the port with A's connection in
// TIME-WAIT (inet_csk_bind_conflict lets two SO_REUSEADDR sockets share
// it when the other is not listening). tcp_v4_rcv then hands it a SYN
// that the TIME-WAIT socket accepts (TCP_TW_SYN).
func (l *Lab) Listen(localPort uint16) (int, error) {
	fd, err := reusableSocket(localPort, "bind the listener")
	if err != nil {
		return -1, err
	}
	if err := unix.Listen(fd, 4); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("conform: listen: %w", err)
	}
	return fd, nil
}

// State returns the state in which the kernel's TCP table shows the
// socket pair (localPort, remotePort), or false when it has none.
func (l *Lab) State(localPort, remotePort uint16) (model.State, bool, error) {
	text, err := os.ReadFile("/proc/thread-self/net/tcp")
	if err != nil {
		return 0, false, fmt.Errorf("conform: reading the TCP table: %w", err)
	}
	socks, err := ParseTCPTable(strings.NewReader(string(text)))
	if err != nil {
		return 0, false, err
	}
	for _, s := range socks {
		if s.Local == KernelAddr && s.LocalPort == localPort && s.Remote == HarnessAddr && s.RemotePort == remotePort {
			return s.State, true, nil
		}
	}
	return 0, false, nil
}
