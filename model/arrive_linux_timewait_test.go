package model

import (
	"fmt"
	"testing"
)

// linuxCase is one row of Linux's mini-socket and orphan rules: a segment
// reaching the fixture endpoint (arrive_test.go; RCV.NXT 32, SND.NXT 12,
// window 2) under the linux profile, with the application closed by
// close() (an orphan) when orphan is set.
type linuxCase struct {
	state   State
	orphan  bool
	seg     Segment
	opts    func(c *Config)
	want    State
	sent    string
	note    Note
	restart bool // the TIME-WAIT timer was restarted
	rule    string
}

var linuxCases = []linuxCase{
	// TIME-WAIT (tcp_timewait_state_process, tw_substate TCP_TIME_WAIT).
	{TimeWait, false, seg(ACK, 32, 12, 0), nil, TimeWait, "", NoteDropped, true, "a bare ACK at RCV.NXT: rescheduled, no answer"},
	{TimeWait, false, seg(0, 32, 0, 0), nil, TimeWait, "", NoteDropped, true, "a bare segment without ACK at RCV.NXT: rescheduled too"},
	{TimeWait, false, seg(ACK, 33, 12, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, true, "an ACK at RCV.NXT+1, inside RFC 9293's window: ACKed at once"},
	{TimeWait, false, seg(ACK, 32, 12, 1), nil, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, true, "data at RCV.NXT: not a bare ACK, ACKed"},
	{TimeWait, false, seg(FIN|ACK, 31, 12, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteFinReACKed, true, "the retransmitted FIN: ACKed, rescheduled"},
	{TimeWait, false, seg(ACK, 30, 11, 0), nil, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, true, "an old duplicate: ACKed, rescheduled"},
	{TimeWait, false, seg(RST, 32, 0, 0), func(c *Config) { c.RFC1337 = false }, Closed, "", NoteReset, false, "a RST at RCV.NXT kills TIME-WAIT (tcp_rfc1337=0)"},
	{TimeWait, false, seg(RST, 32, 0, 0), func(c *Config) { c.RFC1337 = true }, TimeWait, "", NoteRSTIgnored, false, "with tcp_rfc1337=1 it is dropped, not rescheduled"},
	{TimeWait, false, seg(RST, 33, 0, 0), nil, TimeWait, "", NoteDropped, false, "a RST elsewhere: dropped in silence"},
	{TimeWait, false, seg(RST|ACK, 50, 12, 0), nil, TimeWait, "", NoteDropped, false, "a RST outside any window: dropped"},
	{TimeWait, false, seg(SYN, 40, 0, 0), func(c *Config) { c.TWReuse = false }, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, false, "a SYN beyond RCV.NXT without reuse: TCP_TW_SYN without a listener, ACKed, not rescheduled"},
	{TimeWait, false, seg(SYN, 40, 0, 0), func(c *Config) { c.TWReuse = true }, SynReceived, "SYN,ACK seq=15 ack=41", NoteReopened, false, "with a listener it reopens"},
	{TimeWait, false, seg(SYN, 32, 0, 0), func(c *Config) { c.TWReuse = true }, TimeWait, "ACK seq=12 ack=32", NoteUnacceptable, false, "a SYN at RCV.NXT is not after it: ACKed, not rescheduled"},
	// The orphan's FIN-WAIT-2 (tw_substate TCP_FIN_WAIT2).
	{FinWait2, true, seg(ACK, 40, 12, 0), nil, FinWait2, "ACK seq=12 ack=32", NoteUnacceptable, false, "out of the window: ACKed"},
	{FinWait2, true, seg(RST, 40, 0, 0), nil, FinWait2, "ACK seq=12 ack=32", NoteUnacceptable, false, "a RST out of the window is ACKed too"},
	{FinWait2, true, seg(RST, 33, 0, 0), nil, Closed, "", NoteReset, false, "any RST in the window kills, no challenge ACK"},
	{FinWait2, true, seg(SYN, 32, 0, 0), nil, Closed, "RST,ACK seq=0 ack=33", NoteOrphanReset, false, "a SYN at RCV.NXT: TCP_TW_RST, tcp_v4_send_reset's <SEQ=0><ACK=SEG.SEQ+SEG.LEN>"},
	{FinWait2, true, seg(SYN, 31, 0, 0), nil, FinWait2, "ACK seq=12 ack=32", NoteUnacceptable, false, "a SYN just below RCV.NXT ends at RCV.NXT: out of tcp_in_window, ACKed"},
	{FinWait2, true, seg(ACK, 32, 12, 0), nil, FinWait2, "", NoteDropped, false, "a duplicate ACK: dropped"},
	{FinWait2, true, seg(0, 32, 0, 1), nil, FinWait2, "", NoteDropped, false, "data without ACK: dropped"},
	{FinWait2, true, seg(ACK, 32, 12, 1), nil, Closed, "RST seq=12", NoteDataAfterClose, false, "new data: RST with SEQ=SEG.ACK"},
	{FinWait2, true, seg(ACK, 33, 12, 1), nil, Closed, "RST seq=12", NoteDataAfterClose, false, "out-of-order data: RST too"},
	{FinWait2, true, seg(FIN|ACK, 32, 12, 1), nil, Closed, "RST seq=12", NoteDataAfterClose, false, "data with the FIN: RST"},
	{FinWait2, true, seg(FIN|ACK, 32, 12, 0), nil, TimeWait, "ACK seq=12 ack=33", NoteNone, false, "the FIN: TIME-WAIT, ACKed"},
	// Not a mini-socket: FIN-WAIT-2 after shutdown() keeps RFC 9293's TCB.
	{FinWait2, false, seg(ACK, 32, 12, 1), nil, FinWait2, "ACK seq=12 ack=33", NoteNone, false, "after shutdown() data is received"},
	{FinWait2, false, seg(RST, 33, 0, 0), nil, FinWait2, "ACK seq=12 ack=32", NoteChallengeACK, false, "and a RST in the window draws a challenge ACK"},
	// Out-of-order data after close() in FIN-WAIT-1 (tcp_rcv_state_process step 7).
	{FinWait1, true, seg(ACK, 33, 11, 1), nil, Closed, "RST seq=11", NoteDataAfterClose, false, "data beyond RCV.NXT after close(): RST with SEQ=SEG.ACK"},
	{FinWait1, true, seg(ACK, 33, 11, 1), func(c *Config) { c.DataAfterCloseOOORST = false }, Closed, "RST seq=11", NoteDataAfterClose, false, "without the option too: new data after close() (RFC 9293 §3.6.1 SHLD-2)"},
	{FinWait1, true, seg(FIN|ACK, 33, 11, 0), func(c *Config) { c.DataAfterCloseOOORST = false }, FinWait1, "ACK seq=12 ack=32", NoteHeld, false, "but without the option a FIN beyond RCV.NXT is out of order: held, ACKed"},
	{FinWait1, true, seg(FIN|ACK, 33, 11, 0), nil, Closed, "RST seq=11", NoteDataAfterClose, false, "a FIN beyond RCV.NXT after close(): RST too"},
	{FinWait1, true, seg(ACK, 32, 11, 1), nil, Closed, "RST seq=11", NoteDataAfterClose, false, "in-order data after close(): RST, as before"},
	{FinWait1, true, seg(ACK, 33, 13, 1), nil, FinWait1, "ACK seq=12 ack=32", NoteUnacceptable, false, "but an ACK of something not sent is answered first"},
	// TCP_LINGER2 < 0 (fin-wait-2 -1): no orphaned FIN-WAIT-2.
	{FinWait1, true, seg(ACK, 32, 12, 0), func(c *Config) { c.FinWait2 = -1 }, Closed, "RST seq=12", NoteOrphanReset, false, "the ACK of an orphan's FIN: RST, CLOSED"},
	{FinWait1, true, seg(FIN|ACK, 32, 12, 0), func(c *Config) { c.FinWait2 = -1 }, Closed, "RST seq=12", NoteOrphanReset, false, "also with the peer's FIN"},
	{FinWait1, true, seg(ACK, 32, 11, 0), func(c *Config) { c.FinWait2 = -1 }, FinWait1, "", NoteNone, false, "an ACK short of the FIN changes nothing"},
	{FinWait1, false, seg(ACK, 32, 12, 0), func(c *Config) { c.FinWait2 = -1 }, FinWait2, "", NoteNone, false, "after shutdown() FIN-WAIT-2 stays"},
}

func TestLinuxMiniSocket(t *testing.T) {
	for _, tc := range linuxCases {
		t.Run(fmt.Sprintf("%s/orphan=%v/%s", tc.state, tc.orphan, tc.seg), func(t *testing.T) {
			c := DefaultConfig()
			if err := ApplyProfile(&c, "linux"); err != nil {
				t.Fatal(err)
			}
			if tc.opts != nil {
				tc.opts(&c)
			}
			e := fixture(tc.state)
			e.AppClosed = tc.state != TimeWait
			e.RcvShut = tc.orphan
			e.TimeWait.Arm(1) // one tick left, to see a restart
			if tc.state != TimeWait {
				e.TimeWait.Stop()
			}
			var out outbox
			r := c.arrive(&e, App{}, tc.seg, 40, &out)
			sent := ""
			for i, s := range out.list() {
				if i > 0 {
					sent += ", "
				}
				sent += s.String()
			}
			restarted := tc.state == TimeWait && e.State == TimeWait && e.TimeWait.Left() == c.TimeWait
			if e.State != tc.want || sent != tc.sent || r.note != tc.note || restarted != tc.restart {
				t.Errorf("%s\ngot  %s, sent %q, note %q, restarted %v\nwant %s, sent %q, note %q, restarted %v",
					tc.rule, e.State, sent, r.note, restarted, tc.want, tc.sent, tc.note, tc.restart)
			}
		})
	}
}

// The rfc profile keeps RFC 9293's TCB in TIME-WAIT: the rows above that
// differ from it are the mini-socket's (an ACK at RCV.NXT+1 draws nothing
// there).
func TestRFCProfileHasNoMiniSocket(t *testing.T) {
	c := DefaultConfig()
	e := fixture(TimeWait)
	var out outbox
	c.arrive(&e, App{}, seg(ACK, 33, 12, 0), 0, &out)
	if out.n != 0 || e.State != TimeWait {
		t.Fatalf("rfc profile: an ACK at RCV.NXT+1 in TIME-WAIT sent %v, now %s; want nothing, TIME-WAIT", out.list(), e.State)
	}
}
