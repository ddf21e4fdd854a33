package conform

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/timewait/timewait/model"
)

// runLab runs fn in a lab, or skips the test with the reason a lab cannot
// be made here.
func runLab(t *testing.T, sysctls map[string]string, fn func(*Lab) error) {
	t.Helper()
	err := Run(sysctls, fn)
	var un *UnavailableError
	if errors.As(err, &un) {
		t.Skip(un.Reason)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// expect reads the kernel's next segment and checks it against want (as
// Packet.String prints it, with the kernel's ISS as 0).
func expect(l *Lab, iss uint32, want string) (Packet, error) {
	p, err := l.Read(2 * time.Second)
	if err != nil {
		return p, err
	}
	rel := p
	rel.Seq -= iss
	if got := rel.String(); got != want {
		return p, errors.New("kernel sent " + got + ", want " + want)
	}
	return p, nil
}

func expectState(l *Lab, want model.State) error {
	st, ok, err := l.State(40000, 5000)
	if err != nil {
		return err
	}
	if !ok || st != want {
		return errors.New("kernel socket in " + st.String() + ", want " + want.String())
	}
	return nil
}

// The four-way close with the kernel as the active closer, step by step as
// the model's default scenario takes it: the kernel ends in TIME-WAIT,
// and re-ACKs a retransmitted FIN there. Sequence numbers are relative to
// the kernel's ISS and to the harness's (1000).
func TestKernelActiveCloseEndsInTimeWait(t *testing.T) {
	runLab(t, nil, func(l *Lab) error {
		fd, err := l.Connect(40000, 5000)
		if err != nil {
			return err
		}
		syn, err := l.Read(2 * time.Second)
		if err != nil {
			return err
		}
		iss := syn.Seq
		if syn.Flags != SYN || syn.MSS == 0 {
			return errors.New("first segment " + syn.String() + ", want a SYN with MSS")
		}
		if err := expectState(l, model.SynSent); err != nil {
			return err
		}
		b := func(flags uint8, seq, ack uint32) Packet {
			return Packet{SrcPort: 5000, DstPort: 40000, Seq: 1000 + seq, Ack: iss + ack, Flags: flags, Window: 65535}
		}
		synack := b(SYN|ACK, 0, 1)
		synack.MSS = 1460
		steps := []func() error{
			func() error { return l.Write(synack) },
			func() error { _, err := expect(l, iss, "ACK seq=1 ack=1001"); return err },
			func() error { return expectState(l, model.Established) },
			func() error { return unix.Close(fd) },
			func() error { _, err := expect(l, iss, "FIN,ACK seq=1 ack=1001"); return err },
			func() error { return expectState(l, model.FinWait1) },
			func() error { return l.Write(b(ACK, 1, 2)) },
			func() error { return expectState(l, model.FinWait2) },
			func() error { return l.Write(b(FIN|ACK, 1, 2)) },
			func() error { _, err := expect(l, iss, "ACK seq=2 ack=1002"); return err },
			func() error { return expectState(l, model.TimeWait) },
			// B's FIN again, as if the ACK were lost: TIME-WAIT re-ACKs it.
			func() error { return l.Write(b(FIN|ACK, 1, 2)) },
			func() error { _, err := expect(l, iss, "ACK seq=2 ack=1002"); return err },
			func() error { return expectState(l, model.TimeWait) },
		}
		for i, step := range steps {
			if err := step(); err != nil {
				return fmt.Errorf("step %d: %w", i, err)
			}
		}
		return nil
	})
}

// A lab changes nothing outside itself: the host's sysctls stay as they
// were, and its TUN device is gone with it.
func TestLabLeavesTheHostAlone(t *testing.T) {
	before, err := os.ReadFile("/proc/sys/net/ipv4/tcp_rfc1337")
	if err != nil {
		t.Skip("no /proc/sys/net/ipv4 here:", err)
	}
	flipped := "1"
	if string(before) == "1\n" {
		flipped = "0"
	}
	runLab(t, map[string]string{"tcp_rfc1337": flipped}, func(l *Lab) error {
		inside, err := os.ReadFile("/proc/sys/net/ipv4/tcp_rfc1337")
		if err != nil || string(inside) != flipped+"\n" {
			return fmt.Errorf("inside the lab tcp_rfc1337 is %q (%v), want %s", inside, err, flipped)
		}
		return nil
	})
	after, _ := os.ReadFile("/proc/sys/net/ipv4/tcp_rfc1337")
	if string(after) != string(before) {
		t.Fatalf("the host's tcp_rfc1337 went from %q to %q", before, after)
	}
	if _, err := os.Stat("/sys/class/net/" + tunName); err == nil {
		t.Fatalf("the lab's %s is visible on the host", tunName)
	}
}
