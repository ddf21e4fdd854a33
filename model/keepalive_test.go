package model

import (
	"fmt"
	"testing"
)

// The keep-alive timer: a probe <SEQ=SND.UNA-1><ACK=RCV.NXT> (Linux
// tcp_xmit_probe_skb), up to keepalive-probes unanswered ones, then the
// abort with ABORT's reset (tcp_send_active_reset); nothing while a
// segment is outstanding.
func TestKeepaliveProbesThenAborts(t *testing.T) {
	c := DefaultConfig()
	c.Keepalive, c.KeepaliveProbes = 3, 2
	e := fixture(Established)
	var sent []string
	for range 2 {
		var out outbox
		if n := c.keepaliveExpired(&e, &out); n != NoteKeepaliveProbe {
			t.Fatalf("probe: note %q", n)
		}
		sent = append(sent, fmt.Sprint(out.list()))
		if e.Keepalive.Left() != 3 {
			t.Fatalf("after a probe the timer has %d ticks left; want 3", e.Keepalive.Left())
		}
	}
	var out outbox
	if n := c.keepaliveExpired(&e, &out); n != NoteKeepaliveTimeout || e.State != Closed {
		t.Fatalf("third expiry: note %q, %s; want the timeout, CLOSED", n, e.State)
	}
	sent = append(sent, fmt.Sprint(out.list()))
	if got, want := fmt.Sprint(sent), "[[ACK seq=11 ack=32] [ACK seq=11 ack=32] [RST seq=12]]"; got != want {
		t.Errorf("sent %s; want %s", got, want)
	}

	e = fixture(FinWait1) // our FIN outstanding
	e.Keepalive.Arm(0)
	out = outbox{}
	if n := c.keepaliveExpired(&e, &out); n != NoteNone || out.n != 0 || e.Keepalive.Left() != 3 {
		t.Errorf("with a segment outstanding: note %q, sent %v, %d ticks left; want nothing, restarted", n, out.list(), e.Keepalive.Left())
	}
}

// The timer runs in ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 after
// shutdown(), restarts on every segment received, and is off elsewhere.
func TestKeepaliveTimerFollowsTheState(t *testing.T) {
	c := DefaultConfig()
	c.Keepalive = 3
	for _, s := range States() {
		for _, orphan := range []bool{false, true} {
			e := fixture(s)
			e.RcvShut = orphan
			e.Probes = 1
			c.keepaliveAfter(&e, true)
			want := s == Established || s == CloseWait || s == FinWait2 && !orphan
			if e.Keepalive.Armed() != want || e.Probes != 0 {
				t.Errorf("%s orphan=%v: armed %v, probes %d; want armed %v, no probes", s, orphan, e.Keepalive.Armed(), e.Probes, want)
			}
		}
	}
	e := fixture(Established)
	e.Keepalive.Arm(1)
	c.keepaliveAfter(&e, false)
	if e.Keepalive.Left() != 1 {
		t.Errorf("a step without a segment received restarted the timer")
	}
}

// A probe is answered with an ACK by a live peer, and with a RST at
// exactly the prober's RCV.NXT by a peer without a connection, which
// resets the prober: the half-open connection is found.
func TestKeepaliveProbeUncoversAHalfOpenConnection(t *testing.T) {
	c := DefaultConfig()
	c.Keepalive = 3
	probe := seg(ACK, 31, 12, 0) // from a prober with SND.UNA 32 and RCV.NXT 12
	live := fixture(Established)
	var out outbox
	c.arrive(&live, App{}, probe, 0, &out)
	if got := fmt.Sprint(out.list()); got != "[ACK seq=12 ack=32]" || live.State != Established {
		t.Errorf("a live peer answered %s, now %s; want an ACK", got, live.State)
	}
	var gone Endpoint // CLOSED
	out = outbox{}
	c.arrive(&gone, App{}, probe, 0, &out)
	rst := out.list()
	if fmt.Sprint(rst) != "[RST seq=12]" {
		t.Fatalf("a peer without a connection answered %v; want RST seq=12", rst)
	}
	prober := Endpoint{State: Established, ISS: 20, SndUna: 32, SndNxt: 32, IRS: 5, RcvNxt: 12}
	if a := c.arrive(&prober, App{}, rst[0], 0, &outbox{}); !a.reset || prober.State != Closed {
		t.Errorf("the RST left the prober in %s (reset %v); want it reset", prober.State, a.reset)
	}
}
